// Opening, creating and locking the encrypted store. One SQLite file encrypted with AEGIS-256,
// keyed with a random raw key that only the key file (keySlots.ts) holds, wrapped. Stores made
// before were SQLCipher 4; they are upgraded once, the first time they are opened.
import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import {
  type Compilable,
  DummyDriver,
  Kysely,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
} from 'kysely';
import { CasebookError } from '@shared/errors';
import {
  type ScryptCost,
  DEFAULT_SCRYPT_COST,
  createKeyFile,
  keyFilePathFor,
  pendingRekeyPathFor,
  resealStoreKey,
  rewrapKeySlot,
  unlockKeyFile,
} from './keySlots';
import { type ConnectionState, appendAuditEvent, hasAuditLog, registerAuditFunctions, sealAuditChain } from './auditChain';
import { Checkpointer } from './checkpointer';
import { mergeFullTextStep } from './fullText';
import { syncFile, syncFolder } from './durableFiles';
import { migrate, withoutForeignKeys } from './migrations';
import type { Database } from './tables';

/** Kysely builds and types the queries; better-sqlite3 runs them synchronously, as Signal Desktop does. */
export const queryBuilder = new Kysely<Database>({
  dialect: {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (db) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  },
});
export type QueryBuilder = typeof queryBuilder;

export interface RunResult {
  changes: number;
}

/** How long writes must pause before the WAL is checkpointed. */
const IDLE_CHECKPOINT_MS = 1_000;
/** Commits in a row without a pause after which the checkpointer worker takes over. */
const BURST_COMMITS = 20;
/**
 * Commits between the worker's checkpoints during a burst. Each checkpoint holds up the commit
 * that meets it by 5-10 ms (its fsyncs and locks); every 20 commits that was the add-crisis p99,
 * every 100 it is not (1,000,000-record stores, alternating runs: p99 5.4-6.4 -> 3.7-5.8 ms,
 * plain 5.4-5.6 -> 2.3-3.8). The WAL then holds ~3,000 more pages between checkpoints.
 */
const COMMITS_PER_CHECKPOINT = 100;
/** How long a write waits for another program's write lock before SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5_000;
/** Pages in the WAL before a commit checkpoints by itself, when no worker does it. */
const AUTOCHECKPOINT_PAGES = 4_000;
/**
 * Pages in the WAL, under a burst, before the writer copies the last few frames itself so that
 * the WAL starts over (restartWalOnceCaughtUp). That copy ends in two fsyncs and the commit after
 * it syncs the new WAL header: 30-90 ms here, whatever the WAL's size. At 4,000 pages it came
 * every ~200 crises added back to back and made their p99 (7.1-8.5 ms); at 16,000 (~64 MiB of
 * WAL) every ~800, p99 3.8-5.7 ms (1,000,000-record store, alternating runs).
 */
export const WAL_RESTART_PAGES = 16_000;

/** An unlocked store: one interface for every read and write the services make. */
export class Store {
  readonly qb = queryBuilder;
  private readonly statements = new Map<string, SqliteDatabase.Statement<unknown[]>>();
  private closed = false;

  private readonly auditTrail: boolean;

  constructor(
    readonly connection: SqliteDatabase.Database,
    readonly path: string,
    private readonly state: ConnectionState,
    /** The key, kept (and wiped on close) to open the checkpointer's own connection; null for a plain file. */
    private storeKey: Buffer | null,
  ) {
    this.auditTrail = hasAuditLog(connection);
  }

  /** Who is working: written into created_by and updated_by, and into the audit trail. */
  get actor(): string {
    return this.state.name;
  }

  /**
   * Runs `work` with the row-by-row insert triggers for full-text search, aggregates and the
   * audit trail standing aside (migrations/0005). Only a bulk writer that brings all three up to
   * date itself, in the same transaction, may use it.
   */
  bulkWrite<T>(work: () => T): T {
    if (!this.connection.inTransaction) throw new Error('Store.bulkWrite must run inside a transaction');
    this.state.bulkWrite = true;
    try {
      return work();
    } finally {
      this.state.bulkWrite = false;
    }
  }

