// The import pipeline, in one transaction: the reading (reading.ts) opens the file as a table, reads
// it record by record, checks each row and hands the good ones over in chunks; the writer stages
// them and writes them in bulk (bulkWriter.ts). With a reading thread the two overlap: the file is
// read and checked on one core while the rows before are written on the other. All or nothing
// unless skipInvalid: any bad row rolls everything back, and the result lists every bad row by
// line, column and reason. No row is held in JavaScript once it is staged.
import { createHash } from 'node:crypto';
import type { CasebookError, FieldIssue } from '@shared/errors';
import type { Store } from '../../store';
import { now } from '../common';
import { recordEvent } from '../audit';
import { BATCH_ROWS, BatchRefused, BulkWriter, isConstraintError } from './bulkWriter';
import type { ColumnMap } from './columns';
import { linkerFor } from './deployments';
import { CHUNK_ROWS, type ReadingEvent, type ReadingOptions, type ReadingSummary, adapterFor, locate, readImportFile } from './reading';
import { ReadingThread } from './readingThread';
import { readableMessage, ruleCodeOf } from './rowReader';
import type { ImportAdapter, ImportOptions, ImportResult } from './types';

/** A report longer than this helps nobody; the rest is counted in a warning. */
export const MAX_REPORTED_ISSUES = 10_000;
export const MAX_REPORTED_WARNINGS = 1_000;

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

/** What one pass over the file learnt: the reading's summary and what the writer wrote. */
interface ImportAttempt {
  summary: ReadingSummary | null;
  columns: ColumnMap | null;
  alreadyPresent: number;
  imported: number;
  membersCreated: number;
  /** Issues the store raised when it refused rows (row by row only). */
  refused: FieldIssue[];
  warnings: string[];
  committed: boolean;
}

/**
 * One pass over the file in one transaction; see BulkWriter for findRefusedRows. The rows come
 * from the reading (reading.ts), on its own thread when options.readerThread names it.
 */
function attemptImport(store: Store, adapter: ImportAdapter<unknown>, content: Uint8Array | string, fileSha256: () => string, options: ImportOptions, findRefusedRows: boolean): ImportAttempt {
  const dryRun = options.dryRun ?? false;
  // A dry run stages every good row, so that it can say how many an import of only those writes.
  const skipInvalid = dryRun || (options.skipInvalid ?? false);
  const batchRows = options.batchRows ?? BATCH_ROWS;
  const reading: ReadingOptions = {
    kind: adapter.kind,
    sheet: options.sheet,
    skipInvalid,
    handOverContent: options.handOverContent ?? false,
    chunkRows: CHUNK_ROWS,
    batchRows,
    shouldStop: options.shouldStop,
  };
  const attempt: ImportAttempt = { summary: null, columns: null, alreadyPresent: 0, imported: 0, membersCreated: 0, refused: [], warnings: [], committed: false };
  const readAndWrite = (): void => {
    let writer: BulkWriter<unknown> | null = null;
    const onEvent = (event: ReadingEvent): void => {
      if (event.type === 'claims') {
        // Hashed here, while the reading thread reads the first rows.
        fileSha256();
        writer = new BulkWriter(store, adapter.bulk, now(), event.claims, findRefusedRows, linkerFor(adapter.kind, store));
      } else if (event.type === 'columns') attempt.columns = event.columns;
      else if (event.type === 'chunk') writer?.stage(event.chunk);
      else if (event.type === 'progress') options.onProgress?.(event.progress);
      else attempt.summary = event.summary;
    };
    try {
      if (thread) thread.read(onEvent);
      else readImportFile(content, reading, onEvent);
      const summary = attempt.summary as ReadingSummary | null;
      const columns = attempt.columns;
      const written = writer as BulkWriter<unknown> | null;
      if (!summary || !columns || !written) throw new Error('import: the file was read without a header');
      if (summary.issues.length > 0 && !skipInvalid) throw new RollBack();
      options.onProgress?.({ phase: 'finishing', rowsRead: summary.reading.records, fileRead: 1 });
      const outcome = written.finish();
      for (const refused of outcome.refused) attempt.refused.push(...issuesOfRefusal(refused.error, refused.line, adapter, columns));
      for (const { line, reference } of outcome.otherContent) {
        attempt.warnings.push(`Line ${line}: ${reference} is already in the store with other values; it was left unchanged.`);
      }
      attempt.alreadyPresent = summary.repeated + outcome.alreadyPresent;
      attempt.imported = outcome.imported;
      attempt.membersCreated = Number(outcome.audit['membersCreated'] ?? 0);
      if (outcome.imported > 0) {
        recordEvent(store, 'import', { kind: adapter.kind, fileSha256: fileSha256(), ...outcome.audit }, { kind: adapter.bulk.recordKind });
      }
      if ((attempt.refused.length > 0 && !skipInvalid) || dryRun) throw new RollBack();
    } finally {
      (writer as BulkWriter<unknown> | null)?.close();
    }
  };
  // Started first: it loads its modules while this thread sets up the transaction.
  const thread = options.readerThread ? new ReadingThread(options.readerThread, content, reading) : null;
  try {
    // The import's commit leaves its ~68,000 pages (100,000 crises) to the checkpointer worker.
    store.largeTransaction(() => (findRefusedRows ? readAndWrite() : store.withoutBulkAwareTriggers(readAndWrite)));
    attempt.committed = true;
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
  } finally {
    thread?.close();
  }
  return attempt;
}

