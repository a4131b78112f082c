// Crises: create, read, update, close and list. Rules are checked here on the merged record
// and again by the table's CHECK constraints.
import { type SelectQueryBuilder, sql } from 'kysely';
import {
  type Crisis,
  type CrisisFilter,
  type CrisisInput,
  type CrisisListQuery,
  type CrisisOutcome,
  type CrisisPage,
  type CrisisSummary,
  type DeploymentRole,
  type TeamSlug,
  RESOLVED_OUTCOMES,
  crisisClose,
  crisisInput,
  crisisListQuery,
  crisisRuleViolations,
} from '@shared/domain';
import { CasebookError, validationError } from '@shared/errors';
import { toUtcInstant } from '@shared/time';
import type { z } from 'zod';
import type { Store } from '../store';
import type { CrisesTable, Database } from '../store/tables';
import { crisisColumnsOf } from './recordColumns';
import {
  decodeCursor,
  encodeCursor,
  fullTextQuery,
  newId,
  notFound,
  now,
  translateConstraint,
  versionConflict,
} from './common';
import { teamCode } from './teams';

type CrisisRow = Omit<CrisesTable, 'version' | 'row_id'> & { version: number; row_id: number };

export function parseCrisisInput(input: unknown): z.infer<typeof crisisInput> {
  const result = crisisInput.safeParse(input);
  if (!result.success) throw validationError(result.error, 'crisis');
  return result.data;
}

function assertCrisisRules(crisis: Parameters<typeof crisisRuleViolations>[0]): void {
  const violations = crisisRuleViolations(crisis);
  if (violations.length > 0) {
    throw new CasebookError(
      'RULE_VIOLATION',
      `The crisis breaks a rule: ${violations.map((violation) => violation.path).join(', ')}`,
      violations,
    );
  }
}

export function isResolved(outcome: string | null): boolean {
  return (RESOLVED_OUTCOMES as readonly string[]).includes(outcome ?? '');
}

function toCrisis(row: CrisisRow, deployments: Crisis['deployments'], releasesFromLog: boolean): Crisis {
  return {
    id: row.id,
    reference: row.reference,
    teamSlug: row.team_slug as TeamSlug,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    type: row.type as Crisis['type'],
    municipality: row.municipality,
    locationNote: row.location_note,
    subjects: row.subjects,
    hostages: row.hostages,
    hostagesReleased: row.hostages_released,
    suicidesPrevented: row.suicides_prevented,
    outcome: row.outcome as CrisisOutcome | null,
    weapons: row.weapons as Crisis['weapons'],
    locationType: row.location_type as Crisis['locationType'],
    precipitatingEvent: row.precipitating_event as Crisis['precipitatingEvent'],
    communicationMode: row.communication_mode as Crisis['communicationMode'],
    subject: {
      ageBand: row.subject_age_band as Crisis['subject']['ageBand'],
      gender: row.subject_gender as Crisis['subject']['gender'],
      underInfluence: row.subject_under_influence as Crisis['subject']['underInfluence'],
      mentalHealthHistory: row.subject_mental_health_history as Crisis['subject']['mentalHealthHistory'],
      priorPoliceContact: row.subject_prior_police_contact as Crisis['subject']['priorPoliceContact'],
    },
    injuries: {
      subjects: row.injured_subjects,
      hostages: row.injured_hostages,
      police: row.injured_police,
      bystanders: row.injured_bystanders,
    },
    deaths: {
      subjects: row.deaths_subjects,
      hostages: row.deaths_hostages,
      police: row.deaths_police,
      bystanders: row.deaths_bystanders,
    },
    notes: row.notes,
    deployments,
    status: row.ended_at ? 'closed' : 'open',
    resolved: isResolved(row.outcome),
    releasesFromLog,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    version: row.version,
  };
}

function crisisRow(store: Store, id: string): CrisisRow {
  const row = store.first(store.qb.selectFrom('crises').selectAll().where('id', '=', id));
  if (!row) throw notFound('crisis', id);
  return row;
}

/** The sum of releases in the log, or null when the log records none. */
export function releasedInLog(store: Store, crisisId: string): number | null {
  const row = store.first(
    store.qb
      .selectFrom('crisis_log')
      .select([(eb) => eb.fn.count<number>('id').as('entries'), (eb) => eb.fn.sum<number>('released_count').as('released')])
      .where('crisis_id', '=', crisisId)
      .where('kind', '=', 'release'),
  );
  return row && row.entries > 0 ? Number(row.released) : null;
}

