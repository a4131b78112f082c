// Online, encrypted backups of the store, and restores that are verified before they replace
// anything.
//
// How a backup is made and why it is encrypted
// --------------------------------------------
// SQLite's online backup API (better-sqlite3's db.backup()) cannot be used here: better-sqlite3
// opens the destination itself, with no key and no URI parameters (it is built with
// SQLITE_USE_URI=0), and SQLite3MultipleCiphers refuses to copy an encrypted database into an
// unkeyed one ("backup is not supported with incompatible source and target databases"), leaving
// an empty file behind. So a backup is `VACUUM INTO`: SQLite3MC writes the copy with the source
// connection's cipher and key (AEGIS-256, the same raw key), so it opens with the same
// key file; tests/backup.test.ts checks the bytes for plaintext and reopens the copy with
// openStore. VACUUM INTO reads one consistent snapshot inside a read transaction: in WAL mode
// other connections (the CLI beside a running app, or the app beside the CLI) keep writing while
// it runs. On the app's own connection it runs synchronously, about 10 ms per MB
// (200 ms for a 23 MB store on the development machine).
//
// A backup is a pair: `<name>.db` and its key file `<name>.db.keys` (a copy of the store's
// key-slot file: without it the copy cannot be opened). Both are written under temporary names
// in the destination folder, synced, checked, and only then renamed into place, key file first;
// a backup whose key file is missing is never listed, restored or counted for rotation.
//
// A restore copies the pair beside the target under temporary names, opens the copy with the
// passphrase (which checks the migrations' checksums), runs integrity checks (and the audit
// chain's, once it exists), and only then swaps the files in by rename, keeping the previous ones
// as `<target>.before-restore-<stamp>` (+ `.keys`, `-wal`) until the swap has succeeded. A journal
// beside the target lets recoverInterruptedRestore() undo a swap that a crash cut short.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { CasebookError } from '@shared/errors';
import { type Store, checkAppliedMigrations, fullTextTables, keyFilePathFor, openStore, syncFile, syncFolder } from '../store';
import { verifyAuditChain } from './audit';

// ---- The audit chain's hook --------------------------------------------------------------------

/** Verifies the audit chain of an open store and throws (a CasebookError) when it is broken. */
export type AuditChainVerifier = (store: Store) => void;

/** By default a backup or restore whose audit chain does not verify is refused. */
const verifyAuditTrail: AuditChainVerifier = (store) => {
  const verification = verifyAuditChain(store);
  if (!verification.ok) {
    throw new CasebookError('STORE_CORRUPT', `The audit trail does not verify: ${verification.problems[0]?.message ?? ''}`);
  }
};

const auditChainVerifier: AuditChainVerifier = verifyAuditTrail;

export interface IntegrityReport {
  /** Applied migrations, each checked against the bundled file's checksum. */
  migrations: number;
  auditChain: 'verified' | 'not-available';
}

/**
 * Everything that can be checked about an open store: SQLite's integrity_check, foreign keys,
 * the full-text indexes against their tables, the migrations' checksums, and the audit chain.
 * Throws STORE_CORRUPT (or the migrations' own errors) at the first problem.
 */
export function verifyStoreIntegrity(store: Store, verifier: AuditChainVerifier | null = auditChainVerifier): IntegrityReport {
  const db = store.connection;
  const integrity = db.pragma('integrity_check') as { integrity_check: string }[];
  if (integrity.length !== 1 || integrity[0]?.integrity_check !== 'ok') {
    const detail = integrity.slice(0, 5).map((row) => row.integrity_check).join('; ');
    throw new CasebookError('STORE_CORRUPT', `The store failed SQLite's integrity check: ${detail}`);
  }
  const foreignKeys = db.pragma('foreign_key_check') as unknown[];
  if (foreignKeys.length > 0) {
    throw new CasebookError('STORE_CORRUPT', `The store has ${foreignKeys.length} broken reference(s) between tables.`);
  }
  for (const table of fullTextTables(db)) {
    try {
      db.prepare(`INSERT INTO "${table}" ("${table}", rank) VALUES ('integrity-check', 1)`).run();
    } catch {
      throw new CasebookError('STORE_CORRUPT', `The full-text index ${table} does not match its table.`);
    }
  }
  const migrations = checkAppliedMigrations(db).length;
  if (verifier) verifier(store);
  return { migrations, auditChain: verifier ? 'verified' : 'not-available' };
}

