// Reads one record's cells into a domain input, collecting every problem instead of stopping at the first.
import type { z } from 'zod';
import type { ColumnMap, RowCells } from './columns';
import type { CellIssue } from './types';
import { type CellValue, readText } from './values';

/** The domain's rule codes, said so a coordinator can fix the spreadsheet. */
const RULE_MESSAGES: Record<string, string> = {
  released_exceeds_hostages: 'hostages_released is larger than hostages.',
  ended_before_started: 'ended_at is before started_at.',
  outcome_required_when_closed: 'A crisis with ended_at needs an outcome.',
  end_required_with_outcome: 'A crisis with an outcome needs ended_at.',
  invalid_reference: 'The reference does not fit this team or kind.',
  reference_taken: 'The reference is already used by another record.',
};

export function readableMessage(message: string): string {
  return RULE_MESSAGES[message] ?? message;
}

export class RowReader {
  readonly issues: CellIssue[] = [];

  constructor(private readonly cells: RowCells) {}

  private add(column: string, path: string, message: string): undefined {
    this.issues.push({ column, path, message });
    return undefined;
  }

  /** The cell read by `reader`; an empty cell is passed on too (the reader decides what empty means). */
  optional<T>(column: string, path: string, reader: (cell: string) => CellValue<T>): T | undefined {
    const result = reader(this.cells.get(column));
    return result.ok ? result.value : this.add(column, path, result.message);
  }

  /** As optional, but an empty cell is a problem. */
  required<T>(column: string, path: string, reader: (cell: string) => CellValue<T>): T | undefined {
    if (this.cells.get(column).trim() === '') return this.add(column, path, 'The cell is empty; a value is required.');
    return this.optional(column, path, reader);
  }

  /** Trimmed NFC text; an empty cell is ''. */
  text(column: string): string {
    return readText(this.cells.get(column));
  }

  problem(column: string, path: string, message: string): void {
    this.add(column, path, message);
  }

  /**
   * Adds the schema's own issues, each against the column its path starts with, except for
   * columns already reported (a cell that could not be read is also missing to the schema).
   */
  addSchemaIssues(error: z.ZodError, columns: ColumnMap): void {
    const reported = new Set(this.issues.map((issue) => issue.column));
    for (const issue of error.issues) {
      const path = issue.path.map(String).join('.');
      const column = columns.columnOfField.get(String(issue.path[0] ?? '')) ?? '';
      if (!reported.has(column)) this.add(column, path, readableMessage(issue.message));
    }
  }
}
