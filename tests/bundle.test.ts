// Team bundles: encrypted, authenticated exchange between stores; merges by id and version with
// conflicts left to a person; refusals (wrong passphrase, tampering, truncation) change nothing.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { createDispatcher } from '../src/main/ipc';
import { deriveKeys, newSalt, seal } from '../src/main/services/bundles/container';
import {
  exportBundle,
  exportBundleToFile,
  exportBundleWithDetails,
  importBundle,
  importBundleFromFile,
  openBundle,
} from '../src/main/services/bundles';
import { closeCrisis, createCrisis, getCrisis, updateCrisis } from '../src/main/services/crises';
import { appendLogEntry, listLog, removeLogEntry } from '../src/main/services/crisisLog';
import { listExports } from '../src/main/services/export';
import { provideExchangeShell } from '../src/main/services/export/shell';
import { createHotlineCall, getHotlineCall, updateHotlineCall } from '../src/main/services/hotline';
import { createMember, getMember, updateMember } from '../src/main/services/members';
import { Session } from '../src/main/services/session';
import { statisticsSummary } from '../src/main/services/statistics';
import type { Store } from '../src/main/store';
import { CasebookError } from '@shared/errors';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, newTestStore, tempFolder } from './support/tempStore';

const BUNDLE_PASSPHRASE = 'exchange passphrase for the coordinator';
const cheap = { scryptCost: TEST_SCRYPT_COST };

/** Every table's rows, so "nothing changed" can be checked exactly. */
function snapshot(store: Store): string {
  const db = store.connection;
  // Records only: the audit trail (and its sequence counter) records every exchange by design.
  const tables = db
    .prepare(
      "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT IN ('audit_log', 'sqlite_sequence') ORDER BY name",
    )
    .all() as { name: string }[];
  const hash = createHash('sha256');
  for (const { name } of tables) {
    hash.update(`\0${name}\0`);
    for (const row of db.prepare(`SELECT * FROM "${name}" ORDER BY 1`).all()) hash.update(JSON.stringify(row));
  }
  return hash.digest('hex');
}

/** The records a bundle carries, as a comparable structure (row ids and FTS aside). */
function records(store: Store) {
  const db = store.connection;
  return {
    members: db.prepare('SELECT * FROM members ORDER BY id').all(),
    crises: db.prepare('SELECT * FROM crises ORDER BY id').all().map((row) => ({ ...(row as object), row_id: undefined })),
    deployments: db.prepare('SELECT * FROM crisis_deployments ORDER BY crisis_id, member_id, role').all(),
    log: db.prepare('SELECT * FROM crisis_log ORDER BY id').all(),
    hotline: db.prepare('SELECT * FROM hotline_calls ORDER BY id').all().map((row) => ({ ...(row as object), row_id: undefined })),
  };
}

async function refusal(work: Promise<unknown>): Promise<CasebookError> {
  const error = await work.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(CasebookError);
  return error as CasebookError;
}

/** Team Niš's store: two members (one of Belgrade's, lent for a crisis), crises with logs, hotline calls. */
function fillTeamStore(store: Store) {
  const ana = createMember(store, { teamSlug: 'nis', name: 'Ana Petrović', callSign: 'Sova', role: 'negotiator' });
  const lent = createMember(store, { teamSlug: 'belgrade', name: 'Marko Ilić', callSign: 'Vuk', role: 'coach' });
  const open = createCrisis(store, {
    teamSlug: 'nis',
    startedAt: '2024-05-01T22:00:00+02:00',
    type: 'hostage',
    hostages: 3,
    municipality: 'Medijana',
    deployments: [
      { memberId: ana.id, role: 'lead_negotiator' },
      { memberId: lent.id, role: 'coach' },
    ],
  });
  appendLogEntry(store, { crisisId: open.id, kind: 'contact_established', at: '2024-05-01T22:10:00+02:00', text: 'Phone contact' });
  appendLogEntry(store, { crisisId: open.id, kind: 'release', at: '2024-05-01T23:00:00+02:00', releasedCount: 1 });
  const closed = createCrisis(store, { teamSlug: 'nis', startedAt: '2023-02-02T10:00:00+01:00', type: 'suicide_attempt' });
  closeCrisis(store, { id: closed.id, version: 1, endedAt: '2023-02-02T12:00:00+01:00', outcome: 'talked_down' });
  const belgrade = createCrisis(store, { teamSlug: 'belgrade', startedAt: '2024-01-09T10:00:00+01:00', type: 'barricade' });
  const call = createHotlineCall(store, {
    receivedAt: '2024-03-03T09:00:00+01:00',
    caller: 'Jovana',
    outlet: 'Radio Jug',
    threat: 'threat',
    urgency: 'high',
    action: 'referred',
  });
  return { ana, lent, open: getCrisis(store, open.id), closed, belgrade, call };
}

