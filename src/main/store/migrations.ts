// Numbered SQL files in migrations/, bundled into the build at compile time so the packaged
// app and the CLI carry them. Each is applied in its own transaction and recorded with a
// checksum; an applied migration whose file has since changed is refused.
import { createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import { CasebookError } from '@shared/errors';

export interface Migration {
  version: number;
  name: string;
  sql: string;
  checksum: string;
  /**
   * Run with SQLite's foreign keys off, as its procedure for rebuilding a table requires (dropping
   * a parent table would otherwise cascade into its children); the keys are checked before commit.
   * A migration asks for it with its first line: `-- migrate: foreign_keys = OFF`.
   */
  foreignKeysOff: boolean;
}

const FOREIGN_KEYS_OFF = /^-- migrate: foreign_keys = OFF\r?\n/;

const sqlByPath = import.meta.glob<string>('../../../migrations/*.sql', {
  query: '?raw',
  import: 'default',
  eager: true,
});

export function checksumOf(sql: string): string {
  return createHash('sha256').update(sql.replace(/\r\n/g, '\n'), 'utf8').digest('hex');
}

export function parseMigrations(files: Record<string, string>): Migration[] {
  const migrations = Object.entries(files).map(([path, sql]) => {
    const fileName = path.split('/').pop() ?? path;
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(fileName);
    if (!match) throw new Error(`Migration file name must look like 0001_name.sql: ${fileName}`);
    return { version: Number(match[1]), name: match[2] as string, sql, checksum: checksumOf(sql), foreignKeysOff: FOREIGN_KEYS_OFF.test(sql) };
  });
  migrations.sort((a, b) => a.version - b.version);
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migrations must be numbered 1, 2, 3… without gaps; found ${migration.version} at ${index + 1}`);
    }
  });
  return migrations;
}

export const MIGRATIONS: readonly Migration[] = parseMigrations(sqlByPath);
export const LATEST_SCHEMA_VERSION = MIGRATIONS.length;

interface AppliedMigration {
  version: number;
  name: string;
  checksum: string;
}

function appliedMigrations(db: SqliteDatabase.Database): AppliedMigration[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    checksum TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  return db.prepare('SELECT version, name, checksum FROM schema_migrations ORDER BY version').all() as AppliedMigration[];
}

/** Refuses a store written by a newer app, and any applied migration whose file changed. */
export function checkAppliedMigrations(db: SqliteDatabase.Database, migrations: readonly Migration[] = MIGRATIONS): AppliedMigration[] {
  const latest = migrations.length;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const applied = appliedMigrations(db);
  const newest = Math.max(userVersion, ...applied.map((row) => row.version));
  if (newest > latest) {
    throw new CasebookError(
      'STORE_FROM_FUTURE',
      `This store was written by a newer version of Crisis Casebook (schema ${newest}; this app knows up to ${latest}). Update the app.`,
    );
  }
  for (const row of applied) {
    const known = migrations[row.version - 1];
    if (!known || known.checksum !== row.checksum) {
      throw new CasebookError(
        'MIGRATION_TAMPERED',
        `Migration ${String(row.version).padStart(4, '0')}_${row.name} was changed after it was applied to this store.`,
      );
    }
  }
  return applied;
}

/** Applies every pending migration, each inside its own transaction. Returns the versions applied. */
export function migrate(db: SqliteDatabase.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const applied = new Set(checkAppliedMigrations(db, migrations).map((row) => row.version));
  const record = db.prepare('INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (?, ?, ?, ?)');
  const newlyApplied: number[] = [];
  for (const migration of migrations) {
    if (applied.has(migration.version)) continue;
    // SQLite's DDL is transactional, so a failing migration leaves no trace.
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      if (migration.foreignKeysOff) refuseBrokenForeignKeys(db, migration);
      record.run(migration.version, migration.name, migration.checksum, new Date().toISOString());
      db.pragma(`user_version = ${migration.version}`);
    });
    if (migration.foreignKeysOff) withoutForeignKeys(db, apply);
    else apply();
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

/**
 * Runs `work` (which opens its own transaction) with SQLite's foreign-key enforcement off, and
 * puts it back as it was: for a table rebuild here, and for a bulk writer that checks the keys of
 * what it writes itself (Store.withoutForeignKeyEnforcement). The pragma changes only outside a transaction.
 */
export function withoutForeignKeys<T>(db: SqliteDatabase.Database, work: () => T): T {
  if (db.inTransaction) throw new Error('Foreign keys can be turned off only outside a transaction');
  const enforced = db.pragma('foreign_keys', { simple: true }) === 1;
  db.pragma('foreign_keys = OFF');
  try {
    return work();
  } finally {
    if (enforced) db.pragma('foreign_keys = ON');
  }
}

function refuseBrokenForeignKeys(db: SqliteDatabase.Database, migration: Migration): void {
  const broken = db.prepare('SELECT "table", rowid, parent FROM pragma_foreign_key_check LIMIT 1').get() as
    | { table: string; rowid: number; parent: string }
    | undefined;
  if (broken) {
    throw new Error(
      `Migration ${String(migration.version).padStart(4, '0')}_${migration.name} would leave row ${broken.rowid} of ${broken.table} without its ${broken.parent}`,
    );
  }
}