// ---- File system plumbing, replaceable in tests ------------------------------------------------

/** The writes a backup or restore makes; tests replace them to simulate a full disk. */
export interface BackupIo {
  /** Writes a consistent, encrypted snapshot of `connection`'s database into the empty file at `path`. */
  snapshot(connection: SqliteDatabase.Database, path: string): void;
  /** Writes `data` to a new file (mode 0600) and syncs it. */
  writeFile(path: string, data: Buffer): void;
  /** Copies a file to a new name (refusing to overwrite) and syncs it. */
  copyFile(from: string, to: string): void;
  /** Renames a file (atomically, on one file system); used for the restore's swap. */
  rename(from: string, to: string): void;
}

export const defaultBackupIo: BackupIo = {
  snapshot(connection, path) {
    connection.prepare('VACUUM INTO ?').run(path);
  },
  writeFile(path, data) {
    writeFileSync(path, data, { mode: 0o600, flag: 'wx' });
    syncFile(path);
  },
  copyFile(from, to) {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
    syncFile(to);
  },
  rename(from, to) {
    renameSync(from, to);
  },
};

function removeQuietly(paths: readonly string[]): void {
  for (const path of paths) {
    try {
      rmSync(path, { force: true });
    } catch {
      // Best effort: the error being reported matters more.
    }
  }
}

function temporaryName(folder: string, name: string, purpose: string): string {
  return join(folder, `.${name}.${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

const FULL_DISK = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const UNWRITABLE = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOTDIR',
  'ENOENT',
  'EISDIR',
  'SQLITE_CANTOPEN',
  'SQLITE_READONLY',
  'SQLITE_PERM',
  'SQLITE_AUTH',
]);

function errorCodeOf(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') return error.code;
  return '';
}

/** Turns a file system or SQLite failure while writing into `folder` into an error that names the folder. */
function writeError(error: unknown, folder: string, what: string): CasebookError {
  if (error instanceof CasebookError) return error;
  const code = errorCodeOf(error);
  const baseCode = code.replace(/^(SQLITE_[A-Z]+)_.*$/, '$1');
  if (FULL_DISK.has(code) || FULL_DISK.has(baseCode)) {
    return new CasebookError('DISK_FULL', `There is not enough free space in ${folder} for the ${what}. Nothing was written; free some space or choose another folder.`);
  }
  if (UNWRITABLE.has(code) || UNWRITABLE.has(baseCode)) {
    return new CasebookError('FOLDER_UNWRITABLE', `The folder ${folder} cannot be written to (${code}), so the ${what} was not made. Choose a folder you may write to.`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new CasebookError('BACKUP_FAILED', `The ${what} could not be written to ${folder}: ${message}. Nothing was left behind.`);
}

function ensureFolder(folder: string, what: string): void {
  try {
    mkdirSync(folder, { recursive: true });
    if (!statSync(folder).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    // mkdir -p reports a file standing where the folder should be as EEXIST.
    throw writeError(errorCodeOf(error) === 'EEXIST' ? Object.assign(new Error('not a folder'), { code: 'ENOTDIR' }) : error, folder, what);
  }
}

// ---- Names ---------------------------------------------------------------------------------------

/** `casebook-2025-01-31T22-05-09-123Z.db`: sortable, and valid on every file system. */
const BACKUP_NAME = /^(.+)-(\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}-\d{3}Z)(?:-(\d+))?\.db$/;

function stampOf(date: Date): string {
  return date.toISOString().replace(/[:.]/g, '-');
}

function dateOfStamp(stamp: string): Date {
  const [day, time] = stamp.split('T') as [string, string];
  const [h, m, s, ms] = time.replace('Z', '').split('-');
  return new Date(`${day}T${h}:${m}:${s}.${ms}Z`);
}

/** What every backup of the store at `storePath` is named after: its file name without extension. */
export function backupPrefixFor(storePath: string): string {
  const name = basename(storePath).replace(/\.(db|sqlite3?)$/i, '');
  return name.replace(/[^A-Za-z0-9_.-]/g, '_') || 'casebook';
}

export interface BackupEntry {
  /** The backup's database file; its key file is keyFilePathFor(path). */
  path: string;
  keyFilePath: string;
  /** The store's file name without extension, which every backup of it starts with. */
  prefix: string;
  createdAt: Date;
}

/** Complete backups in `folder` (database and key file both present), newest first. */
export function listBackups(folder: string): BackupEntry[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return [];
    throw error;
  }
  const present = new Set(names);
  const entries: BackupEntry[] = [];
  for (const name of names) {
    const match = BACKUP_NAME.exec(name);
    if (!match || !present.has(`${name}.keys`)) continue;
    const createdAt = dateOfStamp(match[2] as string);
    if (Number.isNaN(createdAt.getTime())) continue;
    const path = join(folder, name);
    entries.push({ path, keyFilePath: keyFilePathFor(path), prefix: match[1] as string, createdAt });
  }
  return entries.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.path.localeCompare(a.path));
}

// ---- Backup ---------------------------------------------------------------------------------------

function readStoreKeyFile(storePath: string): Buffer {
  const path = keyFilePathFor(storePath);
  try {
    return readFileSync(path);
  } catch {
    throw new CasebookError('KEY_FILE_MISSING', `The store's key file cannot be read: ${path}. A backup without it could never be opened.`);
  }
}

