// The admin CLI: main() in-process for its arguments and errors, and the built out/main/cli.js
// spawned under plain Node end to end (init → import → stats → verify, passphrases).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { type CliIo, main } from '../src/main/cli/run';
import { IMPORT_PROGRESS_FROM_BYTES } from '../src/main/cli/commands';
import { listCrises } from '../src/main/services/crises';
import { TEST_PASSPHRASE, newTestStore, tempFolder } from './support/tempStore';

const ROOT = join(import.meta.dirname, '..');
const FIXTURES = join(import.meta.dirname, 'fixtures');

// ---- In-process ------------------------------------------------------------------------------

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], cwd = ROOT): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (text) => (stdout += text), stderr: (text) => (stderr += text), cwd };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

function expectOneErrorLine(ran: Ran, pattern: RegExp): void {
  expect(ran.stderr).toMatch(/^error: [^\n]+\n$/);
  expect(ran.stderr).toMatch(pattern);
  expect(ran.stderr).not.toMatch(/\bat .+:\d+:\d+/); // no stack frames
}

/** A store with the test's cheap scrypt cost, and a passphrase file for it. */
async function storeAndPassphrase(): Promise<{ db: string; pass: string; folder: string }> {
  const { store, path, folder } = await newTestStore();
  store.close();
  const pass = join(folder, 'pass.txt');
  writeFileSync(pass, `${TEST_PASSPHRASE}\r\n`);
  return { db: path, pass, folder };
}

