// Fuzzing the IPC boundary: every channel of the table gets 150 hostile payloads (wrong
// types, 1 MB strings, __proto__/constructor/prototype as own keys, 1,000-level nesting, arrays
// for objects, NaN/Infinity, big ints). Each must come back as a valid result or a typed error
// envelope (never a throw, never INTERNAL), a refused payload must leave every table exactly as
// it was, and nothing may reach Object.prototype. A locked session never opens to a wrong passphrase.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type ChannelName, channelNames } from '@shared/channels';
import { errorEnvelope } from '@shared/errors';
import { type Dispatch, createDispatcher } from '../src/main/ipc';
import { Session } from '../src/main/services/session';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST } from './support/tempStore';

const RUNS_PER_CHANNEL = Number(process.env['FUZZ_RUNS'] ?? 150);
/** Channels that only read: the store is compared once around all their calls, not around each. */
const READ_ONLY = /^session\.status$|\.(list|get|summary)$/;
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

// One session for the whole file, in its own folder (tempStore's afterEach would delete it between tests).
const folder = mkdtempSync(join(tmpdir(), 'casebook-fuzz-'));
// The clock moves an hour per wrong guess, so the growing unlock delay never hides a real answer.
let clock = Date.parse('2026-01-01T00:00:00Z');
const session = new Session({ storePath: join(folder, 'casebook.db'), scryptCost: TEST_SCRYPT_COST, now: () => clock });
const unexpected: unknown[] = [];
const dispatch: Dispatch = createDispatcher(session, { reportUnexpected: (channel, error) => unexpected.push({ channel, error }) });

const ids = { member: '', crisis: '', closedCrisis: '', logEntry: '', call: '' };
const base: Partial<Record<ChannelName, unknown>> = {};

async function valueOf(channel: ChannelName, input: unknown): Promise<Record<string, unknown>> {
  const result = await dispatch(channel, input);
  if (!result.ok) throw new Error(`${channel} failed while seeding: ${JSON.stringify(result.error)}`);
  return result.value as Record<string, unknown>;
}