export interface BackupOptions {
  now?: () => Date;
  io?: Partial<BackupIo>;
}

export interface BackupResult extends BackupEntry {
  bytes: number;
}

/**
 * Backs up an open store into `folder` (created if need be) as `<store>-<UTC stamp>.db` and its
 * key file. The copy is checked (opened with the store's key, integrity_check) before it is
 * renamed into place; on any failure nothing is left in the folder. For the app: pass
 * session.requireStore().
 */
export function backupStore(store: Store, folder: string, options: BackupOptions = {}): BackupResult {
  const io = { ...defaultBackupIo, ...options.io };
  if (!store.isOpen) throw new CasebookError('LOCKED', 'The store is locked. Unlock it first.');
  const keyFile = readStoreKeyFile(store.path);
  const target = resolve(folder);
  ensureFolder(target, 'backup');

  const createdAt = (options.now ?? (() => new Date()))();
  const prefix = backupPrefixFor(store.path);
  let name = `${prefix}-${stampOf(createdAt)}.db`;
  for (let n = 2; existsSync(join(target, name)) || existsSync(join(target, `${name}.keys`)); n += 1) {
    name = `${prefix}-${stampOf(createdAt)}-${n}.db`;
  }
  const finalPath = join(target, name);
  const finalKeys = keyFilePathFor(finalPath);
  const partialDb = temporaryName(target, name, 'partial');
  const partialKeys = `${partialDb}.keys`;
  const leftovers = [partialDb, partialKeys, `${partialDb}-journal`, `${partialDb}-wal`, `${partialDb}-shm`];

  let attached = false;
  try {
    // Created here (owner-only), so a folder we may not write to fails with its real errno,
    // and VACUUM INTO, which accepts an empty file, keeps the mode.
    closeSync(openSync(partialDb, 'wx', 0o600));
    io.snapshot(store.connection, partialDb);
    syncFile(partialDb);
    // Another process (the CLI beside the app) may have rekeyed the store meanwhile: then this
    // key file might not open this copy.
    if (!readStoreKeyFile(store.path).equals(keyFile)) {
      throw new CasebookError('BACKUP_FAILED', `The store's key file changed while the backup was made; nothing was written to ${target}. Try again.`);
    }
    io.writeFile(partialKeys, keyFile);

    // Attached without a KEY clause, the copy is read with the store's own cipher and key.
    store.connection.prepare('ATTACH DATABASE ? AS backup_check').run(partialDb);
    attached = true;
    const check = store.connection.pragma('backup_check.integrity_check') as { integrity_check: string }[];
    if (check.length !== 1 || check[0]?.integrity_check !== 'ok') {
      throw new CasebookError('BACKUP_FAILED', `The backup written to ${target} failed its integrity check, so it was removed.`);
    }
    store.connection.exec('DETACH DATABASE backup_check');
    attached = false;

    renameSync(partialKeys, finalKeys);
    renameSync(partialDb, finalPath);
    syncFolder(target);
    return { path: finalPath, keyFilePath: finalKeys, prefix, createdAt, bytes: statSync(finalPath).size };
  } catch (error) {
    if (attached) {
      try {
        store.connection.exec('DETACH DATABASE backup_check');
      } catch {
        // The connection is what matters; the partial file goes below either way.
      }
    }
    removeQuietly(existsSync(finalPath) ? leftovers : [...leftovers, finalKeys]);
    throw writeError(error, target, 'backup');
  }
}

export interface BackupDatabaseOptions extends BackupOptions {
  /** The store's database file; its key file lies beside it. */
  dbPath: string;
  passphrase: string;
  /** The folder the backup goes to. */
  to: string;
}

