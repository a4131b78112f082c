// Reading a team bundle into this store: one transaction, all or nothing.
//
// Per member, crisis and hotline call (matched by id), with L the local record, I the incoming
// one, and lineages as in exchangeState.ts:
//   - no L                          → added (unless its reference is taken: conflict)
//   - I = L                         → unchanged
//   - L is in I's lineage           → I descends from L: updated to I (the higher version wins)
//   - I is in L's lineage           → L descends from I: the bundle is older: unchanged
//   - otherwise                     → both changed since the last exchange: conflict, L kept
// A conflict is reported and left for a person; importing the same bundle again with
// resolutions { [id]: 'incoming' | 'local' } settles it: the chosen content is kept under a
// version above both, and both states join its lineage, so neither side sees the conflict again.
//
// Log entries are append-only and merged by id: new ones are added, identical ones left.
// When the crisis itself is taken from the bundle, a differing entry is taken too (only while
// the crisis is still open here); otherwise a differing entry is reported and the local one
// kept. Entries of a crisis in conflict wait with it. A crisis's hostages released must stay the
// sum of its log's releases: a merge that would break that is a conflict (log_mismatch).
import { createHash } from 'node:crypto';
import { recordEvent } from '../audit';
import { type BundleConflict, type ConflictResolution, type ImportReport, type KindReport } from '@shared/exchange';
import { CasebookError } from '@shared/errors';
import type { Store } from '../../store';
import { now } from '../common';
import { MAX_BUNDLE_BYTES, deriveKeys, open, readHeader } from './container';
import { type ExchangeKind, type ExchangeState, mergeLineage, readExchangeStates, writeExchangeState } from './exchangeState';
import { readCrisisRecords, readHotlineRecords, readMemberRecords } from './exportBundle';
import {
  type BundlePayload,
  type CrisisRecord,
  type HotlineCallRecord,
  type LogEntryRecord,
  type MemberRecord,
  bundlePayload,
  fingerprint,
} from './records';

export interface ImportBundleOptions {
  /** Per record id, a person's choice for a conflict an earlier import of this bundle reported. */
  resolutions?: Record<string, ConflictResolution>;
  /** With resolutions: the SHA-256 of the bundle they were made for; another file is refused. */
  expectSha256?: string;
}

type Decision = 'add' | 'same' | 'forward' | 'stale' | 'conflict';

interface Versioned<R> {
  record: R;
  lineage: string[];
}

function decide(local: { hash: string; version: number; lineage: readonly string[] } | undefined, incoming: { hash: string; version: number; lineage: readonly string[] }): Decision {
  if (!local) return 'add';
  if (local.hash === incoming.hash) return 'same';
  if (incoming.lineage.includes(local.hash) && incoming.version > local.version) return 'forward';
  if (local.lineage.includes(incoming.hash) && incoming.version < local.version) return 'stale';
  return 'conflict';
}

function emptyReport(): KindReport {
  return { added: 0, updated: 0, unchanged: 0, conflicts: [] };
}

function invalid(message: string): CasebookError {
  return new CasebookError('BUNDLE_INVALID', message);
}

function parsePayload(json: unknown): BundlePayload {
  const parsed = bundlePayload.safeParse(json);
  if (!parsed.success) {
    const where = [...new Set(parsed.error.issues.slice(0, 5).map((issue) => issue.path.join('.')))].join(', ');
    throw invalid(`The bundle's contents are not valid (${where}). Nothing was imported.`);
  }
  const payload = parsed.data;
  const unique = (what: string, ids: string[]) => {
    if (new Set(ids).size !== ids.length) throw invalid(`The bundle lists a ${what} twice. Nothing was imported.`);
  };
  unique('member', payload.members.map((m) => m.record.id));
  unique('crisis', payload.crises.map((c) => c.record.id));
  unique('log entry', payload.logEntries.map((e) => e.id));
  unique('hotline call', payload.hotlineCalls.map((h) => h.record.id));
  const memberIds = new Set(payload.members.map((m) => m.record.id));
  const crisisIds = new Set(payload.crises.map((c) => c.record.id));
  for (const { record } of payload.crises) {
    for (const deployment of record.deployments) {
      if (!memberIds.has(deployment.member_id)) throw invalid(`Crisis ${record.reference} names a member the bundle does not carry. Nothing was imported.`);
    }
  }
  for (const entry of payload.logEntries) {
    if (!crisisIds.has(entry.crisis_id)) throw invalid('The bundle has a log entry without its crisis. Nothing was imported.');
  }
  return payload;
}

/** Decrypts and checks a bundle; nothing touches the store. */
export async function openBundle(bytes: Buffer, passphrase: string): Promise<BundlePayload> {
  if (bytes.length > MAX_BUNDLE_BYTES) throw invalid('The bundle is too large.');
  const header = readHeader(bytes);
  const keys = await deriveKeys(passphrase, header.salt, header.cost);
  try {
    return parsePayload(open(bytes, header, keys));
  } finally {
    keys.encryption.fill(0);
    keys.check.fill(0);
  }
}

