// Calls to the journalists' SOS hotline. References run per year: SOS-2023-0142.
import { sql } from 'kysely';
import {
  type HotlineCall,
  type HotlineCallInput,
  type HotlineFilter,
  type HotlineListQuery,
  type HotlinePage,
  hotlineCallInput,
  hotlineListQuery,
} from '@shared/domain';
import { CasebookError, validationError } from '@shared/errors';
import { todayInSerbia } from '@shared/time';
import type { SelectQueryBuilder } from 'kysely';
import type { z } from 'zod';
import type { Store } from '../store';
import type { Database, HotlineCallsTable } from '../store/tables';
import { hotlineCallColumnsOf } from './recordColumns';
import { decodeCursor, encodeCursor, fullTextQuery, newId, notFound, now, translateConstraint, versionConflict } from './common';

type HotlineRow = Omit<HotlineCallsTable, 'version' | 'row_id'> & { version: number; row_id: number };

export function parseHotlineCallInput(input: unknown): z.infer<typeof hotlineCallInput> {
  const result = hotlineCallInput.safeParse(input);
  if (!result.success) throw validationError(result.error, 'hotline call');
  return result.data;
}

function toHotlineCall(row: HotlineRow): HotlineCall {
  return {
    id: row.id,
    reference: row.reference,
    receivedAt: row.received_at,
    caller: row.caller,
    outlet: row.outlet,
    threat: row.threat as HotlineCall['threat'],
    urgency: row.urgency as HotlineCall['urgency'],
    municipality: row.municipality,
    action: row.action as HotlineCall['action'],
    followUpDue: row.follow_up_due,
    status: row.status as HotlineCall['status'],
    notes: row.notes,
    createdAt: row.created_at,
    createdBy: row.created_by,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
    version: row.version,
  };
}

export function getHotlineCall(store: Store, id: string): HotlineCall {
  const row = store.first(store.qb.selectFrom('hotline_calls').selectAll().where('id', '=', id));
  if (!row) throw notFound('hotline call', id);
  return toHotlineCall(row);
}

const REFERENCE_PATTERN = /^SOS-(\d{4})-(\d{1,6})$/;

export function createHotlineCall(
  store: Store,
  input: HotlineCallInput,
  options: { reference?: string; importKey?: string } = {},
): HotlineCall {
  const data = parseHotlineCallInput(input);
  const columns = hotlineCallColumnsOf(data);
  const id = newId();
  const at = now();
  try {
    store.transaction(() => {
      let year = Number(columns.received_on.slice(0, 4));
      let seq: number;
      if (options.reference) {
        const match = REFERENCE_PATTERN.exec(options.reference);
        if (!match) {
          throw new CasebookError('VALIDATION', `Invalid reference: ${options.reference} (expected SOS-YYYY-NNNN)`, [
            { path: 'reference', message: 'invalid_reference' },
          ]);
        }
        year = Number(match[1]);
        seq = Number(match[2]);
      } else {
        const last = store.first(
          store.qb
            .selectFrom('hotline_calls')
            .select((eb) => eb.fn.max<number | null>('reference_seq').as('seq'))
            .where('reference_year', '=', year),
        );
        seq = (last?.seq ?? 0) + 1;
      }
      store.run(
        store.qb.insertInto('hotline_calls').values({
          id,
          reference: `SOS-${year}-${String(seq).padStart(4, '0')}`,
          reference_year: year,
          reference_seq: seq,
          ...columns,
          import_key: options.importKey ?? null,
          created_at: at,
          created_by: store.actor,
          updated_at: at,
          updated_by: store.actor,
        }),
      );
    });
  } catch (error) {
    translateConstraint(error);
  }
  return getHotlineCall(store, id);
}

export function updateHotlineCall(store: Store, update: { id: string; version: number; call: HotlineCallInput }): HotlineCall {
  const data = parseHotlineCallInput(update.call);
  try {
    store.transaction(() => {
      getHotlineCall(store, update.id);
      const { changes } = store.run(
        store.qb
          .updateTable('hotline_calls')
          .set({ ...hotlineCallColumnsOf(data), updated_at: now(), updated_by: store.actor, version: update.version + 1 })
          .where('id', '=', update.id)
          .where('version', '=', update.version),
      );
      if (changes === 0) throw versionConflict('hotline call');
    });
  } catch (error) {
    translateConstraint(error);
  }
  return getHotlineCall(store, update.id);
}

/** Above this many full-text matches, a list walks its sort's index and probes the matches. */
const PROBE_TEXT_ABOVE = 2_000;

/**
 * `probeText`: a common search term matches thousands of calls; rather than look each one up
 * and sort them all, the sort's index is walked and each call checked against the matches
 * (`+row_id IN …`), which stops after one page. The same plan as crises' lists.
 */
