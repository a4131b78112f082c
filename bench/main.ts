// `npm run bench`: N synthetic records written through the real services into an encrypted
// store and into an identical plain SQLite file, then every operation the app does timed on
// both in the same run. Prints a table and writes bench/results.json. See bench/README.md.
import { fork, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, fsyncSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import v8 from 'node:v8';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ChannelInput, ChannelName, ChannelOutput } from '@shared/channels';
import type { StatsFilter, CrisisListQuery } from '@shared/domain';
import type { SummaryParamsInput } from '@shared/exchange';
import type * as ImportServiceModule from '../src/main/services/import/index';
import { createDispatcher } from '../src/main/ipc';
import { encodeCursor } from '../src/main/services/common';
import { createCrisis, listCrises } from '../src/main/services/crises';
import { previewSummaryExport } from '../src/main/services/export';
import { memberLoad, memberRecord } from '../src/main/services/memberRecords';
import { provideExchangeShell } from '../src/main/services/export/shell';
import { summaryCsv, summaryJson } from '../src/main/services/export/writers';
import { listHotlineCalls } from '../src/main/services/hotline';
import { Session } from '../src/main/services/session';
import { statisticsSummary } from '../src/main/services/statistics';
import { DEFAULT_SCRYPT_COST, keyFilePathFor } from '../src/main/store';
import { unlockKeyFile } from '../src/main/store/keySlots';
import { type Store, createStore, openStore, openStoreForBenchmark, openPlainStoreForBenchmark } from '../src/main/store/store';
import { holdYoungGeneration } from '../src/main/youngGeneration';
import { type DatasetPlan, FIRST_YEAR, LAST_YEAR, crisesCsv, fillStore, planFor, syntheticCrisis } from './dataset';
import { MemorySampler, distribution, maxRssBytes, measurePair, measureSlowPair, scaleTimeBudgets, timeOnce, timeOnceAsync } from './measure';
import { Random, SEARCH_TERMS } from './random';
import { type BenchResults, type OperationResult, RESULTS_FORMAT, RESULTS_VERSION, resultsSchema } from './results';
import { printReport } from './report';
import { evaluateTargets } from './targets';

type ImportService = typeof ImportServiceModule;

const PASSPHRASE = 'benchmark passphrase, not a secret';
/** The import's reading thread, built beside the bench (out/main/importReader.js), as the CLI and the app use it. */
const IMPORT_READER = join(__dirname, 'importReader.js');
/** Crises added to each store, and reported apart, before adding one is timed in the steady state. */
const FIRST_ADDS = 40;
const SIDES = ['encrypted', 'plain'] as const;
type Side = (typeof SIDES)[number];

// The import service is another engineer's; it is measured when it is in the build.
const importModules = import.meta.glob<ImportService>('../src/main/services/import/index.ts');

interface Args {
  n: number;
  out: string;
  dir: string | null;
  seed: number;
  importRows: number;
  reuse: boolean;
  keep: boolean;
  renderer: boolean;
  /** Extra pragmas for the measuring connections (tuning experiments): --pragma cache_size=-65536 */
  pragmas: string[];
  importMeasured: boolean;
  probe: boolean;
  /** Time budgets cut to a twentieth (bench/measure.ts): the test that checks the bench runs. */
  quick: boolean;
  /** `--only import`: only the import, `--rounds` times per side on fresh copies of the built stores. */
  onlyImport: boolean;
  rounds: number;
  role: 'main' | 'builder' | 'probe';
  side: Side;
  path: string;
  csv: string;
}

function parseArgs(argv: string[]): Args {
  const value = (name: string): string | undefined => {
    const index = argv.indexOf(`--${name}`);
    return index >= 0 ? argv[index + 1] : undefined;
  };
  const number = (name: string, fallback: number): number => {
    const text = value(name);
    if (text === undefined) return fallback;
    const parsed = Number(text.replace(/_/g, ''));
    if (!Number.isFinite(parsed) || parsed < 1) throw new Error(`--${name} needs a positive number, got ${text}`);
    return Math.round(parsed);
  };
  const n = number('n', 1_000_000);
  const only = value('only');
  if (only !== undefined && only !== 'import') throw new Error(`--only takes "import", got ${only}`);
  return {
    n,
    out: resolve(value('out') ?? 'bench/results.json'),
    dir: value('dir') ? resolve(value('dir') as string) : null,
    seed: number('seed', 20_240_501),
    importRows: number('import-rows', Math.min(100_000, Math.max(500, Math.round(n / 10)))),
    reuse: argv.includes('--reuse'),
    keep: argv.includes('--keep') || argv.includes('--reuse'),
    // Chromium with 100,000 crises takes a few minutes: by default only for the full-size run.
    renderer: argv.includes('--renderer') || (n >= 100_000 && !argv.includes('--no-renderer')),
    pragmas: argv.flatMap((arg, index) => (arg === '--pragma' && argv[index + 1] ? [argv[index + 1] as string] : [])),
    importMeasured: !argv.includes('--no-import'),
    probe: !argv.includes('--no-probe'),
    quick: argv.includes('--quick'),
    onlyImport: only === 'import',
    rounds: number('rounds', 2),
    role: (value('role') as Args['role']) ?? 'main',
    side: (value('side') as Side) ?? 'encrypted',
    path: value('path') ?? '',
    csv: value('csv') ?? '',
  };
}

