// Reads an Excel workbook (.xlsx) into the same header and records a CSV file gives, so both go
// through the same checks. fflate unzips, saxes reads the XML as a stream; what this file adds is
// what a workbook means: sheets, shared strings, styles that make a number a date, merged cells.
// A workbook is untrusted input: every part is bounded by its declared size before it is inflated
// (fflate never grows a buffer it was given, so a lying size only truncates), no DTD is accepted,
// and formulas are never evaluated: a cell gives the value Excel last saved for it.
import { posix } from 'node:path';
import { type UnzipFileInfo, unzipSync } from 'fflate';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { CasebookError, type FieldIssue } from '@shared/errors';
import { spreadsheetColumn } from '../common';
import { type TableHandlers, type TableReading, fileProblem } from './table';

/** The sheet itself: far above a case book of 100,000 rows (~40 MB). */
export const MAX_SHEET_BYTES = 256 * 1024 * 1024;
/** Every other part read (shared strings, styles, the workbook and its relations). */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
/** Columns past this are not a spreadsheet of records (Excel's own limit is 16,384). */
const MAX_COLUMNS = 16_384;
/** The sheet is handed to the parser in pieces of this size, never decoded as one string. */
const CHUNK_BYTES = 256 * 1024;

const WORKBOOK = 'xl/workbook.xml';
const WORKBOOK_RELATIONS = 'xl/_rels/workbook.xml.rels';
const SHARED_STRINGS = 'xl/sharedStrings.xml';
const STYLES = 'xl/styles.xml';

function invalid(message: string): CasebookError {
  return new CasebookError('IMPORT_INVALID', message);
}

/** The element's name without a namespace prefix (x:c → c). */
function localName(tag: { name: string }): string {
  return tag.name.slice(tag.name.indexOf(':') + 1);
}

/** Runs saxes over UTF-8 bytes, piece by piece; `fed` is told how many bytes the parser has had. */
function parseXml(bytes: Uint8Array, part: string, listen: (parser: SaxesParser) => void, fed?: (bytes: number) => void): void {
  const parser = new SaxesParser({ xmlns: false, position: false });
  parser.on('doctype', () => {
    throw invalid(`The workbook's ${part} declares a DTD; a workbook Excel saves never does, so it is refused.`);
  });
  listen(parser);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let offset = 0; offset < bytes.length; offset += CHUNK_BYTES) {
      const end = Math.min(bytes.length, offset + CHUNK_BYTES);
      parser.write(decoder.decode(bytes.subarray(offset, end), { stream: end < bytes.length }));
      fed?.(end);
    }
    parser.close();
  } catch (error) {
    if (error instanceof CasebookError) throw error;
    throw invalid(`The workbook's ${part} cannot be read: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** The parts the reader needs, each inflated only if its declared size is within bounds. */
function unzipParts(bytes: Uint8Array, wanted: (name: string) => boolean): Record<string, Uint8Array> {
  if (bytes.length < 22) throw fileProblem('not_a_workbook', {}, 'The file is not a readable Excel workbook (.xlsx): it is too short to be one.');
  const tooLarge: string[] = [];
  let parts: Record<string, Uint8Array>;
  try {
    parts = unzipSync(bytes, {
      filter: (file: UnzipFileInfo) => {
        if (!wanted(file.name)) return false;
        const limit = file.name.startsWith('xl/worksheets/') ? MAX_SHEET_BYTES : MAX_PART_BYTES;
        if (file.originalSize > limit) {
          tooLarge.push(file.name);
          return false;
        }
        return true;
      },
    });
  } catch (error) {
    throw invalid(`The file is not a readable Excel workbook (.xlsx): ${(error as Error).message}.`);
  }
  if (tooLarge.length > 0) throw invalid(`The workbook's ${tooLarge.join(', ')} would unpack to more than a case book can hold; it is refused.`);
  return parts;
}

interface SheetEntry {
  name: string;
  relationId: string;
}

function readSheetList(workbook: Uint8Array): { sheets: SheetEntry[]; date1904: boolean } {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  parseXml(workbook, 'workbook.xml', (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag);
      if (name === 'workbookPr') date1904 = ['1', 'true'].includes(tag.attributes['date1904'] ?? '');
      if (name === 'sheet') sheets.push({ name: tag.attributes['name'] ?? '', relationId: relationIdOf(tag.attributes) });
    });
  });
  return { sheets, date1904 };
}

