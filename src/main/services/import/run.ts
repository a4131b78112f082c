// The import pipeline: decode → parse CSV → match columns → prepare every row (no store access)
// → write in one transaction. All or nothing unless skipInvalid: any bad row rolls everything back,
// and the result lists every bad row by line, column and reason.
import { createHash } from 'node:crypto';
import { CasebookError, type FieldIssue } from '@shared/errors';
import type { Store } from '../../store';
import { now } from '../common';
import { type ColumnMap, RowCells, matchColumns } from './columns';
import { crisesAdapter } from './crises';
import { type CsvTable, readCsv } from './csv';
import { hotlineAdapter } from './hotline';
import { MemberDirectory } from './memberDirectory';
import { readableMessage } from './rowReader';
import { decodeImportFile } from './text';
import {
  type CellIssue,
  type ImportAdapter,
  type ImportKind,
  type ImportOptions,
  type ImportResult,
  type PreparedRow,
  IMPORT_KINDS,
} from './types';

/** A report longer than this helps nobody; the rest is counted in a warning. */
export const MAX_REPORTED_ISSUES = 10_000;
export const MAX_REPORTED_WARNINGS = 1_000;

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
  return located;
}

interface Prepared {
  rows: PreparedRow<unknown>[];
  issues: FieldIssue[];
  warnings: string[];
}

/** Reads and checks every row without touching the store; rows in the file that repeat are noted. */
function prepareRows(adapter: ImportAdapter<unknown>, table: CsvTable, columns: ColumnMap): Prepared {
  const rows: PreparedRow<unknown>[] = [];
  const issues: FieldIssue[] = [];
  const warnings: string[] = [];
  const lineOfKey = new Map<string, number>();
  const lineOfReference = new Map<string, number>();
  for (const record of table.records) {
    const prepared = adapter.prepare(new RowCells(columns, record.cells), columns);
    if (!prepared.ok) {
      issues.push(...prepared.issues.map((issue) => locate(issue, record.line, columns)));
      continue;
    }
    const importKey = importKeyOf(adapter.kind, prepared.canonical);
    const sameRow = lineOfKey.get(importKey);
    if (sameRow !== undefined) warnings.push(`Line ${record.line} repeats line ${sameRow}; it is imported once.`);
    else lineOfKey.set(importKey, record.line);
    if (prepared.reference !== null) {
      const sameReference = lineOfReference.get(prepared.reference);
      if (sameReference !== undefined && sameRow === undefined) {
        const issue = { column: 'reference', path: 'reference', message: `The reference ${prepared.reference} is also on line ${sameReference}.` };
        issues.push(locate(issue, record.line, columns));
        continue;
      }
      lineOfReference.set(prepared.reference, record.line);
    }
    rows.push({ line: record.line, values: prepared.values, reference: prepared.reference, importKey });
  }
  return { rows, issues, warnings };
}

/** What the store said when it refused a row, as issues on that row. */
function issuesOfRefusal(error: CasebookError, row: PreparedRow<unknown>, adapter: ImportAdapter<unknown>, columns: ColumnMap): FieldIssue[] {
  const issues = error.issues ?? [];
  if (issues.length === 0) return [{ row: row.line, path: '', message: error.message }];
  return issues.map((issue) => {
    const field = issue.path.split('.')[0] ?? '';
    const column = adapter.columns.find((spec) => spec.field === field)?.name ?? '';
    const message = issues.length === 1 ? error.message : readableMessage(issue.message);
    return locate({ column, path: issue.path, message }, row.line, columns);
  });
}

interface Written {
  imported: number;
  alreadyPresent: number;
  membersCreated: number;
  issues: FieldIssue[];
  warnings: string[];
}

function nothingWritten(): Written {
  return { imported: 0, alreadyPresent: 0, membersCreated: 0, issues: [], warnings: [] };
}

/**
 * Writes the rows inside the caller's transaction. Rows that carry a reference go first, so a
 * reference assigned to a row without one never takes a number the file itself claims. A row the
 * store refuses has written nothing (its record is inserted before anything that hangs on it).
 */