  /**
   * Runs `work`, inside the caller's transaction, with the insert triggers that stand aside for
   * bulk writes (`WHEN casebook_bulk_write() = 0`, migrations/0005) dropped, and creates them again,
   * verbatim, before it returns: in the same transaction, so no other connection ever sees them
   * gone, and a rollback brings them back by itself. Why: SQLite codes a table's triggers into
   * every insert even when their WHEN is false, and their statements (an FTS5 insert, an upsert)
   * make a multi-row insert keep an in-memory copy of every page it changes, so that it could be
   * undone alone: 290 MB for an update of 200 MB of pages, measured. Only for a bulk writer
   * whose statements do without being undone alone (INSERT OR ROLLBACK, see BulkWriter).
   */
  withoutBulkAwareTriggers<T>(work: () => T): T {
    if (!this.connection.inTransaction) throw new Error('Store.withoutBulkAwareTriggers must run inside a transaction');
    const triggers = this.connection
      .prepare("SELECT name, sql FROM main.sqlite_master WHERE type = 'trigger' AND sql LIKE '%WHEN casebook_bulk_write() = 0 BEGIN%' ORDER BY name")
      .all() as { name: string; sql: string }[];
    for (const { name } of triggers) this.connection.exec(`DROP TRIGGER main."${name}"`);
    try {
      return work();
    } finally {
      // After a statement that rolled the whole transaction back, they are back already.
      if (this.connection.inTransaction) for (const { sql } of triggers) this.connection.exec(sql);
    }
  }

  /** For a bulk writer that checks the keys of what it writes itself (see BulkWriter); see withoutForeignKeys. */
  withoutForeignKeyEnforcement<T>(work: () => T): T {
    return withoutForeignKeys(this.connection, work);
  }