/**
 * For the CLI (`backup --db PATH --passphrase-file FILE --to DIR`): opens the store with the
 * passphrase, backs it up and closes it. Safe while the app has the same store open.
 */
export async function backupDatabase(options: BackupDatabaseOptions): Promise<BackupResult> {
  const store = await openStore({ path: options.dbPath, passphrase: options.passphrase });
  try {
    return backupStore(store, options.to, options);
  } finally {
    store.close();
  }
}

// ---- Restore --------------------------------------------------------------------------------------

/** A backup given as its `.db` file, or as a folder holding exactly one complete backup. */
export function resolveBackup(backupPath: string): { path: string; keyFilePath: string } {
  const path = resolve(backupPath);
  let stats;
  try {
    stats = statSync(path);
  } catch {
    throw new CasebookError('BACKUP_INVALID', `There is no backup at ${path}.`);
  }
  if (stats.isDirectory()) {
    const candidates = readdirSync(path).filter((name) => /\.db$/.test(name) && existsSync(join(path, `${name}.keys`)));
    if (candidates.length !== 1) {
      throw new CasebookError(
        'BACKUP_INVALID',
        candidates.length === 0
          ? `The folder ${path} holds no backup (a .db file with its .db.keys key file).`
          : `The folder ${path} holds ${candidates.length} backups; name the .db file to restore.`,
      );
    }
    return resolveBackup(join(path, candidates[0] as string));
  }
  const keyFilePath = keyFilePathFor(path);
  if (!existsSync(keyFilePath)) {
    throw new CasebookError('BACKUP_INVALID', `The backup's key file is missing: ${keyFilePath}. A backup cannot be opened without it.`);
  }
  return { path, keyFilePath };
}

export interface RestoreOptions {
  /** The backup's `.db` file, or a folder with exactly one backup in it. */
  backupPath: string;
  /** Where the store is to live; what is there now is replaced only after the backup is verified. */
  targetPath: string;
  /** The passphrase that opens the backup's key file (which may be an older passphrase). */
  passphrase: string;
  /** Keep the replaced store as `<target>.before-restore-<stamp>` after success too (default: removed). */
  keepPrevious?: boolean;
  now?: () => Date;
  io?: Partial<BackupIo>;
  /** Defaults to verifying the audit trail's hash chain; null skips it (tests only). */
  auditChainVerifier?: AuditChainVerifier | null;
}

export interface RestoreResult {
  targetPath: string;
  /** The replaced store, when there was one and it was kept; else null. */
  previousPath: string | null;
  integrity: IntegrityReport;
}

const STORE_SUFFIXES = ['', '-wal', '-shm', '.keys'] as const;

interface RestoreJournal {
  format: 'crisis-casebook/restore-journal';
  target: string;
  previous: string;
  staged: string;
  /** Suffixes of the target's files that were moved to `previous`. */
  moved: string[];
  phase: 'swapping' | 'swapped';
  keepPrevious: boolean;
}

function journalPathFor(targetPath: string): string {
  return `${targetPath}.restore-journal`;
}