beforeAll(async () => {
  await valueOf('session.create', { userName: 'Fuzz', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
  const member = await valueOf('members.create', { teamSlug: 'nis', name: 'Ana', callSign: 'A1', role: 'negotiator' });
  const crisisInput = { teamSlug: 'nis', startedAt: '2024-02-02T10:00:00+01:00', type: 'hostage', hostages: 2, deployments: [{ memberId: member['id'], role: 'lead_negotiator' }] };
  const crisis = await valueOf('crises.create', crisisInput);
  const closed = await valueOf('crises.create', { ...crisisInput, startedAt: '2024-01-01T10:00:00+01:00' });
  const entry = await valueOf('crisisLog.append', { crisisId: crisis['id'], kind: 'note', at: '2024-02-02T10:05:00+01:00', text: 'contact' });
  await valueOf('crises.close', { id: closed['id'], version: 1, endedAt: '2024-01-01T12:00:00+01:00', outcome: 'surrender' });
  const callInput = { receivedAt: '2024-03-03T09:00:00+01:00', caller: 'Jovana', threat: 'threat', urgency: 'high', action: 'referred' };
  const call = await valueOf('hotline.create', callInput);
  Object.assign(ids, { member: member['id'], crisis: crisis['id'], closedCrisis: closed['id'], logEntry: entry['id'], call: call['id'] });

  // A valid payload per channel: mutations of it get past the first checks and into the deeper ones.
  Object.assign(base, {
    'session.status': null,
    'session.create': { userName: 'Other', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE },
    'session.unlock': { passphrase: TEST_PASSPHRASE },
    'session.lock': null,
    'session.changePassphrase': { current: 'not the passphrase', next: 'another long passphrase' },
    'teams.list': null,
    'members.list': { teamSlug: 'nis', includeInactive: true },
    'members.create': { teamSlug: 'nis', name: 'Marko', callSign: 'M2', role: 'coach', active: true },
    'members.update': { id: ids.member, version: 1, member: { teamSlug: 'nis', name: 'Ana', role: 'negotiator' } },
    'crises.list': { filter: { teamSlug: 'nis', text: 'nis', from: '2024-01-01' }, sort: { field: 'startedAt', direction: 'asc' }, limit: 10, after: null },
    'crises.get': { id: ids.crisis },
    'crises.create': crisisInput,
    'crises.update': { id: ids.crisis, version: 1, crisis: { ...crisisInput, notes: 'updated' } },
    'crises.close': { id: ids.crisis, version: 1, endedAt: '2024-02-02T12:00:00+01:00', outcome: 'released' },
    'crisisLog.list': { crisisId: ids.crisis },
    'crisisLog.append': { crisisId: ids.closedCrisis, kind: 'release', at: '2024-01-01T11:00:00+01:00', releasedCount: 1 },
    'crisisLog.edit': { id: ids.logEntry, at: '2024-02-02T10:06:00+01:00', text: 'edited', releasedCount: 0 },
    'crisisLog.remove': { id: ids.logEntry },
    'hotline.list': { filter: { threat: 'threat', followUp: 'due' }, sort: { field: 'receivedAt', direction: 'desc' }, limit: 5 },
    'hotline.get': { id: ids.call },
    'hotline.create': callInput,
    'hotline.update': { id: ids.call, version: 1, call: { ...callInput, status: 'closed' } },
    'stats.summary': { teamSlug: 'nis', from: '2024-01-01', to: '2024-12-31' },
  });
});

afterAll(() => {
  session.lock();
  rmSync(folder, { recursive: true, force: true });
});

// ---- The store's whole content, and the prototypes ---------------------------------------------

function snapshot(): string {
  const db = session.requireStore().connection;
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) {
    hash.update(`\0${name}\0`);
    for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, '""')}"`).iterate()) hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v)));
  }
  return hash.digest('hex');
}

const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype, Number.prototype];
const prototypeKeys = () => prototypes.map((proto) => Reflect.ownKeys(proto).map(String).sort().join(','));
const pristine = prototypeKeys();

