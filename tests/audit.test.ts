// The audit trail: every change and event recorded, chained, and tampering found.
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createCrisis, updateCrisis } from '../src/main/services/crises';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { createHotlineCall } from '../src/main/services/hotline';
import { createMember } from '../src/main/services/members';
import { exportAuditTrail, listAuditEntries, recordEvent, verifyAuditChain } from '../src/main/services/audit';
import { Session } from '../src/main/services/session';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, newTestStore, tempFolder } from './support/tempStore';

const crisis = { teamSlug: 'nis' as const, startedAt: '2024-05-05T05:05:00+02:00', type: 'barricade' as const, notes: 'Tajna beleška' };

async function filled() {
  const { store, path } = await newTestStore('Dragana');
  const made = createCrisis(store, crisis);
  updateCrisis(store, { id: made.id, version: made.version, crisis: { ...crisis, notes: 'Izmenjena beleška' } });
  appendLogEntry(store, { crisisId: made.id, kind: 'note', at: '2024-05-05T05:10:00+02:00', text: 'Kontakt' });
  createMember(store, { teamSlug: 'nis', name: 'Zoran', role: 'coach' });
  createHotlineCall(store, { receivedAt: '2024-05-06T08:00:00+02:00', caller: 'X', threat: 'threat', urgency: 'high', action: 'referred' });
  recordEvent(store, 'export', { format: 'csv' });
  return { store, path, made };
}

describe('audit trail', () => {
  test('every change is recorded with who, what and the record hashes before and after, and the chain verifies', async () => {
    const { store, made } = await filled();
    const entries = listAuditEntries(store, { limit: 100 }).reverse();
    const changes = entries.filter((e) => e.recordKind === 'crisis' && e.recordId === made.id);
    expect(changes.map((e) => e.action)).toEqual(['insert', 'update']);
    expect(changes[0]?.hashBefore).toBeNull();
    expect(changes[1]?.hashBefore).toBe(changes[0]?.hashAfter);
    expect(changes[1]?.hashAfter).not.toBe(changes[1]?.hashBefore);
    expect(entries.every((e) => e.actor === 'Dragana')).toBe(true);
    expect(entries.map((e) => e.recordKind)).toEqual(expect.arrayContaining(['crisis', 'log_entry', 'member', 'hotline_call', 'session']));
    expect(entries.every((e) => e.entryHash !== null)).toBe(true);
    expect(verifyAuditChain(store)).toEqual({ ok: true, entries: entries.length, problems: [] });
    // The trail names records by id and hash: none of the notes' text is in it.
    expect(exportAuditTrail(store)).not.toContain('beleška');
  });

  test('an edited entry is found and named', async () => {
    const { store } = await filled();
    store.connection.exec('DROP TRIGGER audit_log_append_only');
    store.connection.prepare("UPDATE audit_log SET actor = 'Someone else' WHERE seq = 3").run();
    expect(verifyAuditChain(store).problems).toEqual([{ seq: 3, problem: 'edited', message: expect.stringContaining('3') }]);
  });

  test('a deleted entry is found, in the middle and at the end', async () => {
    const { store } = await filled();
    store.connection.exec('DROP TRIGGER audit_log_no_delete');
    store.connection.prepare('DELETE FROM audit_log WHERE seq = 4').run();
    expect(verifyAuditChain(store).problems).toEqual([{ seq: 5, problem: 'deleted', message: expect.any(String) }]);
    const last = (store.connection.prepare('SELECT max(seq) AS seq FROM audit_log').get() as { seq: number }).seq;
    store.connection.prepare('DELETE FROM audit_log WHERE seq = ?').run(last);
    expect(verifyAuditChain(store).problems.map((p) => p.problem)).toEqual(['deleted', 'deleted']);
  });

  test('reordered entries are found', async () => {
    const { store } = await filled();
    store.connection.exec('DROP TRIGGER audit_log_append_only');
    // Swap entries 2 and 3 by renumbering them.
    store.connection.exec('UPDATE audit_log SET seq = -1 WHERE seq = 2; UPDATE audit_log SET seq = 2 WHERE seq = 3; UPDATE audit_log SET seq = 3 WHERE seq = -1;');
    const problems = verifyAuditChain(store).problems;
    expect(problems.map((p) => p.problem)).toContain('reordered');
    expect(problems.every((p) => p.problem !== 'edited')).toBe(true);
  });

  test('entries cannot be changed or deleted through SQL while the triggers stand', async () => {
    const { store } = await filled();
    expect(() => store.connection.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 1").run()).toThrow(/append_only/);
    expect(() => store.connection.prepare('DELETE FROM audit_log').run()).toThrow(/append_only/);
  });

  test('unlocks and failed unlocks are recorded; failed ones once the store opens again', async () => {
    const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
    await session.create('Milica', TEST_PASSPHRASE);
    session.lock();
    await expect(session.unlock('wrong passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    await session.unlock(TEST_PASSPHRASE);
    const actions = listAuditEntries(session.requireStore(), { limit: 50 })
      .reverse()
      .filter((e) => e.recordKind !== 'account' || e.action !== 'insert')
      .map((e) => e.action);
    expect(actions).toEqual(['unlock', 'unlock_failed', 'unlock']);
    expect(verifyAuditChain(session.requireStore()).ok).toBe(true);
    session.lock();
  });
});