/** The sheet's relationship id: r:id as Excel writes it, whatever prefix the writer bound. */
function relationIdOf(attributes: Record<string, string>): string {
  const key = Object.keys(attributes).find((name) => name === 'r:id' || name.endsWith(':id'));
  return key === undefined ? '' : (attributes[key] ?? '');
}

/** Relation id → the part's path in the zip (targets are relative to xl/, or absolute). */
function readRelations(relations: Uint8Array): Map<string, string> {
  const targets = new Map<string, string>();
  parseXml(relations, 'workbook.xml.rels', (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      if (localName(tag) !== 'Relationship') return;
      const target = tag.attributes['Target'] ?? '';
      targets.set(tag.attributes['Id'] ?? '', posix.normalize(target.startsWith('/') ? target.slice(1) : `xl/${target}`));
    });
  });
  return targets;
}

/** A rich-text string is its runs joined; phonetic guides (rPh) are not part of the text. */
function readSharedStrings(part: Uint8Array | undefined): string[] {
  const strings: string[] = [];
  if (!part) return strings;
  let current: string[] | null = null;
  let inText = false;
  let phonetic = 0;
  parseXml(part, 'sharedStrings.xml', (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag);
      if (name === 'si') current = [];
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && phonetic === 0) inText = true;
    });
    parser.on('text', (text: string) => {
      if (inText && current) current.push(text);
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      const name = localName(tag);
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && current) {
        strings.push(current.join(''));
        current = null;
      }
    });
  });
  return strings;
}

/** Excel's built-in number formats that show a date or a time. */
const BUILT_IN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 30, 36, 45, 46, 47, 50, 57]);

/** A format code shows a date if it has day, month, year or hour parts outside quotes and brackets. */
export function isDateFormatCode(code: string): boolean {
  const bare = code.replace(/"[^"]*"|\[[^\]]*\]|\\./g, '');
  return /[dmyhs]/i.test(bare) && !/^(general|@)$/i.test(bare.trim());
}

/** For each cell style (the c element's s attribute), whether it shows numbers as dates. */
function readDateStyles(part: Uint8Array | undefined): boolean[] {
  const dateStyles: boolean[] = [];
  if (!part) return dateStyles;
  const customDateFormats = new Set<number>();
  let inCellFormats = false;
  parseXml(part, 'styles.xml', (parser) => {
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = localName(tag);
      if (name === 'numFmt' && isDateFormatCode(tag.attributes['formatCode'] ?? '')) customDateFormats.add(Number(tag.attributes['numFmtId']));
      else if (name === 'cellXfs') inCellFormats = true;
      else if (name === 'xf' && inCellFormats) {
        const format = Number(tag.attributes['numFmtId'] ?? 0);
        dateStyles.push(BUILT_IN_DATE_FORMATS.has(format) || customDateFormats.has(format));
      }
    });
    parser.on('closetag', (tag: SaxesTagPlain) => {
      if (localName(tag) === 'cellXfs') inCellFormats = false;
    });
  });
  return dateStyles;
}

const DAY_MS = 86_400_000;

/**
 * An Excel date number as wall-clock text the import's date reader takes (2024-03-05 14:30:00,
 * or 2024-03-05 for a whole day): Excel stores no time zone, so the time is Serbia's local time
 * as the coordinator typed it. The 1900 system counts the non-existent 29 February 1900.
 */