export function getCrisis(store: Store, id: string): Crisis {
  const row = crisisRow(store, id);
  const deployments = store.all(
    store.qb
      .selectFrom('crisis_deployments as d')
      .innerJoin('members as m', 'm.id', 'd.member_id')
      .select(['d.member_id', 'd.role', 'm.name', 'm.call_sign'])
      .where('d.crisis_id', '=', id)
      .orderBy('m.name'),
  );
  return toCrisis(
    row,
    deployments.map((d) => ({ memberId: d.member_id, role: d.role as DeploymentRole, name: d.name, callSign: d.call_sign })),
    releasedInLog(store, id) !== null,
  );
}

/** Writes a crisis's deployments (after removing the old ones unless it is new); returns them as getCrisis would. */
function replaceDeployments(
  store: Store,
  crisisId: string,
  deployments: z.infer<typeof crisisInput>['deployments'],
  isNew = false,
): Crisis['deployments'] {
  if (!isNew) store.run(store.qb.deleteFrom('crisis_deployments').where('crisis_id', '=', crisisId));
  const unique = new Map(deployments.map((d) => [`${d.memberId}/${d.role}`, d]));
  const written: Crisis['deployments'] = [];
  for (const deployment of unique.values()) {
    const member = store.first(store.qb.selectFrom('members').select(['id', 'name', 'call_sign']).where('id', '=', deployment.memberId));
    if (!member) {
      throw new CasebookError('VALIDATION', `Unknown member in deployments: ${deployment.memberId}`, [
        { path: 'deployments', message: 'unknown_member' },
      ]);
    }
    store.run(
      store.qb.insertInto('crisis_deployments').values({ crisis_id: crisisId, member_id: deployment.memberId, role: deployment.role }),
    );
    written.push({ memberId: deployment.memberId, role: deployment.role, name: member.name, callSign: member.call_sign });
  }
  // As getCrisis orders them: by name (binary), then the table's key.
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return written.sort((a, b) => byText(a.name, b.name) || byText(a.memberId, b.memberId) || byText(a.role, b.role));
}

const REFERENCE_PATTERN = /^([A-Z]{2})-(\d{4})-(\d{1,6})$/;

export interface CreateCrisisOptions {
  /** A reference carried over from a spreadsheet; otherwise the next one is assigned. */
  reference?: string;
  /** Marks an imported row so importing it again is recognised. */
  importKey?: string;
}

export function createCrisis(store: Store, input: CrisisInput, options: CreateCrisisOptions = {}): Crisis {
  const data = parseCrisisInput(input);
  assertCrisisRules(data);
  const columns = crisisColumnsOf(data);
  const code = teamCode(data.teamSlug);
  const id = newId();
  const at = now();
  let created: Crisis | null = null;
  try {
    store.transaction(() => {
      let year = Number(columns.started_on.slice(0, 4));
      let seq: number;
      if (options.reference) {
        const match = REFERENCE_PATTERN.exec(options.reference);
        if (!match || match[1] !== code) {
          throw new CasebookError('VALIDATION', `Invalid reference: ${options.reference} (expected ${code}-YYYY-NNN)`, [
            { path: 'reference', message: 'invalid_reference' },
          ]);
        }
        year = Number(match[2]);
        seq = Number(match[3]);
      } else {
        const last = store.first(
          store.qb
            .selectFrom('crises')
            .select((eb) => eb.fn.max<number | null>('reference_seq').as('seq'))
            .where('team_slug', '=', data.teamSlug)
            .where('reference_year', '=', year),
        );
        seq = (last?.seq ?? 0) + 1;
      }
      const reference = `${code}-${year}-${String(seq).padStart(3, '0')}`;
      const clash = store.first(store.qb.selectFrom('crises').select('id').where('reference', '=', reference));
      if (clash) {
        throw new CasebookError('VALIDATION', `The reference ${reference} is already used.`, [
          { path: 'reference', message: 'reference_taken' },
        ]);
      }
      const row = {
        id,
        reference,
        reference_year: year,
        reference_seq: seq,
        ...columns,
        import_key: options.importKey ?? null,
        created_at: at,
        created_by: store.actor,
        updated_at: at,
        updated_by: store.actor,
      };
      store.run(store.qb.insertInto('crises').values(row));
      const deployments = replaceDeployments(store, id, data.deployments, true);
      // The row as stored (STRICT columns keep exactly what was written): no need to read it back.
      created = toCrisis({ ...row, version: 1, row_id: 0 }, deployments, false);
    });
  } catch (error) {
    translateConstraint(error);
  }
  return created ?? getCrisis(store, id);
}

