// The reading half of an import: open the file as a table, read the references it claims, then
// read and check every record and turn each good one into the row the writer stages. It never
// touches the store, so it runs on a thread of its own while the writer inserts (readerWorker.ts),
// or in the writer's own thread when there is none. Either way it speaks in events, in the same
// order: the references the file claims, columns, chunks of staged rows (and progress), then the end.
import { hash } from 'node:crypto';
import { CasebookError, type FieldIssue } from '@shared/errors';
import { type ReferenceClaim, type SqlValue, referenceNumber, seriesColumnsOf } from './bulkWriter';
import { type ColumnMap, RowCells, matchColumns, normaliseHeader } from './columns';
import { crisesAdapter } from './crises';
import { readCsv, withLineFeeds } from './csv';
import { hotlineAdapter } from './hotline';
import type { TableReading, TableRecord, TableSource } from './table';
import { decodeImportFile, isZipArchive } from './text';
import { type CellIssue, type ImportAdapter, type ImportKind, type ImportProgress, type PreviewRow, IMPORT_KINDS } from './types';
import { openWorkbook } from './xlsx';
import { newId } from '../common';

/** Rows shown as they will be stored, before a person decides to import. */
export const PREVIEW_ROWS = 10;
/** Rows per chunk handed to the writer: small enough that writing starts early, large enough to be cheap to pass. */
export const CHUNK_ROWS = 2_000;

export function adapterFor(kind: ImportKind): ImportAdapter<unknown> {
  if (kind === 'crises') return crisesAdapter as ImportAdapter<unknown>;
  if (kind === 'hotline') return hotlineAdapter as ImportAdapter<unknown>;
  throw new CasebookError('IMPORT_INVALID', `Unknown import kind "${String(kind)}"; expected ${IMPORT_KINDS.join(' or ')}.`);
}

export function importKeyOf(kind: ImportKind, canonical: readonly unknown[]): string {
  // One call: a Hash object per row cost a third of the key's time.
  return hash('sha256', JSON.stringify([kind, ...canonical]), 'hex');
}

export function cancelled(): CasebookError {
  return new CasebookError('IMPORT_CANCELLED', 'The import was cancelled; nothing was written.');
}

/** Where an issue is reported: the header as the file spells it. */
export function locate(issue: CellIssue, line: number, columns: ColumnMap): FieldIssue {
  const located: FieldIssue = { row: line, path: issue.path, message: issue.message };
  if (issue.column !== '') located.column = columns.headerOf.get(issue.column) ?? issue.column;
  if (issue.code !== undefined) located.code = issue.code;
  if (issue.params !== undefined) located.params = issue.params;
  return located;
}

export interface ReadingOptions {
  kind: ImportKind;
  sheet?: string | undefined;
  /** Stage the good rows even when some are bad (a dry run, or importing only the valid rows). */
  skipInvalid: boolean;
  /** The caller hands the bytes over and will not read them again: they may be rewritten in place. */
  handOverContent: boolean;
  /** Rows per chunk handed over; a batch is handed over in chunks of at most this many. */
  chunkRows: number;
  /** Rows per write batch at most (BATCH_ROWS). */
  batchRows: number;
  /**
   * On the reading thread: true while the writer has written everything handed over and waits.
   * The batch being gathered is then handed over as soon as it fills a chunk, so that the writer
   * starts on the first rows and never sits idle while the reader gathers a whole batch; while
   * the writer is busy, batches grow to batchRows (see BATCH_ROWS).
   */
  writerWaiting?: (() => boolean) | undefined;
  /** Asked before each row; true stops the reading with IMPORT_CANCELLED. */
  shouldStop?: (() => boolean) | undefined;
}

/**
 * Staged rows, as one JSON array of arrays: [line, ...values in `columns` order, but those in
 * `alike`]. One string is cheap to hand to another thread and is staged by one statement
 * (BulkWriter.stage). The rows of a write batch come in the order they are written, numbered
 * here as far as the file alone can number them (see RowChecker.flushBatch): `row_id` is the
 * row's place in its batch and, for a row without a reference, `reference_seq` its place among
 * the batch's rows of its series, in the file's order. The writer adds what the store knows.
 */
