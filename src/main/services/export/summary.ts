// The anonymised summary: figures, never cases. Counted in SQL (one grouped scan per dataset,
// never a row leaves SQLite), laid out as cubes, protected by suppression.ts, and returned as
// the one structure every writer serialises and the preview shows.
import { type Compilable, sql } from 'kysely';
import { RESOLVED_OUTCOMES, TEAMS, type TeamSlug, crisisOutcome, crisisType, hotlineAction, hotlineThreat, hotlineUrgency } from '@shared/domain';
import { type SummaryExport, type SummaryParams, type SummaryParamsInput, summaryExport, summaryParams } from '@shared/exchange';
import { validationError } from '@shared/errors';
import { todayInSerbia } from '@shared/time';
import type { Store } from '../../store';
import { type BuiltCube, type GroupSpec, type LineSpec, buildCube, coordinatesOf, figureValues } from './cube';
import { labelsFor } from './labels';
import { periodExpression, periodOfDay, periodsBetween, snapToPeriods } from './periods';
import { protect } from './suppression';

export const CRISIS_TYPES = crisisType.options;
/** Outcomes of closed crises, and "open" for those still running. */
export const CRISIS_OUTCOMES = [...crisisOutcome.options, 'open'] as const;
export const HOTLINE_THREATS = hotlineThreat.options;
export const HOTLINE_URGENCIES = hotlineUrgency.options;
export const HOTLINE_ACTIONS = hotlineAction.options;
const RESOLVED = new Set<string>(RESOLVED_OUTCOMES);
const RESOLVED_INDEX = new Set(CRISIS_OUTCOMES.map((outcome, index) => (RESOLVED.has(outcome) ? index : -1)).filter((i) => i >= 0));

export function parseSummaryParams(input: SummaryParamsInput | undefined): SummaryParams {
  const parsed = summaryParams.safeParse(input ?? {});
  if (!parsed.success) throw validationError(parsed.error, 'export parameters');
  return parsed.data;
}

// ---- The published tables, as cubes -------------------------------------------------------

// Crisis cube dimensions: 0 team, 1 period, 2 type, 3 outcome.
const isResolved = (coords: readonly number[]) => RESOLVED_INDEX.has(coords[3] ?? -1);

const CRISIS_GROUPS: GroupSpec[] = [
  { name: 'cells', keep: [0, 1, 2, 3] },
  { name: 'teamPeriod', keep: [0, 1] },
  { name: 'team', keep: [0] },
  { name: 'period', keep: [1] },
  { name: 'typeOutcome', keep: [2, 3] },
  { name: 'type', keep: [2] },
  { name: 'outcome', keep: [3] },
  { name: 'total', keep: [] },
];
const RESOLVED_GROUPS: GroupSpec[] = [
  { name: 'resolvedTeamPeriod', keep: [0, 1], cells: isResolved },
  { name: 'resolvedTeam', keep: [0], cells: isResolved },
  { name: 'resolvedPeriod', keep: [1], cells: isResolved },
  { name: 'resolvedType', keep: [2], cells: isResolved },
  { name: 'resolvedTotal', keep: [], cells: isResolved },
];
const CRISIS_LINES: LineSpec[] = [
  { parent: 'teamPeriod', child: 'cells' },
  { parent: 'typeOutcome', child: 'cells' },
  { parent: 'team', child: 'teamPeriod' },
  { parent: 'period', child: 'teamPeriod' },
  { parent: 'total', child: 'team' },
  { parent: 'total', child: 'period' },
  { parent: 'type', child: 'typeOutcome' },
  { parent: 'outcome', child: 'typeOutcome' },
  { parent: 'total', child: 'type' },
  { parent: 'total', child: 'outcome' },
];
const RESOLVED_LINES: LineSpec[] = [
  { parent: 'resolvedTeamPeriod', child: 'cells', children: isResolved },
  { parent: 'resolvedTeam', child: 'resolvedTeamPeriod' },
  { parent: 'resolvedPeriod', child: 'resolvedTeamPeriod' },
  { parent: 'resolvedTotal', child: 'resolvedTeam' },
  { parent: 'resolvedTotal', child: 'resolvedPeriod' },
  { parent: 'resolvedType', child: 'typeOutcome', children: isResolved },
  { parent: 'resolvedTotal', child: 'resolvedType' },
  { parent: 'resolvedTotal', child: 'outcome', children: isResolved },
];

// A cube depends only on its shape (the number of teams and periods), and a monthly one takes a
// noticeable time to build, so the last few built are kept. They are shared: never modified.
const CUBE_CACHE_SIZE = 6;
const cubeCache = new Map<string, BuiltCube>();