export function updateCrisis(store: Store, update: { id: string; version: number; crisis: CrisisInput }): Crisis {
  const data = parseCrisisInput(update.crisis);
  try {
    store.transaction(() => {
      const current = crisisRow(store, update.id);
      if (current.version !== update.version) throw versionConflict('crisis');
      if (current.team_slug !== data.teamSlug) {
        throw new CasebookError('VALIDATION', 'A crisis cannot move to another team; its reference belongs to its team.', [
          { path: 'teamSlug', message: 'team_fixed' },
        ]);
      }
      const fromLog = releasedInLog(store, update.id);
      if (fromLog !== null && fromLog !== data.hostagesReleased) {
        throw new CasebookError('RULE_VIOLATION', 'Hostages released are counted from the negotiation log.', [
          { path: 'hostagesReleased', message: 'released_counted_from_log' },
        ]);
      }
      assertCrisisRules(data);
      const { changes } = store.run(
        store.qb
          .updateTable('crises')
          .set({ ...crisisColumnsOf(data), updated_at: now(), updated_by: store.actor, version: update.version + 1 })
          .where('id', '=', update.id)
          .where('version', '=', update.version),
      );
      if (changes === 0) throw versionConflict('crisis');
      replaceDeployments(store, update.id, data.deployments);
    });
  } catch (error) {
    translateConstraint(error);
  }
  return getCrisis(store, update.id);
}

export function closeCrisis(store: Store, input: z.input<typeof crisisClose>): Crisis {
  const parsed = crisisClose.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'closing');
  const close = parsed.data;
  try {
    store.transaction(() => {
      const current = crisisRow(store, close.id);
      if (current.version !== close.version) throw versionConflict('crisis');
      if (current.ended_at) throw new CasebookError('CRISIS_CLOSED', `Crisis ${current.reference} is already closed.`);
      assertCrisisRules({
        startedAt: current.started_at,
        endedAt: close.endedAt,
        outcome: close.outcome,
        hostages: current.hostages,
        hostagesReleased: current.hostages_released,
      });
      store.run(
        store.qb
          .updateTable('crises')
          .set({
            ended_at: toUtcInstant(close.endedAt),
            outcome: close.outcome,
            updated_at: now(),
            updated_by: store.actor,
            version: close.version + 1,
          })
          .where('id', '=', close.id),
      );
    });
  } catch (error) {
    translateConstraint(error);
  }
  return getCrisis(store, close.id);
}

/**
 * How a filter is best driven on a large store. SQLite has no statistics about this data (no
 * ANALYZE), so left alone it guesses, and some guesses cost seconds at a million records:
 * - `byDay`: a period of a few days or a month is the selective part; the team (and type and
 *   outcome) become plain checks (`+column`), so the day index drives the scan;
 * - `probeText`: a common search term matches tens of thousands of crises; rather than look each
 *   one up and sort them all, the sort's index is walked and each crisis checked against the
 *   matches (`+row_id IN …`), which stops after one page.
 */
export interface FilterPlan {
  /** A date range drives the day index: the other filters are checked in it (+column), not by their own indexes. */
  byDay?: boolean;
  probeText?: boolean;
}

