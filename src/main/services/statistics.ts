// Statistics per team, year, type and outcome, and hotline counts. SQL does the counting:
// one grouped scan per question, folded over at most a few thousand groups, never over rows.
import { sql } from 'kysely';
import { type CrisisTotals, type Statistics, type StatsFilter, RESOLVED_OUTCOMES, statsFilter } from '@shared/domain';
import { validationError } from '@shared/errors';
import type { Store } from '../store';
import { whereCrisisFilter } from './crises';
import { whereHotlineFilter } from './hotline';

export function emptyTotals(): CrisisTotals {
  return { total: 0, resolved: 0, hostagesReleased: 0, suicidesPrevented: 0, livesSaved: 0 };
}

function addInto(target: Record<string, CrisisTotals>, key: string, group: CrisisTotals): void {
  const totals = (target[key] ??= emptyTotals());
  totals.total += group.total;
  totals.resolved += group.resolved;
  totals.hostagesReleased += group.hostagesReleased;
  totals.suicidesPrevented += group.suicidesPrevented;
  totals.livesSaved += group.livesSaved;
}

const resolvedOutcomes = sql.join(RESOLVED_OUTCOMES.map((outcome) => sql.lit(outcome)));

/** Crises grouped by team, year, type and outcome; an open crisis has the outcome "open". */
export function crisisGroups(store: Store, filter: StatsFilter) {
  const year = sql<string>`substr(crises.started_on, 1, 4)`;
  const outcome = sql<string>`coalesce(crises.outcome, 'open')`;
  const query = whereCrisisFilter(
    store.qb
      .selectFrom('crises')
      .select([
        'crises.team_slug as team',
        year.as('year'),
        'crises.type as type',
        outcome.as('outcome'),
        sql<number>`count(*)`.as('total'),
        sql<number>`sum(crises.outcome IN (${resolvedOutcomes}))`.as('resolved'),
        sql<number>`sum(crises.hostages_released)`.as('hostages_released'),
        sql<number>`sum(crises.suicides_prevented)`.as('suicides_prevented'),
      ]),
    filter,
  ).groupBy(['crises.team_slug', year, 'crises.type', outcome]);
  return store.all(query).map((row) => ({
    team: row.team,
    year: row.year,
    type: row.type,
    outcome: row.outcome,
    totals: {
      total: row.total,
      resolved: row.resolved,
      hostagesReleased: row.hostages_released,
      suicidesPrevented: row.suicides_prevented,
      livesSaved: row.hostages_released + row.suicides_prevented,
    },
  }));
}

/** Hotline calls grouped by month, threat, urgency and action. */
export function hotlineGroups(store: Store, filter: Pick<StatsFilter, 'from' | 'to'>) {
  const month = sql<string>`substr(hotline_calls.received_on, 1, 7)`;
  const query = whereHotlineFilter(
    store.qb
      .selectFrom('hotline_calls')
      .select([
        month.as('month'),
        'hotline_calls.threat as threat',
        'hotline_calls.urgency as urgency',
        'hotline_calls.action as action',
        sql<number>`count(*)`.as('calls'),
      ]),
    { from: filter.from, to: filter.to },
  ).groupBy([month, 'hotline_calls.threat', 'hotline_calls.urgency', 'hotline_calls.action']);
  return store.all(query);
}

export function statisticsSummary(store: Store, input: StatsFilter = {}): Statistics {
  const parsed = statsFilter.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'statistics filter');
  const filter = parsed.data;

  const crises: Record<string, CrisisTotals> = {};
  const crisesByTeam: Record<string, CrisisTotals> = {};
  const crisesByYear: Record<string, CrisisTotals> = {};
  const crisesByType: Record<string, CrisisTotals> = {};
  const crisesByOutcome: Record<string, CrisisTotals> = {};
  for (const group of crisisGroups(store, filter)) {
    addInto(crises, 'all', group.totals);
    addInto(crisesByTeam, group.team, group.totals);
    addInto(crisesByYear, group.year, group.totals);
    addInto(crisesByType, group.type, group.totals);
    addInto(crisesByOutcome, group.outcome, group.totals);
  }

  const hotline: Statistics['hotline'] = { total: 0, byYear: {}, byMonth: {}, byThreat: {}, byUrgency: {}, byAction: {} };
  const bump = (counts: Record<string, number>, key: string, calls: number) => {
    counts[key] = (counts[key] ?? 0) + calls;
  };
  for (const group of hotlineGroups(store, filter)) {
    hotline.total += group.calls;
    bump(hotline.byYear, group.month.slice(0, 4), group.calls);
    bump(hotline.byMonth, group.month, group.calls);
    bump(hotline.byThreat, group.threat, group.calls);
    bump(hotline.byUrgency, group.urgency, group.calls);
    bump(hotline.byAction, group.action, group.calls);
  }

  return {
    crises: crises['all'] ?? emptyTotals(),
    crisesByTeam: sortedByKey(crisesByTeam),
    crisesByYear: sortedByKey(crisesByYear),
    crisesByType,
    crisesByOutcome,
    hotline: { ...hotline, byYear: sortedByKey(hotline.byYear), byMonth: sortedByKey(hotline.byMonth) },
  };
}

function sortedByKey<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
