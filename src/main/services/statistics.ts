// Statistics per team, year, type and outcome, and hotline counts. Whole months come from the
// running totals that triggers keep in crisis_aggregates and hotline_aggregates (migration 0003);
// only the partial months at the edges of a period are counted from the rows. Either way SQL
// does the counting, and the result is folded over at most a few thousand groups, never over rows.
import { type SelectQueryBuilder, sql } from 'kysely';
import { type CrisisTotals, type Statistics, type StatsFilter, RESOLVED_OUTCOMES, statsFilter } from '@shared/domain';
import { validationError } from '@shared/errors';
import type { Store } from '../store';
import type { Database } from '../store/tables';
import { splitPeriod, splitWholeYears, whereCrisisFilter } from './crises';
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

export interface CrisisGroup {
  team: string;
  year: string;
  type: string;
  outcome: string;
  totals: CrisisTotals;
}

export interface HotlineGroup {
  month: string;
  threat: string;
  urgency: string;
  action: string;
  calls: number;
}

/** Compares group keys as SQLite's BINARY collation orders them. */
function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as string;
    const y = b[i] as string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/**
 * Crises grouped by team, year, type and outcome; an open crisis has the outcome "open". Groups
 * come in key order, as SQLite's GROUP BY returns them, so folds keep their key order.
 */
export function crisisGroups(store: Store, filter: StatsFilter): CrisisGroup[] {
  const split = splitPeriod(filter.from, filter.to);
  const byKey = new Map<string, CrisisGroup>();
  const add = (group: CrisisGroup) => {
    const key = `${group.team}\u0000${group.year}\u0000${group.type}\u0000${group.outcome}`;
    const known = byKey.get(key);
    if (!known) {
      byKey.set(key, group);
      return;
    }
    known.totals.total += group.totals.total;
    known.totals.resolved += group.totals.resolved;
    known.totals.hostagesReleased += group.totals.hostagesReleased;
    known.totals.suicidesPrevented += group.totals.suicidesPrevented;
    known.totals.livesSaved += group.totals.livesSaved;
  };
  const parts = split.months ? splitWholeYears(split.months) : { years: null, months: [] };
  if (parts.years) {
    let query = store.qb
      .selectFrom('crisis_aggregates_yearly')
      .select([
        'team_slug as team',
        'year',
        'type',
        'outcome',
        'crises as total',
        'resolved',
        'hostages_released',
        'suicides_prevented',
      ])
      .where('crises', '>', 0);
    if (filter.teamSlug) query = query.where('team_slug', '=', filter.teamSlug);
    if (parts.years.from) query = query.where('year', '>=', parts.years.from);
    if (parts.years.to) query = query.where('year', '<=', parts.years.to);
    const rows = store.all(query.orderBy('team_slug').orderBy('year').orderBy('type').orderBy('outcome'));
    for (const row of rows) add(groupOf(row));
  }
  for (const months of parts.months) {
    let query = store.qb
      .selectFrom('crisis_aggregates')
      .select([
        'team_slug as team',
        'year',
        'type',
        'outcome',
        sql<number>`sum(crises)`.as('total'),
        sql<number>`sum(resolved)`.as('resolved'),
        sql<number>`sum(hostages_released)`.as('hostages_released'),
        sql<number>`sum(suicides_prevented)`.as('suicides_prevented'),
      ]);
    if (filter.teamSlug) query = query.where('team_slug', '=', filter.teamSlug);
    if (months.from) query = query.where('month', '>=', months.from);
    if (months.to) query = query.where('month', '<=', months.to);
    const rows = store.all(
      query
        .groupBy(['team_slug', 'year', 'type', 'outcome'])
        .having(sql<number>`sum(crises)`, '>', 0)
        .orderBy('team_slug')
        .orderBy('year')
        .orderBy('type')
        .orderBy('outcome'),
    );
    for (const row of rows) add(groupOf(row));
  }
  for (const days of split.days) {
    for (const group of crisisGroupsFromRows(store, { ...filter, from: days.from, to: days.to })) add(group);
  }
  const groups = [...byKey.values()];
  if (split.days.length + parts.months.length + (parts.years ? 1 : 0) > 1) {
    groups.sort((a, b) => compareKeys([a.team, a.year, a.type, a.outcome], [b.team, b.year, b.type, b.outcome]));
  }
  return groups;
}

