// The audit trail's hash chain. Triggers (migrations/0004) append an entry for every change
// to a record; the app appends entries for events. Each transaction then seals the new
// entries: entry_hash = SHA-256 of the previous entry's hash and this entry's fields. An
// edited, deleted or reordered entry breaks the chain where it happened.
import { createHash } from 'node:crypto';
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';

export const AUDIT_GENESIS_HASH = '0'.repeat(64);

export interface AuditEntryRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  record_kind: string;
  record_id: string | null;
  hash_before: string | null;
  hash_after: string | null;
  details: string;
  prev_hash: string | null;
  entry_hash: string | null;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** An event the app records (not a record change, which triggers record); the transaction seals it. */
export interface AuditEventEntry {
  actor: string;
  action: string;
  details: Record<string, unknown>;
  recordKind?: string | undefined;
  recordId?: string | null | undefined;
  /** Defaults to now. */
  at?: string | undefined;
}

/** Appends an event entry. Call inside a transaction, so sealAuditChain seals it with its writes. */
export function appendAuditEvent(connection: SqliteDatabase.Database, entry: AuditEventEntry): void {
  connection
    .prepare(
      `INSERT INTO audit_log (at, actor, action, record_kind, record_id, details)
       VALUES (coalesce(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now')), ?, ?, ?, ?, ?)`,
    )
    .run(entry.at ?? null, entry.actor, entry.action, entry.recordKind ?? 'session', entry.recordId ?? null, JSON.stringify(entry.details));
}

/** The sequence number is left out on purpose: a moved entry then shows as moved, not as edited. */
export function auditEntryHash(previousHash: string, entry: Omit<AuditEntryRow, 'prev_hash' | 'entry_hash' | 'seq'>): string {
  return sha256(
    JSON.stringify([
      previousHash,
      entry.at,
      entry.actor,
      entry.action,
      entry.record_kind,
      entry.record_id,
      entry.hash_before,
      entry.hash_after,
      entry.details,
    ]),
  );
}

/**
 * What the triggers ask about a connection: who is acting (casebook_actor()), and whether a bulk
 * writer is inserting many rows at once (casebook_bulk_write(), see migrations/0005).
 */
export interface ConnectionState {
  name: string;
  bulkWrite: boolean;
}

/** The SQL functions the triggers call. Without them, a write to an audited table fails. */
export function registerAuditFunctions(connection: SqliteDatabase.Database, state: ConnectionState): void {
  connection.function('casebook_actor', { deterministic: false, varargs: false }, () => state.name);
  connection.function('casebook_row_hash', { deterministic: true }, (json: unknown) => sha256(String(json)));
  connection.function('casebook_bulk_write', { deterministic: false, varargs: false }, () => (state.bulkWrite ? 1 : 0));
}

/** Whether this store has the audit trail yet (a store being migrated may not). */
export function hasAuditLog(connection: SqliteDatabase.Database): boolean {
  return connection.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_log'").get() !== undefined;
}

interface SealStatements {
  unsealed: SqliteDatabase.Statement<[]>;
  last: SqliteDatabase.Statement<[]>;
  seal: SqliteDatabase.Statement<[string, string, number]>;
}

/** Sealing runs at every commit: its statements are prepared once per connection. */
const sealStatements = new WeakMap<SqliteDatabase.Database, SealStatements>();

function statementsFor(connection: SqliteDatabase.Database): SealStatements {
  let statements = sealStatements.get(connection);
  if (!statements) {
    statements = {
      unsealed: connection.prepare(
        'SELECT seq, at, actor, action, record_kind, record_id, hash_before, hash_after, details FROM audit_log WHERE entry_hash IS NULL ORDER BY seq',
      ),
      last: connection.prepare('SELECT entry_hash FROM audit_log WHERE entry_hash IS NOT NULL ORDER BY seq DESC LIMIT 1'),
      seal: connection.prepare('UPDATE audit_log SET prev_hash = ?, entry_hash = ? WHERE seq = ?'),
    };
    sealStatements.set(connection, statements);
  }
  return statements;
}

/** Seals every unsealed entry, in order. Runs inside the transaction that wrote them. */
export function sealAuditChain(connection: SqliteDatabase.Database): number {
  const statements = statementsFor(connection);
  const unsealed = statements.unsealed.all() as Omit<AuditEntryRow, 'prev_hash' | 'entry_hash'>[];
  if (unsealed.length === 0) return 0;
  const last = statements.last.get() as { entry_hash: string } | undefined;
  let previous = last?.entry_hash ?? AUDIT_GENESIS_HASH;
  const seal = statements.seal;
  for (const entry of unsealed) {
    const hash = auditEntryHash(previous, entry);
    seal.run(previous, hash, entry.seq);
    previous = hash;
  }
  return unsealed.length;
}
