// The CLI's exchange commands, in-process on real encrypted stores: an anonymised summary, a
// bundle round trip with a conflict decided by --resolve, a backup and a verified restore, and
// the audit trail.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import { type CliIo, main } from '../src/main/cli/run';
import { createCrisis, getCrisis, updateCrisis } from '../src/main/services/crises';
import { listExports } from '../src/main/services/export';
import { openWorkbook } from '../src/main/services/import/xlsx';
import { openStore } from '../src/main/store';
import { TEST_PASSPHRASE, newTestStore, tempFolder, track } from './support/tempStore';

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd: tempFolder() };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

async function storeWithCrisis(name: string) {
  const { store, path, folder } = await newTestStore(name);
  const crisis = createCrisis(store, { teamSlug: 'nis', startedAt: '2024-06-01T10:00:00Z', type: 'barricade', municipality: 'Palilula', notes: 'Tajna beleška' });
  store.close();
  const pass = join(folder, 'pass.txt');
  writeFileSync(pass, `${TEST_PASSPHRASE}\n`);
  return { db: path, pass, folder, crisis };
}

describe('CLI exchange commands', () => {
  test('export-summary writes figures and nothing identifying; a k below 3 is refused with one line', async () => {
    const { db, pass, folder } = await storeWithCrisis('Ana');
    const out = join(folder, 'summary.csv');
    const ran = await cli(['export-summary', '--db', db, '--passphrase-file', pass, '--format', 'csv', '--out', out, '--k', '3']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const csv = readFileSync(out, 'utf8');
    for (const secret of ['Palilula', 'Tajna', 'NI-2024', 'Ana', '2024-06-01']) expect(csv).not.toContain(secret);
    const refused = await cli(['export-summary', '--db', db, '--passphrase-file', pass, '--format', 'csv', '--out', join(folder, 'x.csv'), '--k', '2']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: [^\n]+\n$/);
    expect(existsSync(join(folder, 'x.csv'))).toBe(false);
  });

  test('export-summary --format xlsx writes a workbook recorded in the export history', async () => {
    const { db, pass, folder } = await storeWithCrisis('Ana');
    const out = join(folder, 'summary.xlsx');
    const ran = await cli(['export-summary', '--db', db, '--passphrase-file', pass, '--format', 'xlsx', '--out', out, '--period', 'month']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const bytes = readFileSync(out);
    const workbook = openWorkbook(bytes);
    expect(workbook.sheetNames.slice(0, 3)).toEqual(['about', 'notes', 'crises_totals']);
    const totals: string[][] = [];
    openWorkbook(bytes, 'crises_by_period').read({ onHeader: () => undefined, onRecord: (record) => totals.push(record.cells) });
    // One open crisis in June: its count is withheld, its zero resolved is not.
    expect(totals).toContainEqual(['2024-06', 'x', '0', 'x', 'x', 'x']);
    const text = Object.values(unzipSync(bytes)).map((part) => Buffer.from(part).toString('utf8')).join('');
    for (const secret of ['Palilula', 'Tajna', 'NI-2024', 'Ana', '2024-06-01']) expect(text).not.toContain(secret);
    const store = track(await openStore({ path: db, passphrase: TEST_PASSPHRASE }));
    expect(listExports(store)[0]).toMatchObject({ format: 'xlsx', fileName: expect.stringMatching(/\.xlsx$/), sha256: createHash('sha256').update(bytes).digest('hex') });
  });

  test('a bundle round trip reports a conflict, and --resolve decides it', async () => {
    const team = await storeWithCrisis('Tim Niš');
    const national = await newTestStore('Koordinator');
    national.store.close();
    const nationalPass = join(national.folder, 'pass.txt');
    writeFileSync(nationalPass, TEST_PASSPHRASE);
    const bundlePass = join(team.folder, 'bundle.txt');
    writeFileSync(bundlePass, 'bundle passphrase 2024');
    const bundle = join(team.folder, 'nis.ccbundle');
    const exportBundle = () => cli(['export-bundle', '--db', team.db, '--passphrase-file', team.pass, '--bundle-passphrase-file', bundlePass, '--team', 'nis', '--out', bundle]);
    const importBundle = (...extra: string[]) =>
      cli(['import-bundle', '--db', national.path, '--passphrase-file', nationalPass, '--bundle-passphrase-file', bundlePass, ...extra, bundle]);

    expect((await exportBundle()).code).toBe(0);
    const first = await importBundle();
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout).crises).toMatchObject({ added: 1 });

    // Both sides change the same crisis since that exchange.
    for (const [path, note] of [[team.db, 'Izmena tima'], [national.path, 'Izmena koordinatora']] as const) {
      const store = await openStore({ path, passphrase: TEST_PASSPHRASE });
      const current = getCrisis(store, team.crisis.id);
      updateCrisis(store, { id: current.id, version: current.version, crisis: { ...current, notes: note } });
      store.close();
    }
    expect((await exportBundle()).code).toBe(0);
    const conflicted = JSON.parse((await importBundle()).stdout);
    expect(conflicted.crises.conflicts).toEqual([expect.objectContaining({ id: team.crisis.id })]);

    expect((await importBundle('--resolve', `${team.crisis.id}=incoming`)).code).toBe(0);
    const store = track(await openStore({ path: national.path, passphrase: TEST_PASSPHRASE }));
    expect(getCrisis(store, team.crisis.id).notes).toBe('Izmena tima');
    expect((await importBundle('--resolve', 'not-an-id=incoming')).stderr).toMatch(/^error: --resolve/);
  });

  test('backup, a verified restore, and the audit trail verified and exported', async () => {
    const { db, pass, folder } = await storeWithCrisis('Ana');
    const backups = join(folder, 'backups');
    const backedUp = await cli(['backup', '--db', db, '--passphrase-file', pass, '--to', backups]);
    expect(backedUp.code).toBe(0);
    const backupPath = /Backed up to (\S+\.db) /.exec(backedUp.stdout)?.[1] ?? '';
    const target = join(folder, 'restored', 'casebook.db');
    const restored = await cli(['restore', '--db', target, '--passphrase-file', pass, '--from', backupPath]);
    expect(restored).toMatchObject({ code: 0, stderr: '' });
    const verified = await cli(['audit', 'verify', '--db', target, '--passphrase-file', pass]);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, problems: [] });
    const trail = join(folder, 'trail.jsonl');
    expect((await cli(['audit', 'export', '--db', db, '--passphrase-file', pass, '--out', trail])).code).toBe(0);
    const entries = readFileSync(trail, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { action: string; record_kind: string; entry_hash: string });
    expect(entries).toEqual([expect.objectContaining({ action: 'insert', record_kind: 'crisis', entry_hash: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
  });
});
