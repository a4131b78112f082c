// Reads one record's cells into a domain input, collecting every problem instead of stopping at the first.
import type { z } from 'zod';
import type { ColumnMap, RowCells } from './columns';
import type { CellIssue } from './types';
import { type CellValue, type Problem, readText } from './values';

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

/** A schema or service message that is a rule code (released_exceeds_hostages, control_characters…), as its code. */
export function ruleCodeOf(message: string): string | undefined {
  return /^[a-z_]+$/.test(message) ? message : undefined;
}

/** A schema issue as a problem: the domain's rule codes (and ours, like control_characters) as they are, zod's sizes with their bound. */
export function problemOfSchemaIssue(issue: z.core.$ZodIssue): Problem {
  const message = readableMessage(issue.message);
  if (issue.code === 'too_big' || issue.code === 'too_small') {
    const bound = Number(issue.code === 'too_big' ? issue.maximum : issue.minimum);
    const code = issue.origin === 'string' ? (issue.code === 'too_big' ? 'too_long' : 'too_short') : issue.code;
    return { code, params: { n: bound }, message };
  }
  return { code: ruleCodeOf(issue.message) ?? issue.code, params: {}, message };
}

export class RowReader {
  readonly issues: CellIssue[] = [];

  constructor(private readonly cells: RowCells) {}

  private add(column: string, path: string, found: Problem): undefined {
    this.issues.push({ column, path, message: found.message, code: found.code, params: found.params });
    return undefined;
  }

  /** The cell read by `reader`; an empty cell is passed on too (the reader decides what empty means). */
  optional<T>(column: string, path: string, reader: (cell: string) => CellValue<T>): T | undefined {
    const result = reader(this.cells.get(column));
    return result.ok ? result.value : this.add(column, path, result);
  }

  /** As optional, but an empty cell is a problem. */
  required<T>(column: string, path: string, reader: (cell: string) => CellValue<T>): T | undefined {
    if (this.cells.get(column).trim() === '') return this.add(column, path, { code: 'required', params: {}, message: 'The cell is empty; a value is required.' });
    return this.optional(column, path, reader);
  }

  /** Trimmed NFC text; an empty cell is ''. */
  text(column: string): string {
    return readText(this.cells.get(column));
  }

  problem(column: string, path: string, found: Problem): void {
    this.add(column, path, found);
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
      if (!reported.has(column)) this.add(column, path, problemOfSchemaIssue(issue));
    }
  }
}
