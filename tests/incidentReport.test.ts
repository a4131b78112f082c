// The debrief kept with a crisis, and the incident report printed from it: on the real encrypted
// store, printed by a real Chromium, read back with pdftotext (poppler-utils).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { CasebookError } from '@shared/errors';
import { listAuditEntries } from '../src/main/services/audit';
import { closeCrisis, createCrisis, getCrisis } from '../src/main/services/crises';
import { appendLogEntry } from '../src/main/services/crisisLog';
import { getDebrief, saveDebrief } from '../src/main/services/debriefs';
import { type ChromiumPrinter, openChromiumPrinter } from '../src/main/services/export/chromiumPrinter';
import { buildIncidentReport, writeIncidentReport } from '../src/main/services/incidentReport';
import { elapsed } from '../src/main/services/incidentReport/html';
import { createMember } from '../src/main/services/members';
import { main as runCli } from '../src/main/cli/run';
import type { Store } from '../src/main/store';
import { TEST_PASSPHRASE, newTestStore, tempFolder } from './support/tempStore';

function pdfText(bytes: Buffer): string {
  return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', '-', '-'], { input: bytes }).toString('utf8');
}

/** A closed barricade in Niš with two deployed members, four log entries and a release. */
function seedCrisis(store: Store) {
  const lead = createMember(store, { teamSlug: 'nis', name: 'Jelena Ilić', callSign: 'Sova', role: 'negotiator' });
  const coach = createMember(store, { teamSlug: 'nis', name: 'Marko Petrović', callSign: 'Jastreb', role: 'coach' });
  const crisis = createCrisis(store, {
    teamSlug: 'nis',
    startedAt: '2025-03-05T14:30:00+01:00',
    type: 'hostage',
    hostages: 2,
    municipality: 'Medijana',
    locationNote: 'Ulica Vojvode Putnika 12, drugi sprat',
    weapons: 'bladed',
    communicationMode: 'phone',
    injuries: { subjects: 0, hostages: 1, police: 0, bystanders: 0 },
    deployments: [
      { memberId: lead.id, role: 'lead_negotiator' },
      { memberId: coach.id, role: 'coach' },
    ],
  });
  const entries = [
    { kind: 'contact_established', at: '2025-03-05T14:55:00+01:00', text: 'Prvi razgovor telefonom, subjekt se predstavio kao Bane' },
    { kind: 'demand', at: '2025-03-05T15:40:00+01:00', text: 'Traži da razgovara sa bratom' },
    { kind: 'release', at: '2025-03-05T17:05:00+01:00', text: 'Pušteno dete', releasedCount: 1 },
    { kind: 'surrender', at: '2025-03-05T18:10:00+01:00', text: 'Izašao bez oružja' },
  ] as const;
  for (const entry of entries) appendLogEntry(store, { crisisId: crisis.id, ...entry });
  return { crisis, lead, coach, entries };
}

const DEBRIEF = {
  whatWorked: 'Miran ton i dugi razgovori o porodici',
  whatDidNotWork: 'Druga telefonska linija nije radila prvih pola sata',
  lessons: 'Rezervni telefon za ubacivanje uvek u vozilu',
};

