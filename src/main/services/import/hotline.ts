// The hotline spreadsheet: one call to the journalists' SOS line per row.
import {
  type HotlineCallData,
  type HotlineCallInput,
  hotlineAction,
  hotlineCallInput,
  hotlineThreat,
  hotlineUrgency,
} from '@shared/domain';
import type { Store } from '../../store';
import { newId } from '../common';
import { columnsOf } from '../hotline';
import type { ColumnMap, ColumnSpec, RowCells } from './columns';
import { RowReader } from './rowReader';
import type { ImportAdapter, Preparation, RowWriter, WriteContext } from './types';
import { readEnum, readInstant, readTextCell } from './values';
import { BulkInsert, ReferenceCounter, preparedQuery } from './writer';

export const HOTLINE_COLUMNS: readonly ColumnSpec[] = [
  { name: 'received_at', field: 'receivedAt', required: true },
  { name: 'caller', field: 'caller', required: true },
  { name: 'outlet', field: 'outlet', required: false },
  { name: 'threat', field: 'threat', required: true },
  { name: 'urgency', field: 'urgency', required: true },
  { name: 'municipality', field: 'municipality', required: false },
  { name: 'action', field: 'action', required: true },
  { name: 'notes', field: 'notes', required: false },
  { name: 'reference', field: 'reference', required: false },
];

const HOTLINE_REFERENCE = /^SOS-(\d{4})-(\d{1,6})$/;

/** The year and number of a canonical reference: SOS-2024-0012 → 2024, 12. */
function referenceNumber(reference: string): { year: number; seq: number } {
  const [, year, seq] = reference.split('-');
  return { year: Number(year), seq: Number(seq) };
}

/** SOS-2024-12 → SOS-2024-0012, as createHotlineCall writes it; null when it is not a hotline reference. */
export function canonicalHotlineReference(reference: string): string | null {
  const match = HOTLINE_REFERENCE.exec(reference.toUpperCase());
  if (!match || Number(match[2]) < 1) return null;
  return `SOS-${match[1]}-${match[2]?.padStart(4, '0')}`;
}

function readReference(reader: RowReader): string | null {
  const written = reader.text('reference');
  if (written === '') return null;
  const reference = canonicalHotlineReference(written);
  if (!reference) reader.problem('reference', 'reference', `Invalid reference "${written}"; expected SOS-YYYY-NNNN.`);
  return reference;
}

function readCallInput(reader: RowReader): Partial<HotlineCallInput> {
  const input: Partial<HotlineCallInput> = {
    receivedAt: reader.required('received_at', 'receivedAt', readInstant) ?? undefined,
    caller: reader.required('caller', 'caller', readTextCell),
    outlet: reader.text('outlet'),
    threat: reader.required('threat', 'threat', (cell) => readEnum(cell, hotlineThreat.options)),
    urgency: reader.required('urgency', 'urgency', (cell) => readEnum(cell, hotlineUrgency.options)),
    municipality: reader.text('municipality'),
    action: reader.required('action', 'action', (cell) => readEnum(cell, hotlineAction.options)),
    notes: reader.text('notes'),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** The values that make a call this call; the import key is their hash. */
function canonicalCall(call: HotlineCallData): unknown[] {
  return [call.receivedAt, call.caller, call.outlet, call.threat, call.urgency, call.municipality, call.action, call.notes];
}

export function prepareCall(cells: RowCells, columns: ColumnMap): Preparation<HotlineCallData> {
  const reader = new RowReader(cells);
  const input = readCallInput(reader);
  const reference = readReference(reader);
  const parsed = hotlineCallInput.safeParse(input);
  if (!parsed.success) reader.addSchemaIssues(parsed.error, columns);
  if (!parsed.success || reader.issues.length > 0) return { ok: false, issues: reader.issues };
  return { ok: true, values: parsed.data, reference, canonical: canonicalCall(parsed.data) };
}

type CallRecord = ReturnType<typeof columnsOf> & {
  id: string;
  reference: string;
  reference_year: number;
  reference_seq: number;
  import_key: string;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
};

function lastCallNumber(store: Store) {
  const query = preparedQuery(
    store,
    store.qb
      .selectFrom('hotline_calls')
      .select((eb) => eb.fn.max<number | null>('reference_seq').as('seq'))
      .where('reference_year', '=', 0),
  );
  return (year: string) => (query.get(Number(year)) as { seq: number | null } | undefined)?.seq ?? 0;
}

/** Writes calls as createHotlineCall does: same columns and references, one bound INSERT each. */
export function callWriter({ store, at }: WriteContext): RowWriter<HotlineCallData> {
  const byImportKey = preparedQuery(store, store.qb.selectFrom('hotline_calls').select('id').where('import_key', '=', ''));
  const byReference = preparedQuery(store, store.qb.selectFrom('hotline_calls').select('id').where('reference', '=', ''));
  const numbers = new ReferenceCounter(lastCallNumber(store));
  const insertCall = new BulkInsert((record: CallRecord) => store.qb.insertInto('hotline_calls').values(record));

  return {
    findExisting(row) {
      if (byImportKey.get(row.importKey)) return { sameContent: true };
      if (row.reference && byReference.get(row.reference)) return { sameContent: false };
      return undefined;
    },
    insert(row) {
      const columns = columnsOf(row.values);
      const series = columns.received_on.slice(0, 4);
      const { year, seq } = row.reference ? referenceNumber(row.reference) : { year: Number(series), seq: numbers.peek(series) };
      insertCall.run(store, {
        id: newId(),
        reference: `SOS-${year}-${String(seq).padStart(4, '0')}`,
        reference_year: year,
        reference_seq: seq,
        ...columns,
        import_key: row.importKey,
        created_at: at,
        created_by: store.actor,
        updated_at: at,
        updated_by: store.actor,
      });
      if (!row.reference) numbers.take(series, seq);
    },
  };
}

export const hotlineAdapter: ImportAdapter<HotlineCallData> = {
  kind: 'hotline',
  columns: HOTLINE_COLUMNS,
  prepare: prepareCall,
  writer: callWriter,
};