/** Applies a crisis filter; shared by lists, statistics and exports. */
export function whereCrisisFilter<O>(
  query: SelectQueryBuilder<Database, 'crises', O>,
  filter: CrisisFilter,
  plan: FilterPlan = {},
): SelectQueryBuilder<Database, 'crises', O> {
  let q = query;
  const byDay = plan.byDay === true && (filter.from !== undefined || filter.to !== undefined);
  if (filter.teamSlug) q = byDay ? q.where(sql<boolean>`+crises.team_slug = ${filter.teamSlug}`) : q.where('crises.team_slug', '=', filter.teamSlug);
  if (filter.type) q = byDay ? q.where(sql<boolean>`+crises.type = ${filter.type}`) : q.where('crises.type', '=', filter.type);
  if (filter.outcome) q = byDay ? q.where(sql<boolean>`+crises.outcome = ${filter.outcome}`) : q.where('crises.outcome', '=', filter.outcome);
  // A crisis is open exactly when it has no outcome (a CHECK says so); outcome is in the day
  // index, so these conditions can be checked there, without reading the crisis.
  if (filter.status === 'open') q = q.where('crises.outcome', 'is', null);
  if (filter.status === 'closed') q = q.where('crises.outcome', 'is not', null);
  if (filter.from) q = q.where('crises.started_on', '>=', filter.from);
  if (filter.to) q = q.where('crises.started_on', '<=', filter.to);
  const match = crisisTextQuery(filter);
  if (match) {
    const matches = sql`(SELECT crises_fts.rowid FROM crises_fts WHERE crises_fts MATCH ${match})`;
    q = plan.probeText
      ? q.where(sql<boolean>`+crises.row_id IN ${matches}`)
      : q.where('crises.row_id', 'in', (eb) =>
          eb.selectFrom('crises_fts').select('crises_fts.rowid').where(sql<boolean>`crises_fts MATCH ${match}`),
        );
  }
  return q;
}

/**
 * The full-text query for a filter's text: its words in the text columns only, and its team when
 * it names one, which the index holds as a column of its own (migration 0007), so the index alone
 * finds one team's matches. Null when the text has no words.
 */
function crisisTextQuery(filter: Pick<CrisisFilter, 'text' | 'teamSlug'>): string | null {
  const words = filter.text ? fullTextQuery(filter.text) : null;
  if (!words) return null;
  const inText = `{reference municipality location_note notes} : (${words})`;
  return filter.teamSlug ? `${inText} AND team_slug : "${filter.teamSlug}"` : inText;
}

/** How many crises a filter's text (and team) matches, from the full-text index alone. */
export function fullTextMatches(store: Store, filter: Pick<CrisisFilter, 'text' | 'teamSlug'>): number {
  const match = crisisTextQuery(filter);
  if (!match) return 0;
  const counted = store.first(
    store.qb.selectFrom('crises_fts').select((eb) => eb.fn.countAll<number>().as('n')).where(sql<boolean>`crises_fts MATCH ${match}`),
  );
  return counted?.n ?? 0;
}

/** Beyond this many matches, walking an index and checking each crisis beats looking each match up. */
const PROBE_TEXT_ABOVE = 2_000;

// ---- Periods over the aggregates -------------------------------------------------------------

const lastDayOfMonth = (month: string) =>
  `${month}-${String(new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate()).padStart(2, '0')}`;

function shiftMonth(month: string, by: 1 | -1): string {
  const date = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1 + by, 1));
  return date.toISOString().slice(0, 7);
}

/** A period of days as the whole calendar months inside it and the day ranges left at its edges. */
export interface PeriodSplit {
  /** Whole months (YYYY-MM, inclusive; a missing end is open), read from the aggregate tables; null when there are none. */
  months: { from?: string; to?: string } | null;
  /** Day ranges (YYYY-MM-DD, inclusive) counted from the rows themselves, in calendar order. */
  days: { from?: string; to?: string }[];
  /** How many of `days` lie before the whole months (the rest lie after them). */
  daysBefore: number;
}

/**
 * Splits [from, to] so statistics read whole months from the aggregates (migration 0003) and only
 * the partial months at the edges from the rows. Day strings compare as text, so `YYYY-MM-31`
 * is a safe upper bound for any day of that month.
 */
export function splitPeriod(from?: string, to?: string): PeriodSplit {
  const whole = { from, to };
  if (from && to && from > to) return { months: null, days: [whole], daysBefore: 1 };
  const firstMonth = from ? (from.endsWith('-01') ? from.slice(0, 7) : shiftMonth(from.slice(0, 7), 1)) : undefined;
  const lastMonth = to ? (to >= lastDayOfMonth(to.slice(0, 7)) ? to.slice(0, 7) : shiftMonth(to.slice(0, 7), -1)) : undefined;
  if (firstMonth && lastMonth && firstMonth > lastMonth) return { months: null, days: [whole], daysBefore: 1 };
  const months: { from?: string; to?: string } = {};
  if (firstMonth) months.from = firstMonth;
  if (lastMonth) months.to = lastMonth;
  const days: PeriodSplit['days'] = [];
  if (from && firstMonth !== from.slice(0, 7)) days.push({ from, to: `${from.slice(0, 7)}-31` });
  const daysBefore = days.length;
  if (to && lastMonth !== to.slice(0, 7)) days.push({ from: `${to.slice(0, 7)}-01`, to });
  return { months, days, daysBefore };
}