function cachedCube(key: string, build: () => BuiltCube): BuiltCube {
  const known = cubeCache.get(key);
  if (known) {
    // Most recently used last.
    cubeCache.delete(key);
    cubeCache.set(key, known);
    return known;
  }
  const cube = build();
  cubeCache.set(key, cube);
  for (const oldest of cubeCache.keys()) {
    if (cubeCache.size <= CUBE_CACHE_SIZE) break;
    cubeCache.delete(oldest);
  }
  return cube;
}

/** Counts: crises and resolved crises, with every margin. */
export function crisisCountCube(teams: number, periods: number): BuiltCube {
  return cachedCube(`count:${teams}:${periods}`, () =>
    buildCube(
      [teams, periods, CRISIS_TYPES.length, CRISIS_OUTCOMES.length],
      [...CRISIS_GROUPS, ...RESOLVED_GROUPS],
      [...CRISIS_LINES, ...RESOLVED_LINES],
    ),
  );
}

/** Sums (hostages released, suicides prevented): the same tables without the resolved ones. */
export function crisisSumCube(teams: number, periods: number): BuiltCube {
  return cachedCube(`sum:${teams}:${periods}`, () =>
    buildCube([teams, periods, CRISIS_TYPES.length, CRISIS_OUTCOMES.length], CRISIS_GROUPS, CRISIS_LINES),
  );
}

// Hotline cube dimensions: 0 period, 1 threat, 2 urgency, 3 action.
export function hotlineCube(periods: number): BuiltCube {
  return cachedCube(`hotline:${periods}`, () => hotlineCubeOf(periods));
}

function hotlineCubeOf(periods: number): BuiltCube {
  return buildCube(
    [periods, HOTLINE_THREATS.length, HOTLINE_URGENCIES.length, HOTLINE_ACTIONS.length],
    [
      { name: 'cells', keep: [0, 1, 2, 3] },
      { name: 'period', keep: [0] },
      { name: 'threat', keep: [1] },
      { name: 'urgency', keep: [2] },
      { name: 'action', keep: [3] },
      { name: 'total', keep: [] },
    ],
    [
      { parent: 'period', child: 'cells' },
      { parent: 'threat', child: 'cells' },
      { parent: 'urgency', child: 'cells' },
      { parent: 'action', child: 'cells' },
      { parent: 'total', child: 'period' },
      { parent: 'total', child: 'threat' },
      { parent: 'total', child: 'urgency' },
      { parent: 'total', child: 'action' },
    ],
  );
}

// ---- Counting -----------------------------------------------------------------------------

/** Per detail cell of the crisis cube. */
interface CrisisCells {
  crises: Float64Array;
  hostagesReleased: Float64Array;
  suicidesPrevented: Float64Array;
  /** Crises with at least one hostage released / suicide prevented: contributors to the sums. */
  releasedContributors: Float64Array;
  preventedContributors: Float64Array;
}

/**
 * A query's rows, one at a time: store.all would hold a monthly summary's ~50,000 rows at once,
 * long enough for the garbage collector to copy them and grow its young generation for good.
 */
function eachRow<R>(store: Store, query: Compilable<R>): IterableIterator<R> {
  const { sql: text, parameters } = query.compile();
  return store.connection.prepare(text).iterate(...parameters) as IterableIterator<R>;
}

/** Each value's position in a cube dimension. */
function positionsOf(values: readonly string[]): ReadonlyMap<string, number> {
  return new Map(values.map((value, index) => [value, index]));
}

/** A cell's index in a cube laid out dimension by dimension (the first varies slowest); undefined if a part is not in its dimension. */
function cellOf(dimensions: readonly ReadonlyMap<string, number>[], parts: readonly string[]): number | undefined {
  let cell = 0;
  for (const [dimension, positions] of dimensions.entries()) {
    const position = positions.get(parts[dimension] ?? '');
    if (position === undefined) return undefined;
    cell = cell * positions.size + position;
  }
  return cell;
}

