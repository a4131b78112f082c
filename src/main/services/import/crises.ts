// The crises spreadsheet: one crisis per row, optionally with its lead negotiator and reference.
import {
  type CrisisData,
  type CrisisInput,
  type TeamSlug,
  crisisInput,
  crisisOutcome,
  crisisType,
} from '@shared/domain';
import type { Store } from '../../store';
import { newId } from '../common';
import { columnsOf } from '../crises';
import { teamCode } from '../teams';
import type { ColumnMap, ColumnSpec, RowCells } from './columns';
import { memberKey } from './memberDirectory';
import { RowReader } from './rowReader';
import type { ImportAdapter, Preparation, RowWriter, WriteContext } from './types';
import { readCount, readEnum, readInstant, readOptionalEnum, readTeam } from './values';
import { BulkInsert, ReferenceCounter, preparedQuery } from './writer';

export interface CrisisRow {
  crisis: CrisisData;
  /** As written in the file; matched to a member of the crisis's team by name or call sign. */
  leadNegotiator: string | null;
}

export const CRISIS_COLUMNS: readonly ColumnSpec[] = [
  { name: 'team', field: 'teamSlug', required: true },
  { name: 'started_at', field: 'startedAt', required: true },
  { name: 'ended_at', field: 'endedAt', required: true },
  { name: 'type', field: 'type', required: true },
  { name: 'municipality', field: 'municipality', required: false },
  { name: 'subjects', field: 'subjects', required: false },
  { name: 'hostages', field: 'hostages', required: false },
  { name: 'hostages_released', field: 'hostagesReleased', required: false },
  { name: 'suicides_prevented', field: 'suicidesPrevented', required: false },
  { name: 'outcome', field: 'outcome', required: true },
  { name: 'lead_negotiator', field: 'deployments', required: false },
  { name: 'notes', field: 'notes', required: false },
  { name: 'reference', field: 'reference', required: false },
];

const MAX_MEMBER_NAME = 120;
const CRISIS_REFERENCE = /^([A-Z]{2})-(\d{4})-(\d{1,6})$/;

/** The year and number of a canonical reference: BG-2024-007 → 2024, 7. */
function referenceNumber(reference: string): { year: number; seq: number } {
  const [, year, seq] = reference.split('-');
  return { year: Number(year), seq: Number(seq) };
}

/** BG-2024-7 → BG-2024-007, as createCrisis writes it; null when it does not fit the team. */
export function canonicalCrisisReference(reference: string, teamSlug: TeamSlug): string | null {
  const match = CRISIS_REFERENCE.exec(reference.toUpperCase());
  if (!match || match[1] !== teamCode(teamSlug) || Number(match[3]) < 1) return null;
  return `${match[1]}-${match[2]}-${match[3]?.padStart(3, '0')}`;
}

function readReference(reader: RowReader, teamSlug: TeamSlug | undefined): string | null {
  const written = reader.text('reference');
  if (written === '' || !teamSlug) return null;
  const reference = canonicalCrisisReference(written, teamSlug);
  if (!reference) {
    reader.problem('reference', 'reference', `Invalid reference "${written}"; expected ${teamCode(teamSlug)}-YYYY-NNN for this team.`);
  }
  return reference;
}

function readLeadNegotiator(reader: RowReader): string | null {
  const lead = reader.text('lead_negotiator');
  if (lead.length > MAX_MEMBER_NAME) {
    reader.problem('lead_negotiator', 'deployments', `The name is longer than ${MAX_MEMBER_NAME} characters.`);
  }
  return lead === '' ? null : lead;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}

function readCrisisInput(reader: RowReader): Partial<CrisisInput> {
  return withoutUndefined({
    teamSlug: reader.required('team', 'teamSlug', readTeam),
    startedAt: reader.required('started_at', 'startedAt', readInstant) ?? undefined,
    endedAt: reader.optional('ended_at', 'endedAt', readInstant),
    type: reader.required('type', 'type', (cell) => readEnum(cell, crisisType.options)),
    municipality: reader.text('municipality'),
    subjects: reader.optional('subjects', 'subjects', readCount),
    hostages: reader.optional('hostages', 'hostages', readCount),
    hostagesReleased: reader.optional('hostages_released', 'hostagesReleased', readCount),
    suicidesPrevented: reader.optional('suicides_prevented', 'suicidesPrevented', readCount),
    outcome: reader.optional('outcome', 'outcome', (cell) => readOptionalEnum(cell, crisisOutcome.options)),
    notes: reader.text('notes'),
  });
}

