// Serialising the summary: JSON and CSV for machines. Both write exactly the structure that
// buildSummaryExport returns (and the preview shows); suppressed figures are null in JSON and
// "x" in CSV.
//
// A monthly summary has ~70,000 rows. The files are written in pieces and encoded straight into
// one buffer of the right size: never one giant string (JSON.stringify of the whole summary, with
// its non-ASCII notes, made a two-byte string twice the file's size, then copies of it), nor
// chunks and their concatenation side by side.
import type { SummaryExport } from '@shared/exchange';

type Emit = (text: string) => void;

/**
 * The UTF-8 bytes of the text `write` emits. It runs twice: once to measure, once to fill a
 * buffer of exactly that size.
 */
function utf8Of(write: (emit: Emit) => void): Buffer {
  let size = 0;
  inBatches(write, (text) => {
    size += Buffer.byteLength(text, 'utf8');
  });
  const bytes = Buffer.allocUnsafeSlow(size);
  let filled = 0;
  inBatches(write, (text) => {
    filled += bytes.write(text, filled, 'utf8');
  });
  if (filled !== size) throw new Error(`Wrote ${filled} bytes of ${size}.`);
  return bytes;
}

/** Text is measured and encoded ~64 K characters at a time, not a call per row. */
const BATCH_CHARS = 1 << 16;

function inBatches(write: (emit: Emit) => void, use: (text: string) => void): void {
  let pending: string[] = [];
  let chars = 0;
  const flush = () => {
    use(pending.join(''));
    pending = [];
    chars = 0;
  };
  write((text) => {
    pending.push(text);
    chars += text.length;
    if (chars >= BATCH_CHARS) flush();
  });
  flush();
}

/** Array items (table rows) are stringified this many at a time. */
const ITEMS_PER_PIECE = 256;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
/** Values JSON.stringify leaves out of an object. */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';

/**
 * Emits what JSON.stringify(value, null, 2) returns for `value` at nesting `indent`: plain objects
 * key by key, arrays ITEMS_PER_PIECE items at a time, anything else whole.
 */
function writeJson(value: unknown, indent: string, emit: Emit): void {
  if (Array.isArray(value) && value.length > 0) {
    for (let start = 0; start < value.length; start += ITEMS_PER_PIECE) {
      // A slice's text is "[", its items, then "]" on a line of its own. JSON has raw line breaks
      // only between tokens (it escapes those in strings), so every line can be indented.
      const text = JSON.stringify(value.slice(start, start + ITEMS_PER_PIECE), null, 2).replaceAll('\n', `\n${indent}`);
      const items = text.slice(1, text.length - `\n${indent}]`.length);
      emit(`${start === 0 ? '[' : ','}${items}`);
    }
    emit(`\n${indent}]`);
    return;
  }
  const entries = isPlainObject(value) ? Object.entries(value).filter(([, field]) => !isOmitted(field)) : [];
  if (entries.length === 0) {
    emit((JSON.stringify(value, null, 2) ?? '').replaceAll('\n', `\n${indent}`));
    return;
  }
  const inner = `${indent}  `;
  entries.forEach(([key, field], index) => {
    emit(`${index === 0 ? '{' : ','}\n${inner}${JSON.stringify(key)}: `);
    writeJson(field, inner, emit);
  });
  emit(`\n${indent}}`);
}

/** Exactly the bytes of JSON.stringify(summary, null, 2) and a line break, in UTF-8. */
export function summaryJson(summary: SummaryExport): Buffer {
  return utf8Of((emit) => {
    writeJson(summary, '', emit);
    emit('\n');
  });
}