describe('bundle round trips', () => {
  test('A → B adds everything with ids, references, authors and versions kept; a re-import changes nothing', async () => {
    const { store: a } = await newTestStore('Coordinator A');
    const { store: b } = await newTestStore('Coordinator B');
    fillTeamStore(a);
    const bytes = await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    const report = await importBundle(b, bytes, BUNDLE_PASSPHRASE);
    expect(report.members).toEqual({ added: 2, updated: 0, unchanged: 0, conflicts: [] });
    expect(report.crises).toEqual({ added: 3, updated: 0, unchanged: 0, conflicts: [] });
    expect(report.logEntries).toEqual({ added: 2, updated: 0, unchanged: 0, conflicts: [] });
    expect(report.hotlineCalls).toEqual({ added: 1, updated: 0, unchanged: 0, conflicts: [] });
    expect(records(b)).toEqual(records(a));
    // The statistics aggregates and full-text index follow the imported rows.
    expect(statisticsSummary(b)).toEqual(statisticsSummary(a));
    expect(b.connection.prepare("SELECT count(*) AS n FROM crises_fts WHERE crises_fts MATCH 'Medijana'").get()).toEqual({ n: 1 });

    const before = snapshot(b);
    const again = await importBundle(b, bytes, BUNDLE_PASSPHRASE);
    for (const kind of ['members', 'crises', 'logEntries', 'hotlineCalls'] as const) {
      expect(again[kind].added + again[kind].updated + again[kind].conflicts.length, kind).toBe(0);
    }
    expect([again.members.unchanged, again.crises.unchanged, again.logEntries.unchanged, again.hotlineCalls.unchanged]).toEqual([2, 3, 2, 1]);
    // No record moved; the audit trail notes the exchange itself, and only that.
    expect(snapshot(b)).toBe(before);
    const lastEntry = b.connection.prepare('SELECT action, record_kind FROM audit_log ORDER BY seq DESC LIMIT 1').get();
    expect(lastEntry).toEqual({ action: 'bundle_import', record_kind: 'bundle' });
  });

  test('A → B, edit in B, B → A: the edits arrive, nothing else moves; and back again is all unchanged', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    const fixture = fillTeamStore(a);
    await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);

    // B edits a member, the open crisis (two releases more in its log) and the hotline call.
    updateMember(b, fixture.ana.id, 1, { teamSlug: 'nis', name: 'Ana Petrović', callSign: 'Sova 2', role: 'team_leader' });
    appendLogEntry(b, { crisisId: fixture.open.id, kind: 'release', at: '2024-05-01T23:30:00+02:00', releasedCount: 2 });
    appendLogEntry(b, { crisisId: fixture.open.id, kind: 'note', at: '2024-05-01T23:31:00+02:00', text: 'All out' });
    const edited = getCrisis(b, fixture.open.id);
    closeCrisis(b, { id: edited.id, version: edited.version, endedAt: '2024-05-02T00:15:00+02:00', outcome: 'released' });
    const call = getHotlineCall(b, fixture.call.id);
    updateHotlineCall(b, { id: call.id, version: call.version, call: { ...call, status: 'closed' } });

    const back = await importBundle(a, await exportBundle(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(back.members).toEqual({ added: 0, updated: 1, unchanged: 1, conflicts: [] });
    expect(back.crises).toEqual({ added: 0, updated: 1, unchanged: 2, conflicts: [] });
    expect(back.logEntries).toEqual({ added: 2, updated: 0, unchanged: 2, conflicts: [] });
    expect(back.hotlineCalls).toEqual({ added: 0, updated: 1, unchanged: 0, conflicts: [] });
    expect(records(a)).toEqual(records(b));
    const merged = getCrisis(a, fixture.open.id);
    expect(merged).toMatchObject({ status: 'closed', outcome: 'released', hostagesReleased: 3, updatedBy: 'Coordinator' });
    expect(listLog(a, merged.id).filter((entry) => entry.kind === 'release').reduce((sum, entry) => sum + entry.releasedCount, 0)).toBe(3);
    expect(getMember(a, fixture.ana.id)).toMatchObject({ callSign: 'Sova 2', version: 2 });

    // A → B now: B already has all of it, and no record moves.
    const before = records(b);
    const round = await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(round.crises).toEqual({ added: 0, updated: 0, unchanged: 3, conflicts: [] });
    expect(round.members.updated + round.logEntries.added + round.hotlineCalls.updated).toBe(0);
    expect(records(b)).toEqual(before);
    expect(records(b)).toEqual(records(a));
  });

  test('a log entry removed on the other side cannot be merged (logs only grow): a conflict, not a silent change', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    const fixture = fillTeamStore(a);
    await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    const release = listLog(b, fixture.open.id).find((entry) => entry.kind === 'release');
    removeLogEntry(b, release?.id ?? '');
    expect(getCrisis(b, fixture.open.id).hostagesReleased).toBe(0);
    const before = records(a);
    const report = await importBundle(a, await exportBundle(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(report.crises.conflicts).toEqual([{ kind: 'crisis', id: fixture.open.id, reference: fixture.open.reference, reason: 'log_mismatch' }]);
    expect(records(a)).toEqual(before);
    expect(getCrisis(a, fixture.open.id).hostagesReleased).toBe(1);
  });

  test('a record whose reference is taken here by another record is a conflict, not an overwrite', async () => {
    const { store: a } = await newTestStore('Team Beograd');
    const { store: b } = await newTestStore('Coordinator');
    const theirs = createCrisis(a, { teamSlug: 'belgrade', startedAt: '2024-04-04T10:00:00+02:00', type: 'hostage' });
    const ours = createCrisis(b, { teamSlug: 'belgrade', startedAt: '2024-04-05T10:00:00+02:00', type: 'other' });
    expect(ours.reference).toBe(theirs.reference);
    const before = records(b);
    const report = await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(report.crises).toEqual({
      added: 0,
      updated: 0,
      unchanged: 0,
      conflicts: [{ kind: 'crisis', id: theirs.id, reference: theirs.reference, reason: 'reference_taken' }],
    });
    expect(records(b)).toEqual(before);
  });

  test('an older bundle imported after a newer one changes nothing', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    const fixture = fillTeamStore(a);
    const old = await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    const crisis = getCrisis(a, fixture.belgrade.id);
    updateCrisis(a, { id: crisis.id, version: crisis.version, crisis: { ...crisis, notes: 'Later detail' } });
    await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    const before = records(b);
    const stale = await importBundle(b, old, BUNDLE_PASSPHRASE);
    expect(stale.crises).toEqual({ added: 0, updated: 0, unchanged: 3, conflicts: [] });
    expect(records(b)).toEqual(before);
    expect(getCrisis(b, crisis.id).notes).toBe('Later detail');
  });

  test('the same crisis edited on both sides is a conflict: reported, never overwritten, then settled by a person', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    const fixture = fillTeamStore(a);
    await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    const id = fixture.belgrade.id;
    const inA = getCrisis(a, id);
    updateCrisis(a, { id, version: inA.version, crisis: { ...inA, notes: 'Edited by the team' } });
    const inB = getCrisis(b, id);
    updateCrisis(b, { id, version: inB.version, crisis: { ...inB, notes: 'Edited by the coordinator', subjects: 2 } });

    const fromB = await exportBundleWithDetails(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    const before = records(a);
    const report = await importBundle(a, fromB.bytes, BUNDLE_PASSPHRASE);
    expect(report.crises.conflicts).toEqual([{ kind: 'crisis', id, reference: fixture.belgrade.reference, reason: 'changed_on_both_sides' }]);
    expect(report.crises.unchanged).toBe(2);
    expect(records(a)).toEqual(before);
    expect(getCrisis(a, id).notes).toBe('Edited by the team');
    // Still a conflict when imported again: nothing was decided.
    expect((await importBundle(a, fromB.bytes, BUNDLE_PASSPHRASE)).crises.conflicts).toHaveLength(1);

    // Decisions apply only to the bundle they were made for.
    const otherFile = await exportBundle(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    const mismatch = await refusal(importBundle(a, otherFile, BUNDLE_PASSPHRASE, { resolutions: { [id]: 'incoming' }, expectSha256: fromB.sha256 }));
    expect(mismatch.code).toBe('VALIDATION');

    // A person takes the coordinator's version: it is kept under a version above both.
    const settled = await importBundle(a, fromB.bytes, BUNDLE_PASSPHRASE, { resolutions: { [id]: 'incoming' }, expectSha256: fromB.sha256 });
    expect(settled.crises).toMatchObject({ updated: 1, conflicts: [] });
    const result = getCrisis(a, id);
    expect(result).toMatchObject({ notes: 'Edited by the coordinator', subjects: 2, version: Math.max(inA.version, inB.version) + 2, updatedBy: 'Team Niš' });
    // Sent back, the coordinator simply takes the settled version: no conflict on either side.
    const toB = await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(toB.crises).toMatchObject({ updated: 1, conflicts: [] });
    expect(getCrisis(b, id)).toEqual(getCrisis(a, id));
    const again = await importBundle(a, await exportBundle(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(again.crises).toEqual({ added: 0, updated: 0, unchanged: 3, conflicts: [] });
  });

  test('keeping the local side settles a conflict too: the other store takes it on the next exchange', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    const fixture = fillTeamStore(a);
    await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    const id = fixture.call.id;
    const inA = getHotlineCall(a, id);
    updateHotlineCall(a, { id, version: inA.version, call: { ...inA, notes: 'A' } });
    const inB = getHotlineCall(b, id);
    updateHotlineCall(b, { id, version: inB.version, call: { ...inB, notes: 'B' } });
    const fromB = await exportBundle(b, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    expect((await importBundle(a, fromB, BUNDLE_PASSPHRASE)).hotlineCalls.conflicts).toEqual([
      { kind: 'hotlineCall', id, reference: fixture.call.reference, reason: 'changed_on_both_sides' },
    ]);
    const kept = await importBundle(a, fromB, BUNDLE_PASSPHRASE, { resolutions: { [id]: 'local' } });
    expect(kept.hotlineCalls).toMatchObject({ updated: 1, conflicts: [] });
    expect(getHotlineCall(a, id)).toMatchObject({ notes: 'A', version: 3 });
    const toB = await importBundle(b, await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(toB.hotlineCalls).toMatchObject({ updated: 1, conflicts: [] });
    expect(getHotlineCall(b, id).notes).toBe('A');
  });

  test('a team bundle carries that team’s crises, logs and members (and members its crises name), not the hotline', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const fixture = fillTeamStore(a);
    const payload = await openBundle(await exportBundle(a, { teamSlug: 'nis', passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    expect(payload.scope).toEqual({ teamSlug: 'nis', includesHotline: false });
    expect(payload.crises.map((c) => c.record.id).sort()).toEqual([fixture.open.id, fixture.closed.id].sort());
    expect(payload.members.map((m) => m.record.name).sort()).toEqual(['Ana Petrović', 'Marko Ilić']);
    expect(payload.logEntries).toHaveLength(2);
    expect(payload.hotlineCalls).toEqual([]);
    expect(payload.createdBy).toBe('Team Niš');
    // Every bundle written is in the export history, with the hash of its bytes.
    expect(listExports(a).map((record) => [record.kind, record.format, record.parameters['teamSlug']])).toEqual([['bundle', 'bundle', 'nis']]);
  });

  test('files for the CLI: export-bundle writes and records, import-bundle reads', async () => {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    fillTeamStore(a);
    const out = join(tempFolder(), 'nis.ccbundle');
    const exported = await exportBundleToFile(a, { out, team: 'nis', passphrase: BUNDLE_PASSPHRASE, ...cheap });
    expect(createHash('sha256').update(readFileSync(out)).digest('hex')).toBe(exported.sha256);
    expect(listExports(a)[0]?.sha256).toBe(exported.sha256);
    const report = await importBundleFromFile(b, { file: out, passphrase: BUNDLE_PASSPHRASE });
    expect(report.crises.added).toBe(2);
  });
});

describe('refused bundles change nothing', () => {
  async function prepared() {
    const { store: a } = await newTestStore('Team Niš');
    const { store: b } = await newTestStore('Coordinator');
    fillTeamStore(a);
    // B already holds something, so "unchanged" means more than "still empty".
    createCrisis(b, { teamSlug: 'kraljevo', startedAt: '2024-06-06T06:00:00+02:00', type: 'other' });
    const bytes = await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap });
    return { b, bytes, before: snapshot(b) };
  }

  test('a wrong passphrase', async () => {
    const { b, bytes, before } = await prepared();
    const error = await refusal(importBundle(b, bytes, 'not the exchange passphrase'));
    expect(error.code).toBe('WRONG_PASSPHRASE');
    expect(snapshot(b)).toBe(before);
  });

  test('one byte flipped anywhere: header, ciphertext or tag', async () => {
    const { b, bytes, before } = await prepared();
    const positions = new Set<number>();
    for (let i = 0; i < 57; i += 1) positions.add(i);
    for (let i = 0; i < 24; i += 1) positions.add(57 + Math.floor(((bytes.length - 73) * i) / 24));
    for (let i = bytes.length - 16; i < bytes.length; i += 1) positions.add(i);
    for (const position of positions) {
      const tampered = Buffer.from(bytes);
      tampered[position] = (tampered[position] ?? 0) ^ 0x01;
      const error = await refusal(importBundle(b, tampered, BUNDLE_PASSPHRASE));
      expect(['BUNDLE_INVALID', 'WRONG_PASSPHRASE'], `byte ${position}`).toContain(error.code);
    }
    // A flipped ciphertext or tag byte is tampering, not a wrong passphrase.
    const body = Buffer.from(bytes);
    body[100] = (body[100] ?? 0) ^ 0xff;
    expect((await refusal(importBundle(b, body, BUNDLE_PASSPHRASE))).code).toBe('BUNDLE_INVALID');
    expect(snapshot(b)).toBe(before);
  });

  test('cut short, extended, or not a bundle at all', async () => {
    const { b, bytes, before } = await prepared();
    for (const length of [0, 5, 8, 40, 56, 57, 73, 200, bytes.length - 17, bytes.length - 16, bytes.length - 1]) {
      const error = await refusal(importBundle(b, bytes.subarray(0, length), BUNDLE_PASSPHRASE));
      expect(error.code, `length ${length}`).toBe('BUNDLE_INVALID');
    }
    expect((await refusal(importBundle(b, Buffer.concat([bytes, Buffer.from([0])]), BUNDLE_PASSPHRASE))).code).toBe('BUNDLE_INVALID');
    expect((await refusal(importBundle(b, Buffer.from('id,name\n1,x\n'), BUNDLE_PASSPHRASE))).code).toBe('BUNDLE_INVALID');
    expect(snapshot(b)).toBe(before);
  });

  test('authentic but unusable contents: a crisis naming a member the bundle lacks, or a record breaking a rule', async () => {
    const { b, before } = await prepared();
    const { store: a } = await newTestStore('Team Niš');
    fillTeamStore(a);
    const payload = await openBundle(await exportBundle(a, { passphrase: BUNDLE_PASSPHRASE, ...cheap }), BUNDLE_PASSPHRASE);
    const sealWith = async (content: unknown) => {
      const salt = newSalt();
      return seal(content, await deriveKeys(BUNDLE_PASSPHRASE, salt, TEST_SCRYPT_COST), TEST_SCRYPT_COST, salt);
    };
    const noMembers = await sealWith({ ...payload, members: [] });
    expect((await refusal(importBundle(b, noMembers, BUNDLE_PASSPHRASE))).message).toMatch(/member/);
    // released > hostages: the store's CHECK refuses it, and the whole import rolls back.
    const broken = structuredClone(payload);
    const last = broken.crises.at(-1);
    if (last) last.record = { ...last.record, hostages: 0, hostages_released: 5 };
    expect((await refusal(importBundle(b, await sealWith(broken), BUNDLE_PASSPHRASE))).code).toBe('BUNDLE_INVALID');
    const unknownField = await sealWith({ ...payload, extra: 'x' });
    expect((await refusal(importBundle(b, unknownField, BUNDLE_PASSPHRASE))).code).toBe('BUNDLE_INVALID');
    expect(snapshot(b)).toBe(before);
  });

  test('a bundle passphrase must be long enough', async () => {
    const { store } = await newTestStore();
    expect((await refusal(exportBundle(store, { passphrase: 'short', ...cheap }))).code).toBe('VALIDATION');
  });
});

describe('bundles over IPC', () => {
  test('the shell shows the dialogs; the renderer passes only the passphrase and choices', async () => {
    const session = new Session({ storePath: join(tempFolder(), 'casebook.db'), scryptCost: TEST_SCRYPT_COST });
    const dispatch = createDispatcher(session);
    await dispatch('session.create', { userName: 'Ivana', passphrase: TEST_PASSPHRASE, passphraseRepeat: TEST_PASSPHRASE });
    try {
      const store = session.requireStore();
      fillTeamStore(store);
      const input = { passphrase: BUNDLE_PASSPHRASE, passphraseRepeat: BUNDLE_PASSPHRASE };
      expect(await dispatch('bundles.export', input)).toMatchObject({ ok: false, error: { code: 'NOT_AVAILABLE' } });
      expect(await dispatch('bundles.export', { ...input, passphraseRepeat: 'other' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
      expect(await dispatch('bundles.import', { passphrase: BUNDLE_PASSPHRASE, path: '/tmp/x' })).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });

      const file = join(tempFolder(), 'all.ccbundle');
      provideExchangeShell(session, {
        printPdf: () => Promise.reject(new Error('unused')),
        chooseSavePath: () => Promise.resolve(file),
        chooseOpenPath: () => Promise.resolve(file),
      });
      const saved = await dispatch('bundles.export', input);
      expect(saved).toMatchObject({ ok: true, value: { saved: true, fileName: 'all.ccbundle', counts: { members: 2, crises: 3, logEntries: 2, hotlineCalls: 1 } } });
      const imported = await dispatch('bundles.import', { passphrase: BUNDLE_PASSPHRASE });
      expect(imported).toMatchObject({ ok: true, value: { opened: true, report: { crises: { unchanged: 3, conflicts: [] } } } });
      const wrong = await dispatch('bundles.import', { passphrase: 'wrong one' });
      expect(wrong).toMatchObject({ ok: false, error: { code: 'WRONG_PASSPHRASE' } });
      writeFileSync(file, Buffer.from('garbage'));
      expect(await dispatch('bundles.import', { passphrase: BUNDLE_PASSPHRASE })).toMatchObject({ ok: false, error: { code: 'BUNDLE_INVALID' } });
    } finally {
      session.lock();
    }
  });
});