describe('the debrief', () => {
  test('is empty until written, kept with its version, and refused for a stale version or an unknown crisis', async () => {
    const { store } = await newTestStore('Vođa Tima');
    const { crisis } = seedCrisis(store);
    expect(getDebrief(store, crisis.id)).toEqual({ crisisId: crisis.id, version: 0, whatWorked: '', whatDidNotWork: '', lessons: '', updatedAt: null, updatedBy: null });

    const first = saveDebrief(store, { crisisId: crisis.id, version: 0, ...DEBRIEF });
    expect(first).toMatchObject({ version: 1, ...DEBRIEF, updatedBy: 'Vođa Tima' });
    expect(getDebrief(store, crisis.id)).toEqual(first);

    // Someone else saved in between: both a second "first" and an old version are refused.
    const stale = () => saveDebrief(store, { crisisId: crisis.id, version: 0, ...DEBRIEF, lessons: 'overwrite' });
    expect(stale).toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT' }));
    const second = saveDebrief(store, { crisisId: crisis.id, version: 1, ...DEBRIEF, lessons: `${DEBRIEF.lessons}; vežba u maju` });
    expect(second.version).toBe(2);
    expect(() => saveDebrief(store, { crisisId: crisis.id, version: 1, ...DEBRIEF })).toThrow(expect.objectContaining({ code: 'VERSION_CONFLICT' }));
    expect(getDebrief(store, crisis.id).lessons).toBe(`${DEBRIEF.lessons}; vežba u maju`);

    const unknown = '0190f0f0-0000-7000-8000-000000000000';
    expect(() => getDebrief(store, unknown)).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(() => saveDebrief(store, { crisisId: unknown, version: 0, ...DEBRIEF })).toThrow(CasebookError);
    // A text over the limit names its field.
    expect(() => saveDebrief(store, { crisisId: crisis.id, version: 2, ...DEBRIEF, whatWorked: 'x'.repeat(10_001) })).toThrow(/whatWorked/);

    // Audited like every record: one insert and one update, by the person who wrote them.
    const audited = listAuditEntries(store, { limit: 500 }).filter((entry) => entry.recordKind === 'crisis_debrief');
    expect(audited.map((entry) => [entry.action, entry.actor, entry.recordId])).toEqual(
      expect.arrayContaining([
        ['insert', 'Vođa Tima', crisis.id],
        ['update', 'Vođa Tima', crisis.id],
      ]),
    );
    expect(audited).toHaveLength(2);
  });
});

