// The export audit: every file that leaves the machine, anonymised summary or team bundle, is
// recorded with who made it, when, with which parameters, and the SHA-256 of its exact bytes.
import { recordEvent } from '../audit';
import { createHash } from 'node:crypto';
import { type ExportRecord, exportHistoryQuery } from '@shared/exchange';
import { validationError } from '@shared/errors';
import type { Store } from '../../store';
import { newId, now } from '../common';
import { exchangeQb } from './tables';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface AuditEntry {
  kind: ExportRecord['kind'];
  format: ExportRecord['format'];
  parameters: Record<string, unknown>;
  fileName: string;
  bytes: Uint8Array;
}

/** Records one export; call it inside the transaction that also delivers the bytes. */
export function recordExport(store: Store, entry: AuditEntry): ExportRecord {
  const record: ExportRecord = {
    id: newId(),
    kind: entry.kind,
    format: entry.format,
    parameters: entry.parameters,
    fileName: entry.fileName,
    byteLength: entry.bytes.byteLength,
    sha256: sha256Hex(entry.bytes),
    actor: store.actor,
    createdAt: now(),
  };
  store.run(
    exchangeQb.insertInto('export_audit').values({
      id: record.id,
      kind: record.kind,
      format: record.format,
      parameters: JSON.stringify(record.parameters),
      file_name: record.fileName,
      byte_length: record.byteLength,
      sha256: record.sha256,
      actor: record.actor,
      created_at: record.createdAt,
    }),
  );
  recordEvent(store, record.kind === 'bundle' ? 'bundle_export' : 'export', { format: record.format, sha256: record.sha256 }, {
    kind: 'export',
    id: record.id,
  });
  return record;
}

/** The export history, newest first. */
export function listExports(store: Store, input: { limit?: number } = {}): ExportRecord[] {
  const parsed = exportHistoryQuery.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error, 'history query');
  const rows = store.all(
    exchangeQb.selectFrom('export_audit').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(parsed.data.limit),
  );
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    format: row.format,
    parameters: JSON.parse(row.parameters) as Record<string, unknown>,
    fileName: row.file_name,
    byteLength: row.byte_length,
    sha256: row.sha256,
    actor: row.actor,
    createdAt: row.created_at,
  }));
}
