// The IPC fuzzing harness (tests/fuzz.ipc*.test.ts): hostile payloads (wrong types, 1 MB strings,
// __proto__/constructor/prototype as own keys, 1,000-level nesting, arrays for objects,
// NaN/Infinity, big ints), a seeded template store that each channel fuzzes a copy of, and the
// property every payload must meet: a valid result or a typed error envelope (never a throw,
// never INTERNAL), a refusal leaves every table as it was, and nothing reaches Object.prototype.
//
// The work is bounded by a count, never by a clock: every channel gets PAYLOADS_PER_CHANNEL
// generated payloads. The template is created once per file with the test scrypt cost, and each
// channel opens a file copy of it (database and key file), so no channel pays for creating a
// store, and no channel's verdict depends on which channels ran before it.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type SqliteDatabase from 'better-sqlite3-multiple-ciphers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ChannelName, channelNames, channels } from '@shared/channels';
import { errorEnvelope } from '@shared/errors';
import { type Dispatch, createDispatcher } from '../../src/main/ipc';
import { provideExchangeShell } from '../../src/main/services/export/shell';
import { provideImportDesk } from '../../src/main/services/import/desk';
import { Session } from '../../src/main/services/session';
import { IMPORT_WORKER_FILE, TEST_PASSPHRASE, TEST_SCRYPT_COST } from './tempStore';

export const PAYLOADS_PER_CHANNEL = Number(process.env['FUZZ_RUNS'] ?? 10_000);
export const FUZZ_SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

/**
 * Which file fuzzes which channels: vitest runs files side by side, so the channels are spread
 * over four files of about equal cost (fuzz.ipc.test.ts checks that each channel is in exactly one).
 */
export const FUZZ_GROUPS = {
  session: ['session.status', 'session.create', 'session.unlock', 'session.lock', 'session.changePassphrase', 'teams.list', 'members.list', 'members.create', 'members.update', 'members.record', 'stats.summary', 'stats.memberLoad'],
  records: ['crises.list', 'crises.get', 'crises.create', 'crises.update', 'crises.close', 'crisisLog.list', 'crisisLog.append', 'crisisLog.edit', 'crisisLog.remove', 'debriefs.get', 'debriefs.save', 'reports.incident'],
  hotlineAndExchange: ['hotline.list', 'hotline.get', 'hotline.create', 'hotline.update', 'export.preview', 'export.write', 'export.history', 'bundles.export', 'bundles.import',
    'imports.open', 'imports.check', 'imports.commit', 'imports.cancel', 'imports.close', 'imports.status', 'imports.progress'],
  admin: ['accounts.list', 'accounts.create', 'accounts.update', 'accounts.remove', 'audit.list', 'audit.verify', 'audit.export', 'backups.list', 'backups.run'],
} as const satisfies Record<string, readonly ChannelName[]>;

/** Channels that only read: an answer, not only a refusal, must leave the store as it was. */
const READ_ONLY = /^(session|imports)\.status$|^imports\.progress$|\.(list|get|summary|preview|history|verify|record|memberLoad)$/;

// ---- The template store -------------------------------------------------------------------------

export interface FuzzTemplate {
  folder: string;
  /** A valid payload per channel: mutations of it get past the first checks and into the deeper ones. */
  base: Record<ChannelName, unknown>;
}

const STORE_FILE = 'casebook.db';
const STORE_FILES = [STORE_FILE, `${STORE_FILE}.keys`];

/** A dispatcher over a session of its own, with the errors it reported as unexpected. */
export interface FuzzSession {
  folder: string;
  session: Session;
  dispatch: Dispatch;
  unexpected: unknown[];
  /** The session's clock: it moves an hour per wrong guess, so the growing unlock delay never hides a real answer. */
  clock: { now: number };
}

/**
 * Save and open dialogs that the person cancels: the file channels run their checks and build
 * what they would save, and no file is written. (Without a shell they would all stop at
 * NOT_AVAILABLE before any of it.)
 */
const cancellingShell = {
  printPdf: () => Promise.reject(new Error('no PDF printer in the fuzz tests')),
  chooseSavePath: () => Promise.resolve(null),
  chooseOpenPath: () => Promise.resolve(null),
};

