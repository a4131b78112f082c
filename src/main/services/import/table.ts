// What the import reads from any spreadsheet file, CSV or Excel workbook: a header, then records
// handed over one at a time, each with the line (CSV) or row (Excel) it is on.
import { CasebookError, type FieldIssue } from '@shared/errors';

export interface TableRecord {
  /** The physical line of a CSV file, or the row number Excel shows, on which the record starts. */
  line: number;
  cells: string[];
  /** How far into the file (its bytes, or the sheet's) the reading is at the end of this record. */
  end: number;
}

export interface TableHandlers {
  /** The header, before any record; may throw to refuse the file. */
  onHeader(header: string[]): void;
  onRecord(record: TableRecord): void;
}

/** What the file holds besides its records. */
export interface TableReading {
  header: string[];
  headerLine: number;
  /** Records handed to onRecord (blank ones are skipped). */
  records: number;
  /** Records that could not be read (wrong number of fields, broken quoting, an error cell), by line. */
  malformed: FieldIssue[];
}

/** A file opened for import: read as often as the import needs (it reads the references first). */
export interface TableSource {
  /** The unit of a record's `end`. */
  size: number;
  /** The Excel sheet read, or null for CSV. */
  sheet: string | null;
  /** Every sheet of an Excel workbook, in order; empty for CSV. */
  sheets: string[];
  /** Said once per file, after the first read. */
  warnings: string[];
  read(handlers: TableHandlers): TableReading;
}

/**
 * A file the import cannot read as a whole (a missing column, an unclosed quote…), refused with
 * its problem coded as one issue, so the Import screen says it in its own language.
 */
export function fileProblem(code: string, params: Record<string, string | number>, message: string): CasebookError {
  return new CasebookError('IMPORT_INVALID', message, [{ path: '', message, code, params }]);
}
