// Crash safety: a child process writes through the real store and services and is killed with
// SIGKILL at random moments, 50 times, restarting on the same store. Every write it reported as
// committed must survive, and the store must pass every integrity check.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { verifyStoreIntegrity } from '../src/main/services/backup';
import { createStore, openStore } from '../src/main/store';
import { TEST_PASSPHRASE, TEST_SCRYPT_COST, tempFolder, track } from './support/tempStore';

const ROOT = resolve(import.meta.dirname, '..');
const KILLS = 50;
const SEED = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);

let bundleFolder = '';
let writer = '';

beforeAll(async () => {
  bundleFolder = mkdtempSync(join(tmpdir(), 'casebook-crash-writer-'));
  // The bundle imports better-sqlite3 (native, not bundled); it resolves through this link.
  symlinkSync(join(ROOT, 'node_modules'), join(bundleFolder, 'node_modules'), 'junction');
  writer = join(bundleFolder, 'crashWriter.mjs');
  await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    resolve: { alias: { '@shared': resolve(ROOT, 'src/shared') } },
    // Everything but the native module goes into the bundle: Node needs seconds to load date-fns'
    // ESM barrel file by file, which would leave the writer no time to write before its kill.
    ssr: { noExternal: true, external: ['better-sqlite3-multiple-ciphers'] },
    build: {
      ssr: resolve(ROOT, 'tests/support/crashWriter.ts'),
      outDir: bundleFolder,
      emptyOutDir: false,
      target: 'node24',
      minify: false,
      sourcemap: false,
      rollupOptions: { output: { format: 'es', entryFileNames: 'crashWriter.mjs' } },
    },
  });
}, 60_000);

afterAll(() => {
  if (bundleFolder) rmSync(bundleFolder, { recursive: true, force: true });
});

interface Run {
  committed: string[];
  ready: boolean;
  exit: { code: number | null; signal: NodeJS.Signals | null };
  stderr: string;
}

/**
 * Starts the writer and kills it `delayMs` after it started: after the process started, or
 * (`fromReady`) after the store was open and writing began. Collects every line it printed.
 */
function runAndKill(path: string, delayMs: number, seed: number, fromReady: boolean): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [writer, path, TEST_PASSPHRASE, String(seed)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timer: NodeJS.Timeout | undefined;
    const arm = () => (timer ??= setTimeout(() => child.kill('SIGKILL'), delayMs));
    if (!fromReady) arm();
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      stdout += chunk;
      if (stdout.startsWith('READY\n')) arm();
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    // A writer that never gets ready is killed too, and fails the test below by its output.
    const guard = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('error', reject);
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(guard);
      // Only whole lines count: a line is printed in one write, after its commit.
      const lines = stdout.split('\n').slice(0, -1);
      resolvePromise({
        committed: lines.filter((line) => line.startsWith('C ')),
        ready: lines.includes('READY'),
        exit: { code, signal },
        stderr,
      });
    });
  });
}

describe('crash safety', () => {
  test(`${KILLS} SIGKILLs at random moments lose no committed write and corrupt nothing (seed ${SEED})`, async () => {
    const path = join(tempFolder(), 'casebook.db');
    (await createStore({ path, passphrase: TEST_PASSPHRASE, userName: 'Crash Test', scryptCost: TEST_SCRYPT_COST })).close();

    let state = SEED || 1;
    const random = () => {
      state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
      return state / 2 ** 31;
    };
    const reported = new Map<string, { kind: string; reference: string }>();
    let killedWhileWriting = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      const delay = 20 + Math.floor(random() * 281);
      // Starting takes Node about 150 ms here, so most kills are timed from the first write; every
      // fifth from the process' start, to land in opening, WAL recovery and migration checks too.
      const run = await runAndKill(path, delay, Math.floor(random() * 2 ** 31), kill % 5 !== 0);
      if (kill % 5 !== 0) expect(run.ready, run.stderr).toBe(true);
      // Killed, never failed: a writer that dies by itself (a corrupt store, say) fails the test here.
      expect(run.exit, run.stderr).toEqual({ code: null, signal: 'SIGKILL' });
      if (run.committed.length > 0) killedWhileWriting += 1;
      for (const line of run.committed) {
        const [, kind, id, reference] = line.split(' ') as [string, string, string, string];
        reported.set(id, { kind, reference });
      }
    }
    // Most kills must land among writes, or this test would prove little.
    expect(killedWhileWriting).toBeGreaterThan(KILLS / 2);
    expect(reported.size).toBeGreaterThan(KILLS);

    const store = track(await openStore({ path, passphrase: TEST_PASSPHRASE }));
    const db = store.connection;
    const missing: string[] = [];
    const tableOf = { crisis: 'crises', hotline: 'hotline_calls', member: 'members' } as const;
    for (const [id, { kind, reference }] of reported) {
      const table = tableOf[kind as keyof typeof tableOf];
      const row = db.prepare(`SELECT ${table === 'members' ? "'-'" : 'reference'} AS reference FROM ${table} WHERE id = ?`).get(id) as
        | { reference: string }
        | undefined;
      if (row?.reference !== reference) missing.push(`${kind} ${id} ${reference}`);
    }
    expect(missing).toEqual([]);

    // integrity_check, foreign keys, full-text indexes against their tables, migration checksums,
    // and the audit trail's hash chain.
    const report = verifyStoreIntegrity(store);
    expect(report.auditChain).toBe('verified');

    // References stay gapless per team and year: a killed transaction consumed no number.
    const sequences = db
      .prepare(
        `SELECT 'c' || team_slug || reference_year AS k, count(*) AS n, max(reference_seq) AS top FROM crises GROUP BY k
         UNION ALL SELECT 'h' || reference_year, count(*), max(reference_seq) FROM hotline_calls GROUP BY reference_year`,
      )
      .all() as { k: string; n: number; top: number }[];
    for (const sequence of sequences) expect(sequence.top, sequence.k).toBe(sequence.n);
  }, 90_000);
});