function expectNoPollution(): void {
  expect(prototypeKeys()).toEqual(pristine);
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  expect(([] as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
}

// ---- Hostile values ---------------------------------------------------------------------------

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

const hugeString = fc
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

const hostile: fc.Arbitrary<unknown> = fc.oneof(
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

function payloadFor(channel: ChannelName): fc.Arbitrary<unknown> {
  const valid = base[channel] ?? {};
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

// ---- The properties -----------------------------------------------------------------------------

async function ensureUnlocked(): Promise<void> {
  if (session.status().state !== 'unlocked') await session.unlock(TEST_PASSPHRASE);
}

const stats = { calls: 0, ok: 0, refused: 0, codes: new Map<string, number>() };

describe('IPC fuzzing', () => {
  test.each(channelNames.map((channel) => [channel]))(
    '%s: hostile payloads get a valid result or a typed error, and a refusal changes nothing',
    async (channel) => {
      const readOnly = READ_ONLY.test(channel);
      await ensureUnlocked();
      const atStart = snapshot();
      await fc.assert(
        fc.asyncProperty(payloadFor(channel), async (payload) => {
          await ensureUnlocked();
          const before = readOnly ? atStart : snapshot();
          const result = await dispatch(channel, payload);
          stats.calls += 1;
          expect(unexpected).toEqual([]);
          expect(result && typeof result === 'object').toBe(true);
          if (result.ok) {
            stats.ok += 1;
            expect(Object.keys(result).sort()).toEqual(['ok', 'value']);
          } else {
            stats.refused += 1;
            stats.codes.set(result.error.code, (stats.codes.get(result.error.code) ?? 0) + 1);
            expect(Object.keys(result).sort()).toEqual(['error', 'ok']);
            expect(errorEnvelope.safeParse(result.error).success, JSON.stringify(result.error).slice(0, 300)).toBe(true);
            expect(result.error.code).not.toBe('INTERNAL');
            expect(result.error.message.length).toBeLessThan(5_000);
            if (!readOnly) {
              await ensureUnlocked();
              expect(snapshot(), `${channel} refused a payload but the store changed`).toBe(before);
            }
          }
          expectNoPollution();
        }),
        { numRuns: RUNS_PER_CHANNEL, seed: SEED + channelNames.indexOf(channel), endOnFailure: true },
      );
      if (readOnly) {
        await ensureUnlocked();
        expect(snapshot(), `${channel} only reads, but the store changed`).toBe(atStart);
      }
    },
  );

  test('channel names: anything that is not in the table is UNKNOWN_CHANNEL, never a throw', async () => {
    await ensureUnlocked();
    const before = snapshot();
    const names = fc.oneof(
      fc.string(),
      fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'crises.create ', 'CRISES.CREATE', 'crises', '', 'session.unlock\u0000'),
      fc.anything({ withNullPrototype: true, withBigInt: true, withBoxedValues: true }),
    );
    await fc.assert(
      fc.asyncProperty(names, hostile, async (name, payload) => {
        fc.pre(!(typeof name === 'string' && (channelNames as string[]).includes(name)));
        const result = await dispatch(name, payload);
        expect(result).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
        expectNoPollution();
      }),
      { numRuns: 300, seed: SEED },
    );
    expect(snapshot()).toBe(before);
    expect(unexpected).toEqual([]);
  });

  test('a locked session never unlocks with a wrong passphrase', async () => {
    await ensureUnlocked();
    expect((await dispatch('session.lock', null)).ok).toBe(true);
    const nearMissList = [
      TEST_PASSPHRASE.toUpperCase(),
      `${TEST_PASSPHRASE} `,
      ` ${TEST_PASSPHRASE}`,
      TEST_PASSPHRASE.slice(0, -1),
      `${TEST_PASSPHRASE}\u0000`,
      TEST_PASSPHRASE.replace('o', '0'),
      TEST_PASSPHRASE.replace(/ /g, '\u00a0'),
      `${TEST_PASSPHRASE}${TEST_PASSPHRASE}`,
      // scrypt's HMAC zero-pads short keys: without the store's refusal of NUL, these would unlock.
      `${TEST_PASSPHRASE}\u0000\u0000`,
    ];
    for (const guess of nearMissList) {
      clock += 3_600_000;
      const result = await dispatch('session.unlock', { passphrase: guess });
      expect(result, JSON.stringify(guess)).toMatchObject({ ok: false });
      expect(session.status().state).toBe('locked');
    }
    const nearMisses = fc.constantFrom(...nearMissList);
    const guesses = fc.oneof(nearMisses, fc.string({ minLength: 1, maxLength: 1024, unit: 'grapheme' }), fc.string({ maxLength: 64 }), hugeString);
    await fc.assert(
      fc.asyncProperty(guesses, async (guess) => {
        fc.pre(guess.normalize('NFC') !== TEST_PASSPHRASE);
        clock += 3_600_000;
        const result = await dispatch('session.unlock', { passphrase: guess });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(['WRONG_PASSPHRASE', 'VALIDATION']).toContain(result.error.code);
        expect(session.status().state).toBe('locked');
      }),
      { numRuns: 150, seed: SEED },
    );
    clock += 3_600_000;
    expect(await dispatch('session.unlock', { passphrase: TEST_PASSPHRASE })).toEqual({
      ok: true,
      value: { state: 'unlocked', userName: 'Fuzz', role: 'admin', teamSlug: null },
    });
    expect(unexpected).toEqual([]);
    expectNoPollution();
    console.info(
      `fuzz (seed ${SEED}): ${stats.calls} channel calls, ${stats.ok} valid, ${stats.refused} refused:`,
      Object.fromEntries([...stats.codes].sort()),
    );
    session.lock();
  });
});