export interface StagedChunk {
  columns: string[];
  /** Of `columns`, those staged beside the record for the linker, not columns of the record. */
  extras: string[];
  rows: number;
  /**
   * Columns with the same value in every row of the chunk, left out of `json`: a spreadsheet
   * fills about half of a crisis's columns, the rest take their defaults.
   */
  alike: Record<string, SqlValue>;
  json: string;
  /** On a batch's first chunk: the series its rows without a reference count in, each as its values in seriesColumnsOf's order. */
  opensBatch: SqlValue[][] | null;
  /**
   * On a batch's last chunk, but for the file's last batch: the writer writes that one when the
   * reading has ended (BulkWriter.finish), after the progress says it is finishing.
   */
  closesBatch: boolean;
}

/** What the reading learnt besides the rows, when it ends. */
export interface ReadingSummary {
  sheet: string | null;
  sheets: string[];
  /** The file's own warnings (encoding, workbook), then the header's, then the rows'. */
  warnings: string[];
  issues: FieldIssue[];
  preview: PreviewRow[];
  /** Lines that repeat an earlier line of the file: imported once. */
  repeated: number;
  reading: TableReading;
}

export type ReadingEvent =
  | { type: 'claims'; claims: ReferenceClaim[] }
  | { type: 'columns'; columns: ColumnMap }
  | { type: 'chunk'; chunk: StagedChunk }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'end'; summary: ReadingSummary };

function bufferOf(content: Uint8Array | string): ArrayBufferLike | null {
  return typeof content === 'string' ? null : content.buffer;
}

/** The file as a table: an Excel workbook's chosen sheet, or CSV text in any encoding Excel writes. */
function openTable(content: Uint8Array | string, options: ReadingOptions): TableSource {
  if (typeof content !== 'string' && isZipArchive(content)) {
    const workbook = openWorkbook(content, options.sheet);
    return { size: workbook.size, sheet: workbook.sheetName, sheets: workbook.sheetNames, warnings: workbook.warnings, read: (handlers) => workbook.read(handlers) };
  }
  if (options.sheet !== undefined) throw new CasebookError('IMPORT_INVALID', 'A sheet can be chosen only in an Excel workbook (.xlsx); this file is CSV.');
  const decoded = decodeImportFile(content);
  // A 100,000-row file is ~35 MB; normalising its line ends in place spares a copy of it.
  const bytes = withLineFeeds(decoded.bytes, options.handOverContent || decoded.bytes.buffer !== bufferOf(content));
  return { size: bytes.length, sheet: null, sheets: [], warnings: decoded.warnings, read: (handlers) => readCsv(bytes, handlers) };
}

/** Stops the reading of a file that has no reference column. */
const NO_REFERENCES = new Error('no reference column');

/**
 * The references the file claims, read before any row is written: rows are written a batch at a
 * time, and a number given to a row without a reference must not be one a later row claims.
 * A file it cannot read gives none; reading it for the import proper says what is wrong.
 */
function referenceClaims(adapter: ImportAdapter<unknown>, table: TableSource): ReferenceClaim[] {
  const claims: ReferenceClaim[] = [];
  let column = -1;
  try {
    table.read({
      onHeader: (header) => {
        column = header.findIndex((name) => normaliseHeader(name) === 'reference');
        if (column === -1) throw NO_REFERENCES;
      },
      onRecord: ({ cells }) => {
        const claim = adapter.bulk.claimOf(cells[column] ?? '');
        if (claim) claims.push(claim);
      },
    });
  } catch (error) {
    if (error !== NO_REFERENCES && !(error instanceof CasebookError)) throw error;
  }
  return claims;
}

