// Reads CSV text into a header and records, each record with the physical line it starts on.
// csv-parse does the RFC 4180 work (quotes, separators and line breaks inside quotes); this file
// detects the separator, finds line numbers and turns malformed records into row issues.
import { type CsvError, parse } from 'csv-parse/sync';
import type { CasebookError} from '@shared/errors';
import { type FieldIssue } from '@shared/errors';
import { type TableHandlers, type TableReading, type TableRecord, fileProblem } from './table';

export type CsvRecord = TableRecord;

export interface CsvReading extends TableReading {
  delimiter: string;
}

const CANDIDATE_DELIMITERS = [',', ';', '\t'] as const;
/** Excel's own hint for the separator, as a first line: `sep=;`. */
const SEPARATOR_HINT = /^"?sep=(.)"?$/i;

/** The separator that occurs most often in the header line outside quotes; a comma if none does. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>();
  let quoted = false;
  for (const character of headerLine) {
    if (character === '"') quoted = !quoted;
    else if (!quoted && (CANDIDATE_DELIMITERS as readonly string[]).includes(character)) {
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
  }
  let best = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATE_DELIMITERS) {
    const count = counts.get(candidate) ?? 0;
    if (count > bestCount) [best, bestCount] = [candidate, count];
  }
  return best;
}

/** The text of the first logical line starting at `from`: up to a line break outside quotes. */
function logicalLineAt(text: string, from: number): string {
  let quoted = false;
  for (let index = from; index < text.length; index++) {
    const character = text[index];
    if (character === '"') quoted = !quoted;
    else if (character === '\n' && !quoted) return text.slice(from, index);
  }
  return text.slice(from);
}

/** The first line that is not blank or spaces only (1-based), and where it starts in the text. */
function firstContentLine(text: string): { line: number; offset: number } {
  const leading = /^(?:[ \t]*\n)*/.exec(text)?.[0] ?? '';
  return { line: countLineBreaks(leading) + 1, offset: leading.length };
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) count++;
  return count;
}

/** csv-parse counts the line a record ends on; its raw text tells how many lines it spans. */
function startLineOf(endLine: number, raw: string | undefined): number {
  const core = (raw ?? '').replace(/^\n+/, '').replace(/\n$/, '');
  return endLine - countLineBreaks(core);
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Excel writes CRLF; a lone CR is pre-2001 Mac. Both become LF, in values too, so lines count the
 * same however the file ends them. Done on the bytes, only when the file has a CR: in one copy, or
 * in place (`inPlace`) when the caller has handed the buffer over.
 */
export function withLineFeeds(bytes: Buffer, inPlace = false): Buffer {
  let from = bytes.indexOf(CR);
  if (from === -1) return bytes;
  const target = inPlace ? bytes : Buffer.allocUnsafe(bytes.length);
  // Buffer.copy moves overlapping ranges correctly, and the target never overtakes the source.
  let written = inPlace ? from : bytes.copy(target, 0, 0, from);
  while (from !== -1) {
    target[written++] = LF;
    const next = bytes[from + 1] === LF ? from + 2 : from + 1;
    from = bytes.indexOf(CR, next);
    written += bytes.copy(target, written, next, from === -1 ? bytes.length : from);
  }
  return target.subarray(0, written);
}

/** Enough of the file to find its header line in. */
const HEADER_WINDOW_BYTES = 1024 * 1024;

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

/** CsvError carries its context as untyped properties. */
function numberOf(error: CsvError, key: 'lines' | 'records'): number {
  const value = error[key];
  return typeof value === 'number' ? value : 0;
}

function malformedIssue(error: CsvError, headerWidth: number, line: number): FieldIssue {
  if (error.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') {
    const width = Array.isArray(error.record) ? error.record.length : 0;
    const message = `The line has ${width} field(s) but the header has ${headerWidth}; a value containing the separator must be in quotes.`;
    return { row: line, path: '', message, code: 'field_count', params: { found: width, expected: headerWidth } };
  }
  return { row: line, path: '', message: `The line cannot be read as CSV: ${error.message}`, code: 'unreadable_line', params: {} };
}

function unreadableHeader(): CasebookError {
  return fileProblem('header_unreadable', {}, 'The header line cannot be read as CSV.');
}

interface ParsedRecord {
  record: string[];
  raw: string;
  info: { lines: number; bytes: number };
}

/**
 * Reads UTF-8 CSV bytes record by record: each is handed to the handlers as csv-parse finishes it
 * and then dropped, so a file of 100,000 rows is never held as 100,000 arrays, nor as one string.
 */
export function readCsv(file: Buffer, handlers: TableHandlers): CsvReading {
  const bytes = withLineFeeds(file);
  const opening = bytes.subarray(0, HEADER_WINDOW_BYTES).toString('utf8');
  const start = firstContentLine(opening);
  const firstLine = logicalLineAt(opening, start.offset);
  const hint = SEPARATOR_HINT.exec(firstLine.trim());
  const delimiter = hint?.[1] ?? detectDelimiter(firstLine);
  const fromLine = hint ? start.line + 1 : start.line;

  const skipped: { error: CsvError; raw: string | undefined }[] = [];
  let header: { cells: string[]; line: number } | null = null;
  let records = 0;
  parse(bytes, {
    bom: true,
    delimiter,
    record_delimiter: '\n',
    from_line: fromLine,
    relax_column_count: false,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_skip: (error, raw) => {
      if (error) skipped.push({ error, raw });
      return undefined;
    },
    info: true,
    raw: true,
    on_record: (parsed) => {
      const { record, raw, info } = parsed as unknown as ParsedRecord;
      const line = startLineOf(info.lines, raw);
      if (header === null) {
        if (skipped.length > 0) throw unreadableHeader();
        header = { cells: record, line };
        handlers.onHeader(record);
      } else if (!isBlank(record)) {
        records++;
        handlers.onRecord({ line, cells: record, end: info.bytes });
      }
      return null; // handed over; csv-parse keeps nothing
    },
  });

  const unclosed = skipped.find((skip) => skip.error.code === 'CSV_QUOTE_NOT_CLOSED');
  if (unclosed) {
    const line = startLineOf(numberOf(unclosed.error, 'lines'), unclosed.raw);
    throw fileProblem('unclosed_quote', { line }, `A quoted value opened on line ${line} is never closed.`);
  }
  const headerRecord = header as { cells: string[]; line: number } | null;
  if (!headerRecord) throw unreadableHeader();

  const malformed = new Map<number, FieldIssue>();
  for (const { error, raw } of skipped) {
    if ((raw ?? '').trim() === '') continue; // a line of spaces
    const line = startLineOf(numberOf(error, 'lines'), raw);
    if (!malformed.has(line)) malformed.set(line, malformedIssue(error, headerRecord.cells.length, line));
  }
  return {
    delimiter,
    header: headerRecord.cells,
    headerLine: headerRecord.line,
    records,
    malformed: [...malformed.values()].sort((a, b) => (a.row ?? 0) - (b.row ?? 0)),
  };
}
