// The benchmark is not a test: nothing here is timed. A small run only proves that `npm run bench`
// works end to end and writes results of the documented shape.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { resultsSchema } from '../bench/results';
import { tempFolder } from './support/tempStore';

const root = resolve(import.meta.dirname, '..');
const built = join(root, 'out', 'main', 'bench.js');

describe('npm run bench', () => {
  beforeAll(() => {
    // `npm test` builds first; a lone `vitest run` builds here.
    if (!existsSync(built)) execFileSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'ignore' });
  }, 180_000);

  test('a small run writes valid results for both stores', () => {
    const folder = tempFolder();
    const out = join(folder, 'results.json');
    const stdout = execFileSync(process.execPath, [built, '--n', '2000', '--quick', '--out', out, '--dir', join(folder, 'work')], {
      cwd: root,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 170_000,
    });
    expect(stdout).toContain('targets:');

    const results = resultsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(results.n).toBe(2000);
    expect(results.dataset).toMatchObject({ crises: 800, logEntries: 800, hotlineCalls: 400 });
    expect(results.build.encrypted?.fileBytes).toBeGreaterThan(0);
    expect(results.build.plain?.fileBytes).toBeGreaterThan(0);
    expect(results.versions.sqlite).toMatch(/^3\./);
    const ids = results.operations.map((operation) => operation.id);
    for (const id of ['open.file', 'statistics.all', 'statistics.team', 'statistics.year', 'list.first', 'list.deep', 'search.common', 'export.summary.year', 'export.summary.quarter', 'export.summary.month', 'export.summary.month.history', 'members.record', 'members.load', 'write.add-crisis']) {
      expect(ids).toContain(id);
    }
    for (const operation of results.operations) {
      expect(operation.encrypted.samples, operation.id).toBeGreaterThan(0);
      expect(Number.isFinite(operation.ratio), operation.id).toBe(true);
    }
    expect(results.import?.encrypted.imported).toBe(results.import?.rows);
    expect(results.export.measured).toBe(true);
    expect(results.memory.appLikeProcess?.maxRssBytes).toBeGreaterThan(0);
    expect(results.memory.appLikeProcess?.steps.join('\n')).toContain('500 crises added');
    expect(results.memory.cliImportProcess?.steps.join('\n')).toContain('import');
    expect(results.memory.cliNodeFlags.every((flag) => flag.startsWith('--'))).toBe(true);
    expect(results.targets.map((target) => target.id)).toEqual(
      expect.arrayContaining(['statistics', 'list', 'search', 'search-hotline', 'add-crisis', 'import', 'ratio', 'memory', 'memory-cli-import', 'renderer']),
    );
    // The work folder given with --dir is emptied of stores afterwards.
    expect(existsSync(join(folder, 'work', 'encrypted.casebook'))).toBe(false);
  }, 180_000);

  test('--only import imports into fresh copies of both stores, each side first in turn, and writes no results', () => {
    const folder = tempFolder();
    const out = join(folder, 'results.json');
    const run = spawnSync(process.execPath, [built, '--n', '2000', '--only', 'import', '--rounds', '2', '--out', out, '--dir', join(folder, 'work')], {
      cwd: root,
      encoding: 'utf8',
      timeout: 170_000,
    });
    expect(run.status, run.stderr).toBe(0);
    const rounds = [...run.stderr.matchAll(/round (\d), (encrypted|plain): (\d+) imported/g)].map((match) => [match[1], match[2], Number(match[3])]);
    // Each copy is fresh: the same 500 rows are imported every time.
    expect(rounds).toEqual([
      ['1', 'encrypted', 500],
      ['1', 'plain', 500],
      ['2', 'plain', 500],
      ['2', 'encrypted', 500],
    ]);
    expect(run.stderr).toMatch(/median: encrypted [\d.]+ s .* ratio [\d.]+/);
    expect(existsSync(out)).toBe(false);
    expect(spawnSync(process.execPath, [built, '--only', 'everything'], { cwd: root, encoding: 'utf8' }).stderr).toContain('--only takes "import"');
  }, 180_000);
});