/**
 * Whole months as the whole years inside them (read from crisis_aggregates_yearly) and the
 * months left before and after them (read from crisis_aggregates).
 */
export function splitWholeYears(months: { from?: string; to?: string }): {
  years: { from?: string; to?: string } | null;
  months: { from?: string; to?: string }[];
} {
  const year = (month: string) => Number(month.slice(0, 4));
  const firstYear = months.from === undefined ? undefined : months.from.endsWith('-01') ? year(months.from) : year(months.from) + 1;
  const lastYear = months.to === undefined ? undefined : months.to.endsWith('-12') ? year(months.to) : year(months.to) - 1;
  if (firstYear !== undefined && lastYear !== undefined && firstYear > lastYear) return { years: null, months: [months] };
  const years: { from?: string; to?: string } = {};
  if (firstYear !== undefined) years.from = String(firstYear);
  if (lastYear !== undefined) years.to = String(lastYear);
  const rest: { from?: string; to?: string }[] = [];
  if (months.from !== undefined && firstYear !== year(months.from)) rest.push({ from: months.from, to: `${months.from.slice(0, 4)}-12` });
  if (months.to !== undefined && lastYear !== year(months.to)) rest.push({ from: `${months.to.slice(0, 4)}-01`, to: months.to });
  return { years, months: rest };
}

/**
 * How many crises a filter without full-text matches: whole years from crisis_aggregates_yearly,
 * the other whole months from crisis_aggregates, the partial months at the period's edges from
 * the rows. Counting the rows instead takes a scan of
 * every matching crisis, which a list's first page cannot afford on a large store.
 */
export function countCrises(store: Store, filter: CrisisFilter, textMatches?: number): number {
  if (crisisTextQuery(filter)) {
    const matches = textMatches ?? fullTextMatches(store, filter);
    const { text: _text, teamSlug: _teamSlug, ...rest } = filter;
    // The full-text index alone knows how many crises a search within a team or all teams finds.
    if (Object.values(rest).every((value) => value === undefined)) return matches;
    const plan = { probeText: matches > PROBE_TEXT_ABOVE, byDay: true };
    const counted = store.first(whereCrisisFilter(store.qb.selectFrom('crises').select((eb) => eb.fn.countAll<number>().as('n')), filter, plan));
    return counted?.n ?? 0;
  }
  const split = splitPeriod(filter.from, filter.to);
  let total = 0;
  if (split.months) {
    const parts = splitWholeYears(split.months);
    const counted = (table: 'crisis_aggregates' | 'crisis_aggregates_yearly', period: 'year' | 'month', range: { from?: string; to?: string }) => {
      let query = store.qb.selectFrom(table).select((eb) => eb.fn.sum<number | null>('crises').as('n'));
      if (filter.teamSlug) query = query.where('team_slug', '=', filter.teamSlug);
      if (filter.type) query = query.where('type', '=', filter.type);
      if (filter.outcome) query = query.where('outcome', '=', filter.outcome);
      if (filter.status === 'open') query = query.where('outcome', '=', 'open');
      if (filter.status === 'closed') query = query.where('outcome', '!=', 'open');
      if (range.from) query = query.where(sql.ref(period), '>=', range.from);
      if (range.to) query = query.where(sql.ref(period), '<=', range.to);
      return Number(store.first(query)?.n ?? 0);
    };
    // Whole years from the yearly totals: a few thousand rows, where every month is ten times more.
    if (parts.years) total += counted('crisis_aggregates_yearly', 'year', parts.years);
    for (const months of parts.months) total += counted('crisis_aggregates', 'month', months);
  }
  for (const days of split.days) {
    const edge = { ...filter, from: days.from, to: days.to };
    const counted = store.first(
      whereCrisisFilter(store.qb.selectFrom('crises').select((eb) => eb.fn.countAll<number>().as('n')), edge, { byDay: true }),
    );
    total += counted?.n ?? 0;
  }
  return total;
}