function sessionIn(folder: string): FuzzSession {
  const clock = { now: Date.parse('2026-01-01T00:00:00Z') };
  const session = new Session({ storePath: join(folder, STORE_FILE), scryptCost: TEST_SCRYPT_COST, now: () => clock.now });
  provideExchangeShell(session, cancellingShell);
  provideImportDesk(session, IMPORT_WORKER_FILE);
  const unexpected: unknown[] = [];
  const dispatch = createDispatcher(session, { reportUnexpected: (channel, error) => unexpected.push({ channel, error }) });
  return { folder, session, dispatch, unexpected, clock };
}

async function valueOf(dispatch: Dispatch, channel: ChannelName, input: unknown): Promise<Record<string, unknown>> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed while seeding: ${JSON.stringify(result.error)}`);
  return result.value as Record<string, unknown>;
}

/** Creates the seeded store once (one key derivation at the test cost); `openFuzzCopy` copies it. */
export async function createFuzzTemplate(): Promise<FuzzTemplate> {
  const folder = mkdtempSync(join(tmpdir(), 'casebook-fuzz-template-'));
  const { session, dispatch } = sessionIn(folder);
  const call = (channel: ChannelName, input: unknown) => valueOf(dispatch, channel, input);
  await call('session.create', { userName: 'Fuzz', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
  const member = await call('members.create', { teamSlug: 'nis', name: 'Ana', callSign: 'A1', role: 'negotiator' });
  const crisisInput = { teamSlug: 'nis', startedAt: '2024-02-02T10:00:00+01:00', type: 'hostage', hostages: 2, deployments: [{ memberId: member['id'], role: 'lead_negotiator' }] };
  const crisis = await call('crises.create', crisisInput);
  const closed = await call('crises.create', { ...crisisInput, startedAt: '2024-01-01T10:00:00+01:00' });
  const entry = await call('crisisLog.append', { crisisId: crisis['id'], kind: 'note', at: '2024-02-02T10:05:00+01:00', text: 'contact' });
  await call('crises.close', { id: closed['id'], version: 1, endedAt: '2024-01-01T12:00:00+01:00', outcome: 'surrender' });
  const callInput = { receivedAt: '2024-03-03T09:00:00+01:00', caller: 'Jovana', threat: 'threat', urgency: 'high', action: 'referred' };
  const hotlineCall = await call('hotline.create', callInput);
  const otherPassphrase = 'another long passphrase';
  const account = await call('accounts.create', { name: 'Petar', role: 'coordinator', passphrase: otherPassphrase, passphraseRepeat: otherPassphrase });
  session.lock();

  const summary = { filter: { teamSlug: 'nis', from: '2024-01-01', to: '2024-12-31' }, period: 'quarter', k: 3, language: 'en' };
  const bundlePassphrase = 'a bundle passphrase';
  const base: Record<ChannelName, unknown> = {
    'session.status': null,
    'session.create': { userName: 'Other', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE },
    'session.unlock': { passphrase: TEST_PASSPHRASE },
    'session.lock': null,
    'session.changePassphrase': { current: 'not the passphrase', next: otherPassphrase },
    'teams.list': null,
    'members.list': { teamSlug: 'nis', includeInactive: true },
    'members.create': { teamSlug: 'nis', name: 'Marko', callSign: 'M2', role: 'coach', active: true },
    'members.update': { id: member['id'], version: 1, member: { teamSlug: 'nis', name: 'Ana', role: 'negotiator' } },
    'members.record': { memberId: member['id'] },
    'stats.memberLoad': { teamSlug: 'nis', from: '2024-01-01', to: '2024-12-31' },
    'crises.list': { filter: { teamSlug: 'nis', text: 'nis', from: '2024-01-01' }, sort: { field: 'startedAt', direction: 'asc' }, limit: 10, after: null },
    'crises.get': { id: crisis['id'] },
    'crises.create': crisisInput,
    'crises.update': { id: crisis['id'], version: 1, crisis: { ...crisisInput, notes: 'updated' } },
    'crises.close': { id: crisis['id'], version: 1, endedAt: '2024-02-02T12:00:00+01:00', outcome: 'released' },
    'crisisLog.list': { crisisId: crisis['id'] },
    'crisisLog.append': { crisisId: closed['id'], kind: 'release', at: '2024-01-01T11:00:00+01:00', releasedCount: 1 },
    'crisisLog.edit': { id: entry['id'], at: '2024-02-02T10:06:00+01:00', text: 'edited', releasedCount: 0 },
    'crisisLog.remove': { id: entry['id'] },
    'debriefs.get': { crisisId: closed['id'] },
    'debriefs.save': { crisisId: closed['id'], version: 0, whatWorked: 'calm voice', whatDidNotWork: 'the phone line', lessons: 'a second line' },
    'reports.incident': { crisisId: closed['id'], language: 'sr-Latn' },
    'hotline.list': { filter: { threat: 'threat', followUp: 'due' }, sort: { field: 'receivedAt', direction: 'desc' }, limit: 5 },
    'hotline.get': { id: hotlineCall['id'] },
    'hotline.create': callInput,
    'hotline.update': { id: hotlineCall['id'], version: 1, call: { ...callInput, status: 'closed' } },
    'stats.summary': { teamSlug: 'nis', from: '2024-01-01', to: '2024-12-31' },
    'export.preview': summary,
    'export.write': { ...summary, format: 'csv' },
    'export.history': { limit: 10 },
    'bundles.export': { teamSlug: 'nis', passphrase: bundlePassphrase, passphraseRepeat: bundlePassphrase },
    'bundles.import': { passphrase: bundlePassphrase, resolutions: { [String(crisis['id'])]: 'incoming' }, expectSha256: 'ab'.repeat(32) },
    'imports.open': { kind: 'crises' },
    'imports.check': { fileId: crisis['id'], kind: 'hotline', sheet: 'Calls' },
    'imports.commit': { fileId: crisis['id'], onlyValidRows: true },
    'imports.cancel': { fileId: crisis['id'] },
    'imports.close': { fileId: crisis['id'] },
    'imports.status': null,
    'imports.progress': null,
    'accounts.list': null,
    'accounts.create': { name: 'Vesna', role: 'member', teamSlug: 'nis', passphrase: otherPassphrase, passphraseRepeat: otherPassphrase },
    'accounts.update': { id: account['id'], version: 1, account: { name: 'Petar', role: 'coordinator', teamSlug: null, active: false } },
    'accounts.remove': { id: account['id'], rekey: true },
    'audit.list': { limit: 20, beforeSeq: 5 },
    'audit.verify': null,
    'audit.export': null,
    'backups.list': null,
    'backups.run': null,
  };
  return { folder, base };
}

/** A file copy of the template, unlocked: one key derivation at the test cost, no store created. */
export async function openFuzzCopy(template: FuzzTemplate): Promise<FuzzSession> {
  const folder = mkdtempSync(join(tmpdir(), 'casebook-fuzz-'));
  for (const file of STORE_FILES) copyFileSync(join(template.folder, file), join(folder, file));
  if (existsSync(join(template.folder, `${STORE_FILE}-wal`))) throw new Error('the template was left open');
  const copy = sessionIn(folder);
  await copy.session.unlock(TEST_PASSPHRASE);
  return copy;
}

export function removeFuzzFolder(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}

// ---- The store's whole content ------------------------------------------------------------------

type Connection = SqliteDatabase.Database;

/**
 * A digest of every table. FTS5 keeps its index in segments that the store merges once writes
 * pause (Store.scheduleIdleWork): their layout changes while what they index does not, so each
 * full-text index is read through fts5vocab (every term, row, column and offset) instead.
 */
function digestOf(db: Connection): string {
  const schema = db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
  const fullText = schema.filter(({ sql }) => /^CREATE VIRTUAL TABLE .* USING fts5\b/is.test(sql)).map(({ name }) => name);
  const segments = new Set(fullText.flatMap((name) => [`${name}_data`, `${name}_idx`]));
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const hash = createHash('sha256');
  const add = (label: string, select: string) => {
    hash.update(`\0${label}\0`);
    for (const row of db.prepare(select).raw().iterate()) hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  };
  for (const { name } of schema) if (!segments.has(name) && !fullText.includes(name)) add(name, `SELECT * FROM ${quote(name)}`);
  for (const name of fullText) {
    const vocab = `fuzz_vocab_${name}`;
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.${quote(vocab)} USING fts5vocab(main, ${quote(name)}, instance)`);
    add(`${name} (vocabulary)`, `SELECT * FROM temp.${quote(vocab)} ORDER BY 1, 2, 3, 4`);
  }
  return hash.digest('hex');
}