interface Local<R> {
  record: R;
  hash: string;
  version: number;
  lineage: string[];
}

function localIndex<R extends { id: string; version: number }>(records: R[], states: Map<string, ExchangeState>): Map<string, Local<R>> {
  return new Map(
    records.map((record) => [record.id, { record, hash: fingerprint(record), version: record.version, lineage: states.get(record.id)?.lineage ?? [] }]),
  );
}

function translateWriteError(error: unknown): never {
  if (error instanceof CasebookError) throw error;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('SQLITE_CONSTRAINT')) {
    throw invalid(`The bundle's records break the store's rules (${error.message}). Nothing was imported.`);
  }
  throw error;
}

// ---- Writes -------------------------------------------------------------------------------

function writeMember(store: Store, record: MemberRecord, exists: boolean): void {
  if (exists) {
    const { id, ...columns } = record;
    store.run(store.qb.updateTable('members').set(columns).where('id', '=', id));
  } else {
    store.run(store.qb.insertInto('members').values(record));
  }
}

function writeCrisis(store: Store, record: CrisisRecord, exists: boolean): void {
  const { deployments, ...columns } = record;
  if (exists) {
    const { id, ...rest } = columns;
    store.run(store.qb.updateTable('crises').set(rest).where('id', '=', id));
    store.run(store.qb.deleteFrom('crisis_deployments').where('crisis_id', '=', id));
  } else {
    store.run(store.qb.insertInto('crises').values(columns));
  }
  for (const deployment of deployments) {
    store.run(store.qb.insertInto('crisis_deployments').values({ crisis_id: record.id, member_id: deployment.member_id, role: deployment.role }));
  }
}

function writeHotlineCall(store: Store, record: HotlineCallRecord, exists: boolean): void {
  if (exists) {
    const { id, ...columns } = record;
    store.run(store.qb.updateTable('hotline_calls').set(columns).where('id', '=', id));
  } else {
    store.run(store.qb.insertInto('hotline_calls').values(record));
  }
}

function crisisIdentityTaken(store: Store, record: CrisisRecord): boolean {
  const other = store.first(
    store.qb
      .selectFrom('crises')
      .select('id')
      .where('id', '!=', record.id)
      .where((eb) =>
        eb.or([
          eb('reference', '=', record.reference),
          eb.and([eb('team_slug', '=', record.team_slug), eb('reference_year', '=', record.reference_year), eb('reference_seq', '=', record.reference_seq)]),
          ...(record.import_key ? [eb('import_key', '=', record.import_key)] : []),
        ]),
      ),
  );
  return other !== undefined;
}

function hotlineIdentityTaken(store: Store, record: HotlineCallRecord): boolean {
  const other = store.first(
    store.qb
      .selectFrom('hotline_calls')
      .select('id')
      .where('id', '!=', record.id)
      .where((eb) =>
        eb.or([
          eb('reference', '=', record.reference),
          eb.and([eb('reference_year', '=', record.reference_year), eb('reference_seq', '=', record.reference_seq)]),
          ...(record.import_key ? [eb('import_key', '=', record.import_key)] : []),
        ]),
      ),
  );
  return other !== undefined;
}

// ---- Merging one kind ---------------------------------------------------------------------

interface MergeContext {
  store: Store;
  resolutions: Record<string, ConflictResolution>;
  stamp: string;
}

type Outcome = { decision: Decision } & (
  | { kind: 'write'; record: unknown; exists: boolean; lineage: string[]; report: 'added' | 'updated' }
  | { kind: 'keep'; lineage: string[] | null; bump: number | null; report: 'unchanged' | 'updated' }
  | { kind: 'conflict'; reason: BundleConflict['reason'] }
);