/** Checks records one by one and gathers the good ones into chunks. */
class RowChecker {
  columns: ColumnMap | null = null;
  readonly issues: FieldIssue[] = [];
  readonly warnings: string[] = [];
  readonly preview: PreviewRow[] = [];
  repeated = 0;
  private readonly lineOfKey = new Map<string, number>();
  private readonly lineOfReference = new Map<string, number>();
  private rowsRead = 0;
  private nextProgressAt = 0;
  /** The batch being gathered, in the file's order: [line, ...values in stagedColumns order]. */
  private batch: SqlValue[][] = [];
  private stagedColumns: string[] | null = null;
  private extras: string[] = [];

  constructor(
    private readonly adapter: ImportAdapter<unknown>,
    private readonly options: ReadingOptions,
    private readonly fileBytes: number,
    private readonly emit: (event: ReadingEvent) => void,
  ) {}

  /** One record of the file, as it is read; progress is told once per percent of the file. */
  take(record: TableRecord): void {
    if (this.options.shouldStop?.()) throw cancelled();
    this.rowsRead++;
    this.check(record);
    if (record.end >= this.nextProgressAt) {
      this.nextProgressAt = record.end + this.fileBytes / 100;
      this.emit({ type: 'progress', progress: { phase: 'reading', rowsRead: this.rowsRead, fileRead: Math.min(1, record.end / this.fileBytes) } });
    }
  }

  /** Reads and checks one record; a good one is staged unless the file is already known to be refused. */
  private check(record: TableRecord): void {
    const columns = this.columns as ColumnMap;
    const prepared = this.adapter.prepare(new RowCells(columns, record.cells), columns);
    if (!prepared.ok) {
      this.issues.push(...prepared.issues.map((issue) => locate(issue, record.line, columns)));
      return;
    }
    const importKey = importKeyOf(this.adapter.kind, prepared.canonical);
    const sameRow = this.lineOfKey.get(importKey);
    if (sameRow !== undefined) {
      this.warnings.push(`Line ${record.line} repeats line ${sameRow}; it is imported once.`);
      this.repeated++;
      return;
    }
    this.lineOfKey.set(importKey, record.line);
    if (prepared.reference !== null) {
      const sameReference = this.lineOfReference.get(prepared.reference);
      if (sameReference !== undefined) {
        const issue = {
          column: 'reference',
          path: 'reference',
          message: `The reference ${prepared.reference} is also on line ${sameReference}.`,
          code: 'reference_repeated',
          params: { reference: prepared.reference, line: sameReference },
        };
        this.issues.push(locate(issue, record.line, columns));
        return;
      }
      this.lineOfReference.set(prepared.reference, record.line);
    }
    // A file with a bad row is refused whole, so nothing more needs staging.
    if (this.issues.length > 0 && !this.options.skipInvalid) return;
    if (this.preview.length < PREVIEW_ROWS) {
      this.preview.push({ line: record.line, reference: prepared.reference, values: this.adapter.previewOf(prepared.values) });
    }
    this.stage(record.line, prepared.values, prepared.reference, importKey);
  }

  /** The row as the staging table holds it: the record's columns, its numbering and its extras. */
  private stage(line: number, values: unknown, reference: string | null, importKey: string): void {
    const target = this.adapter.bulk;
    const columns = target.columnsOf(values);
    const explicit = reference ? referenceNumber(reference) : null;
    const series = target.referenceSeries(columns, explicit);
    const extras = target.extrasOf?.(values) ?? {};
    const record: Record<string, SqlValue> = {
      row_id: null, // its place in the batch (flushBatch)
      id: newId(),
      reference: null,
      reference_prefix: series.prefix,
      explicit_reference: explicit ? 1 : 0,
      reference_year: series.year,
      reference_seq: explicit?.seq ?? null,
      import_key: importKey,
      ...columns,
      ...extras,
    };
    // Every row has the same keys: the first one names the staged columns.
    if (!this.stagedColumns) {
      this.stagedColumns = Object.keys(record);
      this.extras = Object.keys(extras);
    }
    const row: SqlValue[] = [line];
    for (const name of this.stagedColumns) row.push(record[name] ?? null);
    this.batch.push(row);
    const gathered = this.batch.length;
    if (gathered >= this.options.batchRows || (gathered >= this.options.chunkRows && this.options.writerWaiting?.())) this.flushBatch();
  }