function groupOf(row: {
  team: string;
  year: string;
  type: string;
  outcome: string;
  total: number;
  resolved: number | null;
  hostages_released: number;
  suicides_prevented: number;
}): CrisisGroup {
  const resolved = row.resolved ?? 0;
  return {
    team: row.team,
    year: row.year,
    type: row.type,
    outcome: row.outcome,
    totals: {
      total: row.total,
      resolved,
      hostagesReleased: row.hostages_released,
      suicidesPrevented: row.suicides_prevented,
      livesSaved: row.hostages_released + row.suicides_prevented,
    },
  };
}

/** The same groups counted from the crises themselves: for partial months, and to check the aggregates. */
export function crisisGroupsFromRows(store: Store, filter: StatsFilter): CrisisGroup[] {
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
    { byDay: true },
  )
    .groupBy(['crises.team_slug', year, 'crises.type', outcome])
    .orderBy('crises.team_slug')
    .orderBy(year)
    .orderBy('crises.type')
    .orderBy(outcome);
  return store.all(query).map(groupOf);
}

/** Hotline calls grouped by month, threat, urgency and action, in that key order. */
export function hotlineGroups(store: Store, filter: Pick<StatsFilter, 'from' | 'to'>): HotlineGroup[] {
  const split = splitPeriod(filter.from, filter.to);
  // Edge days lie before or after every whole month, so the groups stay in key order when joined.
  const groups: HotlineGroup[] = [];
  for (const days of split.days.slice(0, split.daysBefore)) groups.push(...hotlineGroupsFromRows(store, days));
  if (split.months) {
    let query = store.qb.selectFrom('hotline_aggregates').select(['month', 'threat', 'urgency', 'action', 'calls']).where('calls', '>', 0);
    if (split.months.from) query = query.where('month', '>=', split.months.from);
    if (split.months.to) query = query.where('month', '<=', split.months.to);
    groups.push(...store.all(query.orderBy('month').orderBy('threat').orderBy('urgency').orderBy('action')));
  }
  for (const days of split.days.slice(split.daysBefore)) groups.push(...hotlineGroupsFromRows(store, days));
  return groups;
}

/** The same groups counted from the calls themselves: for partial months, and to check the aggregates. */
export function hotlineGroupsFromRows(store: Store, filter: Pick<StatsFilter, 'from' | 'to'>): HotlineGroup[] {
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
  )
    .groupBy([month, 'hotline_calls.threat', 'hotline_calls.urgency', 'hotline_calls.action'])
    .orderBy(month)
    .orderBy('hotline_calls.threat')
    .orderBy('hotline_calls.urgency')
    .orderBy('hotline_calls.action');
  return store.all(query);
}

export function statisticsSummary(store: Store, input: StatsFilter = {}): Statistics {
  const parsed = statsFilter.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'statistics filter');
  const filter = parsed.data;
  return { ...summarise(crisisGroups(store, filter), []), hotline: hotlineSummary(store, filter) };
}

/**
 * The hotline's totals as summarise folds them from hotlineGroups, without reading every group:
 * totals per month and per threat, urgency and action come from the aggregates, and the order
 * in which threats, urgencies and actions first appear (which is the order of their keys) from
 * the first groups in key order, read only until every value has been seen.
 */