function crisisCells(store: Store, params: SummaryParams, teams: readonly TeamSlug[], periods: readonly string[], range: { from?: string | undefined; to?: string | undefined }): CrisisCells {
  const size = teams.length * periods.length * CRISIS_TYPES.length * CRISIS_OUTCOMES.length;
  const cells: CrisisCells = {
    crises: new Float64Array(size),
    hostagesReleased: new Float64Array(size),
    suicidesPrevented: new Float64Array(size),
    releasedContributors: new Float64Array(size),
    preventedContributors: new Float64Array(size),
  };
  if (periods.length === 0) return cells;
  // Periods are whole months, quarters or years, so the monthly aggregates hold every count a
  // summary needs (migration 0006): a few thousand rows instead of every crisis.
  const period = periodExpression('crisis_aggregates.month', params.period);
  let query = store.qb
    .selectFrom('crisis_aggregates')
    .select([
      'crisis_aggregates.team_slug as team',
      period.as('period'),
      'crisis_aggregates.type as type',
      'crisis_aggregates.outcome as outcome',
      sql<number>`sum(crisis_aggregates.crises)`.as('crises'),
      sql<number>`sum(crisis_aggregates.hostages_released)`.as('hostages_released'),
      sql<number>`sum(crisis_aggregates.suicides_prevented)`.as('suicides_prevented'),
      sql<number>`sum(crisis_aggregates.released_contributors)`.as('released_contributors'),
      sql<number>`sum(crisis_aggregates.prevented_contributors)`.as('prevented_contributors'),
    ]);
  if (params.filter.teamSlug) query = query.where('crisis_aggregates.team_slug', '=', params.filter.teamSlug);
  if (range.from) query = query.where('crisis_aggregates.month', '>=', range.from.slice(0, 7));
  if (range.to) query = query.where('crisis_aggregates.month', '<=', range.to.slice(0, 7));
  const rows = eachRow(store, query.groupBy(['crisis_aggregates.team_slug', period, 'crisis_aggregates.type', 'crisis_aggregates.outcome']));
  const dimensions = [positionsOf(teams), positionsOf(periods), positionsOf(CRISIS_TYPES), positionsOf(CRISIS_OUTCOMES)];
  for (const row of rows) {
    const cell = cellOf(dimensions, [row.team, row.period, row.type, row.outcome]);
    if (cell === undefined) continue;
    cells.crises[cell] = row.crises;
    cells.hostagesReleased[cell] = row.hostages_released;
    cells.suicidesPrevented[cell] = row.suicides_prevented;
    cells.releasedContributors[cell] = row.released_contributors;
    cells.preventedContributors[cell] = row.prevented_contributors;
  }
  return cells;
}

function hotlineCells(store: Store, params: SummaryParams, periods: readonly string[], range: { from?: string | undefined; to?: string | undefined }): Float64Array {
  const size = periods.length * HOTLINE_THREATS.length * HOTLINE_URGENCIES.length * HOTLINE_ACTIONS.length;
  const cells = new Float64Array(size);
  if (periods.length === 0) return cells;
  const period = periodExpression('hotline_aggregates.month', params.period);
  let query = store.qb
    .selectFrom('hotline_aggregates')
    .select([
      period.as('period'),
      'hotline_aggregates.threat as threat',
      'hotline_aggregates.urgency as urgency',
      'hotline_aggregates.action as action',
      sql<number>`sum(hotline_aggregates.calls)`.as('calls'),
    ]);
  if (range.from) query = query.where('hotline_aggregates.month', '>=', range.from.slice(0, 7));
  if (range.to) query = query.where('hotline_aggregates.month', '<=', range.to.slice(0, 7));
  const rows = eachRow(store, query.groupBy([period, 'hotline_aggregates.threat', 'hotline_aggregates.urgency', 'hotline_aggregates.action']));
  const dimensions = [positionsOf(periods), positionsOf(HOTLINE_THREATS), positionsOf(HOTLINE_URGENCIES), positionsOf(HOTLINE_ACTIONS)];
  for (const row of rows) {
    const cell = cellOf(dimensions, [row.period, row.threat, row.urgency, row.action]);
    if (cell !== undefined) cells[cell] = row.calls;
  }
  return cells;
}

/** The periods to publish: the filter's (widened to whole periods) or those the data spans. */
function periodRange(store: Store, params: SummaryParams, includesHotline: boolean, today: string): string[] {
  const { from, to } = params.filter;
  const bounds: string[] = [];
  if (!from || !to) {
    // From the monthly aggregates: a month's first day lies in the same period as any of its days.
    const spans: ('crisis_aggregates' | 'hotline_aggregates')[] = includesHotline ? ['crisis_aggregates', 'hotline_aggregates'] : ['crisis_aggregates'];
    for (const table of spans) {
      let query = store.qb
        .selectFrom(table)
        .select([(eb) => eb.fn.min<string | null>('month').as('first'), (eb) => eb.fn.max<string | null>('month').as('last')]);
      if (table === 'crisis_aggregates' && params.filter.teamSlug) query = query.where('team_slug', '=', params.filter.teamSlug);
      if (from) query = query.where('month', '>=', from.slice(0, 7));
      if (to) query = query.where('month', '<=', to.slice(0, 7));
      const span = store.first(query);
      for (const month of [span?.first, span?.last]) if (month) bounds.push(`${month}-01`);
    }
  }
  bounds.sort();
  const lastDay = to ?? [bounds.at(-1) ?? today, today].sort().at(-1) ?? today;
  const firstDay = from ?? bounds[0] ?? lastDay;
  return periodsBetween(periodOfDay(firstDay, params.period), periodOfDay(lastDay, params.period), params.period);
}