/**
 * Whether a call changed the store, without hashing it around every call: SQLite counts every row
 * a connection inserts, updates or deletes (total_changes, triggers included), so an unchanged
 * count on the same connection means nothing was written. Only when the count moved is the
 * content compared, against a digest taken before the call (kept while the count stays put).
 */
class StoreWatch {
  private known: { connection: Connection; changes: number; digest: string } | null = null;

  constructor(private readonly session: Session) {}

  private connection(): Connection | null {
    return this.session.status().state === 'unlocked' ? this.session.requireStore().connection : null;
  }

  private static changesOf(connection: Connection): number {
    return connection.prepare('SELECT total_changes()').pluck().get() as number;
  }

  /** Where the store stands before a call: its connection, change count and digest. */
  before(): { connection: Connection; changes: number; digest: string } | null {
    const connection = this.connection();
    if (!connection) return null;
    const changes = StoreWatch.changesOf(connection);
    if (this.known?.connection !== connection || this.known.changes !== changes) {
      this.known = { connection, changes, digest: digestOf(connection) };
      // Creating fts5vocab tables is no change of rows, but reading the count again costs nothing.
      this.known.changes = StoreWatch.changesOf(connection);
    }
    return this.known;
  }

  /** Fails if the store's content differs from `before`. A store that was locked by the call has not changed. */
  expectUnchanged(before: ReturnType<StoreWatch['before']>, message: string): void {
    const connection = this.connection();
    if (!before || !connection) return;
    // Another connection (unlocked again, or rekeyed into a new one) starts its own count.
    if (connection === before.connection && StoreWatch.changesOf(connection) === before.changes) return;
    expect(digestOf(connection), message).toBe(before.digest);
  }
}

