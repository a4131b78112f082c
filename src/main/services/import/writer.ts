// Statements for writing many rows fast. createCrisis per row costs about a dozen queries, each
// compiled by Kysely again (measured: under 2,000 rows a second); an import compiles each query
// once, prepares it once and then only binds values. Values still come from the services' own
// column mapping (columnsOf) and the shared schemas, so an imported record is the same as one
// created in the app.
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import type { Compilable } from 'kysely';
import type { Store } from '../../store';
import { translateConstraint } from '../common';

/** A query compiled and prepared once; each call binds new values in the same order. */
export function preparedQuery(store: Store, query: Compilable<unknown>): SqliteDatabase.Statement<unknown[]> {
  return store.connection.prepare(query.compile().sql);
}

type Row = Record<string, string | number | null>;

/**
 * An INSERT for rows that all have the same keys. The SQL is compiled from the first row, then
 * every row is bound by those keys in that order.
 */
export class BulkInsert<R extends Row> {
  private statement: SqliteDatabase.Statement<unknown[]> | undefined;
  private keys: (keyof R & string)[] = [];

  constructor(private readonly compile: (row: R) => Compilable<unknown>) {}

  private prepare(store: Store, row: R): SqliteDatabase.Statement<unknown[]> {
    this.keys = Object.keys(row);
    const { sql, parameters } = this.compile(row).compile();
    const bound = this.keys.map((key) => row[key]);
    if (parameters.length !== bound.length || parameters.some((value, index) => value !== bound[index])) {
      throw new Error('BulkInsert: the compiled parameters do not follow the row\'s keys');
    }
    return store.connection.prepare(sql);
  }

  run(store: Store, row: R): void {
    if (!this.statement) this.statement = this.prepare(store, row);
    const values = this.keys.map((key) => row[key]);
    try {
      this.statement.run(...values);
    } catch (error) {
      translateConstraint(error);
    }
  }
}

/**
 * Reference numbers per series (a team's year, or the hotline's year): the highest in the store is
 * read once, then counted here, as createCrisis and createHotlineCall number them (highest + 1).
 */
export class ReferenceCounter {
  private readonly last = new Map<string, number>();

  constructor(private readonly readLast: (series: string) => number) {}

  /** The number the next record of the series gets. */
  peek(series: string): number {
    let last = this.last.get(series);
    if (last === undefined) {
      last = this.readLast(series);
      this.last.set(series, last);
    }
    return last + 1;
  }

  /** The record was written with this number. */
  take(series: string, number: number): void {
    if (number > (this.last.get(series) ?? 0)) this.last.set(series, number);
  }
}