/** What to do with one incoming versioned record (before kind-specific checks). */
function plan<R extends { id: string; version: number; updated_at: string; updated_by: string }>(
  context: MergeContext,
  incoming: Versioned<R>,
  local: Local<R> | undefined,
): Outcome {
  const hash = fingerprint(incoming.record);
  const incomingLineage = mergeLineage(incoming.lineage, [hash]);
  const decision = decide(local, { hash, version: incoming.record.version, lineage: incomingLineage });
  switch (decision) {
    case 'add':
      return { decision, kind: 'write', record: incoming.record, exists: false, lineage: incomingLineage, report: 'added' };
    case 'same':
    case 'stale': {
      const lineage = mergeLineage(local?.lineage ?? [], incomingLineage);
      const changed = JSON.stringify(lineage) !== JSON.stringify(local?.lineage ?? []);
      return { decision, kind: 'keep', lineage: changed ? lineage : null, bump: null, report: 'unchanged' };
    }
    case 'forward':
      return { decision, kind: 'write', record: incoming.record, exists: true, lineage: mergeLineage(local?.lineage ?? [], incomingLineage), report: 'updated' };
    case 'conflict': {
      const choice = context.resolutions[incoming.record.id];
      if (!choice || !local) return { decision, kind: 'conflict', reason: 'changed_on_both_sides' };
      const version = Math.max(local.version, incoming.record.version) + 1;
      const lineage = mergeLineage(local.lineage, incomingLineage, [local.hash]);
      if (choice === 'incoming') {
        return {
          decision,
          kind: 'write',
          record: { ...incoming.record, version, updated_at: context.stamp, updated_by: context.store.actor },
          exists: true,
          lineage,
          report: 'updated',
        };
      }
      return { decision, kind: 'keep', lineage, bump: version, report: 'updated' };
    }
  }
}

function bumpVersion(store: Store, table: 'members' | 'crises' | 'hotline_calls', id: string, version: number, stamp: string): void {
  store.run(store.qb.updateTable(table).set({ version, updated_at: stamp, updated_by: store.actor }).where('id', '=', id));
}

function exchangeVersion(outcome: Outcome, local: { version: number } | undefined, incoming: { version: number }): number {
  if (outcome.kind === 'write') return (outcome.record as { version: number }).version;
  if (outcome.kind === 'keep' && outcome.bump !== null) return outcome.bump;
  return local?.version ?? incoming.version;
}

function applyPlain<R extends { id: string; version: number; updated_at: string; updated_by: string }>(
  context: MergeContext,
  kind: ExchangeKind,
  table: 'members' | 'hotline_calls',
  incoming: Versioned<R>[],
  locals: Map<string, Local<R>>,
  report: KindReport,
  write: (record: R, exists: boolean) => void,
  referenceOf: (record: R) => string,
  identityTaken: (record: R) => boolean,
): void {
  const reportKind = kind === 'member' ? 'member' : 'hotlineCall';
  for (const item of incoming) {
    const local = locals.get(item.record.id);
    let outcome = plan(context, item, local);
    if (outcome.kind === 'write' && identityTaken(outcome.record as R)) outcome = { decision: outcome.decision, kind: 'conflict', reason: 'reference_taken' };
    if (outcome.kind === 'conflict') {
      report.conflicts.push({ kind: reportKind, id: item.record.id, reference: referenceOf(item.record), reason: outcome.reason });
      continue;
    }
    if (outcome.kind === 'write') write(outcome.record as R, outcome.exists);
    if (outcome.kind === 'keep' && outcome.bump !== null) bumpVersion(context.store, table, item.record.id, outcome.bump, context.stamp);
    if (outcome.lineage) writeExchangeState(context.store, kind, item.record.id, exchangeVersion(outcome, local, item.record), outcome.lineage);
    report[outcome.report] += 1;
  }
}

// ---- Crises and their logs ----------------------------------------------------------------

