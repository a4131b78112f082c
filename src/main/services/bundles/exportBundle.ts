// Writing a team bundle: one team's records (or all), encrypted under a passphrase.
import { type TeamSlug, passphrase as passphraseSchema, teamSlug as teamSlugSchema } from '@shared/domain';
import type { BundleCounts } from '@shared/exchange';
import { validationError } from '@shared/errors';
import { z } from 'zod';
import { DEFAULT_SCRYPT_COST, type ScryptCost, type Store } from '../../store';
import { now } from '../common';
import { recordExport, sha256Hex } from '../export/audit';
import { deriveKeys, newSalt, seal } from './container';
import { type ExchangeKind, mergeLineage, readExchangeStates, writeExchangeState } from './exchangeState';
import {
  BUNDLE_FORMAT,
  type BundlePayload,
  type CrisisRecord,
  type HotlineCallRecord,
  type LogEntryRecord,
  type MemberRecord,
  fingerprint,
} from './records';

const exportOptions = z.object({ teamSlug: teamSlugSchema.optional(), passphrase: passphraseSchema }).strict();

export interface ExportBundleOptions {
  /** One team's crises (with their deployments and logs) and members; every team's and the hotline's when absent. */
  teamSlug?: TeamSlug | undefined;
  passphrase: string;
  /** Lower only in tests; recorded in the bundle's header. */
  scryptCost?: ScryptCost;
}

export interface ExportedBundle {
  bytes: Buffer;
  sha256: string;
  fileName: string;
  counts: BundleCounts;
}

export function readMemberRecords(store: Store, ids?: ReadonlySet<string>, teamSlug?: TeamSlug): MemberRecord[] {
  const rows = store.all(store.qb.selectFrom('members').selectAll().orderBy('id'));
  return rows
    .filter((row) => !teamSlug || row.team_slug === teamSlug || ids?.has(row.id))
    .map((row) => ({
      id: row.id,
      team_slug: row.team_slug as MemberRecord['team_slug'],
      name: row.name,
      call_sign: row.call_sign,
      role: row.role as MemberRecord['role'],
      active: row.active === 1 ? 1 : 0,
      created_at: row.created_at,
      created_by: row.created_by,
      updated_at: row.updated_at,
      updated_by: row.updated_by,
      version: row.version,
    }));
}

export function readCrisisRecords(store: Store, filter: { teamSlug?: TeamSlug | undefined; ids?: readonly string[] } = {}): CrisisRecord[] {
  let query = store.qb.selectFrom('crises').selectAll().orderBy('id');
  if (filter.teamSlug) query = query.where('team_slug', '=', filter.teamSlug);
  if (filter.ids) query = query.where('id', 'in', filter.ids.length > 0 ? [...filter.ids] : ['']);
  const rows = store.all(query);
  const deployments = new Map<string, CrisisRecord['deployments']>();
  for (const row of store.all(store.qb.selectFrom('crisis_deployments').selectAll().orderBy('crisis_id').orderBy('member_id').orderBy('role'))) {
    const list = deployments.get(row.crisis_id) ?? [];
    list.push({ member_id: row.member_id, role: row.role as CrisisRecord['deployments'][number]['role'] });
    deployments.set(row.crisis_id, list);
  }
  return rows.map(({ row_id: _rowId, ...row }) => ({
    ...(row as Omit<CrisisRecord, 'deployments'>),
    deployments: deployments.get(row.id) ?? [],
  }));
}

export function readLogRecords(store: Store, crisisIds: ReadonlySet<string> | null): LogEntryRecord[] {
  return store
    .all(store.qb.selectFrom('crisis_log').selectAll().orderBy('crisis_id').orderBy('at').orderBy('id'))
    .filter((row) => !crisisIds || crisisIds.has(row.crisis_id))
    .map((row) => row as LogEntryRecord);
}

export function readHotlineRecords(store: Store, ids?: readonly string[]): HotlineCallRecord[] {
  let query = store.qb.selectFrom('hotline_calls').selectAll().orderBy('id');
  if (ids) query = query.where('id', 'in', ids.length > 0 ? [...ids] : ['']);
  return store.all(query).map(({ row_id: _rowId, ...row }) => row as HotlineCallRecord);
}

function withLineage<R extends { id: string; version: number }>(store: Store, kind: ExchangeKind, records: R[]) {
  const states = readExchangeStates(store, kind);
  return records.map((record) => {
    const lineage = mergeLineage(states.get(record.id)?.lineage ?? [], [fingerprint(record)]);
    writeExchangeState(store, kind, record.id, record.version, lineage);
    return { record, lineage };
  });
}

export function bundleFileName(teamSlug: TeamSlug | undefined, at: string): string {
  return `crisis-casebook-bundle_${teamSlug ?? 'all-teams'}_${at.slice(0, 10)}.ccbundle`;
}

/**
 * Builds, encrypts and records a bundle. Exported records join their lineage (so a later import
 * can tell "the other side took this state and changed it" from "both sides changed it").
 * `deliver` runs inside the same transaction: if it throws, nothing is recorded.
 */
export async function exportBundleWithDetails(
  store: Store,
  options: ExportBundleOptions,
  deliver?: (bytes: Buffer, fileName: string) => void,
): Promise<ExportedBundle> {
  const parsed = exportOptions.safeParse({ teamSlug: options.teamSlug, passphrase: options.passphrase });
  if (!parsed.success) throw validationError(parsed.error, 'bundle export');
  const { teamSlug } = parsed.data;
  const cost = options.scryptCost ?? DEFAULT_SCRYPT_COST;
  const salt = newSalt();
  const keys = await deriveKeys(parsed.data.passphrase, salt, cost);
  try {
    return store.transaction(() => {
      const crises = readCrisisRecords(store, { teamSlug });
      const crisisIds = new Set(crises.map((crisis) => crisis.id));
      const deployed = new Set(crises.flatMap((crisis) => crisis.deployments.map((d) => d.member_id)));
      const members = readMemberRecords(store, deployed, teamSlug);
      const logEntries = readLogRecords(store, teamSlug ? crisisIds : null);
      // The hotline is national: it travels only in an all-teams bundle.
      const hotlineCalls = teamSlug ? [] : readHotlineRecords(store);
      const createdAt = now();
      const payload: BundlePayload = {
        format: BUNDLE_FORMAT,
        version: 1,
        createdAt,
        createdBy: store.actor,
        scope: { teamSlug: teamSlug ?? null, includesHotline: !teamSlug },
        members: withLineage(store, 'member', members),
        crises: withLineage(store, 'crisis', crises),
        logEntries,
        hotlineCalls: withLineage(store, 'hotline_call', hotlineCalls),
      };
      const bytes = seal(payload, keys, cost, salt);
      const counts = { members: members.length, crises: crises.length, logEntries: logEntries.length, hotlineCalls: hotlineCalls.length };
      const fileName = bundleFileName(teamSlug, createdAt);
      recordExport(store, { kind: 'bundle', format: 'bundle', parameters: { teamSlug: teamSlug ?? null, counts }, fileName, bytes });
      deliver?.(bytes, fileName);
      return { bytes, sha256: sha256Hex(bytes), fileName, counts };
    });
  } finally {
    keys.encryption.fill(0);
    keys.check.fill(0);
  }
}

/** The bundle's bytes: everything of one team (or of all teams and the hotline), encrypted. */
export async function exportBundle(store: Store, options: ExportBundleOptions): Promise<Buffer> {
  return (await exportBundleWithDetails(store, options)).bytes;
}