function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** A store's file with its WAL, shared memory and key file. */
function removeStoreFiles(path: string): void {
  for (const file of [path, `${path}-wal`, `${path}-shm`, keyFilePathFor(path)]) rmSync(file, { force: true });
}

/**
 * Copies a built store and waits until the copy is on disk: otherwise the kernel writes its
 * 1.7 GB back while the next import runs, and the side measured first paid for it (14.9–17.9 s
 * against 11–14.6 s for the other side in the same rounds).
 */
function copyToDisk(from: string, to: string): void {
  copyFileSync(from, to);
  const descriptor = openSync(to, 'r+');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

function fileBytes(path: string): number {
  return [path, `${path}-wal`].filter(existsSync).reduce((sum, file) => sum + statSync(file).size, 0);
}

// ---- Building (in child processes, both files at once) ----------------------------------------

interface BuildReport {
  seconds: number;
  recordsPerSecond: number;
  fileBytes: number;
  maxRssBytes: number;
  members: number;
}

async function runBuilder(args: Args): Promise<BuildReport> {
  const plan = planFor(args.n);
  const store =
    args.side === 'encrypted'
      ? await createStore({ path: args.path, passphrase: PASSPHRASE, userName: 'Benchmark' })
      : openPlainStoreForBenchmark(args.path, 'Benchmark');
  const started = performance.now();
  let lastReport = started;
  const { members } = fillStore(store, plan, args.seed, (done, total) => {
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const rate = done / ((lastReport - started) / 1000);
      log(`${args.side}: ${done.toLocaleString('en')} / ${total.toLocaleString('en')} records, ${Math.round(rate)}/s`);
    }
  });
  const seconds = (performance.now() - started) / 1000;
  store.close();
  const report: BuildReport = {
    seconds,
    recordsPerSecond: args.n / seconds,
    fileBytes: fileBytes(args.path),
    maxRssBytes: maxRssBytes(),
    members,
  };
  return report;
}