describe('main(), in-process', () => {
  test('help, no command, --help: usage on stdout, exit 0', async () => {
    for (const argv of [['help'], [], ['--help'], ['stats', '--help']]) {
      const ran = await cli(argv);
      expect(ran).toMatchObject({ code: 0, stderr: '' });
      expect(ran.stdout).toMatch(/^Crisis Casebook admin CLI/);
      expect(ran.stdout).toContain('change-passphrase');
    }
  });

  test('bad arguments: exit 1 and one line naming the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['frobnicate'], /^error: unknown command 'frobnicate'/],
      [['stats'], /^error: --db is required\n$/],
      [['stats', '--db', 'x.db'], /^error: --passphrase-file is required\n$/],
      [['stats', '--db', 'x.db', '--colour'], /^error: unknown option '--colour'\n$/],
      [['stats', '--db'], /^error: option '--db <value>' argument missing\n$/],
      [['import', '--db', 'x.db', '--passphrase-file', 'p', '--kind', 'crises'], /^error: the spreadsheet file is required\n$/],
      [['import', '--db', 'x.db', '--passphrase-file', 'p', '--kind', 'members', 'a.csv'], /^error: --kind must be crises or hotline, not 'members'\n$/],
      [['import', '--db', 'x.db', '--passphrase-file', 'p', '--kind', 'crises', 'a.csv', 'b.csv'], /^error: unexpected argument 'b.csv'\n$/],
      [['stats', '--db', 'x.db', '--passphrase-file', 'p', '--team', 'Subotica'], /^error: --team: Unknown team "Subotica"/],
      [['stats', '--db', 'x.db', '--passphrase-file', 'p', '--from', '1.1.2024'], /^error: --from must be a date, YYYY-MM-DD\n$/],
    ];
    for (const [argv, pattern] of cases) {
      const ran = await cli(argv);
      expect(ran.code, argv.join(' ')).toBe(1);
      expect(ran.stdout).toBe('');
      expectOneErrorLine(ran, pattern);
    }
  });

  test('files that are not there are named', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const noPass = await cli(['stats', '--db', db, '--passphrase-file', join(folder, 'nope.txt')]);
    expect(noPass.code).toBe(1);
    expectOneErrorLine(noPass, /cannot read the passphrase file .*nope\.txt: no such file/);
    const noStore = await cli(['stats', '--db', join(folder, 'other.db'), '--passphrase-file', pass]);
    expect(noStore.code).toBe(1);
    expectOneErrorLine(noStore, /^error: no store at .*other\.db/);
    const noCsv = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', 'missing.csv'], folder);
    expect(noCsv.code).toBe(1);
    expectOneErrorLine(noCsv, /cannot read the spreadsheet file .*missing\.csv: no such file/);
  });

  test('init refuses a user name the key file cannot hold, before making anything', async () => {
    const { pass, folder } = await storeAndPassphrase();
    const ran = await cli(['init', '--db', join(folder, 'new.db'), '--passphrase-file', pass, '--user', 'x'.repeat(81)]);
    expect(ran.code).toBe(1);
    expectOneErrorLine(ran, /^error: --user must be 1 to 80 characters\n$/);
    expect(existsSync(join(folder, 'new.db'))).toBe(false);
  });

  test('stats --json prints statisticsSummary, and relative paths are read from the working folder', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const imported = await cli(['import', '--db', 'casebook.db', '--passphrase-file', 'pass.txt', '--kind', 'crises', relative(folder, join(FIXTURES, 'crises-small.csv'))], folder);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(imported.stdout)).toMatchObject({ kind: 'crises', imported: 7, invalid: [] });

    const ran = await cli(['stats', '--db', db, '--passphrase-file', pass, '--json']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    const stats = JSON.parse(ran.stdout);
    expect(stats.crises).toEqual({ total: 7, resolved: 4, hostagesReleased: 4, suicidesPrevented: 2, livesSaved: 6 });
    expect(Object.keys(stats.crisesByTeam)).toEqual(['belgrade', 'nis', 'novi-sad']);
    expect(stats.hotline).toMatchObject({ total: 0, byYear: {}, byThreat: {} });

    const niš = await cli(['stats', '--db', db, '--passphrase-file', pass, '--team', 'Ниш', '--from', '2024-01-01', '--json']);
    expect(JSON.parse(niš.stdout).crises).toEqual({ total: 2, resolved: 1, hostagesReleased: 0, suicidesPrevented: 1, livesSaved: 1 });

    const text = await cli(['stats', '--db', db, '--passphrase-file', pass]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/All crises\s+7\s+4\s+4\s+2\s+6/);
    expect(text.stdout).toMatch(/Beograd\s+3\s+2\s+3\s+1\s+4/);
    expect(text.stdout).toContain('Hotline calls: 0');
  });

  test('an Excel workbook imports as its CSV does, from the sheet --sheet names; an unknown sheet is one error line', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const workbookPath = join(FIXTURES, 'example-hotline.xlsx');
    const imported = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'hotline', '--sheet', 'example-hotline.iso', workbookPath], folder);
    expect(imported).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(imported.stdout)).toMatchObject({ kind: 'hotline', rowsRead: 7, imported: 7, invalid: [] });
    const again = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'hotline', join(FIXTURES, 'example-hotline.csv')], folder);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, alreadyPresent: 7 });
    const unknown = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'hotline', '--sheet', 'Pozivi', workbookPath], folder);
    expect(unknown.code).toBe(1);
    expectOneErrorLine(unknown, /^error: the workbook has no sheet "Pozivi"; its sheets are "example-hotline\.iso"\n$/);
  });

  test('--dry-run: the report of what an import would do, nothing written; with bad rows, exit 1 and one line', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const fixture = join(FIXTURES, 'crises-small.csv');
    const dry = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', '--dry-run', fixture], folder);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(dry.stdout)).toMatchObject({ dryRun: true, committed: false, imported: 0, importable: 7, preview: expect.any(Array) });
    const stats = await cli(['stats', '--db', db, '--passphrase-file', pass, '--json']);
    expect(JSON.parse(stats.stdout).crises.total).toBe(0);
    const bad = join(folder, 'bad.csv');
    writeFileSync(bad, `${readFileSync(fixture, 'utf8').trimEnd()}\nAtlantis,2024-01-01 10:00,,other,,,,,,,,\n`);
    const refused = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', '--dry-run', bad], folder);
    expect(refused.code).toBe(1);
    expectOneErrorLine(refused, /^error: 1 invalid row\(s\) in .*bad\.csv; an import would write nothing, or 7 row\(s\) with --skip-invalid/);
  });

  test('invalid rows: the JSON report on stdout, one line on stderr, exit 1, nothing imported; --skip-invalid imports the rest', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const csv = join(folder, 'bad.csv');
    writeFileSync(
      csv,
      [
        'team;started_at;ended_at;type;outcome',
        'Beograd;2024-03-05 14:30;2024-03-05 18:00;hostage;released',
        'Atlantida;2024-03-06 14:30;2024-03-06 18:00;hostage;released',
        'Niš;2024-03-07 14:30;2024-03-06 18:00;hostage;released',
      ].join('\r\n'),
    );
    const ran = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', csv]);
    expect(ran.code).toBe(1);
    expectOneErrorLine(ran, /^error: 2 invalid row\(s\) in .*bad\.csv; nothing was imported/);
    const report = JSON.parse(ran.stdout);
    expect(report).toMatchObject({ imported: 0, committed: false, invalidRows: 2 });
    expect(report.invalid.map((issue: { row: number; column: string }) => [issue.row, issue.column])).toEqual([
      [3, 'team'],
      [4, 'ended_at'],
    ]);

    const skipping = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', '--skip-invalid', csv]);
    expect(skipping).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(skipping.stdout)).toMatchObject({ imported: 1, committed: true, invalidRows: 2 });
  });

  test('a large file: a progress line on stderr per tenth of it, then the report on stdout', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const csv = join(folder, 'large.csv');
    const note = 'Pregovori su trajali do jutra, subjekt se predao bez povređenih. '.repeat(4);
    const rows = Array.from({ length: 4_000 }, (_, i) => `Niš,2024-03-${String(1 + (i % 28)).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:00,,barricade,,"${note}${i}"`);
    writeFileSync(csv, ['team,started_at,ended_at,type,outcome,notes', ...rows].join('\n'));
    expect(statSync(csv).size).toBeGreaterThan(IMPORT_PROGRESS_FROM_BYTES);

    const ran = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', csv]);
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ imported: 4_000, committed: true });
    const lines = ran.stderr.trimEnd().split('\n');
    expect(lines.slice(0, -1).map((line) => /^import: (\d+)% of the file read and written \(([\d,]+) rows\)…$/.exec(line)?.[1])).toEqual(
      ['10', '20', '30', '40', '50', '60', '70', '80', '90'],
    );
    expect(lines.at(-1)).toBe('import: writing the last rows (4,000 read)…');
  });

  test('a file that is not a crises CSV: one line, nothing on stdout', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const junk = join(folder, 'junk.csv');
    writeFileSync(junk, Buffer.from([0x00, 0xff, 0x13, 0x37, 0x00, 0x42]));
    const ran = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', junk]);
    expect(ran).toMatchObject({ code: 1, stdout: '' });
    expectOneErrorLine(ran, /^error: the file contains binary data/);
    const hotline = await cli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'hotline', join(FIXTURES, 'crises-small.csv')]);
    expectOneErrorLine(hotline, /^error: the file lacks the required columns received_at, caller, threat, urgency, action/);
  });

  test('verify: ok, and a tampered migration is refused with exit 1', async () => {
    const { db, pass } = await storeAndPassphrase();
    const ran = await cli(['verify', '--db', db, '--passphrase-file', pass, '--json']);
    expect(ran).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(ran.stdout)).toMatchObject({ ok: true, integrity: ['ok'], problems: [] });
    const text = await cli(['verify', '--db', db, '--passphrase-file', pass]);
    expect(text.stdout).toMatch(/^integrity:\s+ok$/m);
    expect(text.stdout).toMatch(/^result:\s+ok$/m);

    const { openStore } = await import('../src/main/store');
    const store = await openStore({ path: db, passphrase: TEST_PASSPHRASE });
    store.connection.prepare("UPDATE schema_migrations SET checksum = 'x' WHERE version = 1").run();
    store.close();
    const tampered = await cli(['verify', '--db', db, '--passphrase-file', pass]);
    expect(tampered.code).toBe(1);
    expectOneErrorLine(tampered, /^error: migration 0001_initial was changed after it was applied/);
  });
});