/** Imports crises or hotline calls from a CSV file or an Excel workbook. See ImportResult for what is reported. */
export function importSpreadsheet(store: Store, content: Uint8Array | string, options: ImportOptions): ImportResult {
  const adapter = adapterFor(options.kind);
  let hashed: string | null = null;
  const fileSha256 = (): string => (hashed ??= createHash('sha256').update(content).digest('hex'));
  // Bytes handed over may be rewritten in place by the reading: hashed before it starts.
  if (options.handOverContent) fileSha256();
  // First in bulk with nothing kept to undo one statement; if the store refuses a batch, all of it
  // is rolled back and done again row by row where needed, to name the row it refused.
  // Inside a caller's transaction a rollback would take the caller's work with it: row by row only.
  // The file is read again then, so the first pass may not rewrite it in place.
  let attempt: ImportAttempt | null = null;
  if (!store.connection.inTransaction) {
    try {
      attempt = store.withoutForeignKeyEnforcement(() => attemptImport(store, adapter, content, fileSha256, { ...options, handOverContent: false }, false));
    } catch (error) {
      if (!(error instanceof BatchRefused || isConstraintError(error))) throw error;
      options.onProgress?.({ phase: 'retrying', rowsRead: 0, fileRead: 0 });
    }
  }
  attempt ??= attemptImport(store, adapter, content, fileSha256, options, true);
  const { summary, columns, committed } = attempt;
  if (!summary || !columns) throw new Error('import: the file was read without a header');
  const read = summary.reading;
  const invalid = [...summary.issues, ...attempt.refused].sort(byLine);
  const dryRun = options.dryRun ?? false;
  const refusedBeforeWriting = !committed && !dryRun && attempt.imported === 0;
  const warnings = limitedWarnings([...summary.warnings, ...attempt.warnings]);
  if (read.records === 0 && read.malformed.length === 0) warnings.push('The file has a header but no rows.');
  if (invalid.length > MAX_REPORTED_ISSUES) warnings.push(`${invalid.length - MAX_REPORTED_ISSUES} more problems are not listed.`);
  return {
    kind: adapter.kind,
    sheet: summary.sheet,
    sheets: summary.sheets,
    rowsRead: read.records + read.malformed.length,
    imported: committed ? attempt.imported : 0,
    importable: committed || dryRun ? attempt.imported : 0,
    dryRun,
    columns: {
      recognised: adapter.columns.flatMap((spec) => {
        const header = columns.headerOf.get(spec.name);
        return header === undefined ? [] : [{ column: spec.name, header }];
      }),
      ignored: columns.ignored,
      missing: columns.missing,
    },
    preview: summary.preview,
    alreadyPresent: refusedBeforeWriting ? 0 : attempt.alreadyPresent,
    invalid: invalid.slice(0, MAX_REPORTED_ISSUES),
    invalidRows: new Set(invalid.map((issue) => issue.row)).size,
    warnings,
    membersCreated: committed || dryRun ? attempt.membersCreated : 0,
    committed,
  };
}