  private statement(sql: string): SqliteDatabase.Statement<unknown[]> {
    if (this.closed) throw new CasebookError('LOCKED', 'The store is locked.');
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.connection.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<R>(query: Compilable<R>): R[] {
    const { sql, parameters } = query.compile();
    return this.statement(sql).all(...parameters) as R[];
  }

  first<R>(query: Compilable<R>): R | undefined {
    const { sql, parameters } = query.compile();
    return this.statement(sql).get(...parameters) as R | undefined;
  }

  /** A write outside a transaction gets one of its own, so its audit entries are sealed with it. */
  run(query: Compilable<unknown>): RunResult {
    const { sql, parameters } = query.compile();
    const statement = this.statement(sql);
    if (this.connection.inTransaction) return { changes: statement.run(...parameters).changes };
    return this.transaction(() => ({ changes: statement.run(...parameters).changes }));
  }

  /**
   * Runs `work` in one IMMEDIATE transaction; a throw rolls everything back. The outermost
   * transaction seals the audit entries its writes produced before it commits.
   */
  transaction<T>(work: () => T): T {
    if (this.closed) throw new CasebookError('LOCKED', 'The store is locked.');
    if (this.connection.inTransaction) return this.connection.transaction(work)();
    const result = this.connection
      .transaction(() => {
        const value = work();
        if (this.auditTrail) sealAuditChain(this.connection);
        return value;
      })
      .immediate();
    this.afterCommit();
    return result;
  }

  /**
   * A transaction that writes a great many pages (an import: ~68,000 for 100,000 crises). Its
   * commit would cross the automatic checkpoint's threshold and copy them all into the file before
   * returning: 1.3 s at 1,000,000 records. Here the checkpointer worker takes over first, so the
   * commit only writes the WAL and the worker checkpoints it right after, on its own thread. If the
   * worker cannot start, the commit checkpoints as any other.
   */
  largeTransaction<T>(work: () => T): T {
    if (this.connection.inTransaction) return this.transaction(work);
    const worker = this.startCheckpointer();
    const result = this.transaction(work);
    worker?.request();
    return result;
  }

  private idleTimer: NodeJS.Timeout | null = null;
  private commitsWithoutPause = 0;
  private checkpointer: Checkpointer | null = null;

  /** The worker that checkpoints during bursts, once one has started (benchmark and tests). */
  get backgroundCheckpointer(): Checkpointer | null {
    return this.checkpointer;
  }

  private afterCommit(): void {
    this.scheduleIdleWork(IDLE_CHECKPOINT_MS);
    if (this.checkpointer?.usable) this.restartWalOnceCaughtUp(this.checkpointer);
    const commits = ++this.commitsWithoutPause;
    if (commits < BURST_COMMITS) return;
    // A burst starts the worker (again, after a rekey stopped it), which then checkpoints every so often.
    if (this.checkpointer && (commits - BURST_COMMITS) % COMMITS_PER_CHECKPOINT !== 0) return;
    this.startCheckpointer()?.request();
  }

  /**
   * The WAL starts over at the next commit only when every frame in it is already in the database
   * file. Under a burst the worker is always a few commits behind, so without this the WAL grew
   * without end (7.9 GB while the benchmark wrote a million records, every read slower for it).
   * Once the worker reports it caught up with a WAL past WAL_RESTART_PAGES, this connection
   * copies the few frames written since; SQLite refuses (busy) if the worker is at it, and the
   * next report tries again.
   */
  private restartWalOnceCaughtUp(worker: Checkpointer): void {
    const last = worker.takeLastCheckpoint();
    if (last.walFrames < WAL_RESTART_PAGES || last.backfilled < last.walFrames) return;
    this.connection.pragma('wal_checkpoint(PASSIVE)');
  }

  /** Stops the worker (rekeying: its connection would hold the old key); commits checkpoint by themselves again. */
  stopCheckpointer(): void {
    if (!this.checkpointer) return;
    this.checkpointer.closeSync();
    this.checkpointer = null;
    this.connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  }

  /** After a rekey: the key a new checkpointer opens the file with. */
  keyChanged(newKey: Buffer): void {
    this.stopCheckpointer();
    this.storeKey?.fill(0);
    this.storeKey = Buffer.from(newKey);
  }

  /** Starts the worker on the first burst; null if it cannot run (the store then checkpoints itself). */
  private startCheckpointer(): Checkpointer | null {
    if (this.checkpointer) return this.checkpointer.usable ? this.checkpointer : null;
    try {
      this.checkpointer = new Checkpointer({ path: this.path, openPragmas: openingPragmas(this.storeKey) });
    } catch {
      return null;
    }
    // Commits no longer checkpoint by themselves; if the worker stops, they do again.
    this.connection.pragma('wal_autocheckpoint = 0');
    this.checkpointer.onStop(() => {
      if (!this.closed) this.connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
    });
    return this.checkpointer;
  }

  /**
   * SQLite's automatic checkpoint copies the WAL into the database inside whichever commit
   * crosses its threshold, and that commit waits for it; FTS5 merged its segments the same way
   * (migration 0008). Once writes pause, the store merges the full-text indexes a step per turn
   * of the event loop, so requests slip in between, and then checkpoints. The raised
   * autocheckpoint (see configure) and FTS5's crisismerge stay as the bounds under a long burst.
   */
  private scheduleIdleWork(delayMs: number): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      this.idleTimer = null;
      this.commitsWithoutPause = 0;
      if (this.closed) return;
      if (!this.connection.inTransaction && this.mergeFullTextStep()) {
        this.scheduleIdleWork(0);
        return;
      }
      if (this.checkpointer?.usable) this.checkpointer.request();
      else if (!this.connection.inTransaction) this.connection.pragma('wal_checkpoint(PASSIVE)');
    }, delayMs);
    this.idleTimer.unref();
  }

  /**
   * One merge step. It does not wait for another program's write lock (nobody asked for it, so
   * it must not hold the app up); that, or a damaged index (which `maintenance verify` reports),
   * leaves the merging to the next pause rather than break the app.
   */
  private mergeFullTextStep(): boolean {
    this.connection.pragma('busy_timeout = 0');
    try {
      return mergeFullTextStep(this.connection);
    } catch {
      return false;
    } finally {
      this.connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    }
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.checkpointer?.closeSync();
    this.storeKey?.fill(0);
    this.statements.clear();
    try {
      this.connection.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      this.connection.close();
    }
  }
}

/** The cipher settings, without the key: they come before it, and a rekey under them rewrites a file in this format. */
const STORE_CIPHER = { name: 'aegis-256', pragmas: [`cipher='aegis'`, `algorithm='aegis-256'`] } as const;

const rawKey = (storeKey: Buffer): string => `key="x'${storeKey.toString('hex')}'"`;