/** Cells a spreadsheet would read as a formula (or that smuggle a tab or line break) get a leading '. */
export function neutraliseCsvCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function csvCell(value: string | number | null | undefined, suppressedMark = 'x'): string {
  if (value === undefined) return '';
  // A non-negative number (every figure) starts with a digit and has nothing to quote.
  if (typeof value === 'number' && value >= 0) return String(value);
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
export type CsvRow = Partial<Record<(typeof CSV_COLUMNS)[number], string | number | null>>;

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

/** One table of the summary: its rows as CSV rows, and the columns it fills. */
export interface SummaryTable {
  name: string;
  columns: readonly (typeof CSV_COLUMNS)[number][];
  rows: readonly CsvRow[];
}

const CRISIS_FIGURES = ['crises', 'resolved', 'hostages_released', 'suicides_prevented', 'lives_saved'] as const;
const CRISIS_MEASURES = ['crises', 'hostages_released', 'suicides_prevented', 'lives_saved'] as const;

/** The export's description: format, scope and the suppression mark, as `key=value` lines. */
export function summaryAbout(summary: SummaryExport): string[] {
  return [
    `format=${summary.format}; version=${summary.formatVersion}`,
    `generated_month=${summary.generatedMonth}`,
    `teams=${summary.scope.teams.join(' ')}`,
    `period=${summary.scope.period}`,
    `periods=${summary.scope.periods.join(' ')}`,
    `k=${summary.scope.k}`,
    'suppressed=x',
  ];
}

/** Every table of the summary, in the order the CSV writes them (rows are converted lazily per table). */
export function summaryTables(summary: SummaryExport): SummaryTable[] {
  const crises = (name: string, dimensions: readonly (typeof CSV_COLUMNS)[number][], figures: readonly (typeof CSV_COLUMNS)[number][], rows: readonly Record<string, unknown>[]): SummaryTable => ({
    name,
    columns: [...dimensions, ...figures],
    rows: rows.map((row) => crisisRow(name, row)),
  });
  const tables = [
    crises('crises_totals', [], CRISIS_FIGURES, [summary.crises.totals]),
    crises('crises_by_team', ['team'], CRISIS_FIGURES, summary.crises.byTeam),
    crises('crises_by_period', ['period'], CRISIS_FIGURES, summary.crises.byPeriod),
    crises('crises_by_team_and_period', ['team', 'period'], CRISIS_FIGURES, summary.crises.byTeamAndPeriod),
    crises('crises_by_type', ['type'], CRISIS_FIGURES, summary.crises.byType),
    crises('crises_by_outcome', ['outcome'], CRISIS_MEASURES, summary.crises.byOutcome),
    crises('crises_by_type_and_outcome', ['type', 'outcome'], CRISIS_MEASURES, summary.crises.byTypeAndOutcome),
    crises('crises_cells', ['team', 'period', 'type', 'outcome'], CRISIS_MEASURES, summary.crises.cells),
  ];
  const hotline = summary.hotline;
  if (hotline) {
    const calls = (name: string, dimensions: readonly (typeof CSV_COLUMNS)[number][], rows: readonly Record<string, unknown>[]): SummaryTable => ({
      name,
      columns: [...dimensions, 'calls'],
      rows: rows.map((row) => hotlineRow(name, row)),
    });
    tables.push(
      calls('hotline_totals', [], [hotline.totals]),
      calls('hotline_by_period', ['period'], hotline.byPeriod),
      calls('hotline_by_threat', ['threat'], hotline.byThreat),
      calls('hotline_by_urgency', ['urgency'], hotline.byUrgency),
      calls('hotline_by_action', ['action'], hotline.byAction),
      calls('hotline_cells', ['period', 'threat', 'urgency', 'action'], hotline.cells),
    );
  }
  return tables;
}

/**
 * One tidy CSV: a `table` column names the table each row belongs to, dimension columns are
 * empty where a table does not break down by them, and suppressed figures are "x". The first
 * rows describe the export (`about`) and its protection rules (`note`). UTF-8 with a BOM, CRLF.
 */
export function summaryCsv(summary: SummaryExport): Buffer {
  return utf8Of((emit) => writeCsv(summary, emit));
}

function writeCsv(summary: SummaryExport, emit: Emit): void {
  const write = (row: CsvRow) => emit(`${CSV_COLUMNS.map((column) => csvCell(row[column])).join(',')}\r\n`);
  emit(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`);
  for (const note of summaryAbout(summary)) write({ table: 'about', note });
  for (const note of summary.notes) write({ table: 'note', note });
  for (const table of summaryTables(summary)) for (const row of table.rows) write(row);
}