// ---- Protection ---------------------------------------------------------------------------

const inSmallRange = (value: number, k: number) => value >= 1 && value < k;

interface ProtectedCrises {
  count: BuiltCube;
  sums: BuiltCube;
  crises: (number | null)[];
  hostagesReleased: (number | null)[];
  suicidesPrevented: (number | null)[];
}

function protectCrises(cells: CrisisCells, teams: number, periods: number, k: number): ProtectedCrises {
  const count = crisisCountCube(teams, periods);
  const countValues = figureValues(count, cells.crises);
  const countHidden = protect(count.structure, countValues, countValues.map((value) => inSmallRange(value, k)));

  // The sum tables are the count tables' first figures (same names and order, minus "resolved").
  const sums = crisisSumCube(teams, periods);
  const sumProtected = (values: Float64Array, contributors: Float64Array) => {
    const figureSums = figureValues(sums, values);
    const figureContributors = figureValues(sums, contributors);
    const primary = figureSums.map((_value, index) => countHidden[index] === true || inSmallRange(figureContributors[index] ?? 0, k));
    const hidden = protect(sums.structure, figureSums, primary);
    return figureSums.map((value, index) => (hidden[index] ? null : value));
  };
  return {
    count,
    sums,
    crises: countValues.map((value, index) => (countHidden[index] ? null : value)),
    hostagesReleased: sumProtected(cells.hostagesReleased, cells.releasedContributors),
    suicidesPrevented: sumProtected(cells.suicidesPrevented, cells.preventedContributors),
  };
}

function protectHotline(cells: Float64Array, periods: number, k: number) {
  const cube = hotlineCube(periods);
  const values = figureValues(cube, cells);
  const hidden = protect(cube.structure, values, values.map((value) => inSmallRange(value, k)));
  return { cube, calls: values.map((value, index) => (hidden[index] ? null : value)) };
}

// ---- Assembly -----------------------------------------------------------------------------

const livesSaved = (released: number | null, prevented: number | null) =>
  released === null || prevented === null ? null : released + prevented;

function group(cube: BuiltCube, name: string) {
  const found = cube.groups.get(name);
  if (!found) throw new Error(`No group ${name}`);
  return found;
}

export interface SummaryOptions {
  /** The day the export is made, in Serbia; only its month is written. For tests. */
  today?: string;
}

/**
 * Exactly what an export will contain, before anything is written: the preview shows this, and
 * the CSV, JSON and PDF writers serialise nothing else.
 */