// ---- Hostile values -----------------------------------------------------------------------------

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];
const prototypeKeys = () => prototypes.map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
const pristine = prototypeKeys();

export function expectNoPollution(): void {
  expect(prototypeKeys()).toEqual(pristine);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
}

function nested(depth: number, kind: 'object' | 'array' | 'mixed'): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level += 1) {
    const asArray = kind === 'array' || (kind === 'mixed' && level % 2 === 0);
    value = asArray ? [value] : { a: value, crisis: value };
  }
  return value;
}

const PROTO_JSON = [
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"prototype": {"polluted": "yes"}}',
  '{"__proto__": {"__proto__": {"polluted": "yes"}}, "constructor": null}',
  '{"__proto__": [1, 2, 3], "length": 1e21}',
  '{"toString": "x", "valueOf": 1, "hasOwnProperty": null}',
];

export const hugeString = fc
  .tuple(fc.constantFrom(1_000, 20_001, 65_537, 1_048_576), fc.constantFrom('x', 'ž', '\u0000', '💥', "'; DROP TABLE crises; --", '\u202e', ' '))
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

const weirdNumber = fc.constantFrom(
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  -0,
  2 ** 53,
  2 ** 53 + 2,
  -(2 ** 53) - 2,
  Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.EPSILON,
  2 ** 31,
  2 ** 32 + 1,
  -1,
  0.5,
  1e21,
);

const bigInts = fc.oneof(fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }), fc.constantFrom(2n ** 53n + 1n, 2n ** 63n, 2n ** 64n, -(2n ** 64n)));

const protoObject = fc.constantFrom(...PROTO_JSON).map((json) => JSON.parse(json) as Record<string, unknown>);
const deep = fc.constantFrom('object', 'array', 'mixed').map((kind) => nested(1000, kind as 'object' | 'array' | 'mixed'));

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: fc.anything({ withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true, withBoxedValues: true, maxDepth: 3 }) },
  { weight: 1, arbitrary: hugeString },
  { weight: 2, arbitrary: weirdNumber },
  { weight: 2, arbitrary: bigInts },
  { weight: 2, arbitrary: protoObject },
  { weight: 1, arbitrary: deep },
  { weight: 2, arbitrary: fc.constantFrom(null, undefined, true, false, '', [], {}, [[]], [{}], 'null', '{}', '2024-02-30T25:61:00Z', '00000000-0000-0000-0000-000000000000') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 300 }) },
);

