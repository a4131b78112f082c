// The IPC layer: every input parsed before any service runs, typed envelopes, sender checks.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { channelNames } from '@shared/channels';
import { IPC_PREFIX } from '@shared/bridge';
import { type Dispatch, type InvokeEvent, createDispatcher, registerIpc } from '../src/main/ipc';
import { Session } from '../src/main/services/session';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder } from './support/tempStore';

const validCrisis = { teamSlug: 'kragujevac', startedAt: '2024-04-04T04:04:00+02:00', type: 'barricade' };

async function unlockedSession(): Promise<{ session: Session; dispatch: Dispatch; reported: unknown[] }> {
  const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
  const reported: unknown[] = [];
  const dispatch = createDispatcher(session, { reportUnexpected: (_channel, error) => reported.push(error) });
  const created = await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
  expect(created).toEqual({ ok: true, value: { state: 'unlocked', userName: 'Ivana', role: 'admin', teamSlug: null } });
  return { session, dispatch, reported };
}

function snapshot(session: Session): string {
  const store = session.requireStore();
  const tables = ['crises', 'crisis_log', 'crisis_deployments', 'members', 'hotline_calls', 'teams'] as const;
  return JSON.stringify(tables.map((table) => store.connection.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()));
}

describe('dispatcher', () => {
  test('the session goes from no store to unlocked, locked and unlocked again', async () => {
    const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
    const dispatch = createDispatcher(session);
    expect(await dispatch('session.status', undefined)).toEqual({ ok: true, value: { state: 'no-store', userName: null, role: null, teamSlug: null } });
    const mismatch = await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: 'other' });
    expect(mismatch).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'passphraseRepeat', message: 'passphrases_differ' }] } });
    const short = await dispatch('session.create', { userName: 'Ivana', passphrase: 'short', passphraseRepeat: 'short' });
    expect(short).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: 'passphrase' }] } });
    await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
    expect(await dispatch('session.lock', null)).toEqual({ ok: true, value: { state: 'locked', userName: null, role: null, teamSlug: null } });
    expect(await dispatch('teams.list', undefined)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await dispatch('session.unlock', { passphrase: 'wrong passphrase' })).toMatchObject({
      ok: false,
      error: { code: 'WRONG_PASSPHRASE' },
    });
    expect(await dispatch('session.unlock', { passphrase: TEST_PASSPHRASE })).toEqual({
      ok: true,
      value: { state: 'unlocked', userName: 'Ivana', role: 'admin', teamSlug: null },
    });
    session.lock();
  });

  test('a valid call reaches the service and returns its parsed output', async () => {
    const { dispatch, session } = await unlockedSession();
    const created = await dispatch('crises.create', validCrisis);
    expect(created).toMatchObject({ ok: true, value: { reference: 'KG-2024-001', createdBy: 'Ivana' } });
    const listed = await dispatch('crises.list', {});
    expect(listed).toMatchObject({ ok: true, value: { total: 1 } });
    session.lock();
  });

  const malformed: [string, unknown][] = [
    ['crises.create', undefined],
    ['crises.create', null],
    ['crises.create', 'DROP TABLE crises'],
    ['crises.create', { ...validCrisis, hostages: -3 }],
    ['crises.create', { ...validCrisis, hostages: '3' }],
    ['crises.create', { ...validCrisis, type: 'picnic' }],
    ['crises.create', { ...validCrisis, startedAt: 'yesterday' }],
    ['crises.create', { ...validCrisis, hostages: 1, hostagesReleased: 2 }],
    ['crises.create', { ...validCrisis, notes: 'x'.repeat(20_001) }],
    ['crises.update', { id: 'not-a-uuid', version: 1, crisis: validCrisis }],
    ['crises.close', { id: '01890000-0000-7000-8000-000000000000', version: 1, endedAt: '2024-04-04T05:00:00Z', outcome: 'released', extra: 1 }],
    ['crisisLog.append', { crisisId: '01890000-0000-7000-8000-000000000000', kind: 'release', at: '2024-04-04T05:00:00Z' }],
    ['hotline.create', { receivedAt: '2024-01-01T00:00:00Z', caller: '', threat: 'threat', urgency: 'normal', action: 'referred' }],
    ['members.create', { teamSlug: 'subotica', name: 'X', role: 'negotiator' }],
    ['crises.list', { filter: { teamSlug: 'belgrade', __proto__: { polluted: true } }, limit: 100_000 }],
    ['crises.list', { filter: { sqlInjection: "' OR 1=1" } }],
    ['stats.summary', { from: '2024-13-45' }],
  ];

  test.each(malformed)('%s rejects malformed input with a VALIDATION envelope and changes nothing (%#)', async (channel, input) => {
    const { dispatch, session, reported } = await unlockedSession();
    await dispatch('crises.create', validCrisis);
    const before = snapshot(session);
    const result = await dispatch(channel, input);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('VALIDATION');
      expect(result.error.message).not.toMatch(/\n\s+at /);
      expect(result.error.issues?.length).toBeGreaterThan(0);
    }
    expect(snapshot(session)).toBe(before);
    expect(reported).toEqual([]);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    session.lock();
  });

  // Found by the IPC fuzzing: SQLite's length() stops at a NUL, so "\u0000X" reached the store's
  // length CHECK as an empty name and came back as a raw SQLite error.
  test.each([
    ['members.create', { teamSlug: 'nis', name: '\u0000X', callSign: 'M2', role: 'coach' }, 'name'],
    ['members.create', { teamSlug: 'nis', name: 'Ana\rPetrović', role: 'coach' }, 'name'],
    ['accounts.create', { name: '\u0000a', role: 'member', teamSlug: 'nis', passphrase: 'another long passphrase', passphraseRepeat: 'another long passphrase' }, 'name'],
    ['hotline.create', { receivedAt: '2024-01-01T00:00:00Z', caller: 'N.\u0007N.', threat: 'threat', urgency: 'normal', action: 'referred' }, 'caller'],
    ['crises.create', { ...validCrisis, notes: 'first line\nsecond\u0000' }, 'notes'],
  ] as const)('%s refuses control characters, naming the field %#', async (channel, input, field) => {
    const { dispatch, session, reported } = await unlockedSession();
    const before = snapshot(session);
    const result = await dispatch(channel, input);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION', issues: [{ path: field, message: 'control_characters' }] } });
    expect(snapshot(session)).toBe(before);
    expect(reported).toEqual([]);
    session.lock();
  });

  test('a note may run over several lines and keep its tabs', async () => {
    const { dispatch, session } = await unlockedSession();
    const created = await dispatch('crises.create', { ...validCrisis, notes: 'first line\n\tindented\r\nlast' });
    expect(created).toMatchObject({ ok: true, value: { notes: 'first line\n\tindented\r\nlast' } });
    session.lock();
  });

  test('unknown channels are rejected', async () => {
    const { dispatch, session } = await unlockedSession();
    for (const channel of ['crises.drop', '__proto__', 'constructor', 'toString', 42, null]) {
      expect(await dispatch(channel, {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    }
    session.lock();
  });

  test('an unexpected failure is reported in main and reaches the renderer only as a generic message', async () => {
    const { dispatch, session, reported } = await unlockedSession();
    session.requireStore().connection.exec('DROP TRIGGER crises_fts_insert; DROP TABLE crises_fts');
    const result = await dispatch('crises.list', { filter: { text: 'anything' } });
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'Something went wrong. The change was not saved.' } });
    expect(reported).toHaveLength(1);
    session.lock();
  });
});

describe('registration with ipcMain', () => {
  test('every channel is handled under its prefixed name, and only trusted frames are served', async () => {
    const { dispatch, session } = await unlockedSession();
    const handlers = new Map<string, (event: InvokeEvent, input: unknown) => Promise<unknown>>();
    const unregister = registerIpc(
      { handle: (channel, listener) => handlers.set(channel, listener), removeHandler: (channel) => handlers.delete(channel) },
      dispatch,
      (url) => url === 'file:///app/out/renderer/index.html',
    );
    expect([...handlers.keys()].sort()).toEqual(channelNames.map((name) => `${IPC_PREFIX}${name}`).sort());
    const teams = handlers.get(`${IPC_PREFIX}teams.list`);
    expect(await teams?.({ senderFrame: { url: 'file:///app/out/renderer/index.html' } }, undefined)).toMatchObject({ ok: true });
    expect(await teams?.({ senderFrame: { url: 'https://evil.example/' } }, undefined)).toMatchObject({
      ok: false,
      error: { code: 'FORBIDDEN_SENDER' },
    });
    expect(await teams?.({ senderFrame: null }, undefined)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    unregister();
    expect(handlers.size).toBe(0);
    session.lock();
  });
});
