// Writing an import's rows in bulk. The reading hands the rows over a batch at a time, in the
// order they are written and numbered within the batch (reading.ts); they are staged in a
// temporary table (in memory, as the store keeps temp_store there), and each batch is written by
// a handful of set-based statements that do what the services do row by row: skip rows already
// in the store, number references, insert, and bring the full-text index and the aggregates up to
// date (migrations/0005). The import's audit entry gets digests of every batch. A batch of 20,000
// takes about a tenth of the memory SQLite took to stage a whole 100,000-row file; the rates and
// what each step costs are in bench/README.md.
import { type Hash, createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { CasebookError } from '@shared/errors';
import type { Store } from '../../store';
import { translateConstraint } from '../common';
import type { StagedChunk } from './reading';

export type SqlValue = string | number | null;

/** What differs between the kinds of record an import writes in bulk. */
export interface BulkTarget<V> {
  table: 'crises' | 'hotline_calls';
  /** The kind of record in the audit trail. */
  recordKind: string;
  /** The table's own columns for a prepared row: everything but id, reference and bookkeeping. */
  columnsOf(values: V): Record<string, SqlValue>;
  /** Columns staged beside the record, for the linker (e.g. the lead negotiator's name). */
  extrasOf?(values: V): Record<string, SqlValue>;
  /** The reference's text before its number ("BG-2024-", "SOS-2024-"), and the year it counts in. */
  referenceSeries(columns: Record<string, SqlValue>, explicit: { year: number; seq: number } | null): { prefix: string; year: number };
  /** Digits of the reference number, as the service pads it. */
  referenceDigits: number;
  /**
   * The column the rows are written in the order of. Most of the table's indexes lead with the
   * start time, so rows written in time order fill their pages one after another instead of
   * landing on pages all over a large store (each read from disk and decrypted).
   */
  writeOrder: string;
  /** Columns besides reference_year that a reference number is unique within (a team, for crises). */
  seriesColumns: readonly string[];
  /**
   * Set-based statements that do what the insert triggers of migrations/0005 skipped, from the
   * staged rows. Full-text inserts go in row id order: FTS5 writes out a segment whenever a row id
   * comes lower than the one before, and in the file's order that was every other row (FTS5 took
   * 2.4 s of a 100,000-row import at 1,000,000 records, 0.6 s in order).
   */
  catchUp: readonly string[];
  /** A reference as the file wrote it, read just far enough to know what number it claims in which series. */
  claimOf(reference: string): ReferenceClaim | null;
}

export interface ReferenceClaim {
  /** reference_year and the seriesColumns. */
  series: Record<string, SqlValue>;
  seq: number;
}

/** Writes what hangs on each batch of written records; its summary goes into the audit entry. */
export interface Linker {
  /**
   * `staged` holds the batch's written records, with `id` and the extras; `bulkWrite` as
   * Store.bulkWrite; `insert` is the verb its inserts use (see BulkWriter's findRefusedRows).
   */
  link(staged: string, bulkWrite: <T>(work: () => T) => T, insert: string): void;
  summary(): Record<string, SqlValue>;
}

export interface RefusedRow {
  line: number;
  error: CasebookError;
}

export interface BulkOutcome {
  imported: number;
  /** Already in the store: by import key (same content) or by reference (other content). */
  alreadyPresent: number;
  /** Lines whose reference is already used by a record with other values. */
  otherContent: { line: number; reference: string }[];
  refused: RefusedRow[];
  /** What the audit entry says about the rows written. */
  audit: Record<string, SqlValue>;
}

/**
 * The batch being written: its rows numbered, keyed by row id in the order they are written, so
 * the insert, the full-text index, the digest and the deployments read them in that order without
 * sorting them. Chunks are staged straight into it; BulkTarget's statements read the batch from it.
 */
export const STAGED = 'temp.import_batch';
/** A batch's rows by line, when some were already in the store and the rest are numbered again. */
const RENUMBERING = 'temp.import_rows';
/** References the file claims, per series: numbers given to rows without one come after them. */
const CLAIMS = 'temp.import_claims';
/** The highest number of each series the batch's rows without a reference count in, as the batch opens. */
const LAST_NUMBERS = 'temp.import_last_numbers';
/**
 * Rows in a write batch at most (the reading gathers them, reading.ts). On the reading thread a
 * batch is handed over sooner when the writer waits for it (ReadingOptions.writerWaiting).
 */
export const BATCH_ROWS = 20_000;
/** Staged beside each record to number it; not columns of the record. */
const STAGING_ONLY = ['reference_prefix', 'explicit_reference'];
/** Staged, and written by insertSql itself. */
const BOOKKEEPING = ['row_id', 'id', 'reference', 'reference_year', 'reference_seq', 'import_key'];
/** Given as a batch is staged (stagingFor) or numbered again (renumber); the other staged columns are copied as they are. */
const NUMBERING = ['row_id', 'reference', 'reference_seq'];

/**
 * Feeds rows into a running digest, each a JSON text (`json`, an expression over `from`), one per
 * line in the order of `orderBy`. SQLite joins a batch's lines into one text, so JavaScript hashes
 * it in one call instead of taking 20,000 rows one by one.
 */
export function digestRows(hash: Hash, connection: SqliteDatabase.Database, json: string, from: string, orderBy: string): void {
  const lines = connection.prepare(`SELECT group_concat(${json}, char(10) ORDER BY ${orderBy}) ${from}`).pluck().get() as string | null;
  if (lines !== null) hash.update(lines).update('\n');
}

/**
 * The store refused a batch written with findRefusedRows off; the transaction is rolled back, and
 * the import is run again with it on, to name the row.
 */
export class BatchRefused extends Error {
  constructor(reason: string) {
    super(`The store refused a batch of the import: ${reason}`);
  }
}

export function isConstraintError(error: unknown): boolean {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT');
}

function refusal(error: unknown): CasebookError {
  try {
    translateConstraint(error);
  } catch (translated) {
    if (translated instanceof CasebookError) return translated;
    throw translated;
  }
  throw error;
}

/** A foreign key of the target table, checked against the staged rows: the statement returns a missing value. */
interface ForeignKeyCheck {
  describe: (missing: unknown) => string;
  statement: SqliteDatabase.Statement<unknown[]>;
}

export class BulkWriter<V> {
  private columns: string[] | null = null;
  private extras = new Set<string>();
  /** Staging statements by which columns a chunk's rows share (see stagingFor). */
  private readonly stagingStatements = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  private stagedRows = 0;
  /** The store's highest row id as the batch opened: its rows' ids follow it. */
  private batchAfterRowId = 0;
  private readonly outcome: BulkOutcome = { imported: 0, alreadyPresent: 0, otherContent: [], refused: [], audit: {} };
  private readonly records = createHash('sha256');
  private firstRowId: number | null = null;
  private lastRowId: number | null = null;
  private readonly series: string[];
  private foreignKeyChecks: ForeignKeyCheck[] | null = null;

  constructor(
    private readonly store: Store,
    private readonly target: BulkTarget<V>,
    /** created_at and updated_at of every record the import writes. */
    private readonly at: string,
    /** Every reference the file claims, read before any row is written. */
    claims: readonly ReferenceClaim[],
    /**
     * On: a batch the store refuses is retried row by row to name the row, which needs SQLite to
     * be able to undo one statement inside the transaction. In WAL mode it keeps a copy of every
     * page the statement changes for that, in memory (temp_store = MEMORY): ~290 MB for an
     * update touching 200 MB of pages, measured. Off: inserts are INSERT OR ROLLBACK, which needs
     * no such copy, and a refusal rolls the whole import back (BatchRefused, or SQLite's
     * constraint error) for the caller to run it again with this on. Foreign keys are then
     * checked here (checkForeignKeys), since the caller turns SQLite's off: immediate foreign
     * keys make every multi-row insert keep that copy whatever its conflict clause.
     */
    private readonly findRefusedRows: boolean,
    /** What hangs on the records (deployments), written after each batch. */
    private readonly linker?: Linker,
  ) {
    this.series = seriesColumnsOf(target);
    this.dropTables();
    store.connection.exec(`CREATE TEMP TABLE import_claims (${this.series.join(', ')}, seq INTEGER)`);
    store.connection.exec(`CREATE TEMP TABLE import_last_numbers (${this.series.join(', ')}, last INTEGER NOT NULL, PRIMARY KEY (${this.series.join(', ')}))`);
    const claim = store.connection.prepare(`INSERT INTO ${CLAIMS} VALUES (${this.series.map(() => '?').join(', ')}, ?)`);
    for (const { series, seq } of claims) claim.run(...this.series.map((column) => series[column] ?? null), seq);
  }

  /** The staging table takes its columns from the first chunk: every row has the same keys. */
  private createStaging(chunk: StagedChunk): void {
    this.columns = chunk.columns;
    this.extras = new Set(chunk.extras);
    // Each column with the target's type: JavaScript numbers bind as REAL, and an INTEGER column
    // stores them as integers again (1, not 1.0, in the digest's JSON).
    const declared = new Map(
      (this.store.connection.prepare(`SELECT name, type FROM pragma_table_info('${this.target.table}', 'main')`).all() as { name: string; type: string }[]).map(
        (column) => [column.name, column.type],
      ),
    );
    declared.set('explicit_reference', 'INTEGER');
    const definitions = (names: string[]) => names.map((name) => `"${name}" ${declared.get(name) ?? 'TEXT'}`).join(', ');
    this.store.connection.exec(`CREATE TEMP TABLE import_rows (line INTEGER PRIMARY KEY, ${definitions(this.columns)})`);
    this.store.connection.exec(
      `CREATE TEMP TABLE import_batch (row_id INTEGER PRIMARY KEY, line INTEGER NOT NULL, ${definitions(this.columns.filter((name) => name !== 'row_id'))})`,
    );
  }

  /**
   * The statement that stages chunks whose rows differ in the same columns. A chunk is one JSON
   * array of rows, taken apart by SQLite in one statement. As JSONB: a value is found in a row's
   * binary form by skipping the ones before it, where `->>` on JSON text parses the row again for
   * every column (20,000 rows of 40 columns: 190 ms against 630). The values every row shares are
   * bound once. The reading numbered the rows within the batch (StagedChunk); they are numbered
   * on from the store's row ids and the last number of each series here.
   */
  private stagingFor(shared: ReadonlySet<string>): SqliteDatabase.Statement<unknown[]> {
    const columns = this.columns ?? [];
    const shape = columns.map((name) => (shared.has(name) ? '=' : '~')).join('');
    let statement = this.stagingStatements.get(shape);
    if (!statement) {
      // Parameters in the order they appear: the chunk's JSON, the shared values by column, the last row id.
      let position = 0;
      const values = columns.map((name) => `${shared.has(name) ? '?' : `row ->> ${++position}`} AS "${name}"`);
      const copied = this.copiedColumns();
      statement = this.store.connection.prepare(
        `WITH chunk AS MATERIALIZED (SELECT value AS row FROM jsonb_each(jsonb(?))),
         staged AS (SELECT row ->> 0 AS line, ${values.join(', ')} FROM chunk),
         numbered AS (
           SELECT s.*, CASE WHEN s.explicit_reference = 0 THEN n.last + s.reference_seq ELSE s.reference_seq END AS seq
           FROM staged AS s LEFT JOIN ${LAST_NUMBERS} AS n ON s.explicit_reference = 0 AND ${this.sameSeries('n', 's')})
         INSERT INTO ${STAGED} (row_id, line, reference_seq, reference, ${copied.join(', ')})
         SELECT ? + s.row_id, s.line, s.seq, ${this.referenceSql('s', 's.seq')}, ${copied.map((name) => `s.${name}`).join(', ')} FROM numbered AS s`,
      );
      this.stagingStatements.set(shape, statement);
    }
    return statement;
  }

  /** Stages a chunk of checked rows (see reading.ts); a batch is written when its last chunk is in. */
  stage(chunk: StagedChunk): void {
    if (!this.columns) this.createStaging(chunk);
    if (chunk.opensBatch) this.openBatch(chunk.opensBatch);
    const shared = (this.columns ?? []).filter((name) => Object.hasOwn(chunk.alike, name));
    this.stagingFor(new Set(shared)).run(chunk.json, ...shared.map((name) => chunk.alike[name] ?? null), this.batchAfterRowId);
    this.stagedRows += chunk.rows;
    if (chunk.closesBatch) this.writeBatch();
  }

  /**
   * Rows without a reference are numbered after the highest number of their series, in the store
   * or claimed anywhere in the file, in the order of the file: as createCrisis would, one by one.
   */
  private openBatch(series: readonly SqlValue[][]): void {
    const { connection } = this.store;
    this.batchAfterRowId = (connection.prepare(`SELECT coalesce(max(row_id), 0) FROM main.${this.target.table}`).pluck().get() as number) ?? 0;
    connection.exec(`DELETE FROM ${LAST_NUMBERS}`);
    connection
      .prepare(
        `INSERT INTO ${LAST_NUMBERS} SELECT x.*, ${this.lastNumberSql('x')}
         FROM (SELECT ${this.series.map((column, index) => `value ->> ${index} AS ${column}`).join(', ')} FROM json_each(?)) AS x`,
      )
      .run(JSON.stringify(series));
  }

  /** The highest number of the series of the row `alias`, in the store or claimed by the file. */
  private lastNumberSql(alias: string): string {
    return `max(
      coalesce((SELECT max(t.reference_seq) FROM main.${this.target.table} AS t WHERE ${this.sameSeries('t', alias)}), 0),
      coalesce((SELECT max(c.seq) FROM ${CLAIMS} AS c WHERE ${this.sameSeries('c', alias)}), 0))`;
  }

  private sameSeries(left: string, right: string): string {
    return this.series.map((column) => `${left}.${column} = ${right}.${column}`).join(' AND ');
  }

  /** The staged columns copied as they are into the batch table; numbering gives the others. */
  private copiedColumns(): string[] {
    return (this.columns ?? []).filter((name) => !NUMBERING.includes(name)).map((name) => `"${name}"`);
  }

  /** Writes what is still staged, and says what the import wrote; the caller's transaction commits or rolls back. */
  finish(): BulkOutcome {
    this.writeBatch();
    this.outcome.audit = {
      records: this.outcome.imported,
      firstRowId: this.firstRowId,
      lastRowId: this.lastRowId,
      // The import key is the hash of what the row said, so with the id and reference it pins down the record.
      recordsSha256: this.records.digest('hex'),
      ...this.linker?.summary(),
    };
    return this.outcome;
  }

  private writeBatch(): void {
    if (this.stagedRows === 0) return;
    this.stagedRows = 0;
    const { connection } = this.store;
    const { table } = this.target;
    const outcome = this.outcome;

    const present = connection.prepare(`DELETE FROM ${STAGED} WHERE EXISTS (SELECT 1 FROM main.${table} AS t WHERE t.import_key = import_batch.import_key)`).run().changes;
    outcome.alreadyPresent += present;
    const otherContentWhere = `s.explicit_reference = 1 AND EXISTS (SELECT 1 FROM main.${table} AS t WHERE ${this.sameSeries('t', 's')} AND t.reference_seq = s.reference_seq)`;
    const otherContent = connection
      .prepare(`SELECT s.line, s.reference FROM ${STAGED} AS s WHERE ${otherContentWhere} ORDER BY s.line`)
      .all() as { line: number; reference: string }[];
    if (otherContent.length > 0) connection.prepare(`DELETE FROM ${STAGED} AS s WHERE ${otherContentWhere}`).run();
    outcome.otherContent.push(...otherContent);
    outcome.alreadyPresent += otherContent.length;
    // The rows left are numbered again without the gaps (a re-import, mostly: rarely any are left).
    if (present + otherContent.length > 0) this.renumber();

    this.bulkWrite(() => {
      if (this.findRefusedRows) this.insertRows();
      else {
        this.checkForeignKeys();
        connection.prepare(this.insertSql('1', 'INSERT OR ROLLBACK')).run({ at: this.at, actor: this.store.actor });
      }
      for (const statement of this.target.catchUp) connection.prepare(statement).run();
    });
    const written = connection.prepare(`SELECT count(*) AS records, min(row_id) AS first, max(row_id) AS last FROM ${STAGED}`).get() as {
      records: number;
      first: number | null;
      last: number | null;
    };
    outcome.imported += written.records;
    this.firstRowId ??= written.first;
    this.lastRowId = written.last ?? this.lastRowId;
    digestRows(this.records, connection, 'json_array(row_id, id, reference, import_key)', `FROM ${STAGED}`, 'row_id');
    this.linker?.link(STAGED, (work) => this.bulkWrite(work), this.findRefusedRows ? 'INSERT' : 'INSERT OR ROLLBACK');
    connection.exec(`DELETE FROM ${STAGED}`);
    connection.exec(`DROP INDEX IF EXISTS temp.import_batch_by_line`);
  }

  /**
   * Numbers the batch's rows again, from the same last numbers, once some are taken out: the
   * reading numbered them with those rows among them.
   */
  private renumber(): void {
    const { connection } = this.store;
    const columns = (this.columns ?? []).map((name) => `"${name}"`).join(', ');
    connection.exec(`INSERT INTO ${RENUMBERING} (line, ${columns}) SELECT line, ${columns} FROM ${STAGED}; DELETE FROM ${STAGED}`);
    const copied = this.copiedColumns();
    connection
      .prepare(
        `WITH numbered AS (
           SELECT s.line,
             CASE WHEN s.explicit_reference = 0
               THEN n.last + row_number() OVER (PARTITION BY s.explicit_reference, ${this.series.map((column) => `s.${column}`).join(', ')} ORDER BY s.line)
               ELSE s.reference_seq END AS seq,
             row_number() OVER (ORDER BY s."${this.target.writeOrder}", s.line) AS position
           FROM ${RENUMBERING} AS s LEFT JOIN ${LAST_NUMBERS} AS n ON s.explicit_reference = 0 AND ${this.sameSeries('n', 's')})
         INSERT INTO ${STAGED} (row_id, line, reference_seq, reference, ${copied.join(', ')})
         SELECT ? + n.position, s.line, n.seq, ${this.referenceSql('s', 'n.seq')}, ${copied.map((name) => `s.${name}`).join(', ')}
         FROM numbered AS n JOIN ${RENUMBERING} AS s ON s.line = n.line ORDER BY n.position`,
      )
      .run(this.batchAfterRowId);
    connection.exec(`DELETE FROM ${RENUMBERING}`);
  }

  /** Drops the staging tables; the rows are either in the store now or rolled back. */
  close(): void {
    this.dropTables();
  }

  private dropTables(): void {
    this.store.connection.exec([STAGED, RENUMBERING, CLAIMS, LAST_NUMBERS].map((name) => `DROP TABLE IF EXISTS ${name};`).join(' '));
  }

  private bulkWrite<T>(work: () => T): T {
    return this.store.bulkWrite(work);
  }

  /** A staged row's reference: its prefix and its number (by default the one staged), padded as the service pads it. */
  private referenceSql(alias = 's', seq = `${alias}.reference_seq`): string {
    return `${alias}.reference_prefix || printf('%0${this.target.referenceDigits}d', ${seq})`;
  }

  /** What SQLite's foreign keys would refuse among the staged rows, found before they are written. */
  private checkForeignKeys(): void {
    this.foreignKeyChecks ??= this.prepareForeignKeyChecks();
    for (const { describe, statement } of this.foreignKeyChecks) {
      const missing = statement.get();
      if (missing !== undefined) throw new BatchRefused(describe(missing));
    }
  }

  /** One statement per foreign key of the table among the staged columns, prepared once per import. */
  private prepareForeignKeyChecks(): ForeignKeyCheck[] {
    const { connection } = this.store;
    const keys = connection
      .prepare(`SELECT "table" AS parent, "from" AS child, coalesce("to", 'rowid') AS parentColumn FROM pragma_foreign_key_list(?)`)
      .all(this.target.table) as { parent: string; child: string; parentColumn: string }[];
    return keys
      .filter(({ child }) => this.columns?.includes(child))
      .map(({ parent, child, parentColumn }) => ({
        describe: (missing: unknown) => `${child} ${String(missing)} is not in ${parent}`,
        statement: connection
          .prepare(
            `SELECT s."${child}" FROM ${STAGED} AS s WHERE s."${child}" IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM main."${parent}" AS p WHERE p."${parentColumn}" = s."${child}") LIMIT 1`,
          )
          .pluck(),
      }));
  }

  private insertSql(where: string, verb = 'INSERT'): string {
    const own = (this.columns ?? []).filter(
      (name) => !STAGING_ONLY.includes(name) && !BOOKKEEPING.includes(name) && !this.extras.has(name),
    );
    const names = own.map((name) => `"${name}"`).join(', ');
    return `${verb} INTO main.${this.target.table}
        (row_id, id, reference, reference_year, reference_seq, ${names}, import_key, created_at, created_by, updated_at, updated_by)
      SELECT s.row_id, s.id, s.reference, s.reference_year, s.reference_seq, ${own.map((name) => `s."${name}"`).join(', ')}, s.import_key, @at, @actor, @at, @actor
      FROM ${STAGED} AS s WHERE ${where} ORDER BY s.row_id`;
  }

  /**
   * One INSERT … SELECT for the batch. If the store refuses one of its rows (a CHECK or trigger no
   * check before it knew of), the rows go one at a time to find which, and the rest are written:
   * rows with their own reference first, and each of the others numbered as it is written.
   */
  private insertRows(): void {
    const { connection } = this.store;
    try {
      connection.prepare(this.insertSql('1')).run({ at: this.at, actor: this.store.actor });
      return;
    } catch (error) {
      if (!isConstraintError(error)) throw error;
    }
    // Rows are found by line from here on, one at a time.
    connection.exec(`CREATE INDEX IF NOT EXISTS temp.import_batch_by_line ON import_batch (line)`);
    const rows = connection
      .prepare(`SELECT line, explicit_reference AS explicit FROM ${STAGED} ORDER BY explicit_reference DESC, line`)
      .all() as { line: number; explicit: number }[];
    const one = connection.prepare(this.insertSql('s.line = @line'));
    const renumber = connection.prepare(`UPDATE ${STAGED} SET reference_seq = 1 + ${this.lastNumberSql('import_batch')} WHERE line = ?`);
    const rewriteReference = connection.prepare(`UPDATE ${STAGED} AS s SET reference = ${this.referenceSql()} WHERE line = ?`);
    for (const { line, explicit } of rows) {
      if (!explicit) {
        renumber.run(line);
        rewriteReference.run(line);
      }
      try {
        this.store.transaction(() => one.run({ at: this.at, actor: this.store.actor, line }));
      } catch (error) {
        if (!isConstraintError(error)) throw error;
        this.outcome.refused.push({ line, error: refusal(error) });
        connection.prepare(`DELETE FROM ${STAGED} WHERE line = ?`).run(line);
      }
    }
  }
}

/** The columns a reference's number counts in, in the order both the reading and the writer list a series' values. */
export function seriesColumnsOf(target: Pick<BulkTarget<unknown>, 'seriesColumns'>): string[] {
  return ['reference_year', ...target.seriesColumns];
}

/** The year and number of a canonical reference: BG-2024-007 → 2024, 7; SOS-2024-0012 → 2024, 12. */
export function referenceNumber(reference: string): { year: number; seq: number } {
  const parts = reference.split('-');
  return { year: Number(parts[parts.length - 2]), seq: Number(parts[parts.length - 1]) };
}
