// The import pipeline, in one transaction: open the file as a table → read it record by record → check each row
// and stage the good ones → write the staged rows in bulk (bulkWriter.ts). All or nothing unless
// skipInvalid: any bad row rolls everything back, and the result lists every bad row by line,
// column and reason. No row is held in JavaScript once it is staged.
import { createHash } from 'node:crypto';
import { CasebookError, type FieldIssue } from '@shared/errors';
import type { Store } from '../../store';
import { now } from '../common';
import { recordEvent } from '../audit';
import { BatchRefused, BulkWriter, type ReferenceClaim, isConstraintError } from './bulkWriter';
import { type ColumnMap, RowCells, matchColumns, normaliseHeader } from './columns';
import { crisesAdapter } from './crises';
import { readCsv, withLineFeeds } from './csv';
import { hotlineAdapter } from './hotline';
import { readableMessage, ruleCodeOf } from './rowReader';
import type { TableReading, TableRecord, TableSource } from './table';
import { decodeImportFile, isZipArchive } from './text';
import { type CellIssue, type ImportAdapter, type ImportKind, type ImportOptions, type ImportProgress, type ImportResult, type PreviewRow, IMPORT_KINDS } from './types';
import { openWorkbook } from './xlsx';

/** A report longer than this helps nobody; the rest is counted in a warning. */
export const MAX_REPORTED_ISSUES = 10_000;
export const MAX_REPORTED_WARNINGS = 1_000;
/** Rows shown as they will be stored, before a person decides to import. */
export const PREVIEW_ROWS = 10;

function adapterFor(kind: ImportKind): ImportAdapter<unknown> {
  if (kind === 'crises') return crisesAdapter as ImportAdapter<unknown>;
  if (kind === 'hotline') return hotlineAdapter as ImportAdapter<unknown>;
  throw new CasebookError('IMPORT_INVALID', `Unknown import kind "${String(kind)}"; expected ${IMPORT_KINDS.join(' or ')}.`);
}

export function importKeyOf(kind: ImportKind, canonical: readonly unknown[]): string {
  return createHash('sha256').update(JSON.stringify([kind, ...canonical]), 'utf8').digest('hex');
}

/** Where an issue is reported: the header as the file spells it. */
function locate(issue: CellIssue, line: number, columns: ColumnMap): FieldIssue {
  const located: FieldIssue = { row: line, path: issue.path, message: issue.message };
  if (issue.column !== '') located.column = columns.headerOf.get(issue.column) ?? issue.column;
  if (issue.code !== undefined) located.code = issue.code;
  if (issue.params !== undefined) located.params = issue.params;
  return located;
}

function cancelled(): CasebookError {
  return new CasebookError('IMPORT_CANCELLED', 'The import was cancelled; nothing was written.');
}

/** Thrown inside the transaction to roll it back when any row is invalid; carries what was found. */
class RollBack extends Error {
  constructor() {
    super('import rolled back');
  }
}

function byLine(a: FieldIssue, b: FieldIssue): number {
  return (a.row ?? 0) - (b.row ?? 0);
}

function limitedWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_REPORTED_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_REPORTED_WARNINGS), `${warnings.length - MAX_REPORTED_WARNINGS} more warnings are not listed.`];
}

/** What the store said when it refused a row, as issues on that row. */
function issuesOfRefusal(error: CasebookError, line: number, adapter: ImportAdapter<unknown>, columns: ColumnMap): FieldIssue[] {
  const issues = error.issues ?? [];
  if (issues.length === 0) return [{ row: line, path: '', message: error.message }];
  return issues.map((issue) => {
    const field = issue.path.split('.')[0] ?? '';
    const column = adapter.columns.find((spec) => spec.field === field)?.name ?? '';
    const message = issues.length === 1 ? error.message : readableMessage(issue.message);
    // The services' rule codes (reference_taken…) name the problem as the import's own do.
    const code = ruleCodeOf(issue.message);
    return locate({ column, path: issue.path, message, ...(code ? { code, params: {} } : {}) }, line, columns);
  });
}

