// Serialising the summary: JSON and CSV for machines. Both write exactly the structure that
// buildSummaryExport returns (and the preview shows); suppressed figures are null in JSON and
// "x" in CSV.
import type { SummaryExport } from '@shared/exchange';

export function summaryJson(summary: SummaryExport): Buffer {
  return Buffer.from(`${JSON.stringify(summary, null, 2)}\n`, 'utf8');
}

/** Cells a spreadsheet would read as a formula (or that smuggle a tab or line break) get a leading '. */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | null | undefined, suppressedMark = 'x'): string {
  if (value === undefined) return '';
  const text = neutraliseCsvCell(value === null ? suppressedMark : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_COLUMNS = [
  'table',
  'team',
  'period',
  'type',
  'outcome',
  'threat',
  'urgency',
  'action',
  'crises',
  'resolved',
  'hostages_released',
  'suicides_prevented',
  'lives_saved',
  'calls',
  'note',
] as const;
type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

function crisisRow(table: string, row: Record<string, unknown>): CsvRow {
  const figure = (name: string) => (name in row ? (row[name] as number | null) : undefined);
  const text = (name: string) => (typeof row[name] === 'string' ? (row[name] as string) : undefined);
  return {
    table,
    team: text('team'),
    period: text('period'),
    type: text('type'),
    outcome: text('outcome'),
    crises: figure('crises'),
    resolved: figure('resolved'),
    hostages_released: figure('hostagesReleased'),
    suicides_prevented: figure('suicidesPrevented'),
    lives_saved: figure('livesSaved'),
  };
}

function hotlineRow(table: string, row: Record<string, unknown>): CsvRow {
  const text = (name: string) => (typeof row[name] === 'string' ? (row[name] as string) : undefined);
  return {
    table,
    period: text('period'),
    threat: text('threat'),
    urgency: text('urgency'),
    action: text('action'),
    calls: row['calls'] as number | null,
  };
}

/**
 * One tidy CSV: a `table` column names the table each row belongs to, dimension columns are
 * empty where a table does not break down by them, and suppressed figures are "x". The first
 * rows describe the export (`about`) and its protection rules (`note`). UTF-8 with a BOM, CRLF.
 */
export function summaryCsv(summary: SummaryExport): Buffer {
  const rows: CsvRow[] = [
    { table: 'about', note: `format=${summary.format}; version=${summary.formatVersion}` },
    { table: 'about', note: `generated_month=${summary.generatedMonth}` },
    { table: 'about', note: `teams=${summary.scope.teams.join(' ')}` },
    { table: 'about', note: `period=${summary.scope.period}` },
    { table: 'about', note: `periods=${summary.scope.periods.join(' ')}` },
    { table: 'about', note: `k=${summary.scope.k}` },
    { table: 'about', note: 'suppressed=x' },
    ...summary.notes.map((note) => ({ table: 'note', note })),
    crisisRow('crises_totals', summary.crises.totals),
    ...summary.crises.byTeam.map((row) => crisisRow('crises_by_team', row)),
    ...summary.crises.byPeriod.map((row) => crisisRow('crises_by_period', row)),
    ...summary.crises.byTeamAndPeriod.map((row) => crisisRow('crises_by_team_and_period', row)),
    ...summary.crises.byType.map((row) => crisisRow('crises_by_type', row)),
    ...summary.crises.byOutcome.map((row) => crisisRow('crises_by_outcome', row)),
    ...summary.crises.byTypeAndOutcome.map((row) => crisisRow('crises_by_type_and_outcome', row)),
    ...summary.crises.cells.map((row) => crisisRow('crises_cells', row)),
  ];
  if (summary.hotline) {
    const hotline = summary.hotline;
    rows.push(
      hotlineRow('hotline_totals', hotline.totals),
      ...hotline.byPeriod.map((row) => hotlineRow('hotline_by_period', row)),
      ...hotline.byThreat.map((row) => hotlineRow('hotline_by_threat', row)),
      ...hotline.byUrgency.map((row) => hotlineRow('hotline_by_urgency', row)),
      ...hotline.byAction.map((row) => hotlineRow('hotline_by_action', row)),
      ...hotline.cells.map((row) => hotlineRow('hotline_cells', row)),
    );
  }
  const lines = [CSV_COLUMNS.join(','), ...rows.map((row) => CSV_COLUMNS.map((column) => csvCell(row[column])).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}