function writeJournal(journal: RestoreJournal): void {
  const path = journalPathFor(journal.target);
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(journal)}\n`, { mode: 0o600 });
  syncFile(temporary);
  renameSync(temporary, path);
  syncFolder(dirname(path));
}

/**
 * Finishes or undoes a restore that a crash interrupted, from the journal beside the target.
 * Call it before opening the store (the app at start-up, the CLI before `restore`); restoreBackup
 * calls it itself. Returns what it did.
 */
export function recoverInterruptedRestore(targetPath: string): 'nothing' | 'rolled-back' | 'completed' {
  const target = resolve(targetPath);
  const journalPath = journalPathFor(target);
  if (!existsSync(journalPath)) return 'nothing';
  const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as RestoreJournal;
  if (journal.format !== 'crisis-casebook/restore-journal' || journal.target !== target) {
    throw new CasebookError('BACKUP_INVALID', `The restore journal ${journalPath} does not belong to ${target}; move it away by hand.`);
  }
  if (journal.phase === 'swapped') {
    if (!journal.keepPrevious) removeQuietly(STORE_SUFFIXES.map((suffix) => `${journal.previous}${suffix}`));
    rmSync(journalPath, { force: true });
    return 'completed';
  }
  // Cut short while swapping: put the previous store back as it was.
  for (const suffix of STORE_SUFFIXES) {
    const moved = journal.moved.includes(suffix);
    if (moved && existsSync(`${journal.previous}${suffix}`)) renameSync(`${journal.previous}${suffix}`, `${target}${suffix}`);
    else if (!moved) rmSync(`${target}${suffix}`, { force: true });
  }
  removeQuietly(STORE_SUFFIXES.map((suffix) => `${journal.staged}${suffix}`));
  syncFolder(dirname(target));
  rmSync(journalPath, { force: true });
  return 'rolled-back';
}

/**
 * For the CLI (`restore --from PATH --db PATH --passphrase-file FILE`) and the app (lock the
 * session first: the target must not be open). Copies the backup beside the target, verifies the
 * copy (opens it with the passphrase, which checks the migrations; integrity, foreign keys,
 * full-text indexes, audit chain), and only then swaps it in by rename.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const io = { ...defaultBackupIo, ...options.io };
  const backup = resolveBackup(options.backupPath);
  const target = resolve(options.targetPath);
  const folder = dirname(target);
  if (backup.path === target) {
    throw new CasebookError('BACKUP_INVALID', 'The backup and the store to restore into are the same file.');
  }
  ensureFolder(folder, 'restore');
  recoverInterruptedRestore(target);

  // 1. A verified copy beside the target, on the same file system, so the swap is a rename.
  const staged = temporaryName(folder, basename(target), 'restoring');
  const stagedFiles = STORE_SUFFIXES.map((suffix) => `${staged}${suffix}`);
  let integrity: IntegrityReport;
  try {
    io.copyFile(backup.keyFilePath, keyFilePathFor(staged));
    io.copyFile(backup.path, staged);
    const store = await openStore({ path: staged, passphrase: options.passphrase });
    try {
      integrity = verifyStoreIntegrity(store, options.auditChainVerifier === undefined ? auditChainVerifier : options.auditChainVerifier);
    } finally {
      store.close();
    }
    // Closing checkpointed the WAL into the file; what is left of it is empty.
    if (existsSync(`${staged}-wal`) && statSync(`${staged}-wal`).size > 0) {
      throw new CasebookError('BACKUP_FAILED', `The verified copy of ${backup.path} could not be checkpointed; nothing was restored.`);
    }
    removeQuietly([`${staged}-wal`, `${staged}-shm`]);
    syncFile(staged);
  } catch (error) {
    removeQuietly(stagedFiles);
    const code = errorCodeOf(error);
    if ((error instanceof CasebookError && error.code === 'STORE_CORRUPT') || /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new CasebookError('BACKUP_INVALID', `The backup ${backup.path} failed verification, so nothing was restored: ${reason}`);
    }
    if (error instanceof CasebookError) throw error;
    throw writeError(error, folder, 'restore');
  }

  // 2. The swap: previous files aside, the verified copy in, with a journal to undo a crash.
  const previous = `${target}.before-restore-${stampOf((options.now ?? (() => new Date()))())}`;
  const journal: RestoreJournal = {
    format: 'crisis-casebook/restore-journal',
    target,
    previous,
    staged,
    moved: [],
    phase: 'swapping',
    keepPrevious: options.keepPrevious ?? false,
  };
  try {
    journal.moved = STORE_SUFFIXES.filter((suffix) => existsSync(`${target}${suffix}`));
    writeJournal(journal);
    for (const suffix of journal.moved) io.rename(`${target}${suffix}`, `${previous}${suffix}`);
    io.rename(keyFilePathFor(staged), keyFilePathFor(target));
    io.rename(staged, target);
    syncFolder(folder);
    journal.phase = 'swapped';
    writeJournal(journal);
  } catch (error) {
    try {
      recoverInterruptedRestore(target);
    } catch (undoError) {
      // The journal stays, so recoverInterruptedRestore() can be run again once the cause is fixed.
      const why = undoError instanceof Error ? undoError.message : String(undoError);
      throw new CasebookError(
        'BACKUP_FAILED',
        `The restore into ${folder} failed and could not be undone (${why}). The previous store is kept as ${previous}; run the restore recovery again.`,
      );
    }
    removeQuietly(stagedFiles);
    throw writeError(error, folder, 'restore');
  }

  // 3. Success: the previous files go, unless asked to keep them.
  recoverInterruptedRestore(target);
  const kept = journal.keepPrevious && journal.moved.length > 0;
  return { targetPath: target, previousPath: kept ? previous : null, integrity };
}