/** Everything one import learns while reading, checking and writing the file. */
class ImportRun {
  columns: ColumnMap | null = null;
  readonly issues: FieldIssue[] = [];
  readonly warnings: string[] = [];
  alreadyPresent = 0;
  imported = 0;
  membersCreated = 0;
  readonly preview: PreviewRow[] = [];
  private readonly lineOfKey = new Map<string, number>();
  private readonly lineOfReference = new Map<string, number>();
  private rowsRead = 0;
  private nextProgressAt = 0;

  constructor(
    private readonly adapter: ImportAdapter<unknown>,
    private readonly writer: BulkWriter<unknown>,
    private readonly skipInvalid: boolean,
    private readonly fileBytes: number,
    private readonly onProgress: ((progress: ImportProgress) => void) | undefined,
    private readonly shouldStop: (() => boolean) | undefined,
  ) {}

  /** One record of the file, as it is read; progress is told once per percent of the file. */
  take(record: TableRecord): void {
    if (this.shouldStop?.()) throw cancelled();
    this.rowsRead++;
    this.check(record);
    if (this.onProgress && record.end >= this.nextProgressAt) {
      this.nextProgressAt = record.end + this.fileBytes / 100;
      this.onProgress({ phase: 'reading', rowsRead: this.rowsRead, fileRead: Math.min(1, record.end / this.fileBytes) });
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
      this.alreadyPresent++;
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
    if (this.issues.length > 0 && !this.skipInvalid) return;
    if (this.preview.length < PREVIEW_ROWS) {
      this.preview.push({ line: record.line, reference: prepared.reference, values: this.adapter.previewOf(prepared.values) });
    }
    this.writer.add({ line: record.line, values: prepared.values, reference: prepared.reference, importKey });
  }

  /** Writes what was staged; the import's audit entry says what was written. */
  write(store: Store, fileSha256: string): void {
    this.onProgress?.({ phase: 'finishing', rowsRead: this.rowsRead, fileRead: 1 });
    const outcome = this.writer.finish();
    const columns = this.columns as ColumnMap;
    for (const refused of outcome.refused) this.issues.push(...issuesOfRefusal(refused.error, refused.line, this.adapter, columns));
    for (const { line, reference } of outcome.otherContent) {
      this.warnings.push(`Line ${line}: ${reference} is already in the store with other values; it was left unchanged.`);
    }
    this.alreadyPresent += outcome.alreadyPresent;
    this.imported = outcome.imported;
    this.membersCreated = Number(outcome.audit['membersCreated'] ?? 0);
    if (outcome.imported > 0) {
      recordEvent(store, 'import', { kind: this.adapter.kind, fileSha256, ...outcome.audit }, { kind: this.adapter.bulk.recordKind });
    }
  }
}

function bufferOf(content: Uint8Array | string): ArrayBufferLike | null {
  return typeof content === 'string' ? null : content.buffer;
}

/** The file as a table: an Excel workbook's chosen sheet, or CSV text in any encoding Excel writes. */
function openTable(content: Uint8Array | string, options: ImportOptions): TableSource {
  if (typeof content !== 'string' && isZipArchive(content)) {
    const workbook = openWorkbook(content, options.sheet);
    return { size: workbook.size, sheet: workbook.sheetName, sheets: workbook.sheetNames, warnings: workbook.warnings, read: (handlers) => workbook.read(handlers) };
  }
  if (options.sheet !== undefined) throw new CasebookError('IMPORT_INVALID', 'A sheet can be chosen only in an Excel workbook (.xlsx); this file is CSV.');
  const decoded = decodeImportFile(content);
  // A 100,000-row file is ~35 MB; normalising its line ends in place spares a copy of it.
  const bytes = withLineFeeds(decoded.bytes, options.handOverContent === true || decoded.bytes.buffer !== bufferOf(content));
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

interface ImportAttempt {
  run: ImportRun | null;
  reading: TableReading | null;
  committed: boolean;
}

/** One pass over the file in one transaction; see BulkWriter for findRefusedRows. */
function attemptImport(store: Store, adapter: ImportAdapter<unknown>, table: TableSource, fileSha256: string, options: ImportOptions, findRefusedRows: boolean): ImportAttempt {
  const dryRun = options.dryRun ?? false;
  // A dry run stages every good row, so that it can say how many an import of only those writes.
  const skipInvalid = dryRun || (options.skipInvalid ?? false);
  const attempt: ImportAttempt = { run: null, reading: null, committed: false };
  const readAndWrite = (): void => {
    const writer = new BulkWriter(store, adapter.bulk, now(), referenceClaims(adapter, table), findRefusedRows, options.batchRows);
    const current = new ImportRun(adapter, writer, skipInvalid, table.size, options.onProgress, options.shouldStop);
    attempt.run = current;
    try {
      const reading = table.read({
        onHeader: (header) => {
          current.columns = matchColumns(header, adapter.columns);
        },
        onRecord: (record) => current.take(record),
      });
      attempt.reading = reading;
      current.issues.push(...reading.malformed);
      if (current.issues.length > 0 && !skipInvalid) throw new RollBack();
      current.write(store, fileSha256);
      if ((current.issues.length > 0 && !skipInvalid) || dryRun) throw new RollBack();
    } finally {
      writer.close();
    }
  };
  try {
    store.transaction(() => (findRefusedRows ? readAndWrite() : store.withoutBulkAwareTriggers(readAndWrite)));
    attempt.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  }
  return attempt;
}

/** Imports crises or hotline calls from a CSV file or an Excel workbook. See ImportResult for what is reported. */
export function importSpreadsheet(store: Store, content: Uint8Array | string, options: ImportOptions): ImportResult {
  const adapter = adapterFor(options.kind);
  const table = openTable(content, options);
  const fileSha256 = createHash('sha256').update(content).digest('hex');
  // First in bulk with nothing kept to undo one statement; if the store refuses a batch, all of it
  // is rolled back and done again row by row where needed, to name the row it refused.
  // Inside a caller's transaction a rollback would take the caller's work with it: row by row only.
  let attempt: ImportAttempt | null = null;
  if (!store.connection.inTransaction) {
    try {
      attempt = store.withoutForeignKeyEnforcement(() => attemptImport(store, adapter, table, fileSha256, options, false));
    } catch (error) {
      if (!(error instanceof BatchRefused || isConstraintError(error))) throw error;
      options.onProgress?.({ phase: 'retrying', rowsRead: 0, fileRead: 0 });
    }
  }
  attempt ??= attemptImport(store, adapter, table, fileSha256, options, true);
  const { run: finished, reading: read, committed } = attempt;
  if (!finished || !read || !finished.columns) throw new Error('import: the file was read without a header');
  const invalid = finished.issues.sort(byLine);
  const dryRun = options.dryRun ?? false;
  const refusedBeforeWriting = !committed && !dryRun && finished.imported === 0;
  const warnings = limitedWarnings([...table.warnings, ...finished.columns.warnings, ...finished.warnings]);
  if (read.records === 0 && read.malformed.length === 0) warnings.push('The file has a header but no rows.');
  if (invalid.length > MAX_REPORTED_ISSUES) warnings.push(`${invalid.length - MAX_REPORTED_ISSUES} more problems are not listed.`);
  return {
    kind: adapter.kind,
    sheet: table.sheet,
    sheets: table.sheets,
    rowsRead: read.records + read.malformed.length,
    imported: committed ? finished.imported : 0,
    importable: committed || dryRun ? finished.imported : 0,
    dryRun,
    columns: {
      recognised: adapter.columns.flatMap((spec) => {
        const header = finished.columns?.headerOf.get(spec.name);
        return header === undefined ? [] : [{ column: spec.name, header }];
      }),
      ignored: finished.columns.ignored,
      missing: finished.columns.missing,
    },
    preview: finished.preview,
    alreadyPresent: refusedBeforeWriting ? 0 : finished.alreadyPresent,
    invalid: invalid.slice(0, MAX_REPORTED_ISSUES),
    invalidRows: new Set(invalid.map((issue) => issue.row)).size,
    warnings,
    membersCreated: committed || dryRun ? finished.membersCreated : 0,
    committed,
  };
}