/** Every path to a value inside a payload (objects and arrays), the root included. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(value)) value.forEach((item, index) => pathsOf(item, [...prefix, index], out));
  else if (value && typeof value === 'object') for (const key of Object.keys(value)) pathsOf((value as Record<string, unknown>)[key], [...prefix, key], out);
  return out;
}

type Mutation = 'replace' | 'delete' | 'add-key' | 'proto-merge' | 'wrap-in-array';

/** A copy of `payload` with one thing at one path made hostile; own keys only, never through a setter. */
function mutate(payload: unknown, pathIndex: number, how: Mutation, value: unknown): unknown {
  const copy = structuredClone(payload);
  const paths = pathsOf(copy);
  const path = paths[pathIndex % paths.length] ?? [];
  const apply = (current: unknown): unknown => {
    switch (how) {
      case 'replace':
        return value;
      case 'wrap-in-array':
        return [current];
      case 'delete':
        return undefined;
      case 'add-key':
      case 'proto-merge': {
        if (!current || typeof current !== 'object' || Array.isArray(current)) return value;
        const extra = how === 'proto-merge' && value && typeof value === 'object' ? value : { [String(pathIndex % 3 === 0 ? '__proto__' : 'extra')]: value };
        const merged: Record<string, unknown> = {};
        for (const source of [current, extra]) for (const key of Object.keys(source)) Object.defineProperty(merged, key, { value: (source as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true });
        return merged;
      }
    }
  };
  if (path.length === 0) return apply(copy);
  let parent = copy as Record<string | number, unknown>;
  for (const step of path.slice(0, -1)) parent = parent[step] as Record<string | number, unknown>;
  const last = path.at(-1) as string | number;
  const next = apply(parent[last]);
  if (how === 'delete' && !Array.isArray(parent)) delete parent[last];
  else Object.defineProperty(parent, last, { value: next, enumerable: true, writable: true, configurable: true });
  return copy;
}

function payloadFor(valid: unknown): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 2, arbitrary: hostile },
    {
      weight: 5,
      arbitrary: fc
        .tuple(fc.nat(), fc.constantFrom<Mutation>('replace', 'replace', 'delete', 'add-key', 'proto-merge', 'wrap-in-array'), hostile)
        .map(([index, how, value]) => mutate(valid, index, how, value)),
    },
    { weight: 1, arbitrary: fc.constant(valid).map((value) => [value]) },
  );
}

// ---- The property -------------------------------------------------------------------------------

export interface ChannelReport {
  channel: ChannelName;
  /** Payloads generated and dispatched. */
  payloads: number;
  /** Of those, how many the channel's input schema accepted: they reached the service. */
  reachedService: number;
  ok: number;
  refused: Record<string, number>;
  seconds: number;
}

/**
 * A session that a call locked is unlocked again before the next call, but no more often than
 * every this many calls: unlocking derives a key, and `session.lock` would otherwise spend most of
 * its time there. The calls in between fuzz the locked session, which is worth fuzzing too.
 */
const UNLOCK_AT_MOST_EVERY = 8;

/**
 * A channel's copy of the template is replaced by a fresh one after this many answers that wrote:
 * a backup verifies the whole audit chain, which every backup lengthens, so 1,000 backups on one
 * copy would cost the square of their number. A fresh copy keeps each call's cost bounded by a
 * count, whatever the machine's speed.
 */
const FRESH_COPY_AFTER_WRITES = 100;