// ---- Spawned: the built CLI under plain Node ---------------------------------------------------

function newestSource(folder: string): number {
  let newest = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

let buildFolder: string | undefined;

/**
 * out/main/cli.js when `npm test` has just built it; otherwise (a stale or missing build, e.g. when
 * vitest runs alone) the CLI entry is built here with the project's own electron-vite main config.
 */
async function builtCli(): Promise<string> {
  const built = join(ROOT, 'out/main/cli.js');
  const sources = Math.max(...['src/main', 'src/shared', 'migrations'].map((folder) => newestSource(join(ROOT, folder))));
  if (existsSync(built) && statSync(built).mtimeMs >= sources) return built;
  const { resolveConfig } = await import('electron-vite');
  const { build } = await import('vite');
  // Inside node_modules, so the bundle's require() finds the project's dependencies.
  buildFolder = mkdtempSync(join(ROOT, 'node_modules/.cache/casebook-cli-test-'));
  const resolved = await resolveConfig({ root: ROOT, build: { outDir: buildFolder }, logLevel: 'error' }, 'build', 'production');
  const config = resolved.config?.main;
  if (!config?.build) throw new Error('electron.vite.config.ts has no main build');
  const input = { cli: join(ROOT, 'src/main/cli/main.ts') };
  config.build.rollupOptions = { ...config.build.rollupOptions, input };
  config.build.rolldownOptions = { ...config.build.rolldownOptions, input };
  await build(config);
  return join(buildFolder, 'main/cli.js');
}

let cliPath = '';
beforeAll(async () => {
  cliPath = await builtCli();
}, 120_000);
afterAll(() => {
  if (buildFolder) rmSync(buildFolder, { recursive: true, force: true });
});

function spawnCli(args: string[]): Ran {
  const ran = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: ROOT, timeout: 60_000 });
  return { code: ran.status ?? -1, stdout: ran.stdout, stderr: ran.stderr };
}