export function buildSummaryExport(store: Store, input: SummaryParamsInput | undefined, options: SummaryOptions = {}): SummaryExport {
  const params = parseSummaryParams(input);
  const today = options.today ?? todayInSerbia();
  const teams: TeamSlug[] = params.filter.teamSlug ? [params.filter.teamSlug] : TEAMS.map((team) => team.slug);
  const includesHotline = !params.filter.teamSlug;
  const periods = periodRange(store, params, includesHotline, today);
  const range = snapToPeriods(params.filter, params.period);
  const labels = labelsFor(params.language);

  const cells = crisisCells(store, params, teams, periods, range);
  const crises = protectCrises(cells, teams.length, periods.length, params.k);
  const { count } = crises;
  const teamOf = (coords: readonly number[], at: number) => teams[coords[at] ?? 0] as TeamSlug;
  const periodOf = (coords: readonly number[], at: number) => periods[coords[at] ?? 0] as string;
  const typeOf = (coords: readonly number[], at: number) => CRISIS_TYPES[coords[at] ?? 0] as string;
  const outcomeOf = (coords: readonly number[], at: number) => CRISIS_OUTCOMES[coords[at] ?? 0] as string;

  // A figure's measures: its index is the same in the count and the sum cubes.
  const measures = (figure: number) => {
    const released = crises.hostagesReleased[figure] ?? null;
    const prevented = crises.suicidesPrevented[figure] ?? null;
    return {
      crises: crises.crises[figure] ?? null,
      hostagesReleased: released,
      suicidesPrevented: prevented,
      livesSaved: livesSaved(released, prevented),
    };
  };
  // A group's rows, one per figure in order: `row` gets the figure, its coordinates (reused: read
  // them at once) and its position in the group.
  const coords: number[] = [];
  const table = <R>(cube: BuiltCube, name: string, row: (figure: number, coords: readonly number[], position: number) => R) => {
    const g = group(cube, name);
    return Array.from({ length: g.count }, (_, i) => row(g.first + i, coordinatesOf(i, g.keptSizes, coords), i));
  };
  const rows = <R extends object>(name: string, shape: (coords: readonly number[]) => R) =>
    table(count, name, (figure, c) => ({ ...shape(c), ...measures(figure) }));
  // The same rows with the resolved count of the matching "resolved" group (same order).
  const rowsWithResolved = <R extends object>(name: string, resolvedGroup: string, shape: (coords: readonly number[]) => R) => {
    const resolved = group(count, resolvedGroup);
    return table(count, name, (figure, c, i) => ({ ...shape(c), ...measures(figure), resolved: crises.crises[resolved.first + i] ?? null }));
  };
  const totals = rowsWithResolved('total', 'resolvedTotal', () => ({}))[0] as SummaryExport['crises']['totals'];

  let hotline: SummaryExport['hotline'] = null;
  if (includesHotline) {
    const protectedCalls = protectHotline(hotlineCells(store, params, periods, range), periods.length, params.k);
    const calls = <R>(name: string, shape: (coords: readonly number[]) => R) =>
      table(protectedCalls.cube, name, (figure, c) => ({ ...shape(c), calls: protectedCalls.calls[figure] ?? null }));
    hotline = {
      totals: calls('total', () => ({}))[0] as { calls: number | null },
      byPeriod: calls('period', (c) => ({ period: periods[c[0] ?? 0] as string })),
      byThreat: calls('threat', (c) => ({ threat: HOTLINE_THREATS[c[0] ?? 0] as string })),
      byUrgency: calls('urgency', (c) => ({ urgency: HOTLINE_URGENCIES[c[0] ?? 0] as string })),
      byAction: calls('action', (c) => ({ action: HOTLINE_ACTIONS[c[0] ?? 0] as string })),
      cells: calls('cells', (c) => ({
        period: periods[c[0] ?? 0] as string,
        threat: HOTLINE_THREATS[c[1] ?? 0] as string,
        urgency: HOTLINE_URGENCIES[c[2] ?? 0] as string,
        action: HOTLINE_ACTIONS[c[3] ?? 0] as string,
      })),
    };
  }

  const notes = [
    labels.t('note.figures', { unit: labels.unit(params.period) }),
    labels.t('note.primary', { k: params.k, kMinus1: params.k - 1 }),
    labels.t('note.secondary'),
    labels.t('note.sums', { k: params.k }),
    labels.t('note.resolved'),
    labels.t('note.hotline'),
    labels.t('note.scope'),
  ];

  const result: SummaryExport = {
    format: 'crisis-casebook/anonymised-summary',
    formatVersion: 1,
    generatedMonth: today.slice(0, 7),
    language: params.language,
    scope: { teams, period: params.period, periods, k: params.k, includesHotline },
    notes,
    crises: {
      totals,
      byTeam: rowsWithResolved('team', 'resolvedTeam', (c) => ({ team: teamOf(c, 0) })),
      byPeriod: rowsWithResolved('period', 'resolvedPeriod', (c) => ({ period: periodOf(c, 0) })),
      byTeamAndPeriod: rowsWithResolved('teamPeriod', 'resolvedTeamPeriod', (c) => ({ team: teamOf(c, 0), period: periodOf(c, 1) })),
      byType: rowsWithResolved('type', 'resolvedType', (c) => ({ type: typeOf(c, 0) })),
      byOutcome: rows('outcome', (c) => ({ outcome: outcomeOf(c, 0) })),
      byTypeAndOutcome: rows('typeOutcome', (c) => ({ type: typeOf(c, 0), outcome: outcomeOf(c, 1) })),
      cells: rows('cells', (c) => ({ team: teamOf(c, 0), period: periodOf(c, 1), type: typeOf(c, 2), outcome: outcomeOf(c, 3) })),
    },
    hotline,
  };
  // The structure is checked against its schema: nothing outside it can leave.
  return summaryExport.parse(result);
}