const SORT_EXPRESSIONS = {
  startedAt: sql<string>`crises.started_at`,
  reference: sql<string>`crises.reference`,
  type: sql<string>`crises.type`,
  outcome: sql<string>`coalesce(crises.outcome, '')`,
  teamSlug: sql<string>`crises.team_slug`,
} as const;

const SUMMARY_COLUMNS = [
  'crises.row_id',
  'crises.id',
  'crises.reference',
  'crises.team_slug',
  'crises.started_at',
  'crises.ended_at',
  'crises.type',
  'crises.municipality',
  'crises.hostages',
  'crises.hostages_released',
  'crises.suicides_prevented',
  'crises.outcome',
  'crises.version',
] as const;

export function listCrises(store: Store, input: CrisisListQuery = {}): CrisisPage {
  const parsed = crisisListQuery.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'list query');
  const { filter, sort, limit, after } = parsed.data;
  const sortBy = SORT_EXPRESSIONS[sort.field];
  const ascending = sort.direction === 'asc';

  // A common search term: walk the sort's index and check each crisis (see FilterPlan).
  const textMatches = crisisTextQuery(filter) ? fullTextMatches(store, filter) : undefined;
  const probeText = textMatches !== undefined && textMatches > PROBE_TEXT_ABOVE && (sort.field === 'startedAt' || sort.field === 'reference');
  const keyset = <O>(q: SelectQueryBuilder<Database, 'crises', O>) => {
    if (!after) return q;
    const position = decodeCursor(after, 'row id');
    const comparison = ascending ? sql.raw('>') : sql.raw('<');
    return q.where(sql<boolean>`(${sortBy}, crises.row_id) ${comparison} (${position.value}, ${position.id})`);
  };
  let query = store.qb.selectFrom('crises').select(SUMMARY_COLUMNS).select(sortBy.as('sort_value'));
  if (sort.field === 'startedAt' || sort.field === 'reference') {
    // Their own indexes give the order: the page is read straight off them.
    query = keyset(whereCrisisFilter(query, filter, { probeText }));
  } else {
    // No index orders by type, outcome or team: find the page's crises in the day index (it holds
    // every filtered and sorted column, and the row id) and read only those, not every match.
    const page = keyset(whereCrisisFilter(store.qb.selectFrom('crises').select('crises.row_id'), filter, { probeText }))
      .orderBy(sortBy, sort.direction)
      .orderBy('crises.row_id', sort.direction)
      .limit(limit + 1);
    query = query.where('crises.row_id', 'in', page);
  }
  query = query
    .orderBy(sortBy, sort.direction)
    .orderBy('crises.row_id', sort.direction)
    .limit(limit + 1);
  const rows = store.all(query);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor = rows.length > limit && last ? encodeCursor({ value: last.sort_value, id: last.row_id }) : null;

  const total = after ? null : countCrises(store, filter, textMatches);

  const items: CrisisSummary[] = page.map((row) => ({
    id: row.id,
    reference: row.reference,
    teamSlug: row.team_slug as TeamSlug,
    startedAt: row.started_at,
    endedAt: row.ended_at,
    type: row.type as CrisisSummary['type'],
    municipality: row.municipality,
    hostages: row.hostages,
    hostagesReleased: row.hostages_released,
    suicidesPrevented: row.suicides_prevented,
    outcome: row.outcome as CrisisOutcome | null,
    status: row.ended_at ? 'closed' : 'open',
    resolved: isResolved(row.outcome),
    version: row.version,
  }));
  return { items, nextCursor, total };
}

/** Finds a crisis by an import key or reference, to make importing idempotent. */
export function findCrisisId(store: Store, key: { importKey?: string; reference?: string }): string | undefined {
  if (key.importKey) {
    const row = store.first(store.qb.selectFrom('crises').select('id').where('import_key', '=', key.importKey));
    if (row) return row.id;
  }
  if (key.reference) {
    const row = store.first(store.qb.selectFrom('crises').select('id').where('reference', '=', key.reference));
    if (row) return row.id;
  }
  return undefined;
}
