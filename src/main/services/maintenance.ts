// Checking a store: SQLite's page-level integrity, foreign keys, the full-text indexes, that the
// applied migrations are exactly the ones this app carries, and the audit trail's hash chain.
// Read-only; it never repairs anything.
import { CasebookError } from '@shared/errors';
import { checkAppliedMigrations, fullTextTables } from '../store';
import { hasAuditLog } from '../store/auditChain';
import { verifyAuditChain } from './audit';
import type { Store } from '../store';

export interface MigrationRecord {
  version: number;
  name: string;
  checksum: string;
}

export interface VerifyReport {
  /** True when no check found a problem. */
  ok: boolean;
  /**
   * What PRAGMA integrity_check says: ['ok'] for a sound file. It reads every page, and the cipher
   * authenticates each page as it is read, so a page changed on disk fails it too.
   */
  integrity: string[];
  /** Every problem found, in words. */
  problems: string[];
  /** PRAGMA user_version: the newest migration applied. */
  schemaVersion: number;
  /** The applied migrations as recorded in the store, with their checksums. */
  migrations: MigrationRecord[];
}

function pragmaColumn(store: Store, pragma: string): string[] {
  const rows = store.connection.pragma(pragma) as Record<string, unknown>[];
  return rows.map((row) => String(Object.values(row)[0]));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads every page; a page that fails to decrypt or authenticate makes SQLite raise an error. */
function integrityCheck(store: Store): string[] {
  try {
    return pragmaColumn(store, 'integrity_check');
  } catch (error) {
    return [messageOf(error)];
  }
}

function integrityProblems(integrity: string[]): string[] {
  return integrity.length === 1 && integrity[0] === 'ok' ? [] : integrity.map((line) => `integrity_check: ${line}`);
}

function foreignKeyProblems(store: Store): string[] {
  const rows = store.connection.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[];
  return rows.map((row) => `foreign_key_check: a row of ${row.table} (rowid ${row.rowid}) points to a missing ${row.parent}`);
}

/** FTS5's own check (rank 1: also against its content table); it raises an error when the index is out of step. */
function fullTextProblems(store: Store): string[] {
  const problems: string[] = [];
  for (const table of fullTextTables(store.connection)) {
    try {
      store.connection.prepare(`INSERT INTO "${table}" ("${table}", rank) VALUES ('integrity-check', 1)`).run();
    } catch (error) {
      problems.push(`${table}: ${messageOf(error)}`);
    }
  }
  return problems;
}

function migrationCheck(store: Store): { migrations: MigrationRecord[]; problems: string[] } {
  try {
    return { migrations: checkAppliedMigrations(store.connection), problems: [] };
  } catch (error) {
    if (error instanceof CasebookError) return { migrations: [], problems: [`migrations: ${error.message}`] };
    throw error;
  }
}

/** The audit trail's hash chain: an edited, deleted or reordered entry is named. */
function auditProblems(store: Store): string[] {
  if (!hasAuditLog(store.connection)) return [];
  return verifyAuditChain(store).problems.map((problem) => `audit trail: ${problem.message}`);
}

/** Runs every check and reports; problems are returned, not thrown. */
export function verifyStore(store: Store): VerifyReport {
  const integrity = integrityCheck(store);
  const { migrations, problems: migrationProblems } = migrationCheck(store);
  const problems = [
    ...integrityProblems(integrity),
    ...foreignKeyProblems(store),
    ...fullTextProblems(store),
    ...migrationProblems,
    ...auditProblems(store),
  ];
  return {
    ok: problems.length === 0,
    integrity,
    problems,
    schemaVersion: store.connection.pragma('user_version', { simple: true }) as number,
    migrations: migrations.map(({ version, name, checksum }) => ({ version, name, checksum })),
  };
}