/**
 * What opens the file: SQLite3MC's AEGIS-256 cipher with the raw key, so no key derivation runs
 * here (the key slot's scrypt already did). Every page is encrypted and authenticated (a 256-bit
 * tag over a fresh random nonce and the page number), like SQLCipher's AES-CBC + HMAC-SHA512, but
 * with AES-NI it costs ~1 µs a page where SQLCipher's HMAC, in portable C, cost ~13 µs
 * (bench/README.md). The price: Zetetic's SQLCipher tools no longer open the file.
 */
export function openingPragmas(storeKey: Buffer | null): string[] {
  return storeKey ? [...STORE_CIPHER.pragmas, rawKey(storeKey)] : [];
}

/** The format of stores made before AEGIS: SQLCipher 4, the same raw key. Opened only to upgrade them. */
const SQLCIPHER4 = { name: 'sqlcipher-4', pragmas: [`cipher='sqlcipher'`, 'legacy=4'] } as const;
const sqlcipher4Pragmas = (storeKey: Buffer): string[] => [...SQLCIPHER4.pragmas, rawKey(storeKey)];

function configure(connection: SqliteDatabase.Database): void {
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  connection.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  // 4,000 pages (~16 MiB) before a commit must checkpoint by itself; normally the store checkpoints
  // when writes pause (Store.scheduleIdleWork), and during bursts a worker does (checkpointer.ts).
  connection.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
  // SQLite3MC encrypts the database, its journal and WAL, but not temporary files: sorts and
  // temp tables that spill to disk would land in the clear in the system's temp folder.
  connection.pragma('temp_store = MEMORY');
}

function isUnreadable(error: unknown): boolean {
  return error instanceof Error && /not a database|file is encrypted/i.test(error.message);
}

function keyedConnection(path: string, pragmas: string[]): SqliteDatabase.Database {
  const connection = new SqliteDatabase(path, { timeout: 1_000 });
  try {
    for (const pragma of pragmas) connection.pragma(pragma);
    // The first read proves the key fits the file.
    connection.prepare('SELECT count(*) FROM sqlite_master').get();
    return connection;
  } catch (error) {
    connection.close();
    throw error;
  }
}

/**
 * Rewrites a SQLCipher 4 store in the current format. The work is done on a copy, which replaces
 * the store by rename only once it is complete and checked, so a crash leaves either the old file
 * or the new one. Returns false when the file is not SQLCipher 4 under this key either.
 */
function upgradeFromSqlcipher4(path: string, storeKey: Buffer): boolean {
  let legacy: SqliteDatabase.Database;
  try {
    legacy = keyedConnection(path, sqlcipher4Pragmas(storeKey));
  } catch (error) {
    if (isUnreadable(error)) return false;
    throw error;
  }
  const upgrading = `${path}.upgrading`;
  const leftovers = [upgrading, `${upgrading}-journal`, `${upgrading}-wal`, `${upgrading}-shm`];
  try {
    // Leaving WAL mode needs every other connection closed, and in exclusive locking mode the
    // lock is then kept: nobody writes to the file while it is copied.
    legacy.pragma('locking_mode = EXCLUSIVE');
    let mode: unknown = null;
    try {
      mode = legacy.pragma('journal_mode = DELETE', { simple: true });
    } catch (error) {
      if (!(error instanceof Error && /locked|busy/i.test(error.message))) throw error;
    }
    if (mode !== 'delete') {
      throw new CasebookError('STORE_BUSY', `The store must be upgraded to its new encryption once, and another program has it open: ${path}`);
    }
    legacy.exec('BEGIN EXCLUSIVE');
    for (const leftover of leftovers) rmSync(leftover, { force: true });
    try {
      copyFileSync(path, upgrading);
      const copy = keyedConnection(upgrading, sqlcipher4Pragmas(storeKey));
      try {
        // A rekey under another cipher rewrites every page with it (a VACUUM, since the reserved
        // bytes per page differ).
        for (const pragma of STORE_CIPHER.pragmas) copy.pragma(pragma);
        const result = copy.pragma(`re${rawKey(storeKey)}`) as { ok?: string }[];
        if (result[0]?.ok !== 'ok') throw new CasebookError('INTERNAL', `The store could not be upgraded to its new encryption; it is unchanged: ${path}`);
      } finally {
        copy.close();
      }
      const check = keyedConnection(upgrading, openingPragmas(storeKey));
      try {
        if (check.pragma('quick_check', { simple: true }) !== 'ok') {
          throw new CasebookError('STORE_CORRUPT', `The upgraded copy of the store did not check out; the store is unchanged: ${path}`);
        }
      } finally {
        check.close();
      }
      syncFile(upgrading);
      renameSync(upgrading, path);
      syncFolder(dirname(path));
    } catch (error) {
      for (const leftover of leftovers) rmSync(leftover, { force: true });
      throw error;
    }
    legacy.exec('COMMIT');
    return true;
  } finally {
    legacy.close();
  }
}

