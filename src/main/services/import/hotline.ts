// The hotline spreadsheet: one call to the journalists' SOS line per row.
import {
  type HotlineCallData,
  type HotlineCallInput,
  hotlineAction,
  hotlineCallInput,
  hotlineThreat,
  hotlineUrgency,
} from '@shared/domain';
import { hotlineCallColumnsOf } from '../recordColumns';
import { type ColumnMap, type ColumnSpec, type RowCells, valuesByColumn } from './columns';
import { RowReader } from './rowReader';
import type { ImportAdapter, Preparation } from './types';
import { readEnum, readInstant, readTextCell } from './values';
import { type BulkTarget, STAGED } from './bulkWriter';

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
  if (!reference) {
    reader.problem('reference', 'reference', { code: 'invalid_reference', params: { value: written, expected: 'SOS-YYYY-NNNN' }, message: `Invalid reference "${written}"; expected SOS-YYYY-NNNN.` });
  }
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

/** Calls as createHotlineCall writes them: same columns and references. */
const callsBulk: BulkTarget<HotlineCallData> = {
  table: 'hotline_calls',
  recordKind: 'hotline_call',
  columnsOf: hotlineCallColumnsOf,
  referenceSeries: (columns, explicit) => {
    const year = explicit?.year ?? Number(String(columns['received_on']).slice(0, 4));
    return { prefix: `SOS-${year}-`, year };
  },
  writeOrder: 'received_at',
  claimOf: (reference) => {
    const match = HOTLINE_REFERENCE.exec(reference.trim().toUpperCase());
    return match ? { series: { reference_year: Number(match[1]) }, seq: Number(match[2]) } : null;
  },
  referenceDigits: 4,
  seriesColumns: [],
  // What hotline_fts_insert and hotline_aggregates_insert do per row (migrations 0001, 0003, 0005).
  catchUp: [
    `INSERT INTO hotline_fts (rowid, reference, caller, outlet, municipality, notes)
     SELECT row_id, reference, caller, outlet, municipality, notes FROM ${STAGED} ORDER BY row_id`,
    `INSERT INTO hotline_aggregates (month, threat, urgency, action, calls)
     SELECT substr(received_on, 1, 7), threat, urgency, action, count(*) FROM ${STAGED} WHERE true GROUP BY 1, 2, 3, 4
     ON CONFLICT (month, threat, urgency, action) DO UPDATE SET calls = calls + excluded.calls`,
  ],
};

export const hotlineAdapter: ImportAdapter<HotlineCallData> = {
  kind: 'hotline',
  columns: HOTLINE_COLUMNS,
  prepare: prepareCall,
  previewOf: (call) => valuesByColumn(HOTLINE_COLUMNS, call),
  bulk: callsBulk,
};