function hotlineSummary(store: Store, filter: Pick<StatsFilter, 'from' | 'to'>): Statistics['hotline'] {
  const split = splitPeriod(filter.from, filter.to);
  const head = split.days.slice(0, split.daysBefore).flatMap((days) => hotlineGroupsFromRows(store, days));
  const tail = split.days.slice(split.daysBefore).flatMap((days) => hotlineGroupsFromRows(store, days));
  const byMonth: Record<string, number> = {};
  const sums = { threat: new Map<string, number>(), urgency: new Map<string, number>(), action: new Map<string, number>() };
  let total = 0;
  const count = (threat: string, urgency: string, action: string, calls: number) => {
    total += calls;
    sums.threat.set(threat, (sums.threat.get(threat) ?? 0) + calls);
    sums.urgency.set(urgency, (sums.urgency.get(urgency) ?? 0) + calls);
    sums.action.set(action, (sums.action.get(action) ?? 0) + calls);
  };
  for (const group of [...head, ...tail]) {
    byMonth[group.month] = (byMonth[group.month] ?? 0) + group.calls;
    count(group.threat, group.urgency, group.action, group.calls);
  }
  const months = split.months;
  const inMonths = <O>(query: SelectQueryBuilder<Database, 'hotline_aggregates', O>) => {
    let q = query.where('calls', '>', 0);
    if (months?.from) q = q.where('month', '>=', months.from);
    if (months?.to) q = q.where('month', '<=', months.to);
    return q;
  };
  if (months) {
    const calls = sql<number>`sum(calls)`.as('calls');
    for (const row of store.all(inMonths(store.qb.selectFrom('hotline_aggregates').select(['month', calls])).groupBy('month'))) {
      byMonth[row.month] = (byMonth[row.month] ?? 0) + row.calls;
    }
    const kinds = inMonths(store.qb.selectFrom('hotline_aggregates').select(['threat', 'urgency', 'action', calls]));
    for (const row of store.all(kinds.groupBy(['threat', 'urgency', 'action']))) count(row.threat, row.urgency, row.action, row.calls);
  }

  // Key order: first appearance in (month, threat, urgency, action) order, as the fold sees them.
  const order = { threat: new Set<string>(), urgency: new Set<string>(), action: new Set<string>() };
  const allSeen = () => order.threat.size === sums.threat.size && order.urgency.size === sums.urgency.size && order.action.size === sums.action.size;
  const see = (group: { threat: string; urgency: string; action: string }) => {
    order.threat.add(group.threat);
    order.urgency.add(group.urgency);
    order.action.add(group.action);
  };
  head.forEach(see);
  const PAGE = 500;
  for (let offset = 0; months && !allSeen(); offset += PAGE) {
    const rows = store.all(
      inMonths(store.qb.selectFrom('hotline_aggregates').select(['threat', 'urgency', 'action']))
        .orderBy('month')
        .orderBy('threat')
        .orderBy('urgency')
        .orderBy('action')
        .limit(PAGE)
        .offset(offset),
    );
    rows.forEach(see);
    if (rows.length < PAGE) break;
  }
  tail.forEach(see);

  const inOrder = (keys: Set<string>, totals: Map<string, number>) => Object.fromEntries([...keys].map((key) => [key, totals.get(key) ?? 0]));
  const byYear: Record<string, number> = {};
  for (const [month, calls] of Object.entries(byMonth)) byYear[month.slice(0, 4)] = (byYear[month.slice(0, 4)] ?? 0) + calls;
  return {
    total,
    byYear: sortedByKey(byYear),
    byMonth: sortedByKey(byMonth),
    byThreat: inOrder(order.threat, sums.threat),
    byUrgency: inOrder(order.urgency, sums.urgency),
    byAction: inOrder(order.action, sums.action),
  };
}

/** Folds the groups into the dashboard's totals and breakdowns; keys appear in group order. */
export function summarise(groups: Iterable<CrisisGroup>, calls: Iterable<HotlineGroup>): Statistics {
  const crises: Record<string, CrisisTotals> = {};
  const crisesByTeam: Record<string, CrisisTotals> = {};
  const crisesByYear: Record<string, CrisisTotals> = {};
  const crisesByType: Record<string, CrisisTotals> = {};
  const crisesByOutcome: Record<string, CrisisTotals> = {};
  for (const group of groups) {
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
  for (const group of calls) {
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