describe('the incident report', () => {
  let printer: ChromiumPrinter;
  beforeAll(async () => {
    printer = await openChromiumPrinter();
  }, 60_000);
  afterAll(async () => {
    await printer?.close();
  });

  test('prints the facts, the deployed members, the timeline with elapsed times, the outcome and the debrief, and records the saving', async () => {
    const { store } = await newTestStore('Vođa Tima');
    const { crisis, entries } = seedCrisis(store);
    closeCrisis(store, { id: crisis.id, version: getCrisis(store, crisis.id).version, endedAt: '2025-03-05T18:12:00+01:00', outcome: 'surrender' });
    saveDebrief(store, { crisisId: crisis.id, version: 0, ...DEBRIEF });

    const report = buildIncidentReport(store, { crisisId: crisis.id, language: 'sr-Latn' });
    expect(report).toMatchObject({ reference: crisis.reference, draft: false, fileName: `${crisis.reference}.pdf` });
    let delivered: Buffer | null = null;
    const written = await writeIncidentReport(store, report, printer.print, (bytes) => {
      delivered = bytes;
    });
    expect(delivered).toBe(written.bytes);
    const text = pdfText(written.bytes).replace(/\s+/g, ' ');

    expect(text).toContain('Izveštaj o incidentu');
    expect(text).toContain(crisis.reference);
    expect(text).toContain('NIJE ANONIMIZOVANO');
    expect(text).not.toContain('NACRT');
    for (const expected of ['Jelena Ilić', 'Sova', 'Glavni pregovarač', 'Marko Petrović', 'Savetnik pregovarača', 'Medijana', 'Hladno oružje']) {
      expect(text).toContain(expected);
    }
    // Serbian dates, Serbian time, and elapsed time from the start at 14:30.
    expect(text).toContain('5. 3. 2025. 14:30');
    expect(text).toContain('5. 3. 2025. 18:12');
    expect(text).toContain('3:42');
    const elapsedOf = { '14:55': '+0:25', '15:40': '+1:10', '17:05': '+2:35', '18:10': '+3:40' };
    for (const [clock, since] of Object.entries(elapsedOf)) expect(text).toMatch(new RegExp(`5\\. 3\\. 2025\\. ${clock} \\${since}`));
    for (const entry of entries) expect(text).toContain(entry.text);
    expect(text).toContain('oslobođeno: 1');
    expect(text).toContain('Predaja');
    expect(text).toMatch(/Oslobođeni taoci 1 ?\/ ?2/);
    for (const part of Object.values(DEBRIEF)) expect(text).toContain(part);

    const events = listAuditEntries(store, { limit: 500 }).filter((entry) => entry.action === 'incident_report');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor: 'Vođa Tima', recordKind: 'crisis', recordId: crisis.id });
    expect(JSON.stringify(events[0]?.details)).toContain(written.sha256);
  }, 60_000);

  test('a running crisis prints as a draft; Cyrillic transliterates the words and keeps names as written', async () => {
    const { store } = await newTestStore('Dežurni');
    const { crisis } = seedCrisis(store);
    const report = buildIncidentReport(store, { crisisId: crisis.id, language: 'sr-Cyrl' }, '2025-03-05T16:00:00+01:00');
    expect(report).toMatchObject({ draft: true, fileName: `${crisis.reference}-draft.pdf` });
    const text = pdfText(await printer.print(report.html)).replace(/\s+/g, ' ');
    expect(text).toContain('Извештај о инциденту');
    expect(text).toContain('НАЦРТ');
    expect(text).toContain('Анализа још није уписана.');
    expect(text).toContain('Jelena Ilić');
    expect(text).toContain('Главни преговарач');
    // Open: the duration runs to when the report was made.
    expect(text).toContain('1:30');
  }, 60_000);

  test('elapsed times read as hours and minutes, with days first from a day on', () => {
    expect(elapsed('2025-03-05T14:30:00+01:00', '2025-03-05T14:30:59+01:00')).toBe('0:00');
    expect(elapsed('2025-03-05T14:30:00+01:00', '2025-03-06T14:29:00+01:00')).toBe('23:59');
    expect(elapsed('2025-03-05T14:30:00+01:00', '2025-03-07T19:50:00+01:00')).toBe('2 d 5:20');
  });

  test('a delivery that fails records nothing', async () => {
    const { store } = await newTestStore();
    const { crisis } = seedCrisis(store);
    const report = buildIncidentReport(store, { crisisId: crisis.id, language: 'en' });
    const failing = writeIncidentReport(store, report, printer.print, () => {
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(listAuditEntries(store, { limit: 500 }).filter((entry) => entry.action === 'incident_report')).toEqual([]);
  }, 60_000);

  test('the CLI saves it by reference, and refuses an unknown reference by name', async () => {
    const { store, path } = await newTestStore('CLI');
    const { crisis } = seedCrisis(store);
    store.close();
    const folder = tempFolder();
    const passphraseFile = join(folder, 'passphrase');
    writeFileSync(passphraseFile, TEST_PASSPHRASE);
    const out = join(folder, 'report.pdf');
    const io = () => {
      const output = { stdout: '', stderr: '' };
      return { output, io: { cwd: folder, stdout: (text: string) => void (output.stdout += text), stderr: (text: string) => void (output.stderr += text) } };
    };
    const ok = io();
    const code = await runCli(['report', '--db', path, '--passphrase-file', passphraseFile, '--crisis', crisis.reference.toLowerCase(), '--out', out, '--language', 'en'], ok.io);
    expect(code, ok.output.stderr).toBe(0);
    expect(ok.output.stdout).toContain('not anonymised');
    const text = pdfText(readFileSync(out)).replace(/\s+/g, ' ');
    expect(text).toContain('Incident report');
    expect(text).toContain('2025-03-05 14:30');
    expect(text).toContain('Lead negotiator');

    const missing = io();
    const missingOut = join(folder, 'missing.pdf');
    expect(await runCli(['report', '--db', path, '--passphrase-file', passphraseFile, '--crisis', 'NI-1999-001', '--out', missingOut], missing.io)).toBe(1);
    expect(missing.output.stderr).toContain('NI-1999-001');
    expect(missing.output.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(missingOut)).toBe(false);
  }, 60_000);
});