/** The values that make a crisis this crisis; the import key is their hash. */
function canonicalCrisis(crisis: CrisisData, leadNegotiator: string | null): unknown[] {
  return [
    crisis.teamSlug,
    crisis.startedAt,
    crisis.endedAt,
    crisis.type,
    crisis.municipality,
    crisis.subjects,
    crisis.hostages,
    crisis.hostagesReleased,
    crisis.suicidesPrevented,
    crisis.outcome,
    crisis.notes,
    leadNegotiator === null ? null : memberKey(leadNegotiator),
  ];
}

export function prepareCrisis(cells: RowCells, columns: ColumnMap): Preparation<CrisisRow> {
  const reader = new RowReader(cells);
  const input = readCrisisInput(reader);
  const leadNegotiator = readLeadNegotiator(reader);
  const reference = readReference(reader, input.teamSlug);
  const parsed = crisisInput.safeParse({ ...input, deployments: [] });
  if (!parsed.success) reader.addSchemaIssues(parsed.error, columns);
  if (!parsed.success || reader.issues.length > 0) return { ok: false, issues: reader.issues };
  return {
    ok: true,
    values: { crisis: parsed.data, leadNegotiator },
    reference,
    canonical: canonicalCrisis(parsed.data, leadNegotiator),
  };
}

function lastCrisisNumber(store: Store) {
  const query = preparedQuery(
    store,
    store.qb
      .selectFrom('crises')
      .select((eb) => eb.fn.max<number | null>('reference_seq').as('seq'))
      .where('team_slug', '=', '')
      .where('reference_year', '=', 0),
  );
  return (series: string) => {
    const [teamSlug, year] = series.split('/');
    return (query.get(teamSlug, Number(year)) as { seq: number | null } | undefined)?.seq ?? 0;
  };
}

type CrisisRecord = ReturnType<typeof columnsOf> & {
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

/** Writes crises as createCrisis does: same columns, references and deployments, one bound INSERT each. */
export function crisisWriter({ store, members, at }: WriteContext): RowWriter<CrisisRow> {
  const byImportKey = preparedQuery(store, store.qb.selectFrom('crises').select('id').where('import_key', '=', ''));
  const byReference = preparedQuery(store, store.qb.selectFrom('crises').select('id').where('reference', '=', ''));
  const numbers = new ReferenceCounter(lastCrisisNumber(store));
  const insertCrisis = new BulkInsert((record: CrisisRecord) => store.qb.insertInto('crises').values(record));
  const insertDeployment = new BulkInsert((deployment: { crisis_id: string; member_id: string; role: string }) =>
    store.qb.insertInto('crisis_deployments').values(deployment),
  );

  /**
   * After the crisis is written nothing may fail without failing the whole import: a refusal here
   * is not a bad row but a fault, so it is not a CasebookError and rolls everything back.
   */
  function deployLead(crisisId: string, teamSlug: TeamSlug, leadNegotiator: string, line: number): void {
    try {
      const memberId = members.findOrCreate(teamSlug, leadNegotiator);
      insertDeployment.run(store, { crisis_id: crisisId, member_id: memberId, role: 'lead_negotiator' });
    } catch (error) {
      throw new Error(`Line ${line}: the lead negotiator could not be recorded`, { cause: error });
    }
  }

  return {
    findExisting(row) {
      if (byImportKey.get(row.importKey)) return { sameContent: true };
      if (row.reference && byReference.get(row.reference)) return { sameContent: false };
      return undefined;
    },
    insert(row) {
      const { crisis, leadNegotiator } = row.values;
      const columns = columnsOf(crisis);
      const series = `${crisis.teamSlug}/${columns.started_on.slice(0, 4)}`;
      const { year, seq } = row.reference
        ? referenceNumber(row.reference)
        : { year: Number(columns.started_on.slice(0, 4)), seq: numbers.peek(series) };
      const id = newId();
      insertCrisis.run(store, {
        id,
        reference: `${teamCode(crisis.teamSlug)}-${year}-${String(seq).padStart(3, '0')}`,
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
      if (leadNegotiator) deployLead(id, crisis.teamSlug, leadNegotiator, row.line);
    },
  };
}

export const crisesAdapter: ImportAdapter<CrisisRow> = {
  kind: 'crises',
  columns: CRISIS_COLUMNS,
  prepare: prepareCrisis,
  writer: crisisWriter,
};
