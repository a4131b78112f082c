// The shapes shared by the import pipeline and its two kinds of spreadsheet.
import { IMPORT_KINDS, type ImportKind, type ImportProgress, type ImportResult, type PreviewRow } from '@shared/imports';
import type { ColumnMap, ColumnSpec, RowCells } from './columns';
import type { BulkTarget } from './bulkWriter';

export { IMPORT_KINDS };
export type { ImportKind, ImportProgress, ImportResult, PreviewRow };

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
  /**
   * True stops the import and rolls back all it wrote (IMPORT_CANCELLED). Asked before each row is
   * read; with a reading thread, by the writer before each chunk and at least every 50 ms.
   */
  shouldStop?: () => boolean;
  /**
   * The built reading thread (out/main/importReader.js): the file is read and checked there while
   * this thread writes. Without it both happen here, one after the other, with the same result.
   */
  readerThread?: string;
}

/** A problem with one cell, before the row is placed in the file. */
export interface CellIssue {
  /** The column name (e.g. started_at), or '' for the row as a whole. */
  column: string;
  /** The schema path, e.g. startedAt. */
  path: string;
  message: string;
  /** What the problem is and the values it names, for the UI's own words (see values.ts). */
  code?: string;
  params?: Record<string, string | number>;
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
  /** A prepared row as it will be stored, by column name: what the screen previews. */
  previewOf(values: V): PreviewRow['values'];
  /** How its rows are written in bulk. */
  bulk: BulkTarget<V>;
}
