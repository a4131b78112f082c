// The statistics aggregates as stored, and recounted from the rows: a test compares the two.
import { expect } from 'vitest';
import type { Store } from '../../src/main/store';

export function recountCrises(store: Store) {
  return store.connection
    .prepare(
      `SELECT team_slug, substr(started_on, 1, 4) AS year, substr(started_on, 1, 7) AS month, type, coalesce(outcome, 'open') AS outcome,
         count(*) AS crises, sum(coalesce(outcome, '') IN ('surrender', 'talked_down', 'released')) AS resolved,
         sum(hostages_released) AS hostages_released, sum(suicides_prevented) AS suicides_prevented,
         sum(hostages_released > 0) AS released_contributors, sum(suicides_prevented > 0) AS prevented_contributors
       FROM crises GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}

export function storedCrisisAggregates(store: Store) {
  return store.connection
    .prepare(
      `SELECT team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented,
         released_contributors, prevented_contributors
       FROM crisis_aggregates ORDER BY 1, 2, 3, 4, 5`,
    )
    .all();
}

export function recountYears(store: Store) {
  return store.connection
    .prepare(
      `SELECT team_slug, substr(started_on, 1, 4) AS year, type, coalesce(outcome, 'open') AS outcome,
         count(*) AS crises, sum(coalesce(outcome, '') IN ('surrender', 'talked_down', 'released')) AS resolved,
         sum(hostages_released) AS hostages_released, sum(suicides_prevented) AS suicides_prevented
       FROM crises GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
}

export function storedYears(store: Store) {
  return store.connection
    .prepare('SELECT team_slug, year, type, outcome, crises, resolved, hostages_released, suicides_prevented FROM crisis_aggregates_yearly ORDER BY 1, 2, 3, 4')
    .all();
}

export function recountCalls(store: Store) {
  return store.connection
    .prepare(
      `SELECT substr(received_on, 1, 7) AS month, threat, urgency, action, count(*) AS calls
       FROM hotline_calls GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4`,
    )
    .all();
}

export function storedCallAggregates(store: Store) {
  return store.connection.prepare('SELECT month, threat, urgency, action, calls FROM hotline_aggregates ORDER BY 1, 2, 3, 4').all();
}

/** The three aggregate tables equal a full recount from the rows. */
export function expectAggregatesToMatch(store: Store): void {
  expect(storedCrisisAggregates(store)).toEqual(recountCrises(store));
  expect(storedYears(store)).toEqual(recountYears(store));
  expect(storedCallAggregates(store)).toEqual(recountCalls(store));
}

