// Spreadsheet import (CSV files and Excel workbooks) from the app's Import screen: what the
// renderer asks, what main answers, and the report an import gives (the CLI prints the same one).
// The file itself never crosses the bridge: main shows the open dialog, keeps the bytes it read,
// and names them by an id the screen passes back.
import { z } from 'zod';
import { errorEnvelope, fieldIssue } from './errors';

export const IMPORT_KINDS = ['crises', 'hotline'] as const;
export const importKind = z.enum(IMPORT_KINDS);
export type ImportKind = z.infer<typeof importKind>;

/** Far above any real case book (100,000 crises are ~35 MB of CSV); a larger file is a mistake, not a spreadsheet. */
export const MAX_IMPORT_FILE_BYTES = 256 * 1024 * 1024;

export const importProgress = z.object({
  /**
   * Rows are written a batch at a time as the file is read, so the part read is the part done,
   * but for the last batch ('finishing'). 'retrying': the store refused a row of a bulk write,
   * everything was rolled back and the file is read again row by row, to name that row.
   */
  phase: z.enum(['reading', 'finishing', 'retrying']),
  /** Data rows read so far. */
  rowsRead: z.number().int().min(0),
  /** The part of the file read, 0 to 1. */
  fileRead: z.number().min(0).max(1),
});
export type ImportProgress = z.infer<typeof importProgress>;

export const previewRow = z.object({
  line: z.number().int(),
  /** The row's reference, if the file gives one; otherwise the next free one is assigned. */
  reference: z.string().nullable(),
  /** The record as it will be stored, by column name: team slugs, instants in ISO 8601, codes for types and outcomes. */
  values: z.record(z.string(), z.union([z.string(), z.number(), z.null()])),
});
export type PreviewRow = z.infer<typeof previewRow>;

export const importResult = z.object({
  kind: importKind,
  /** The Excel sheet read, or null for CSV. */
  sheet: z.string().nullable(),
  /** Every sheet of an Excel workbook, in order; empty for CSV. */
  sheets: z.array(z.string()),
  /** Data rows in the file (blank lines not counted). */
  rowsRead: z.number().int(),
  /** Rows written to the store by this import (none in a dry run). */
  imported: z.number().int(),
  /** Rows the import wrote or, in a dry run, would write (leaving out bad rows, as skipInvalid does). */
  importable: z.number().int(),
  /** True when nothing was meant to be written: see ImportOptions.dryRun. */
  dryRun: z.boolean(),
  /** The file's columns: those the import reads (as the file spells them), those it ignores, and optional ones it lacks. */
  columns: z.object({
    recognised: z.array(z.object({ column: z.string(), header: z.string() })),
    ignored: z.array(z.string()),
    missing: z.array(z.string()),
  }),
  /** The first rows as they will be stored, by line. */
  preview: z.array(previewRow),
  /**
   * Rows already in the store (same import key or reference), left unchanged. Not counted when
   * the file is refused for bad rows before anything is written.
   */
  alreadyPresent: z.number().int(),
  /** Every problem found, by line (`row`), column and reason. */
  invalid: z.array(fieldIssue),
  /** How many rows have at least one problem. */
  invalidRows: z.number().int(),
  warnings: z.array(z.string()),
  /** Lead negotiators who were not yet members and were (in a dry run: would be) added to their team. */
  membersCreated: z.number().int(),
  /** False when invalid rows made the whole import roll back. */
  committed: z.boolean(),
});
export type ImportResult = z.infer<typeof importResult>;

// ---- The Import screen's channels -----------------------------------------------------------

const fileId = z.uuid();

export const importOpenInput = z.object({ kind: importKind }).strict();
export const importCheckInput = z
  .object({ fileId, kind: importKind, sheet: z.string().min(1).max(255).optional() })
  .strict();
export const importCommitInput = z
  .object({
    fileId,
    /** Import the valid rows and leave the bad ones out; otherwise a file with a bad row imports nothing. */
    onlyValidRows: z.boolean().default(false),
  })
  .strict();
export const importFileInput = z.object({ fileId }).strict();

/**
 * Where the screen's one file is: being checked (a dry run: read, checked and written, then
 * rolled back), checked, being imported, imported, or stopped (cancelled, or failed with `error`).
 */
export const importStep = z.enum(['checking', 'checked', 'importing', 'imported', 'cancelled', 'failed']);
export type ImportStep = z.infer<typeof importStep>;

export const importStatus = z.object({
  fileId,
  fileName: z.string(),
  byteLength: z.number().int(),
  kind: importKind,
  sheet: z.string().nullable(),
  step: importStep,
  /** True once Cancel was asked for and the work has not stopped yet. */
  cancelling: z.boolean(),
  progress: importProgress,
  /** The last dry run's report: what an import would do. */
  check: importResult.nullable(),
  /** The import's own report, once it has run. */
  outcome: importResult.nullable(),
  /** Why the last step failed (a file that is not a spreadsheet, a missing column…). */
  error: errorEnvelope.nullable(),
});
export type ImportStatus = z.infer<typeof importStatus>;

/**
 * What the screen asks for while a step runs: only how far it has come. The reports (up to
 * 10,000 problems) come once, with imports.status, when the step has ended.
 */
export const importRunning = importStatus.pick({ fileId: true, step: true, cancelling: true, progress: true });
export type ImportRunning = z.infer<typeof importRunning>;

/** What choosing a file gives: nothing when the person closed the dialog. */
export const importOpened = z.object({ opened: z.boolean(), status: importStatus.nullable() });