/** `storeKey` null opens the file without a cipher: only openStoreForBenchmark does that. */
function openConnection(path: string, storeKey: Buffer | null, state: ConnectionState): { connection: SqliteDatabase.Database; upgradedFrom: string | null } {
  let upgradedFrom: string | null = null;
  let connection: SqliteDatabase.Database;
  try {
    connection = keyedConnection(path, openingPragmas(storeKey));
  } catch (error) {
    if (!(storeKey && isUnreadable(error) && upgradeFromSqlcipher4(path, storeKey))) throw openingError(error, path);
    upgradedFrom = SQLCIPHER4.name;
    connection = keyedConnection(path, openingPragmas(storeKey));
  }
  try {
    registerAuditFunctions(connection, state);
    configure(connection);
    return { connection, upgradedFrom };
  } catch (error) {
    connection.close();
    throw error;
  }
}

function openingError(error: unknown, path: string): unknown {
  return isUnreadable(error) ? new CasebookError('STORE_CORRUPT', `The store cannot be read with its key file, or it is damaged: ${path}`) : error;
}

/**
 * The one event the store records itself: the format upgrade happens before any service holds
 * the store. It is a rekey in all but the key, so it is recorded as one.
 */
function recordFormatUpgrade(store: Store, from: string): void {
  store.transaction(() =>
    appendAuditEvent(store.connection, { actor: store.actor, action: 'rekey', details: { reason: 'format_upgrade', from, to: STORE_CIPHER.name } }),
  );
}

function openAndMigrate(path: string, storeKey: Buffer | null, actor: string): Store {
  const state: ConnectionState = { name: actor, bulkWrite: false };
  let opened: ReturnType<typeof openConnection>;
  try {
    opened = openConnection(path, storeKey, state);
  } catch (error) {
    storeKey?.fill(0);
    throw error;
  }
  const { connection, upgradedFrom } = opened;
  try {
    migrate(connection);
  } catch (error) {
    connection.close();
    storeKey?.fill(0);
    throw error;
  }
  const store = new Store(connection, path, state, storeKey);
  if (upgradedFrom && hasAuditLog(connection)) recordFormatUpgrade(store, upgradedFrom);
  return store;
}

export interface CreateStoreOptions {
  path: string;
  passphrase: string;
  userName: string;
  /** Lower only in tests: it is recorded in the key file and used to open it again. */
  scryptCost?: ScryptCost;
}

/** An open store with its key: the session keeps the key to add accounts, and wipes it on lock. */
export interface UnlockedStore {
  store: Store;
  storeKey: Buffer;
  slotId: string;
}

export async function createUnlockedStore(options: CreateStoreOptions): Promise<UnlockedStore> {
  const keyPath = keyFilePathFor(options.path);
  if (existsSync(options.path) || existsSync(keyPath)) {
    throw new CasebookError('STORE_EXISTS', `A store already exists at ${options.path}`);
  }
  mkdirSync(dirname(options.path), { recursive: true });
  const created = await createKeyFile(keyPath, options.passphrase, options.userName, options.scryptCost ?? DEFAULT_SCRYPT_COST);
  try {
    const store = openAndMigrate(options.path, Buffer.from(created.storeKey), options.userName);
    return { store, storeKey: created.storeKey, slotId: created.slotId };
  } catch (error) {
    created.storeKey.fill(0);
    for (const leftover of [options.path, `${options.path}-wal`, `${options.path}-shm`, keyPath]) {
      rmSync(leftover, { force: true });
    }
    throw error;
  }
}

export async function createStore(options: CreateStoreOptions): Promise<Store> {
  const unlocked = await createUnlockedStore(options);
  unlocked.storeKey.fill(0);
  return unlocked.store;
}