export function whereHotlineFilter<O>(
  query: SelectQueryBuilder<Database, 'hotline_calls', O>,
  filter: HotlineFilter,
  today: string = todayInSerbia(),
  plan: { probeText?: boolean } = {},
): SelectQueryBuilder<Database, 'hotline_calls', O> {
  let q = query;
  if (filter.threat) q = q.where('hotline_calls.threat', '=', filter.threat);
  if (filter.urgency) q = q.where('hotline_calls.urgency', '=', filter.urgency);
  if (filter.status) q = q.where('hotline_calls.status', '=', filter.status);
  if (filter.from) q = q.where('hotline_calls.received_on', '>=', filter.from);
  if (filter.to) q = q.where('hotline_calls.received_on', '<=', filter.to);
  if (filter.followUp) {
    q = q
      .where('hotline_calls.status', '=', 'open')
      .where('hotline_calls.follow_up_due', filter.followUp === 'due' ? '<=' : '<', today);
  }
  const match = filter.text ? fullTextQuery(filter.text) : null;
  if (match) {
    const matches = sql`(SELECT hotline_fts.rowid FROM hotline_fts WHERE hotline_fts MATCH ${match})`;
    q = plan.probeText
      ? q.where(sql<boolean>`+hotline_calls.row_id IN ${matches}`)
      : q.where('hotline_calls.row_id', 'in', (eb) =>
          eb.selectFrom('hotline_fts').select('hotline_fts.rowid').where(sql<boolean>`hotline_fts MATCH ${match}`),
        );
  }
  return q;
}

function hotlineTextMatches(store: Store, match: string): number {
  const counted = store.first(
    store.qb.selectFrom('hotline_fts').select((eb) => eb.fn.countAll<number>().as('n')).where(sql<boolean>`hotline_fts MATCH ${match}`),
  );
  return counted?.n ?? 0;
}

const SORT_EXPRESSIONS = {
  receivedAt: sql<string>`hotline_calls.received_at`,
  reference: sql<string>`hotline_calls.reference`,
  followUpDue: sql<string>`coalesce(hotline_calls.follow_up_due, '9999-12-31')`,
} as const;

export function listHotlineCalls(store: Store, input: HotlineListQuery = {}): HotlinePage {
  const parsed = hotlineListQuery.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'list query');
  const { filter, sort, limit, after } = parsed.data;
  const sortBy = SORT_EXPRESSIONS[sort.field];
  const today = todayInSerbia();
  const match = filter.text ? fullTextQuery(filter.text) : null;
  const textMatches = match ? hotlineTextMatches(store, match) : undefined;
  const probeText = textMatches !== undefined && textMatches > PROBE_TEXT_ABOVE && sort.field !== 'followUpDue';
  let query = whereHotlineFilter(store.qb.selectFrom('hotline_calls').selectAll().select(sortBy.as('sort_value')), filter, today, {
    probeText,
  });
  if (after) {
    const position = decodeCursor(after, 'id');
    const comparison = sort.direction === 'asc' ? sql.raw('>') : sql.raw('<');
    query = query.where(sql<boolean>`(${sortBy}, hotline_calls.id) ${comparison} (${position.value}, ${position.id})`);
  }
  const rows = store.all(query.orderBy(sortBy, sort.direction).orderBy('hotline_calls.id', sort.direction).limit(limit + 1));
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  let total: number | null = null;
  if (!after) {
    const { text: _text, ...rest } = filter;
    const textOnly = textMatches !== undefined && Object.values(rest).every((value) => value === undefined);
    // The full-text index alone knows how many calls a search with no other filter finds.
    const counted = textOnly
      ? { n: textMatches }
      : store.first(
          whereHotlineFilter(store.qb.selectFrom('hotline_calls').select((eb) => eb.fn.countAll<number>().as('n')), filter, today, {
            probeText,
          }),
        );
    total = counted?.n ?? 0;
  }
  return {
    items: page.map(toHotlineCall),
    nextCursor: rows.length > limit && last ? encodeCursor({ value: last.sort_value, id: last.id }) : null,
    total,
  };
}

export function findHotlineCallId(store: Store, key: { importKey?: string; reference?: string }): string | undefined {
  if (key.importKey) {
    const row = store.first(store.qb.selectFrom('hotline_calls').select('id').where('import_key', '=', key.importKey));
    if (row) return row.id;
  }
  if (key.reference) {
    const row = store.first(store.qb.selectFrom('hotline_calls').select('id').where('reference', '=', key.reference));
    if (row) return row.id;
  }
  return undefined;
}