/** Fuzzes one channel with `payloads` generated payloads, on its own copies of the template. */
export async function fuzzChannel(template: FuzzTemplate, channel: ChannelName, payloads = PAYLOADS_PER_CHANNEL): Promise<ChannelReport> {
  const started = performance.now();
  let copy = await openFuzzCopy(template);
  let watch = new StoreWatch(copy.session);
  let writes = 0;
  const readOnly = READ_ONLY.test(channel);
  const input = channels[channel].input;
  const report: ChannelReport = { channel, payloads: 0, reachedService: 0, ok: 0, refused: {}, seconds: 0 };
  let lockedCalls = 0;
  try {
    await fc.assert(
      fc.asyncProperty(payloadFor(template.base[channel]), async (payload) => {
        if (writes >= FRESH_COPY_AFTER_WRITES) {
          copy.session.lock();
          removeFuzzFolder(copy.folder);
          copy = await openFuzzCopy(template);
          watch = new StoreWatch(copy.session);
          writes = 0;
        }
        const { session, dispatch, unexpected } = copy;
        if (session.status().state !== 'unlocked' && ++lockedCalls >= UNLOCK_AT_MOST_EVERY) {
          lockedCalls = 0;
          await session.unlock(TEST_PASSPHRASE);
        }
        report.payloads += 1;
        if (input.safeParse(payload).success) report.reachedService += 1;
        const before = watch.before();
        const result = await dispatch(channel, payload);
        expect(unexpected).toEqual([]);
        expect(result && typeof result === 'object').toBe(true);
        if (result.ok) {
          report.ok += 1;
          expect(Object.keys(result).sort()).toEqual(['ok', 'value']);
          if (readOnly) watch.expectUnchanged(before, `${channel} only reads, but the store changed`);
          else writes += 1;
        } else {
          report.refused[result.error.code] = (report.refused[result.error.code] ?? 0) + 1;
          expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
          expect(errorEnvelope.safeParse(result.error).success, JSON.stringify(result.error).slice(0, 300)).toBe(true);
          expect(result.error.code).not.toBe('INTERNAL');
          expect(result.error.message.length).toBeLessThan(5_000);
          watch.expectUnchanged(before, `${channel} refused a payload but the store changed`);
        }
        expectNoPollution();
      }),
      { numRuns: payloads, seed: FUZZ_SEED + channelNames.indexOf(channel), endOnFailure: true },
    );
  } finally {
    copy.session.lock();
    removeFuzzFolder(copy.folder);
  }
  report.seconds = (performance.now() - started) / 1000;
  return report;
}

/** One line per channel for the run's log: payloads, how many reached the service, and the answers. */
export function describeReports(reports: readonly ChannelReport[]): string {
  const lines = reports.map(
    (r) =>
      `  ${r.channel.padEnd(26)} ${String(r.payloads).padStart(6)} payloads, ${String(r.reachedService).padStart(5)} reached the service, ` +
      `${String(r.ok).padStart(5)} ok, ${r.seconds.toFixed(1).padStart(5)} s; refused ${JSON.stringify(Object.fromEntries(Object.entries(r.refused).sort()))}`,
  );
  return `IPC fuzzing (seed ${FUZZ_SEED}):\n${lines.join('\n')}`;
}

/**
 * A hang guard, not a speed limit: a channel's 10,000 payloads take 2-40 s here (cores shared
 * with other work), so only a call that never returns comes near it.
 */
const CHANNEL_TIMEOUT_MS = 600_000;

/** The tests of one file: every channel of the group, each on its own copy of one template. */
export function describeIpcFuzzing(group: keyof typeof FUZZ_GROUPS): void {
  let template: FuzzTemplate | undefined;
  const reports: ChannelReport[] = [];
  beforeAll(async () => {
    template = await createFuzzTemplate();
  });
  afterAll(() => {
    if (template) removeFuzzFolder(template.folder);
    console.info(describeReports([...reports].sort((a, b) => channelNames.indexOf(a.channel) - channelNames.indexOf(b.channel))));
  });
  describe(`IPC fuzzing: ${group}`, () => {
    test.each(FUZZ_GROUPS[group].map((channel) => [channel]))(
      `%s: ${PAYLOADS_PER_CHANNEL} hostile payloads get a valid result or a typed error, and a refusal changes nothing`,
      async (channel) => {
        if (!template) throw new Error('no template store');
        const report = await fuzzChannel(template, channel);
        reports.push(report);
        expect(report.payloads).toBe(PAYLOADS_PER_CHANNEL);
      },
      CHANNEL_TIMEOUT_MS,
    );
  });
}
