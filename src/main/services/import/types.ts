// The shapes shared by the import pipeline and its two kinds of spreadsheet.
import type { FieldIssue } from '@shared/errors';
import type { ColumnMap, ColumnSpec, RowCells } from './columns';
import type { BulkTarget } from './bulkWriter';

export const IMPORT_KINDS = ['crises', 'hotline'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

export interface ImportOptions {
  kind: ImportKind;
  /** An Excel workbook's sheet, by name; by default its first. */
  sheet?: string;
  /** Read, check and write everything, then roll it all back: the report says what an import would do. */
  dryRun?: boolean;
  /** Import the valid rows and report the rest; by default one bad row imports nothing. */
  skipInvalid?: boolean;
  /** Rows written per batch (BATCH_ROWS); tests set it small to cross batch boundaries. */
  batchRows?: number;
  /** The caller hands the bytes over and will not read them again: they may be rewritten in place. */
  handOverContent?: boolean;
  /** Told as the file is read (at most once per percent of it) and once more before the last rows are written. */
  onProgress?: (progress: ImportProgress) => void;
}

/**
 * How far an import has come. Rows are written a batch at a time while the file is read, so the
 * part of the file read is the part of the work done, but for the last batch ('finishing'). If the
 * store refuses a row of the bulk write, everything is rolled back and the file is read again,
 * row by row, to name that row ('retrying', then 'reading' from the start).
 */
export interface ImportProgress {
  phase: 'reading' | 'finishing' | 'retrying';
  /** Data rows read so far. */
  rowsRead: number;
  /** The part of the file read, 0 to 1. */
  fileRead: number;
}

export interface ImportResult {
  kind: ImportKind;
  /** Data rows in the file (blank lines not counted). */
  rowsRead: number;
  /** Rows written to the store by this import (none in a dry run). */
  imported: number;
  /** Rows the import wrote or, in a dry run, would write (leaving out bad rows, as skipInvalid does). */
  importable: number;
  /** True when nothing was meant to be written: see ImportOptions.dryRun. */
  dryRun: boolean;
  /** The file's columns: those the import reads (as the file spells them), those it ignores, and optional ones it lacks. */
  columns: { recognised: { column: string; header: string }[]; ignored: string[]; missing: string[] };
  /** The first rows as they will be stored (their reference, if the file gives one), by line. */
  preview: PreviewRow[];
  /**
   * Rows already in the store (same import key or reference), left unchanged. Not counted when
   * the file is refused for bad rows before anything is written.
   */
  alreadyPresent: number;
  /** Every problem found, by line (`row`), column and reason. */
  invalid: FieldIssue[];
  /** How many rows have at least one problem. */
  invalidRows: number;
  warnings: string[];
  /** Lead negotiators who were not yet members and were (in a dry run: would be) added to their team. */
  membersCreated: number;
  /** False when invalid rows made the whole import roll back. */
  committed: boolean;
}

export interface PreviewRow {
  line: number;
  reference: string | null;
  values: unknown;
}

/** A problem with one cell, before the row is placed in the file. */
export interface CellIssue {
  /** The column name (e.g. started_at), or '' for the row as a whole. */
  column: string;
  /** The schema path, e.g. startedAt. */
  path: string;
  message: string;
}

/** A record read and validated without touching the store. */
export interface PreparedRow<V> {
  line: number;
  values: V;
  /** Canonical, e.g. BG-2024-007, or null to have the next reference assigned. */
  reference: string | null;
  /** sha256 of the kind and the row's canonical values. */
  importKey: string;
}

export type Preparation<V> =
  | { ok: true; values: V; reference: string | null; canonical: readonly unknown[] }
  | { ok: false; issues: CellIssue[] };

/** What differs between crises and hotline calls; the pipeline in run.ts does the rest. */
export interface ImportAdapter<V> {
  kind: ImportKind;
  columns: readonly ColumnSpec[];
  /** Reads and validates one record, without the store. */
  prepare(cells: RowCells, columns: ColumnMap): Preparation<V>;
  /** How its rows are written in bulk. */
  bulk: BulkTarget<V>;
}