function forkSelf(extra: string[], execArgv: string[] = []): Promise<unknown> {
  return new Promise((resolvePromise, reject) => {
    const child = fork(process.argv[1] as string, extra, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
    let message: unknown = null;
    child.on('message', (received) => {
      message = received;
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && message !== null ? resolvePromise(message) : reject(new Error(`${extra.join(' ')} exited with ${code}`))));
  });
}

// ---- Memory probes: one encrypted store, one process each -------------------------------------------
//
// The app's main process unlocks, shows dashboards and lists, searches, adds crises and makes
// summaries; spreadsheets are imported by the admin CLI (src/main/cli), a process of its own,
// started with the Node flags of package.json's "cli" script. Each is probed as it runs.

interface ProbeReport {
  maxRssBytes: number;
  peakSampledRssBytes: number;
  steps: string[];
}

async function runProbe(args: Args): Promise<ProbeReport> {
  const sampler = new MemorySampler();
  const steps: string[] = [];
  const step = (name: string) => {
    const rss = sampler.sample();
    const { heapUsed, heapTotal, external } = process.memoryUsage();
    const youngGeneration = v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;
    const mib = (bytes: number) => Math.round(bytes / 1048576);
    steps.push(
      `${name}: rss ${mib(rss)} MiB, highest so far ${mib(maxRssBytes())} (JS heap ${mib(heapUsed)} of ${mib(heapTotal)} MiB, young generation ${mib(youngGeneration)}; external ${mib(external)} MiB)`,
    );
  };
  step('start');
  if (args.csv) {
    const store = await openStore({ path: args.path, passphrase: PASSPHRASE });
    for (const pragma of args.pragmas) store.connection.pragma(pragma);
    step('unlocked and opened');
    const module = Object.values(importModules)[0];
    if (!module) throw new Error('the import service is not in this build');
    const { importSpreadsheetFile } = await module();
    importSpreadsheetFile(store, args.csv, { kind: 'crises', readerThread: IMPORT_READER });
    step('import');
    store.close();
  } else {
    // Through the session and the IPC dispatcher, as the renderer's calls reach the main process.
    const session = new Session({ storePath: args.path });
    await session.unlock(PASSPHRASE);
    for (const pragma of args.pragmas) session.requireStore().connection.pragma(pragma);
    step('unlocked and opened');
    const dispatch = createDispatcher(session);
    const call = async <C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> => {
      const result = await dispatch(channel, input);
      // Each IPC call reaches the main process as a task of its own, after what the last one queued.
      await new Promise(setImmediate);
      if (!result.ok) throw new Error(`${channel}: ${result.error.message}`);
      return result.value as ChannelOutput<C>;
    };
    await call('stats.summary', {});
    await call('stats.summary', { teamSlug: 'nis' });
    step('statistics');
    let after: string | null = null;
    for (let page = 0; page < 40; page++) after = (await call('crises.list', { after })).nextCursor;
    step('40 list pages');
    await call('crises.list', { filter: { text: SEARCH_TERMS.common } });
    step('search');
    // Saved files go to a folder of the probe's own, in place of the shell's save dialog.
    const saveFolder = mkdtempSync(join(os.tmpdir(), 'casebook-probe-'));
    provideExchangeShell(session, {
      printPdf: () => Promise.reject(new Error('the probe saves no PDF')),
      chooseSavePath: (request) => Promise.resolve(join(saveFolder, request.suggestedName ?? 'export')),
      chooseOpenPath: () => Promise.resolve(null),
    });
    const byMonth = { period: 'month', filter: { from: `${FIRST_YEAR}-01-01`, to: `${LAST_YEAR}-12-31` } } as const;
    const summaryStarted = performance.now();
    await call('export.preview', byMonth);
    step('summary by month, 240 months, previewed');
    await call('export.write', { ...byMonth, format: 'csv' });
    await call('export.write', { ...byMonth, format: 'json' });
    rmSync(saveFolder, { recursive: true, force: true });
    step(`… and saved as CSV and as JSON (${Math.round(performance.now() - summaryStarted)} ms in all)`);
    const random = new Random(args.seed + 17);
    for (let i = 0; i < 500; i++) await call('crises.create', syntheticCrisis(random, new Map()).input);
    step('500 crises added');
    session.lock();
  }
  step('closed');
  return { maxRssBytes: maxRssBytes(), peakSampledRssBytes: sampler.peakRss, steps };
}

/** The Node flags package.json's "cli" script starts the CLI with (`node <flags> out/main/cli.js`). */
function cliNodeFlags(): string[] {
  const script = (JSON.parse(readFileSync(join(process.cwd(), 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts?.['cli'] ?? '';
  const flags = /\bnode((?:\s+--[\w-]+(?:=\S+)?)*)\s+out\/main\/cli\.js/.exec(script)?.[1] ?? '';
  return flags.split(/\s+/).filter(Boolean);
}

// ---- Measuring -------------------------------------------------------------------------------

function cursorAt(store: Store, where: string, offsetFraction: number): string | null {
  const count = store.connection.prepare(`SELECT count(*) AS n FROM crises ${where}`).get() as { n: number };
  const offset = Math.floor(count.n * offsetFraction);
  const row = store.connection
    .prepare(`SELECT started_at, row_id FROM crises ${where} ORDER BY started_at DESC, row_id DESC LIMIT 1 OFFSET ?`)
    .get(offset) as { started_at: string; row_id: number } | undefined;
  // The list breaks ties by the row id (migration 0011).
  return row ? encodeCursor({ value: row.started_at, id: row.row_id }) : null;
}

function pragmaSettings(store: Store): Record<string, string | number | null> {
  const read = (name: string) => store.connection.pragma(name, { simple: true }) as string | number | null;
  return {
    page_size: read('page_size'),
    cache_size: read('cache_size'),
    mmap_size: read('mmap_size'),
    temp_store: read('temp_store'),
    journal_mode: read('journal_mode'),
    synchronous: read('synchronous'),
  };
}

function cipherVersion(store: Store): string {
  const row = store.connection.prepare('SELECT sqlite3mc_version() AS v').get() as { v: string };
  return `${row.v} (AEGIS-256)`;
}

function packageVersion(name: string): string {
  try {
    const path = join(process.cwd(), 'node_modules', name, 'package.json');
    return (JSON.parse(readFileSync(path, 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

// ---- The import alone (`--only import`), for tuning it -------------------------------------------

/**
 * Imports the same CSV into fresh copies of both built stores, `--rounds` times, the side that
 * goes first alternating; prints each time and the medians. Writes no results.json.
 */
async function compareImports(args: Args, dir: string, pristine: Record<Side, string>): Promise<void> {
  const module = Object.values(importModules)[0];
  if (!module) throw new Error('the import service is not in this build');
  const { importSpreadsheetFile } = await module();
  const csvPath = join(dir, `import-${args.importRows}.csv`);
  writeFileSync(csvPath, crisesCsv(args.importRows, args.seed + 11));
  const seconds: Record<Side, number[]> = { encrypted: [], plain: [] };
  // The built stores are brought to this build's schema once, not each copy of them.
  (await openStore({ path: pristine.encrypted, passphrase: PASSPHRASE })).close();
  openPlainStoreForBenchmark(pristine.plain).close();
  try {
    for (let round = 0; round < args.rounds; round++) {
      for (const side of round % 2 === 0 ? SIDES : [...SIDES].reverse()) {
        const work = join(dir, `work-${side}.casebook`);
        removeStoreFiles(work);
        copyToDisk(pristine[side], work);
        if (side === 'encrypted') copyFileSync(keyFilePathFor(pristine[side]), keyFilePathFor(work));
        const store = side === 'encrypted' ? await openStore({ path: work, passphrase: PASSPHRASE }) : openPlainStoreForBenchmark(work);
        for (const pragma of args.pragmas) store.connection.pragma(pragma);
        try {
          let imported = 0;
          const ms = timeOnce(() => {
            imported = importSpreadsheetFile(store, csvPath, { kind: 'crises', readerThread: IMPORT_READER }).imported;
          });
          seconds[side].push(ms / 1000);
          log(`round ${round + 1}, ${side}: ${imported} imported in ${(ms / 1000).toFixed(2)} s (${Math.round(args.importRows / (ms / 1000))} rows/s)`);
        } finally {
          store.close();
          removeStoreFiles(work);
        }
      }
    }
  } finally {
    rmSync(csvPath, { force: true });
  }
  const median = (side: Side) => distribution(seconds[side]).median;
  log(
    `median: encrypted ${median('encrypted').toFixed(2)} s (${Math.round(args.importRows / median('encrypted'))} rows/s), ` +
      `plain ${median('plain').toFixed(2)} s (${Math.round(args.importRows / median('plain'))} rows/s), ratio ${(median('encrypted') / median('plain')).toFixed(2)}`,
  );
}

// ---- The renderer, in Chromium through the browser test harness -------------------------------

interface RendererRun {
  crises: number;
  seedSeconds: number;
  firstPaintMs: number;
  openingFrames: number[];
  wheelFrames: number[];
  pagingFrames: number[];
}

async function measureRenderer(crises: number, dir: string): Promise<BenchResults['renderer']> {
  const harness = join(process.cwd(), 'tests', 'support', 'browser.ts');
  const vitest = join(process.cwd(), 'node_modules', 'vitest', 'vitest.mjs');
  const chromium = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
  if (!existsSync(harness) || !existsSync(vitest) || !existsSync(join(process.cwd(), 'out', 'renderer', 'index.html'))) {
    return { measured: false, note: 'The browser test harness or the built renderer is missing; run from the repository after electron-vite build.' };
  }
  if (!existsSync(chromium)) return { measured: false, note: `No Chromium at ${chromium} (set CHROMIUM_PATH).` };
  const out = join(dir, 'renderer.json');
  rmSync(out, { force: true });
  log(`renderer: ${crises.toLocaleString('en')} crises, list first paint and scrolling frames in Chromium…`);
  const code = await new Promise<number | null>((resolvePromise) => {
    const child = spawn(process.execPath, [vitest, 'run', '--project', 'node', 'tests/bench-renderer.test.ts'], {
      cwd: process.cwd(),
      env: { ...process.env, CASEBOOK_BENCH_RENDERER_OUT: out, CASEBOOK_BENCH_RENDERER_CRISES: String(crises) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', resolvePromise);
    child.on('error', () => resolvePromise(-1));
  });
  if (code !== 0 || !existsSync(out)) return { measured: false, note: `The renderer run failed (exit ${code}).` };
  const run = JSON.parse(readFileSync(out, 'utf8')) as RendererRun;
  const scrolling = [...run.wheelFrames, ...run.pagingFrames];
  const frames = distribution(scrolling);
  log(`renderer: first paint ${run.firstPaintMs.toFixed(0)} ms, scrolling frames median ${frames.median.toFixed(1)} ms, longest ${frames.max.toFixed(1)} ms`);
  return {
    measured: true,
    note: `Chromium (headless, software rendering) through tests/support/browser.ts; ${run.crises} crises seeded through the services in ${run.seedSeconds.toFixed(0)} s; frames are requestAnimationFrame intervals during 150 wheel steps and 40 PageDowns (keyset pages loading as the list goes). Longest frame while opening the list: ${Math.max(...run.openingFrames).toFixed(1)} ms.`,
    crises: run.crises,
    firstPaintMs: run.firstPaintMs,
    frames,
    framesOver50ms: scrolling.filter((frame) => frame > 50).length,
  };
}

async function main(args: Args): Promise<void> {
  const startedAt = new Date();
  const wallStart = performance.now();
  const plan: DatasetPlan = planFor(args.n);
  const dir = args.dir ?? join(os.tmpdir(), `casebook-bench-n${args.n}-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const pristine = { encrypted: join(dir, 'encrypted.casebook'), plain: join(dir, 'plain.casebook') };
  const manifestPath = join(dir, 'manifest.json');
  const manifest = JSON.stringify({ n: args.n, seed: args.seed, plan });
  const reusable =
    args.reuse && existsSync(manifestPath) && readFileSync(manifestPath, 'utf8') === manifest && existsSync(pristine.encrypted) && existsSync(pristine.plain);
  log(`N = ${args.n.toLocaleString('en')} (${plan.crises} crises, ${plan.logEntries} log entries, ${plan.hotlineCalls} hotline calls) in ${dir}`);

  let build: BenchResults['build'] = { encrypted: null, plain: null, parallel: true };
  let members = 40;
  if (!reusable) {
    for (const path of Object.values(pristine)) {
      removeStoreFiles(path);
    }
    rmSync(manifestPath, { force: true });
    log('building both stores through the services, in parallel child processes…');
    const [encrypted, plain] = (await Promise.all(
      SIDES.map((side) => forkSelf(['--role', 'builder', '--side', side, '--path', pristine[side], '--n', String(args.n), '--seed', String(args.seed)])),
    )) as [BuildReport, BuildReport];
    const side = (report: BuildReport) => ({
      seconds: report.seconds,
      recordsPerSecond: report.recordsPerSecond,
      fileBytes: report.fileBytes,
      maxRssBytes: report.maxRssBytes,
    });
    build = { encrypted: side(encrypted), plain: side(plain), parallel: true };
    members = encrypted.members;
    writeFileSync(manifestPath, manifest);
    log(`built: encrypted ${encrypted.seconds.toFixed(1)} s, plain ${plain.seconds.toFixed(1)} s`);
  } else {
    log('reusing the stores built earlier (--reuse)');
  }

  if (args.onlyImport) {
    await compareImports(args, dir, pristine);
    return;
  }

  // With --keep/--reuse the built files stay pristine: everything below works on copies.
  const paths = args.keep
    ? { encrypted: join(dir, 'work-encrypted.casebook'), plain: join(dir, 'work-plain.casebook') }
    : pristine;
  if (args.keep) {
    copyFileSync(pristine.encrypted, paths.encrypted);
    copyFileSync(keyFilePathFor(pristine.encrypted), keyFilePathFor(paths.encrypted));
    copyFileSync(pristine.plain, paths.plain);
    for (const path of Object.values(paths)) for (const suffix of ['-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }

  // Bring both files to this build's schema before anything is timed (a reused or older file may
  // still need a migration, which would otherwise land in the first opening).
  (await openStore({ path: paths.encrypted, passphrase: PASSPHRASE })).close();
  openPlainStoreForBenchmark(paths.plain).close();

  const operations: OperationResult[] = [];
  const sampler = new MemorySampler();
  const record = (id: string, group: OperationResult['group'], label: string, samples: Record<Side, number[]>) => {
    const encrypted = distribution(samples.encrypted);
    const plainDistribution = distribution(samples.plain);
    operations.push({ id, group, label, unit: 'ms', encrypted, plain: plainDistribution, ratio: encrypted.median / plainDistribution.median });
    log(`${label}: encrypted ${encrypted.median.toFixed(2)} ms, plain ${plainDistribution.median.toFixed(2)} ms`);
  };

  // -- Opening and unlocking. Key derivation (scrypt, the app's cost) on its own; then opening the
  //    file with the key, which is what differs between the two files.
  log('opening and unlocking…');
  const keyPath = keyFilePathFor(paths.encrypted);
  const kdfSamples: number[] = [];
  const openSamples: Record<Side, number[]> = { encrypted: [], plain: [] };
  const firstStatsSamples: Record<Side, number[]> = { encrypted: [], plain: [] };
  const unlockSamples: number[] = [];
  // An even number, so each side goes first (right after scrypt has churned the CPU caches, with
  // the statistics code not yet warm) equally often.
  const OPEN_ITERATIONS = args.n >= 100_000 ? 6 : 4;
  for (let i = 0; i < OPEN_ITERATIONS; i++) {
    let storeKey: Buffer | null = null;
    kdfSamples.push(await timeOnceAsync(async () => {
      storeKey = (await unlockKeyFile(keyPath, PASSPHRASE)).storeKey;
    }));
    for (const side of i % 2 === 0 ? SIDES : [...SIDES].reverse()) {
      let store: Store | null = null;
      openSamples[side].push(timeOnce(() => {
        store = side === 'encrypted' ? openStoreForBenchmark(paths.encrypted, storeKey as unknown as Buffer) : openPlainStoreForBenchmark(paths.plain);
      }));
      // The dashboard right after unlocking, with SQLite's page cache still cold.
      firstStatsSamples[side].push(timeOnce(() => statisticsSummary(store as unknown as Store)));
      (store as unknown as Store).close();
    }
    unlockSamples.push(await timeOnceAsync(async () => (await openStore({ path: paths.encrypted, passphrase: PASSPHRASE })).close()));
  }
  record('open.file', 'open', 'open the file (key given; no key derivation)', openSamples);
  record('statistics.cold', 'statistics', 'first statistics after opening (cold cache)', firstStatsSamples);
  const keyDerivation = { ...distribution(kdfSamples), scrypt: DEFAULT_SCRYPT_COST };
  log(`key derivation (scrypt N=2^17): ${keyDerivation.median.toFixed(0)} ms; unlock + open total ${distribution(unlockSamples).median.toFixed(0)} ms`);

  // -- Both stores open for the rest, as the app holds its one store.
  const stores: Record<Side, Store> = {
    encrypted: await openStore({ path: paths.encrypted, passphrase: PASSPHRASE }),
    plain: openPlainStoreForBenchmark(paths.plain),
  };
  for (const pragma of args.pragmas) for (const store of Object.values(stores)) store.connection.pragma(pragma);
  if (args.pragmas.length > 0) log(`extra pragmas: ${args.pragmas.join(', ')}`);
  sampler.sample();
  const versions: BenchResults['versions'] = {
    node: process.versions.node,
    sqlite: (stores.plain.connection.prepare('SELECT sqlite_version() AS v').get() as { v: string }).v,
    cipher: cipherVersion(stores.encrypted),
    betterSqlite3MultipleCiphers: packageVersion('better-sqlite3-multiple-ciphers'),
  };
  const settings: BenchResults['settings'] = Object.fromEntries(
    Object.entries(pragmaSettings(stores.encrypted)).map(([key, value]) => [key, value]),
  );
  for (const [key, value] of Object.entries(pragmaSettings(stores.plain))) settings[`plain.${key}`] = value;

  const pair = (id: string, group: OperationResult['group'], label: string, work: (store: Store) => unknown) => {
    record(id, group, label, measurePair(SIDES, (side) => work(stores[side]), undefined, () => sampler.sample()));
  };

  // -- Statistics (the dashboard).
  const statistics: [string, string, StatsFilter][] = [
    ['statistics.all', 'statistics: all teams, all time', {}],
    ['statistics.team', 'statistics: one team (nis)', { teamSlug: 'nis' }],
    ['statistics.year', 'statistics: one year (2024)', { from: '2024-01-01', to: '2024-12-31' }],
    ['statistics.range', 'statistics: team + days 2019-03-15…2021-07-10', { teamSlug: 'belgrade', from: '2019-03-15', to: '2021-07-10' }],
  ];
  for (const [id, label, filter] of statistics) pair(id, 'statistics', label, (store) => statisticsSummary(store, filter));

  // -- List pages of 50, first and deep (keyset), with filters and sorts.
  const deep: Record<Side, { all: string | null; filtered: string | null }> = {
    encrypted: { all: null, filtered: null },
    plain: { all: null, filtered: null },
  };
  for (const side of SIDES) {
    deep[side].all = cursorAt(stores[side], '', 0.6);
    deep[side].filtered = cursorAt(stores[side], "WHERE team_slug = 'belgrade' AND ended_at IS NOT NULL", 0.6);
  }
  const lists: [string, string, (side: Side) => CrisisListQuery][] = [
    ['list.first', 'list: first page, newest first', () => ({})],
    ['list.first.filtered', 'list: first page, team + closed', () => ({ filter: { teamSlug: 'belgrade', status: 'closed' } })],
    ['list.first.type-reference', 'list: first page, type, by reference', () => ({ filter: { type: 'hostage' }, sort: { field: 'reference', direction: 'asc' } })],
    ['list.first.year-outcome', 'list: first page, 2023, by outcome', () => ({ filter: { from: '2023-01-01', to: '2023-12-31' }, sort: { field: 'outcome', direction: 'asc' } })],
    ['list.deep', 'list: deep keyset page (60%)', (side) => ({ after: deep[side].all })],
    ['list.deep.filtered', 'list: deep keyset page, team + closed', (side) => ({ filter: { teamSlug: 'belgrade', status: 'closed' }, after: deep[side].filtered })],
  ];
  for (const [id, label, query] of lists) {
    record(id, 'list', label, measurePair(SIDES, (side) => listCrises(stores[side], query(side)), undefined, () => sampler.sample()));
  }
  pair('list.hotline.first', 'list', 'hotline list: first page', (store) => listHotlineCalls(store, {}));

  // -- Full-text search, first page.
  pair('search.common', 'search', `search "${SEARCH_TERMS.common}" (common)`, (store) => listCrises(store, { filter: { text: SEARCH_TERMS.common } }));
  pair('search.two-words', 'search', `search "${SEARCH_TERMS.medium}"`, (store) => listCrises(store, { filter: { text: SEARCH_TERMS.medium } }));
  pair('search.rare', 'search', `search "${SEARCH_TERMS.rare}" (rare)`, (store) => listCrises(store, { filter: { text: SEARCH_TERMS.rare } }));
  pair('search.filtered', 'search', 'search + team filter', (store) => listCrises(store, { filter: { text: SEARCH_TERMS.common, teamSlug: 'nis' } }));

  // -- A member's record and the team's load (members.record, stats.memberLoad): the busiest
  //    member of the data set, whose deployments are the most rows to count.
  // Each store made its own ids, so each finds its own busiest member (once, before timing).
  const busiest = new Map(
    SIDES.map((side) => [
      stores[side],
      stores[side].connection.prepare('SELECT member_id FROM crisis_deployments GROUP BY member_id ORDER BY count(*) DESC, member_id LIMIT 1').pluck().get() as string,
    ]),
  );
  pair('members.record', 'statistics', 'member record: busiest member', (store) => memberRecord(store, busiest.get(store) ?? ''));
  pair('members.load', 'statistics', 'member load: one team (nis), all time', (store) => memberLoad(store, { teamSlug: 'nis' }));
  pair('members.load.year', 'statistics', 'member load: one team (nis), one year (2024)', (store) => memberLoad(store, { teamSlug: 'nis', from: '2024-01-01', to: '2024-12-31' }));
  pair('search.hotline', 'search', 'hotline search "pretnje"', (store) => listHotlineCalls(store, { filter: { text: 'pretnje' } }));

  // -- The anonymised summary export, as the export screen makes it: the summary counted in SQL and
  //    protected (suppression.ts), then serialised to CSV and to JSON. PDF is not timed: it is
  //    printed by Chromium, outside the store, the same work for both files.
  //    "Today" is fixed to the data's last day, so runs made on different days compare.
  log('anonymised summary export…');
  const exportToday = `${LAST_YEAR}-12-31`;
  const exportBytes: Record<string, { csv: number; json: number; periods: number }> = {};
  const summaryExports: [string, string, SummaryParamsInput][] = [
    ['export.summary.year', 'export summary: all teams, by year (CSV+JSON)', { period: 'year' }],
    ['export.summary.quarter', 'export summary: all teams, by quarter (CSV+JSON)', { period: 'quarter' }],
    // Months over the whole data set, and over the teams' whole history since 2004 with decades
    // more (684 months; the bound is 1,200): empty months still cost their cells and the check.
    ['export.summary.month', `export summary: by month, ${FIRST_YEAR}–${LAST_YEAR} (CSV+JSON)`, { period: 'month', filter: { from: `${FIRST_YEAR}-01-01`, to: exportToday } }],
    ['export.summary.month.history', 'export summary: by month, 2004–2060, 684 months (CSV+JSON)', { period: 'month', filter: { from: '2004-01-01', to: '2060-12-31' } }],
  ];
  for (const [id, label, params] of summaryExports) {
    const exportOnce = (side: Side) => {
      // As the IPC dispatcher does around the export channels.
      const release = holdYoungGeneration();
      try {
        const summary = previewSummaryExport(stores[side], params, { today: exportToday });
        exportBytes[id] = { csv: summaryCsv(summary).length, json: summaryJson(summary).length, periods: summary.scope.periods.length };
      } finally {
        release();
      }
    };
    record(id, 'export', label, measureSlowPair(SIDES, exportOnce, () => sampler.sample()));
  }

  // -- Adding one crisis through the service: its own transaction, FTS and aggregates included.
  log('adding crises one by one…');
  const addRandom = new Random(args.seed + 7);
  const none = new Map();
  const inputs = Array.from({ length: 2_000 }, () => syntheticCrisis(addRandom, none).input);
  // Both stores get the same crisis at the same step.
  const addFrom = (first: number) => (side: Side, iteration: number) => createCrisis(stores[side], inputs[(first + iteration) % inputs.length] as (typeof inputs)[number]);
  // The first crises added after the reads, apart: V8 is still compiling the write path, and the
  // checkpointer worker boots on the other core at the 20th commit of the burst (~55 ms).
  record(
    'write.add-crisis.first',
    'write',
    `first ${FIRST_ADDS} crises added after the reads`,
    measurePair(SIDES, addFrom(0), { warmup: 0, minIterations: FIRST_ADDS, maxIterations: FIRST_ADDS, seconds: 0 }, () => sampler.sample()),
  );
  record(
    'write.add-crisis',
    'write',
    'add one crisis (createCrisis)',
    measurePair(SIDES, addFrom(FIRST_ADDS), { warmup: 0, minIterations: 200, maxIterations: 1_000, seconds: 6 }, () => sampler.sample()),
  );

  // -- Bulk import of a crises spreadsheet, through the import service when it is in the build.
  let importResult: BenchResults['import'] = null;
  const importModule = Object.values(importModules)[0];
  const csvPath = join(dir, `import-${args.importRows}.csv`);
  if (importModule && args.importMeasured) {
    const { importSpreadsheetFile } = await importModule();
    writeFileSync(csvPath, crisesCsv(args.importRows, args.seed + 11));
    const sides: Partial<Record<Side, BenchResults['import'] extends infer I ? I extends { encrypted: infer S } ? S : never : never>> = {};
    for (const side of SIDES) {
      log(`importing ${args.importRows.toLocaleString('en')} rows into the ${side} store…`);
      let result: ReturnType<typeof importSpreadsheetFile> | null = null;
      const ms = timeOnce(() => {
        result = importSpreadsheetFile(stores[side], csvPath, { kind: 'crises', readerThread: IMPORT_READER });
      });
      sampler.sample();
      const done = result as unknown as ReturnType<typeof importSpreadsheetFile>;
      sides[side] = {
        rows: done.rowsRead,
        imported: done.imported,
        seconds: ms / 1000,
        rowsPerSecond: done.rowsRead / (ms / 1000),
        committed: done.committed,
      };
      log(`${side}: ${done.imported} imported in ${(ms / 1000).toFixed(2)} s (${Math.round(done.rowsRead / (ms / 1000))} rows/s)`);
    }
    const encrypted = sides.encrypted as NonNullable<typeof sides.encrypted>;
    const plain = sides.plain as NonNullable<typeof sides.plain>;
    importResult = { kind: 'crises', rows: args.importRows, encrypted, plain, ratio: encrypted.seconds / plain.seconds };
  } else {
    log('the import service is not in this build: import not measured');
  }

  for (const store of Object.values(stores)) store.close();

  // -- Memory: the app's main process, and the CLI importing a spreadsheet (see runProbe).
  log('memory probes: what the main process does, and a CLI import…');
  const probeArgs = ['--role', 'probe', '--path', paths.encrypted, '--seed', String(args.seed), ...args.pragmas.flatMap((pragma) => ['--pragma', pragma])];
  let probe: ProbeReport | null = null;
  let cliProbe: ProbeReport | null = null;
  const cliFlags = cliNodeFlags();
  if (args.probe) {
    try {
      probe = (await forkSelf(probeArgs)) as ProbeReport;
    } catch (error) {
      log(`memory probe failed: ${(error as Error).message}`);
    }
    if (importModule) {
      const probeCsv = join(dir, 'probe-import.csv');
      try {
        writeFileSync(probeCsv, crisesCsv(args.importRows, args.seed + 13));
        cliProbe = (await forkSelf([...probeArgs, '--csv', probeCsv], cliFlags)) as ProbeReport;
      } catch (error) {
        log(`CLI import probe failed: ${(error as Error).message}`);
      } finally {
        rmSync(probeCsv, { force: true });
      }
    }
  }

  const renderer = args.renderer ? await measureRenderer(Math.min(100_000, plan.crises), dir) : { measured: false, note: 'Not run (small N; pass --renderer to run it).' };

  const results: BenchResults = {
    format: RESULTS_FORMAT,
    version: RESULTS_VERSION,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallSeconds: (performance.now() - wallStart) / 1000,
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      memoryBytes: os.totalmem(),
      loadAverageAtEnd: os.loadavg().map((load) => Math.round(load * 100) / 100),
      os: { platform: os.platform(), release: os.release(), arch: os.arch() },
    },
    versions,
    n: args.n,
    seed: args.seed,
    dataset: { ...plan, members, reused: reusable },
    settings: { ...settings, extraPragmas: args.pragmas.join('; ') || null },
    build,
    keyDerivation,
    operations,
    import: importResult,
    export: {
      measured: true,
      note: `Anonymised summary (previewSummaryExport: SQL counts, suppression, schema check) plus its CSV and JSON (the writers renderSummary calls), all teams with the hotline, "today" fixed to ${exportToday}. ${Object.entries(exportBytes)
        .map(([id, size]) => `${id}: ${size.periods} periods, CSV ${size.csv} B, JSON ${size.json} B`)
        .join('; ')}. PDF is not timed: it is printed by Chromium (webContents.printToPDF in the app), outside the store.`,
    },
    memory: {
      benchProcessMaxRssBytes: maxRssBytes(),
      appLikeProcess: probe,
      cliImportProcess: cliProbe,
      cliNodeFlags: cliFlags,
      note: `The bench process holds both stores and runs scrypt. The app-like probe is one process with one encrypted store doing what the main process does: unlock, dashboard, 40 list pages, a search, a summary by month over 240 months, 500 crises added. Spreadsheets are imported by the CLI, a process of its own: the CLI probe unlocks and imports ${args.importRows} rows, started with the flags of package.json's "cli" script (${cliFlags.join(' ') || 'none'}).`,
    },
    renderer,
    targets: [],
  };
  results.targets = evaluateTargets(results);
  resultsSchema.parse(results);

  mkdirSync(dirname(args.out), { recursive: true });
  writeFileSync(`${args.out}.tmp`, `${JSON.stringify(results, null, 2)}\n`);
  renameSync(`${args.out}.tmp`, args.out);
  printReport(results);
  log(`results written to ${args.out}`);

  rmSync(csvPath, { force: true });
  if (args.keep) {
    for (const path of Object.values(paths)) {
      removeStoreFiles(path);
    }
    log(`kept the built stores in ${dir} (--keep/--reuse)`);
  } else if (!args.dir) {
    rmSync(dir, { recursive: true, force: true });
  } else {
    for (const path of Object.values(pristine)) {
      removeStoreFiles(path);
    }
    rmSync(manifestPath, { force: true });
  }
}

const args = parseArgs(process.argv.slice(2));
if (args.quick) scaleTimeBudgets(0.05);
const run: Promise<unknown> = args.role === 'builder' ? runBuilder(args) : args.role === 'probe' ? runProbe(args) : main(args);
run.then(
  (report) => {
    // A child hands its report to the parent, then lets go of the channel so it can exit.
    if (args.role !== 'main') process.send?.(report, () => process.disconnect?.());
  },
  (error: unknown) => {
    process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
    if (args.role !== 'main') process.disconnect?.();
  },
);