function writeRows(store: Store, adapter: ImportAdapter<unknown>, rows: PreparedRow<unknown>[], columns: ColumnMap): Written {
  const written = nothingWritten();
  const members = new MemberDirectory(store);
  const writer = adapter.writer({ store, members, at: now() });
  const ordered = [...rows.filter((row) => row.reference !== null), ...rows.filter((row) => row.reference === null)];
  for (const row of ordered) {
    const existing = writer.findExisting(row);
    if (existing) {
      written.alreadyPresent++;
      if (!existing.sameContent) {
        written.warnings.push(`Line ${row.line}: ${row.reference} is already in the store with other values; it was left unchanged.`);
      }
      continue;
    }
    try {
      writer.insert(row);
      written.imported++;
    } catch (error) {
      if (!(error instanceof CasebookError)) throw error;
      written.issues.push(...issuesOfRefusal(error, row, adapter, columns));
    }
  }
  written.membersCreated = members.membersCreated;
  return written;
}

/** Thrown inside the transaction to roll it back when any row is invalid; carries what was found. */
class RollBack extends Error {
  constructor(readonly written: Written) {
    super('import rolled back');
  }
}

/** 64 MiB of page cache while importing (SQLite's default is 2 MiB): a large import's indexes then stay in memory. */
const IMPORT_CACHE_KIB = 64 * 1024;

function withImportCache<T>(store: Store, work: () => T): T {
  const previous = store.connection.pragma('cache_size', { simple: true }) as number;
  store.connection.pragma(`cache_size = ${-IMPORT_CACHE_KIB}`);
  try {
    return work();
  } finally {
    store.connection.pragma(`cache_size = ${Math.trunc(previous)}`);
  }
}

/** One transaction for the whole file: committed when every row is fine or skipInvalid is set. */
function writeAll(
  store: Store,
  adapter: ImportAdapter<unknown>,
  prepared: Prepared,
  columns: ColumnMap,
  options: { skipInvalid: boolean; invalidBefore: number },
): { written: Written; committed: boolean } {
  try {
    const written = store.transaction(() => {
      const result = writeRows(store, adapter, prepared.rows, columns);
      if (!options.skipInvalid && options.invalidBefore + result.issues.length > 0) throw new RollBack(result);
      return result;
    });
    return { written, committed: true };
  } catch (error) {
    if (error instanceof RollBack) return { written: error.written, committed: false };
    throw error;
  }
}

function byLine(a: FieldIssue, b: FieldIssue): number {
  return (a.row ?? 0) - (b.row ?? 0);
}

function limitedWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_REPORTED_WARNINGS) return warnings;
  return [...warnings.slice(0, MAX_REPORTED_WARNINGS), `${warnings.length - MAX_REPORTED_WARNINGS} more warnings are not listed.`];
}

/** Imports a crises or hotline CSV export into the store. See ImportResult for what is reported. */
export function importCsv(store: Store, content: Uint8Array | string, options: ImportOptions): ImportResult {
  const adapter = adapterFor(options.kind);
  const decoded = decodeImportFile(content);
  const table = readCsv(decoded.text);
  const columns = matchColumns(table.header, adapter.columns);
  const prepared = prepareRows(adapter, table, columns);
  const rowIssues = [...table.malformed, ...prepared.issues];
  const skipInvalid = options.skipInvalid ?? false;
  // A file with bad rows is refused before anything is written, unless the bad rows are to be skipped.
  const { written, committed } =
    rowIssues.length > 0 && !skipInvalid
      ? { written: nothingWritten(), committed: false }
      : withImportCache(store, () => writeAll(store, adapter, prepared, columns, { skipInvalid, invalidBefore: rowIssues.length }));

  const invalid = [...rowIssues, ...written.issues].sort(byLine);
  const warnings = limitedWarnings([...decoded.warnings, ...columns.warnings, ...prepared.warnings, ...written.warnings]);
  if (table.records.length === 0 && table.malformed.length === 0) warnings.push('The file has a header but no rows.');
  if (invalid.length > MAX_REPORTED_ISSUES) warnings.push(`${invalid.length - MAX_REPORTED_ISSUES} more problems are not listed.`);
  return {
    kind: adapter.kind,
    rowsRead: table.records.length + table.malformed.length,
    imported: committed ? written.imported : 0,
    alreadyPresent: written.alreadyPresent,
    invalid: invalid.slice(0, MAX_REPORTED_ISSUES),
    invalidRows: new Set(invalid.map((issue) => issue.row)).size,
    warnings,
    membersCreated: committed ? written.membersCreated : 0,
    committed,
  };
}
