// The main process keeps V8's young generation from growing (src/main/youngGeneration.ts). The
// flag is process-wide, so each case runs in a Node process of its own, importing the real module.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MODULE_URL = pathToFileURL(resolve(import.meta.dirname, '../src/main/youngGeneration.ts')).href;

/** New space before and after a burst of allocations most of which survive a few scavenges. */
function newSpaceAroundBurst(keepSmall: boolean): { before: number; after: number } {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    if (${keepSmall}) (await import(${JSON.stringify(MODULE_URL)})).keepYoungGenerationSmall();
    const before = newSpace();
    const kept = [];
    for (let round = 0; round < 24; round++) {
      const batch = [];
      for (let i = 0; i < 100000; i++) batch.push({ i, text: 'row ' + i });
      kept.push(batch);
      if (kept.length > 3) kept.shift();
    }
    console.log(JSON.stringify({ before, after: newSpace() }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output) as { before: number; after: number };
}

describe('keepYoungGenerationSmall', () => {
  it('lets V8 grow the young generation without it, under a burst of surviving objects', () => {
    const { before, after } = newSpaceAroundBurst(false);
    expect(after).toBeGreaterThanOrEqual(16 * before);
  });

  it('keeps the young generation from growing under the same burst', () => {
    const { before, after } = newSpaceAroundBurst(true);
    // At start only one semi-space is counted; the other comes in use at the first scavenge.
    expect(after).toBeLessThanOrEqual(2 * before);
  });
});