export function excelDateText(serial: number, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0 || serial > 2_958_465) return null; // to 9999-12-31
  const days = date1904 ? serial + 1462 : serial < 60 ? serial + 1 : serial;
  const milliseconds = Math.round(days * DAY_MS / 1000) * 1000;
  const moment = new Date(Date.UTC(1899, 11, 30) + milliseconds);
  const iso = moment.toISOString(); // read as UTC: the components are the wall clock
  return milliseconds % DAY_MS === 0 ? iso.slice(0, 10) : `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** A column's letters as a 0-based index: A → 0, AB → 27. */
function columnIndex(reference: string): number {
  let index = 0;
  for (const character of reference) {
    const code = character.charCodeAt(0);
    if (code < 65 || code > 90) break;
    index = index * 26 + (code - 64);
  }
  return index - 1;
}

function rowOf(reference: string): number {
  return Number(/\d+$/.exec(reference)?.[0] ?? NaN);
}

/** The merged ranges of the sheet, found in its bytes (they follow the rows, which are streamed). */
function mergedRanges(sheet: Uint8Array): { ref: string; firstRow: number; lastRow: number }[] {
  const buffer = Buffer.from(sheet.buffer, sheet.byteOffset, sheet.byteLength);
  const start = buffer.lastIndexOf('sheetData>');
  const at = buffer.indexOf('mergeCell', start === -1 ? 0 : start);
  if (at === -1) return [];
  const tail = buffer.subarray(at, Math.min(buffer.length, at + MAX_PART_BYTES)).toString('utf8');
  return [...tail.matchAll(/<(?:\w+:)?mergeCell\b[^>]*\bref="([A-Z]+\d+):([A-Z]+\d+)"/g)].map((match) => ({
    ref: `${match[1]}:${match[2]}`,
    firstRow: rowOf(match[1] ?? ''),
    lastRow: rowOf(match[2] ?? ''),
  }));
}

/** An opened workbook: one sheet chosen, ready to be read (as often as the import needs). */
export interface Workbook {
  sheetName: string;
  sheetNames: string[];
  /** The sheet's size in bytes, the unit of a record's `end`. */
  size: number;
  /** Said once per workbook: formulas taken as saved values, merged data cells. */
  warnings: string[];
  read(handlers: TableHandlers): TableReading;
}

function chooseSheet(sheets: SheetEntry[], wanted: string | undefined): SheetEntry {
  const names = sheets.map((sheet) => `"${sheet.name}"`).join(', ');
  if (sheets.length === 0) throw invalid('The workbook has no sheets.');
  if (wanted === undefined) return sheets[0] as SheetEntry;
  const chosen = sheets.find((sheet) => sheet.name === wanted) ?? sheets.find((sheet) => sheet.name.toLowerCase() === wanted.toLowerCase());
  if (!chosen) throw fileProblem('no_such_sheet', { sheet: wanted, sheets: names }, `The workbook has no sheet "${wanted}"; its sheets are ${names}.`);
  return chosen;
}

/** Opens an .xlsx file's bytes and chooses its first sheet, or the one named `sheet`. */
export function openWorkbook(bytes: Uint8Array, sheet?: string): Workbook {
  const metadata = unzipParts(bytes, (name) => [WORKBOOK, WORKBOOK_RELATIONS].includes(name));
  const workbookPart = metadata[WORKBOOK];
  const relationsPart = metadata[WORKBOOK_RELATIONS];
  if (!workbookPart || !relationsPart) {
    throw fileProblem('not_a_workbook', {}, 'The file is a zip archive but not an Excel workbook (.xlsx): it has no xl/workbook.xml.');
  }
  const { sheets, date1904 } = readSheetList(workbookPart);
  const chosen = chooseSheet(sheets, sheet);
  const sheetPath = readRelations(relationsPart).get(chosen.relationId);
  if (!sheetPath?.startsWith('xl/worksheets/')) throw invalid(`The sheet "${chosen.name}" is not a worksheet of cells (a chart sheet, perhaps).`);
  const parts = unzipParts(bytes, (name) => name === sheetPath || name === SHARED_STRINGS || name === STYLES);
  const sheetPart = parts[sheetPath];
  if (!sheetPart) throw invalid(`The workbook lists the sheet "${chosen.name}" but holds no ${sheetPath}.`);
  const sharedStrings = readSharedStrings(parts[SHARED_STRINGS]);
  const dateStyles = readDateStyles(parts[STYLES]);
  const merges = mergedRanges(sheetPart);
  const warnings: string[] = [];
  let warned = false;
  return {
    sheetName: chosen.name,
    sheetNames: sheets.map((entry) => entry.name),
    size: sheetPart.length,
    warnings,
    read(handlers) {
      const reading = readSheet(sheetPart, { sharedStrings, dateStyles, date1904, merges }, handlers);
      if (!warned) {
        warned = true;
        if (reading.formulaCells > 0) {
          warnings.push(`${reading.formulaCells} cell(s) hold formulas; the values Excel last saved for them were imported, never the formulas.`);
        }
        const dataMerges = merges.filter((merge) => merge.firstRow > reading.table.headerLine);
        if (dataMerges.length > 0) {
          warnings.push(`Merged cells ${dataMerges.slice(0, 5).map((merge) => merge.ref).join(', ')}${dataMerges.length > 5 ? ' …' : ''}: only the first cell of each holds the value.`);
        }
      }
      return reading.table;
    },
  };
}

interface SheetContext {
  sharedStrings: string[];
  dateStyles: boolean[];
  date1904: boolean;
  merges: { ref: string; firstRow: number; lastRow: number }[];
}

interface CellBeingRead {
  column: number;
  type: string;
  style: number;
  value: string[];
  formula: boolean;
}

/** The text a cell gives the import, or an issue if it holds an error (#N/A, #REF!…). */
/** Why a cell cannot be read: a code for the UI (import problems), the value as saved, and English words. */
interface CellProblem {
  error: string;
  code: 'missing_shared_string' | 'cell_error' | 'not_excel_date';
  value: string;
}

function cellText(cell: CellBeingRead, context: SheetContext): { text: string } | CellProblem {
  const raw = cell.value.join('');
  switch (cell.type) {
    case 's': {
      const text = context.sharedStrings[Number(raw)];
      return text === undefined ? { error: `refers to shared string ${raw}, which the workbook does not hold`, code: 'missing_shared_string', value: raw } : { text };
    }
    case 'inlineStr':
    case 'str':
    case 'd':
      return { text: raw };
    case 'b':
      return { text: raw === '1' ? 'TRUE' : 'FALSE' };
    case 'e':
      return { error: `holds the error ${raw}`, code: 'cell_error', value: raw };
    default: {
      if (raw === '') return { text: '' };
      const number = Number(raw);
      if (context.dateStyles[cell.style] === true) {
        const date = excelDateText(number, context.date1904);
        return date === null ? { error: `holds ${raw}, which is not a date Excel can show`, code: 'not_excel_date', value: raw } : { text: date };
      }
      return { text: Number.isFinite(number) ? String(number) : raw };
    }
  }
}

function isBlank(cells: readonly string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}


/** Streams the sheet's rows to the handlers: the first row with any value is the header. */
function readSheet(sheet: Uint8Array, context: SheetContext, handlers: TableHandlers): { table: TableReading; formulaCells: number } {
  let header: { cells: string[]; line: number } | null = null;
  let records = 0;
  let formulaCells = 0;
  let fed = 0;
  const malformed: FieldIssue[] = [];
  let rowNumber = 0;
  let cells: string[] = [];
  let rowProblems: { cell: string; column: number; problem: CellProblem }[] = [];
  let cell: CellBeingRead | null = null;
  let collecting = false; // inside a <v>, or an inline string's <t>
  let phonetic = 0;

  const finishRow = (): void => {
    if (header === null) {
      if (isBlank(cells)) return;
      const merged = context.merges.find((merge) => merge.firstRow <= rowNumber && merge.lastRow >= rowNumber);
      if (merged) {
        throw fileProblem(
          'header_merged',
          { row: rowNumber, cells: merged.ref },
          `The header row (row ${rowNumber}) has merged cells (${merged.ref}); unmerge them so that each column has its own name.`,
        );
      }
      const [first] = rowProblems;
      if (first) throw invalid(`The header row (row ${rowNumber}) cannot be read: cell ${first.cell} ${first.problem.error}.`);
      header = { cells, line: rowNumber };
      handlers.onHeader(cells);
      return;
    }
    if (rowProblems.length > 0) {
      // One issue per cell, under its column's header as the file spells it.
      for (const { cell: name, column, problem } of rowProblems) {
        const issue: FieldIssue = { row: rowNumber, path: '', message: `Cell ${name} ${problem.error}.`, code: problem.code, params: { cell: name, value: problem.value } };
        const headerCell = header.cells[column]?.trim();
        if (headerCell) issue.column = headerCell;
        malformed.push(issue);
      }
      return;
    }
    if (isBlank(cells)) return;
    records++;
    const width = header.cells.length;
    handlers.onRecord({ line: rowNumber, cells: cells.length >= width ? cells : [...cells, ...Array<string>(width - cells.length).fill('')], end: fed });
  };

  parseXml(
    sheet,
    'sheet',
    (parser) => {
      parser.on('opentag', (tag: SaxesTagPlain) => {
        switch (localName(tag)) {
          case 'row': {
            const declared = Number(tag.attributes['r']);
            rowNumber = Number.isInteger(declared) && declared > rowNumber ? declared : rowNumber + 1;
            cells = [];
            rowProblems = [];
            break;
          }
          case 'c': {
            const reference = tag.attributes['r'];
            const column = reference ? columnIndex(reference) : cells.length;
            if (column < 0 || column >= MAX_COLUMNS) throw invalid(`Row ${rowNumber} has a cell past column ${spreadsheetColumn(MAX_COLUMNS - 1)}.`);
            cell = { column, type: tag.attributes['t'] ?? 'n', style: Number(tag.attributes['s'] ?? 0), value: [], formula: false };
            break;
          }
          case 'v':
            collecting = cell !== null;
            break;
          case 'rPh':
            phonetic++;
            break;
          case 't':
            collecting = cell !== null && cell.type === 'inlineStr' && phonetic === 0;
            break;
          case 'f':
            if (cell) cell.formula = true;
            break;
        }
      });
      parser.on('text', (text: string) => {
        if (collecting && cell) cell.value.push(text);
      });
      parser.on('closetag', (tag: SaxesTagPlain) => {
        switch (localName(tag)) {
          case 'v':
          case 't':
            collecting = false;
            break;
          case 'rPh':
            phonetic--;
            break;
          case 'c': {
            if (!cell) break;
            const current: CellBeingRead = cell;
            cell = null;
            if (current.formula) formulaCells++;
            const read = cellText(current, context);
            while (cells.length < current.column) cells.push('');
            if ('error' in read) {
              rowProblems.push({ cell: `${spreadsheetColumn(current.column)}${rowNumber}`, column: current.column, problem: read });
              cells[current.column] = '';
            } else cells[current.column] = read.text;
            break;
          }
          case 'row':
            finishRow();
            break;
        }
      });
    },
    (bytes) => {
      fed = bytes;
    },
  );
  const found = header as { cells: string[]; line: number } | null;
  if (!found) throw fileProblem('sheet_empty', {}, 'The sheet is empty: it has no header row.');
  return { table: { header: found.cells, headerLine: found.line, records, malformed }, formulaCells };
}