export interface OpenStoreOptions {
  path: string;
  passphrase: string;
  /** Picks the account's slot; without it every slot is tried. */
  userName?: string;
}

/**
 * Unlocks the key first: a wrong passphrase fails before the database file is even opened.
 * A rekey interrupted by a crash left its new key file beside the old one; whichever opens
 * the database wins.
 */
export async function unlockStore(options: OpenStoreOptions): Promise<UnlockedStore> {
  if (!existsSync(options.path)) {
    throw new CasebookError('STORE_MISSING', `No store at ${options.path}. Create one first.`);
  }
  const keyPath = keyFilePathFor(options.path);
  const pendingPath = pendingRekeyPathFor(keyPath);
  const unlocked = await unlockKeyFile(keyPath, options.passphrase, options.userName);
  try {
    const store = openAndMigrate(options.path, Buffer.from(unlocked.storeKey), unlocked.label);
    rmSync(pendingPath, { force: true });
    return { store, storeKey: unlocked.storeKey, slotId: unlocked.slotId };
  } catch (error) {
    unlocked.storeKey.fill(0);
    if (!(error instanceof CasebookError && error.code === 'STORE_CORRUPT' && existsSync(pendingPath))) throw error;
  }
  const next = await unlockKeyFile(pendingPath, options.passphrase, options.userName);
  const store = openAndMigrate(options.path, Buffer.from(next.storeKey), next.label);
  renameSync(pendingPath, keyPath);
  return { store, storeKey: next.storeKey, slotId: next.slotId };
}

export async function openStore(options: OpenStoreOptions): Promise<Store> {
  const unlocked = await unlockStore(options);
  unlocked.storeKey.fill(0);
  return unlocked.store;
}

/**
 * Re-encrypts the database under a new random key and seals it to every remaining slot, so a
 * copy of a removed slot opens nothing written from now on. The new key file is written
 * first and renamed over the old one only after the database has been re-encrypted.
 */
export function rekeyStore(store: Store): Buffer {
  const keyPath = keyFilePathFor(store.path);
  const pendingPath = pendingRekeyPathFor(keyPath);
  const newKey = randomBytes(32);
  resealStoreKey(keyPath, newKey, pendingPath);
  store.stopCheckpointer();
  const result = store.connection.pragma(`rekey="x'${newKey.toString('hex')}'"`) as { ok?: string }[];
  if (result[0]?.ok !== 'ok') {
    rmSync(pendingPath, { force: true });
    newKey.fill(0);
    throw new CasebookError('INTERNAL', 'The store could not be re-encrypted; it still uses its old key.');
  }
  renameSync(pendingPath, keyPath);
  store.keyChanged(newKey);
  return newKey;
}

/**
 * A second connection to a store the session has already unlocked, for work on another thread
 * (the Import screen's imports): the raw key, no key derivation. The store keeps the key and
 * wipes it when it closes.
 */
export function openStoreWithKey(path: string, storeKey: Buffer, actor: string): Store {
  if (!existsSync(path)) throw new CasebookError('STORE_MISSING', `No store at ${path}.`);
  return openAndMigrate(path, storeKey, actor);
}

/**
 * Benchmark only, never used by the app: opens (creating it if need be) a store through the same
 * path as openStore, already unlocked with `storeKey` (kept by the store and wiped when it closes), or, with null, as a PLAIN
 * unencrypted SQLite file with the same migrations and pragmas, so the benchmark can compare the
 * two. Key derivation is left out, so it can be measured on its own.
 */
export function openStoreForBenchmark(path: string, storeKey: Buffer | null, actor = 'Benchmark'): Store {
  mkdirSync(dirname(path), { recursive: true });
  return openAndMigrate(path, storeKey, actor);
}

/** Benchmark only, never used by the app: an unencrypted store, see openStoreForBenchmark. */
export function openPlainStoreForBenchmark(path: string, actor = 'Benchmark'): Store {
  return openStoreForBenchmark(path, null, actor);
}

export async function changePassphrase(
  path: string,
  current: string,
  next: string,
  scryptCost?: ScryptCost,
  userName?: string,
): Promise<void> {
  await rewrapKeySlot(keyFilePathFor(path), current, next, scryptCost, userName);
}

export function storeExists(path: string): boolean {
  return existsSync(path);
}
