// Finding the expected columns in a file's header: by name, in any order, any case.
import { fileProblem } from './table';

export interface ColumnSpec {
  /** The column's name in a spreadsheet, e.g. started_at. */
  name: string;
  /** The schema field it fills, e.g. startedAt; issues on that path are reported against the column. */
  field: string;
  required: boolean;
}

export interface ColumnMap {
  /** Index of each expected column in a record, by column name; absent when the file lacks it. */
  indexOf: ReadonlyMap<string, number>;
  /** The header as written in the file, by column name, for reporting. */
  headerOf: ReadonlyMap<string, string>;
  /** The column name for a schema field, e.g. startedAt → started_at. */
  columnOfField: ReadonlyMap<string, string>;
  /** Headers of the file that name no expected column, as written. */
  ignored: string[];
  /** Optional columns the file lacks (every row gets their default). */
  missing: string[];
  warnings: string[];
}

/** "Started At", " started-at " and "STARTED_AT" all name the column started_at. */
export function normaliseHeader(header: string): string {
  return header.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

/** The header as found, shortened: a file that is not CSV at all may have a very long first line. */
function describeHeader(header: readonly string[]): string {
  const found = header.map((written) => written.trim()).join(', ');
  return found.length > 200 ? `${found.slice(0, 200)}…` : found;
}

export function matchColumns(header: readonly string[], specs: readonly ColumnSpec[]): ColumnMap {
  const specByName = new Map(specs.map((spec) => [spec.name, spec]));
  const indexOf = new Map<string, number>();
  const headerOf = new Map<string, string>();
  const warnings: string[] = [];
  const ignored: string[] = [];
  const missing: string[] = [];
  header.forEach((written, index) => {
    const name = normaliseHeader(written);
    if (name === '') return; // an unnamed column, e.g. from a trailing separator
    if (!specByName.has(name)) {
      ignored.push(written.trim());
      warnings.push(`Unknown column "${written.trim()}" (column ${index + 1}) was ignored.`);
      return;
    }
    const earlier = indexOf.get(name);
    if (earlier !== undefined) {
      throw fileProblem('duplicate_column', { column: name, first: earlier + 1, second: index + 1 }, `The column "${name}" appears twice (columns ${earlier + 1} and ${index + 1}).`);
    }
    indexOf.set(name, index);
    headerOf.set(name, written.trim());
  });

  const missingRequired = specs.filter((spec) => spec.required && !indexOf.has(spec.name)).map((spec) => spec.name);
  if (missingRequired.length > 0) {
    const plural = missingRequired.length > 1 ? 's' : '';
    throw fileProblem(
      'missing_columns',
      { columns: missingRequired.join(', '), found: describeHeader(header) },
      `The file lacks the required column${plural} ${missingRequired.join(', ')} (found: ${describeHeader(header)}).`,
    );
  }
  for (const spec of specs) {
    if (!spec.required && !indexOf.has(spec.name) && spec.name !== 'reference') {
      missing.push(spec.name);
      warnings.push(`The column "${spec.name}" is missing; every row gets its default.`);
    }
  }
  return { indexOf, headerOf, columnOfField: new Map(specs.map((spec) => [spec.field, spec.name])), ignored, missing, warnings };
}

/** One record's cells by column name: '' for a column the file lacks. */
export class RowCells {
  constructor(
    private readonly columns: ColumnMap,
    private readonly cells: readonly string[],
  ) {}

  get(name: string): string {
    const index = this.columns.indexOf.get(name);
    return index === undefined ? '' : (this.cells[index] ?? '');
  }
}

/** A record's stored values by column name (what a preview shows), with `extra` for columns no field holds. */
export function valuesByColumn(
  specs: readonly ColumnSpec[],
  record: Readonly<Record<string, unknown>>,
  extra: Readonly<Record<string, string | number | null>> = {},
): Record<string, string | number | null> {
  const values: Record<string, string | number | null> = {};
  for (const spec of specs) {
    if (spec.name in extra) values[spec.name] = extra[spec.name] ?? null;
    else if (spec.name !== 'reference') {
      const value = record[spec.field];
      values[spec.name] = typeof value === 'string' || typeof value === 'number' ? value : null;
    }
  }
  return values;
}