function mergeCrises(context: MergeContext, payload: BundlePayload, report: { crises: KindReport; logEntries: KindReport }): void {
  const { store } = context;
  const ids = payload.crises.map((c) => c.record.id);
  const locals = localIndex(readCrisisRecords(store, { ids }), readExchangeStates(store, 'crisis'));
  const entriesByCrisis = new Map<string, LogEntryRecord[]>();
  for (const entry of payload.logEntries) {
    const list = entriesByCrisis.get(entry.crisis_id) ?? [];
    list.push(entry);
    entriesByCrisis.set(entry.crisis_id, list);
  }
  const localEntries = new Map<string, LogEntryRecord[]>();
  for (const row of store.all(store.qb.selectFrom('crisis_log').selectAll().where('crisis_id', 'in', ids.length > 0 ? ids : ['']))) {
    const list = localEntries.get(row.crisis_id) ?? [];
    list.push(row as LogEntryRecord);
    localEntries.set(row.crisis_id, list);
  }

  for (const item of payload.crises) {
    const record = item.record;
    const local = locals.get(record.id);
    let outcome = plan(context, item, local);
    if (outcome.kind === 'write' && crisisIdentityTaken(store, outcome.record as CrisisRecord)) {
      outcome = { decision: outcome.decision, kind: 'conflict', reason: 'reference_taken' };
    }
    const conflict = (reason: BundleConflict['reason']) =>
      report.crises.conflicts.push({ kind: 'crisis', id: record.id, reference: record.reference, reason });
    if (outcome.kind === 'conflict') {
      conflict(outcome.reason); // its log entries wait with it
      continue;
    }

    // The log: which incoming entries are new, which differ, and what the releases would add up to.
    const incomingEntries = entriesByCrisis.get(record.id) ?? [];
    const mine = new Map((localEntries.get(record.id) ?? []).map((entry) => [entry.id, entry]));
    const written = outcome.kind === 'write' ? (outcome.record as CrisisRecord) : null;
    const takesIncoming = written !== null;
    const localOpen = local ? local.record.ended_at === null : true;
    const fresh: LogEntryRecord[] = [];
    const replace: LogEntryRecord[] = [];
    const differing: LogEntryRecord[] = [];
    let unchangedEntries = 0;
    for (const entry of incomingEntries) {
      const existing = mine.get(entry.id);
      if (!existing) fresh.push(entry);
      else if (fingerprint(existing) === fingerprint(entry)) unchangedEntries += 1;
      else if (takesIncoming && localOpen && existing.crisis_id === entry.crisis_id) replace.push(entry);
      else differing.push(entry);
    }
    const projected = new Map(mine);
    for (const entry of [...replace, ...fresh]) projected.set(entry.id, entry);
    const releases = [...projected.values()].filter((entry) => entry.kind === 'release');
    const hostagesReleased = written ? written.hostages_released : (local?.record.hostages_released ?? 0);
    const released = releases.reduce((sum, entry) => sum + entry.released_count, 0);
    if (releases.length > 0 && released !== hostagesReleased) {
      // Taking the bundle's crisis, or adding its entries to ours, would break the sum: the
      // crisis and its entries wait for a person (typically a release removed on one side).
      conflict('log_mismatch');
      continue;
    }

    // Entries first: while the crisis is still open here, the log may be corrected.
    for (const entry of replace) {
      const { id, ...columns } = entry;
      store.run(store.qb.updateTable('crisis_log').set(columns).where('id', '=', id));
      report.logEntries.updated += 1;
    }
    if (outcome.kind === 'write') writeCrisis(store, outcome.record as CrisisRecord, outcome.exists);
    if (outcome.kind === 'keep' && outcome.bump !== null) bumpVersion(store, 'crises', record.id, outcome.bump, context.stamp);
    for (const entry of fresh) {
      store.run(store.qb.insertInto('crisis_log').values(entry));
      report.logEntries.added += 1;
    }
    report.logEntries.unchanged += unchangedEntries;
    for (const entry of differing) {
      // A bundle older than this crisis here carries an older log too: the local entries stand.
      if (outcome.decision === 'stale') report.logEntries.unchanged += 1;
      else report.logEntries.conflicts.push({ kind: 'logEntry', id: entry.id, reference: record.reference, reason: 'log_entry_differs' });
    }
    if (outcome.lineage) writeExchangeState(store, 'crisis', record.id, exchangeVersion(outcome, local, record), outcome.lineage);
    report.crises[outcome.report] += 1;
  }
}

/**
 * Imports a bundle: decrypted and checked first (a wrong passphrase, a changed, damaged or
 * truncated file is refused before the store is touched), then merged in one transaction.
 */
export async function importBundle(store: Store, bytes: Buffer, passphrase: string, options: ImportBundleOptions = {}): Promise<ImportReport> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const resolutions = options.resolutions ?? {};
  if (options.expectSha256 && options.expectSha256 !== sha256) {
    throw new CasebookError('VALIDATION', 'The decisions were made for another bundle file. Open the same file again.', [
      { path: 'expectSha256', message: 'bundle_differs' },
    ]);
  }
  const payload = await openBundle(bytes, passphrase);
  const report: ImportReport = {
    sha256,
    scope: payload.scope,
    members: emptyReport(),
    crises: emptyReport(),
    logEntries: emptyReport(),
    hotlineCalls: emptyReport(),
  };
  const context: MergeContext = { store, resolutions, stamp: now() };
  try {
    store.transaction(() => {
      // Members first: deployments refer to them.
      const memberIds = new Set(payload.members.map((m) => m.record.id));
      applyPlain(
        context,
        'member',
        'members',
        payload.members,
        localIndex(readMemberRecords(store).filter((member) => memberIds.has(member.id)), readExchangeStates(store, 'member')),
        report.members,
        (record, exists) => writeMember(store, record, exists),
        (record) => record.name,
        () => false,
      );
      mergeCrises(context, payload, report);
      applyPlain(
        context,
        'hotline_call',
        'hotline_calls',
        payload.hotlineCalls,
        localIndex(readHotlineRecords(store, payload.hotlineCalls.map((h) => h.record.id)), readExchangeStates(store, 'hotline_call')),
        report.hotlineCalls,
        (record, exists) => writeHotlineCall(store, record, exists),
        (record) => record.reference,
        (record) => hotlineIdentityTaken(store, record),
      );
      recordEvent(store, 'bundle_import', { sha256, members: report.members, crises: report.crises, hotlineCalls: report.hotlineCalls }, { kind: 'bundle' });
    });
  } catch (error) {
    translateWriteError(error);
  }
  return report;
}
