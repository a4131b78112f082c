// The crises spreadsheet: one crisis per row, optionally with its lead negotiator and reference.
import {
  type CrisisData,
  type CrisisInput,
  type TeamSlug,
  TEAMS,
  crisisInput,
  crisisOutcome,
  crisisType,
} from '@shared/domain';
import { crisisColumnsOf } from '../recordColumns';
import { teamCode } from '../teams';
import { type ColumnMap, type ColumnSpec, type RowCells, valuesByColumn } from './columns';
import { type BulkTarget, STAGED } from './bulkWriter';
import { memberKey } from './memberKey';
import { RowReader } from './rowReader';
import type { ImportAdapter, Preparation } from './types';
import { readCount, readEnum, readInstant, readOptionalEnum, readTeam } from './values';

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
    const expected = `${teamCode(teamSlug)}-YYYY-NNN`;
    reader.problem('reference', 'reference', {
      code: 'invalid_reference',
      params: { value: written, expected },
      message: `Invalid reference "${written}"; expected ${expected} for this team.`,
    });
  }
  return reference;
}

function readLeadNegotiator(reader: RowReader): string | null {
  const lead = reader.text('lead_negotiator');
  if (lead.length > MAX_MEMBER_NAME) {
    reader.problem('lead_negotiator', 'deployments', { code: 'too_long', params: { n: MAX_MEMBER_NAME }, message: `The name is longer than ${MAX_MEMBER_NAME} characters.` });
  }
  return lead === '' ? null : lead;
}

function withoutUndefined<T extends object>(value: T): T {
  // A plain loop, without the arrays of Object.entries and fromEntries: this runs for every row of an import.
  const fields = value as Record<string, unknown>;
  const defined: Record<string, unknown> = {};
  for (const key in fields) if (fields[key] !== undefined) defined[key] = fields[key];
  return defined as T;
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

const CODE_TEAM = new Map<string, TeamSlug>(TEAMS.map((team) => [team.code, team.slug]));

/** Crises as createCrisis writes them: same columns, references and deployments. */
const crisesBulk: BulkTarget<CrisisRow> = {
  table: 'crises',
  recordKind: 'crisis',
  columnsOf: ({ crisis }) => crisisColumnsOf(crisis),
  extrasOf: ({ leadNegotiator }) => ({ lead_negotiator: leadNegotiator }),
  referenceSeries: (columns, explicit) => {
    const year = explicit?.year ?? Number(String(columns['started_on']).slice(0, 4));
    return { prefix: `${teamCode(columns['team_slug'] as TeamSlug)}-${year}-`, year };
  },
  writeOrder: 'started_at',
  referenceDigits: 3,
  seriesColumns: ['team_slug'],
  // What crises_fts_insert and crisis_aggregates_insert do per row (migrations 0005, 0006, 0007).
  catchUp: [
    `INSERT INTO crises_fts (rowid, reference, municipality, location_note, notes, team_slug)
     SELECT row_id, reference, municipality, location_note, notes, team_slug FROM ${STAGED} ORDER BY row_id`,
    // The batch's crises counted once per team, month, type and outcome; the years are summed from those.
    'DROP TABLE IF EXISTS temp.import_months',
    `CREATE TEMP TABLE import_months AS
     SELECT team_slug, substr(started_on, 1, 4) AS year, substr(started_on, 1, 7) AS month, type, coalesce(outcome, 'open') AS outcome,
       count(*) AS crises, sum(coalesce(outcome, '') IN ('surrender', 'talked_down', 'released')) AS resolved,
       sum(hostages_released) AS hostages_released, sum(suicides_prevented) AS suicides_prevented,
       sum(hostages_released > 0) AS released_contributors, sum(suicides_prevented > 0) AS prevented_contributors
     FROM ${STAGED} GROUP BY 1, 2, 3, 4, 5`,
    `INSERT INTO crisis_aggregates (team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented,
       released_contributors, prevented_contributors)
     SELECT team_slug, year, month, type, outcome, crises, resolved, hostages_released, suicides_prevented, released_contributors, prevented_contributors
     FROM temp.import_months WHERE true
     ON CONFLICT (team_slug, year, type, outcome, month) DO UPDATE SET
       crises = crises + excluded.crises, resolved = resolved + excluded.resolved,
       hostages_released = hostages_released + excluded.hostages_released, suicides_prevented = suicides_prevented + excluded.suicides_prevented,
       released_contributors = released_contributors + excluded.released_contributors,
       prevented_contributors = prevented_contributors + excluded.prevented_contributors`,
    `INSERT INTO crisis_aggregates_yearly (team_slug, year, type, outcome, crises, resolved, hostages_released, suicides_prevented)
     SELECT team_slug, year, type, outcome, sum(crises), sum(resolved), sum(hostages_released), sum(suicides_prevented)
     FROM temp.import_months WHERE true GROUP BY 1, 2, 3, 4
     ON CONFLICT (team_slug, year, type, outcome) DO UPDATE SET
       crises = crises + excluded.crises, resolved = resolved + excluded.resolved,
       hostages_released = hostages_released + excluded.hostages_released, suicides_prevented = suicides_prevented + excluded.suicides_prevented`,
    'DROP TABLE temp.import_months',
  ],
  claimOf: (reference) => {
    const match = CRISIS_REFERENCE.exec(reference.trim().toUpperCase());
    const team = match ? CODE_TEAM.get(match[1] ?? '') : undefined;
    return match && team ? { series: { reference_year: Number(match[2]), team_slug: team }, seq: Number(match[3]) } : null;
  },
};

export const crisesAdapter: ImportAdapter<CrisisRow> = {
  kind: 'crises',
  columns: CRISIS_COLUMNS,
  prepare: prepareCrisis,
  previewOf: ({ crisis, leadNegotiator }) => valuesByColumn(CRISIS_COLUMNS, crisis, { lead_negotiator: leadNegotiator }),
  bulk: crisesBulk,
};
