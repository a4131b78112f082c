// Every channel called as every role: the main process refuses what a role may not do, and a
// member reaches only their own team's records.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { channelNames } from '@shared/channels';
import { channelAccess, roleMayCall } from '@shared/permissions';
import { createDispatcher } from '../src/main/ipc';
import { createAccount } from '../src/main/services/accounts';
import { createCrisis } from '../src/main/services/crises';
import { createMember } from '../src/main/services/members';
import { Session } from '../src/main/services/session';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder } from './support/tempStore';

const PASS = 'a long enough passphrase';

async function storeWithRoles() {
  const storePath = join(tempFolder(), 'casebook.db');
  const session = new Session({ storePath, scryptCost: TEST_SCRYPT_COST });
  await session.create('Admin', TEST_PASSPHRASE);
  const store = session.requireStore();
  await createAccount(store, session.keyAccess(), { name: 'Koordinator', role: 'coordinator', passphrase: PASS, passphraseRepeat: PASS });
  await createAccount(store, session.keyAccess(), { name: 'Članica', role: 'member', teamSlug: 'kraljevo', passphrase: PASS, passphraseRepeat: PASS });
  const own = createCrisis(store, { teamSlug: 'kraljevo', startedAt: '2024-03-03T10:00:00Z', type: 'hostage', hostages: 2 });
  const other = createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-03-04T10:00:00Z', type: 'barricade', notes: 'Beogradska tajna' });
  const otherMember = createMember(store, { teamSlug: 'belgrade', name: 'Beograđanin', role: 'negotiator' });
  session.lock();
  return { session, own, other, otherMember };
}

describe('permissions', () => {
  test('every channel, as every role: refused exactly where the table says', async () => {
    const { session } = await storeWithRoles();
    const dispatch = createDispatcher(session, { reportUnexpected: () => undefined });
    const asRole = {
      locked: async () => undefined,
      member: () => session.unlock(PASS, 'Članica'),
      coordinator: () => session.unlock(PASS, 'Koordinator'),
      admin: () => session.unlock(TEST_PASSPHRASE, 'Admin'),
    } as const;
    for (const [role, signIn] of Object.entries(asRole)) {
      await signIn();
      for (const channel of channelNames) {
        if (channel === 'session.lock' || channel === 'session.create' || channel === 'session.unlock') continue;
        const result = await dispatch(channel, undefined);
        const allowed = roleMayCall(role === 'locked' ? null : (role as 'member'), channel);
        const refusal = result.ok ? null : result.error.code;
        if (allowed) {
          expect(refusal, `${role} → ${channel}`).not.toBe('FORBIDDEN');
          expect(refusal, `${role} → ${channel}`).not.toBe('LOCKED');
        } else {
          expect(refusal, `${role} → ${channel}`).toBe(role === 'locked' ? 'LOCKED' : 'FORBIDDEN');
        }
      }
      session.lock();
    }
    expect(Object.keys(channelAccess).sort()).toEqual([...channelNames].sort());
  });

  test("a member sees and changes only their own team's records", async () => {
    const { session, own, other, otherMember } = await storeWithRoles();
    const dispatch = createDispatcher(session);
    await session.unlock(PASS, 'Članica');

    const list = await dispatch('crises.list', {});
    expect(list.ok && (list.value as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([own.id]);
    const asked = await dispatch('crises.list', { filter: { teamSlug: 'belgrade' } });
    expect(asked.ok && (asked.value as { items: { id: string }[] }).items.map((c) => c.id)).toEqual([own.id]);
    const stats = await dispatch('stats.summary', {});
    expect(stats.ok && Object.keys((stats.value as { crisesByTeam: object }).crisesByTeam)).toEqual(['kraljevo']);

    for (const [channel, input] of [
      ['crises.get', { id: other.id }],
      ['crises.close', { id: other.id, version: 1, endedAt: '2024-03-05T10:00:00Z', outcome: 'surrender' }],
      ['crises.update', { id: other.id, version: 1, crisis: { teamSlug: 'belgrade', startedAt: other.startedAt, type: 'barricade' } }],
      ['crises.create', { teamSlug: 'belgrade', startedAt: '2024-03-05T10:00:00Z', type: 'other' }],
      ['crisisLog.list', { crisisId: other.id }],
      ['crisisLog.append', { crisisId: other.id, kind: 'note', at: '2024-03-04T11:00:00Z' }],
      ['debriefs.get', { crisisId: other.id }],
      ['debriefs.save', { crisisId: other.id, version: 0, whatWorked: 'x', whatDidNotWork: '', lessons: '' }],
      ['reports.incident', { crisisId: other.id, language: 'en' }],
      ['members.record', { memberId: otherMember.id }],
      ['members.create', { teamSlug: 'belgrade', name: 'X', role: 'coach' }],
      ['members.update', { id: otherMember.id, version: 1, member: { teamSlug: 'kraljevo', name: 'X', role: 'coach' } }],
    ] as const) {
      const result = await dispatch(channel, input);
      expect(result.ok ? 'ok' : result.error.code, channel).toBe('FORBIDDEN');
    }
    expect((await dispatch('crises.get', { id: own.id })).ok).toBe(true);
    const appended = await dispatch('crisisLog.append', { crisisId: own.id, kind: 'release', at: '2024-03-03T11:00:00Z', releasedCount: 1 });
    expect(appended.ok).toBe(true);
    session.lock();

    // Nothing of the other team's crisis changed.
    await session.unlock(TEST_PASSPHRASE, 'Admin');
    const untouched = await dispatch('crises.get', { id: other.id });
    expect(untouched).toMatchObject({ ok: true, value: { version: 1, status: 'open', notes: 'Beogradska tajna' } });
    session.lock();
  });
});