  /**
   * Hands the gathered batch over in the order it is written (the target's writeOrder, then the
   * line), numbered as far as the file alone can: this thread has the time, the writer does not
   * (numbering 20,000 rows in SQL, and copying them into write order, took the writer 0.15-0.2 s).
   */
  flushBatch(atEnd = false): void {
    const columns = this.stagedColumns;
    if (this.batch.length === 0 || !columns) return;
    const rows = this.batch;
    this.batch = [];
    const target = this.adapter.bulk;
    const at = (name: string): number => columns.indexOf(name) + 1;
    const [rowId, seq, explicit, order] = [at('row_id'), at('reference_seq'), at('explicit_reference'), at(target.writeOrder)];
    const seriesAt = seriesColumnsOf(target).map(at);
    const placeInSeries = new Map<string, number>();
    const series: SqlValue[][] = [];
    for (const row of rows) {
      if (row[explicit] !== 0) continue;
      const values = seriesAt.map((index) => row[index] ?? null);
      const key = JSON.stringify(values);
      const place = (placeInSeries.get(key) ?? 0) + 1;
      placeInSeries.set(key, place);
      row[seq] = place;
      if (place === 1) series.push(values);
    }
    rows.sort((a, b) => {
      const [left, right] = [a[order] ?? '', b[order] ?? ''];
      return left < right ? -1 : left > right ? 1 : Number(a[0]) - Number(b[0]);
    });
    rows.forEach((row, index) => (row[rowId] = index + 1));
    for (let start = 0; start < rows.length; start += this.options.chunkRows) {
      const end = Math.min(rows.length, start + this.options.chunkRows);
      this.handOver(rows.slice(start, end), start === 0 ? series : null, end === rows.length && !atEnd);
    }
  }

  private handOver(chunkRows: SqlValue[][], opensBatch: SqlValue[][] | null, closesBatch: boolean): void {
    const columns = this.stagedColumns ?? [];
    const [first] = chunkRows as [SqlValue[], ...SqlValue[][]];
    const alike: Record<string, SqlValue> = {};
    const differing: number[] = [];
    columns.forEach((name, index) => {
      const value = first[index + 1] ?? null;
      if (chunkRows.every((row) => row[index + 1] === value)) alike[name] = value;
      else differing.push(index + 1);
    });
    const rows = chunkRows.map((row) => [row[0] ?? null, ...differing.map((index) => row[index] ?? null)]);
    const chunk: StagedChunk = { columns, extras: this.extras, rows: rows.length, alike, json: JSON.stringify(rows), opensBatch, closesBatch };
    this.emit({ type: 'chunk', chunk });
  }
}

/** Reads the whole file, telling `emit` what it finds, in order; a file it cannot read throws (IMPORT_INVALID). */
export function readImportFile(content: Uint8Array | string, options: ReadingOptions, emit: (event: ReadingEvent) => void): void {
  const adapter = adapterFor(options.kind);
  const table = openTable(content, options);
  // Read before any row: the writer numbers its first batch after every number the file claims.
  emit({ type: 'claims', claims: referenceClaims(adapter, table) });
  const checker = new RowChecker(adapter, options, table.size, emit);
  const reading = table.read({
    onHeader: (header) => {
      checker.columns = matchColumns(header, adapter.columns);
      emit({ type: 'columns', columns: checker.columns });
    },
    onRecord: (record) => checker.take(record),
  });
  checker.flushBatch(true);
  const columns = checker.columns as ColumnMap;
  emit({
    type: 'end',
    summary: {
      sheet: table.sheet,
      sheets: table.sheets,
      warnings: [...table.warnings, ...columns.warnings, ...checker.warnings],
      issues: [...checker.issues, ...reading.malformed],
      preview: checker.preview,
      repeated: checker.repeated,
      reading,
    },
  });
}