// Each spawned command derives a key with the real scrypt cost (about half a second, more on a busy machine).
const SPAWNED_TIMEOUT = 180_000;

describe('out/main/cli.js, spawned', { timeout: SPAWNED_TIMEOUT }, () => {
  test('init → import → stats --json → verify', async () => {
    const folder = tempFolder();
    const db = join(folder, 'casebook.db');
    const pass = join(folder, 'pass.txt');
    writeFileSync(pass, 'an admin passphrase for tests\n');

    const init = spawnCli(['init', '--db', db, '--passphrase-file', pass, '--user', 'Admin']);
    expect(init).toMatchObject({ code: 0, stderr: '' });
    expect(init.stdout).toContain(`Created the store ${db}`);
    expect(existsSync(`${db}.keys`)).toBe(true);

    const crises = spawnCli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', join(FIXTURES, 'crises-small.csv')]);
    expect(crises).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(crises.stdout)).toEqual({
      kind: 'crises',
      sheet: null,
      sheets: [],
      rowsRead: 7,
      imported: 7,
      importable: 7,
      dryRun: false,
      columns: {
        recognised: ['team', 'started_at', 'ended_at', 'type', 'municipality', 'subjects', 'hostages', 'hostages_released', 'suicides_prevented', 'outcome', 'lead_negotiator', 'notes'].map(
          (column) => ({ column, header: column }),
        ),
        ignored: [],
        missing: [],
      },
      preview: expect.arrayContaining([expect.objectContaining({ line: 2, reference: null })]),
      alreadyPresent: 0,
      invalid: [],
      invalidRows: 0,
      warnings: [],
      membersCreated: 4,
      committed: true,
    });
    const hotline = spawnCli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'hotline', join(FIXTURES, 'hotline-small.csv')]);
    expect(JSON.parse(hotline.stdout)).toMatchObject({ kind: 'hotline', imported: 5 });

    const stats = spawnCli(['stats', '--db', db, '--passphrase-file', pass, '--json']);
    expect(stats).toMatchObject({ code: 0, stderr: '' });
    const json = JSON.parse(stats.stdout);
    expect(json.crises).toEqual({ total: 7, resolved: 4, hostagesReleased: 4, suicidesPrevented: 2, livesSaved: 6 });
    expect(json.crisesByTeam).toEqual({
      belgrade: { total: 3, resolved: 2, hostagesReleased: 3, suicidesPrevented: 1, livesSaved: 4 },
      nis: { total: 2, resolved: 1, hostagesReleased: 0, suicidesPrevented: 1, livesSaved: 1 },
      'novi-sad': { total: 2, resolved: 1, hostagesReleased: 1, suicidesPrevented: 0, livesSaved: 1 },
    });
    expect(json.crisesByYear).toEqual({
      '2023': { total: 3, resolved: 3, hostagesReleased: 4, suicidesPrevented: 1, livesSaved: 5 },
      '2024': { total: 4, resolved: 1, hostagesReleased: 0, suicidesPrevented: 1, livesSaved: 1 },
    });
    expect(json.hotline).toMatchObject({
      total: 5,
      byYear: { '2023': 2, '2024': 3 },
      byThreat: { threat: 2, physical_attack: 1, online_harassment: 1, surveillance: 1 },
    });

    const again = spawnCli(['import', '--db', db, '--passphrase-file', pass, '--kind', 'crises', join(FIXTURES, 'crises-small.csv')]);
    expect(JSON.parse(again.stdout)).toMatchObject({ imported: 0, alreadyPresent: 7 });

    const verify = spawnCli(['verify', '--db', db, '--passphrase-file', pass]);
    expect(verify).toMatchObject({ code: 0, stderr: '' });
    expect(verify.stdout).toMatch(/^result:\s+ok$/m);
  });

  test('a wrong passphrase, a missing --db, an existing store: exit 1 with one line and no stack trace', async () => {
    const { db, folder } = await storeAndPassphrase();
    const wrong = join(folder, 'wrong.txt');
    writeFileSync(wrong, 'not the passphrase at all');
    const ran = spawnCli(['stats', '--db', db, '--passphrase-file', wrong, '--json']);
    expect(ran).toMatchObject({ code: 1, stdout: '', stderr: 'error: wrong passphrase\n' });

    const noDb = spawnCli(['verify', '--passphrase-file', wrong]);
    expect(noDb).toMatchObject({ code: 1, stdout: '', stderr: 'error: --db is required\n' });

    const twice = spawnCli(['init', '--db', db, '--passphrase-file', wrong]);
    expect(twice.code).toBe(1);
    expectOneErrorLine(twice, /^error: a store already exists at /);

    const short = join(folder, 'short.txt');
    writeFileSync(short, 'short\n');
    const tooShort = spawnCli(['init', '--db', join(folder, 'new.db'), '--passphrase-file', short]);
    expect(tooShort).toMatchObject({ code: 1, stderr: 'error: the new passphrase must be 10 to 1024 characters long\n' });
    expect(existsSync(join(folder, 'new.db'))).toBe(false);
  });

  test('change-passphrase: afterwards the old one fails and the new one opens the store', async () => {
    const { db, pass, folder } = await storeAndPassphrase();
    const next = join(folder, 'next.txt');
    writeFileSync(next, 'a brand new passphrase\n');

    const changed = spawnCli(['change-passphrase', '--db', db, '--passphrase-file', pass, '--new-passphrase-file', next]);
    expect(changed).toMatchObject({ code: 0, stderr: '' });
    expect(changed.stdout).toContain('Changed the passphrase');

    expect(spawnCli(['stats', '--db', db, '--passphrase-file', pass, '--json'])).toMatchObject({ code: 1, stderr: 'error: wrong passphrase\n' });
    const withNew = spawnCli(['stats', '--db', db, '--passphrase-file', next, '--json']);
    expect(withNew.code).toBe(0);
    expect(JSON.parse(withNew.stdout).crises.total).toBe(0);

    const { openStore } = await import('../src/main/store');
    const store = await openStore({ path: db, passphrase: 'a brand new passphrase' });
    expect(listCrises(store).total).toBe(0);
    store.close();
  });
});
