// The audit trail: recording events, reading entries, verifying the chain, and exporting it
// for an inspection. Record changes are appended by triggers; this adds the events.
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import type { AuditEntry, AuditVerification } from '@shared/accounts';
import type { SavedFile } from '@shared/exchange';
import type { ExchangeShell } from './export/shell';
import { AUDIT_GENESIS_HASH, type AuditEntryRow, appendAuditEvent, auditEntryHash } from '../store/auditChain';
import type { Store } from '../store';

export type AuditEvent =
  | 'unlock'
  | 'unlock_failed'
  | 'lock'
  | 'passphrase_change'
  | 'export'
  | 'incident_report'
  | 'bundle_export'
  | 'bundle_import'
  | 'import'
  | 'account_create'
  | 'account_update'
  | 'account_remove'
  | 'rekey'
  | 'backup'
  | 'restore';

/** Appends an event; sealed with the transaction it runs in (or its own). */
export function recordEvent(
  store: Store,
  action: AuditEvent,
  details: Record<string, unknown> = {},
  subject: { kind?: string; id?: string | null; at?: string; actor?: string } = {},
): void {
  store.transaction(() =>
    appendAuditEvent(store.connection, {
      actor: subject.actor ?? store.actor,
      action,
      details,
      recordKind: subject.kind,
      recordId: subject.id,
      at: subject.at,
    }),
  );
}

function toEntry(row: AuditEntryRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    recordKind: row.record_kind,
    recordId: row.record_id,
    hashBefore: row.hash_before,
    hashAfter: row.hash_after,
    details: row.details,
    entryHash: row.entry_hash,
  };
}

/** Newest first, `limit` at a time, before `beforeSeq` when paging back. */
export function listAuditEntries(store: Store, query: { limit: number; beforeSeq?: number | undefined }): AuditEntry[] {
  const rows = store.connection
    .prepare('SELECT * FROM audit_log WHERE seq < ? ORDER BY seq DESC LIMIT ?')
    .all(query.beforeSeq ?? Number.MAX_SAFE_INTEGER, query.limit) as AuditEntryRow[];
  return rows.map(toEntry);
}

/**
 * Walks the chain from the start. An entry whose own hash does not match its fields was
 * edited; one whose link points at another entry was moved; one whose link points at no
 * entry follows a deleted one; entries missing from the end show in the sequence counter.
 */
export function verifyAuditChain(store: Store): AuditVerification {
  const connection = store.connection;
  const knownHashes = new Map<string, number>();
  for (const row of connection.prepare('SELECT seq, entry_hash FROM audit_log WHERE entry_hash IS NOT NULL').iterate() as IterableIterator<{
    seq: number;
    entry_hash: string;
  }>) {
    knownHashes.set(row.entry_hash, row.seq);
  }

  const problems: AuditVerification['problems'] = [];
  let expectedPrevious = AUDIT_GENESIS_HASH;
  let entries = 0;
  let lastSeq = 0;
  for (const row of connection.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditEntryRow>) {
    entries += 1;
    lastSeq = row.seq;
    if (row.entry_hash === null || row.prev_hash === null) {
      problems.push({ seq: row.seq, problem: 'unsealed', message: `Entry ${row.seq} was never sealed into the chain.` });
      continue;
    }
    if (auditEntryHash(row.prev_hash, row) !== row.entry_hash) {
      problems.push({ seq: row.seq, problem: 'edited', message: `Entry ${row.seq} was changed after it was written.` });
    } else if (row.prev_hash !== expectedPrevious) {
      const linkedTo = knownHashes.get(row.prev_hash);
      problems.push(
        linkedTo !== undefined
          ? { seq: row.seq, problem: 'reordered', message: `Entry ${row.seq} was moved: it followed entry ${linkedTo} when it was written.` }
          : { seq: row.seq, problem: 'deleted', message: `An entry just before entry ${row.seq} was deleted.` },
      );
    }
    expectedPrevious = row.entry_hash;
  }

  const counter = connection.prepare("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'").get() as { seq: number } | undefined;
  if (counter && counter.seq > lastSeq) {
    problems.push({
      seq: lastSeq + 1,
      problem: 'deleted',
      message: `The last ${counter.seq - lastSeq} entr${counter.seq - lastSeq === 1 ? 'y was' : 'ies were'} deleted.`,
    });
  }
  return { ok: problems.length === 0, entries, problems };
}

/** The whole trail as JSON lines, with the chain, for an inspector to verify independently. */
export function exportAuditTrail(store: Store): string {
  const lines: string[] = [];
  for (const row of store.connection.prepare('SELECT * FROM audit_log ORDER BY seq').iterate() as IterableIterator<AuditEntryRow>) {
    lines.push(JSON.stringify(row));
  }
  return `${lines.join('\n')}\n`;
}

/** audit.export: the admin picks where; the trail is written and the export itself recorded. */
export async function saveAuditTrail(store: Store, shell: Pick<ExchangeShell, 'chooseSavePath'>): Promise<SavedFile> {
  const stamp = new Date().toISOString().slice(0, 10);
  const path = await shell.chooseSavePath({ title: 'Audit trail', suggestedName: `audit-trail-${stamp}.jsonl`, filters: [{ name: 'JSON lines', extensions: ['jsonl'] }] });
  if (!path) return { saved: false, fileName: null, sha256: null, byteLength: null };
  const bytes = Buffer.from(exportAuditTrail(store), 'utf8');
  writeFileSync(path, bytes, { mode: 0o600 });
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const fileName = path.split(/[\\/]/).pop() ?? path;
  recordEvent(store, 'export', { kind: 'audit_trail', sha256, byteLength: bytes.length });
  return { saved: true, fileName, sha256, byteLength: bytes.length };
}
