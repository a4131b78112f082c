// V8's young generation, held while large results are built (src/main/youngGeneration.ts). The
// flag is process-wide, so each case runs in a Node process of its own, importing the real module.
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const MIB = 1_048_576;
const MODULE_URL = pathToFileURL(resolve(import.meta.dirname, '../src/main/youngGeneration.ts')).href;

/**
 * The young generation's size before and after each of three bursts of allocations most of which
 * survive a few scavenges; `held` says which bursts run while it is held.
 */
function newSpaceAroundBursts(held: readonly boolean[]): number[] {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    const { holdYoungGeneration } = await import(${JSON.stringify(MODULE_URL)});
    const newSpace = () => getHeapSpaceStatistics().find((space) => space.space_name === 'new_space').space_size;
    const sizes = [newSpace()];
    for (const hold of ${JSON.stringify(held)}) {
      const release = hold ? holdYoungGeneration() : () => {};
      const kept = [];
      for (let round = 0; round < 24; round++) {
        const batch = [];
        for (let i = 0; i < 100000; i++) batch.push({ i, text: 'row ' + i });
        kept.push(batch);
        if (kept.length > 3) kept.shift();
      }
      sizes.push(newSpace());
      release();
    }
    console.log(JSON.stringify(sizes));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output) as number[];
}

/** JS heap in use after garbage is left in the old generation, and once a task has passed; `hold` runs it under a hold. */
function heapAroundGarbage(hold: boolean): { garbage: number; after: number } {
  const script = `
    const { holdYoungGeneration } = await import(${JSON.stringify(MODULE_URL)});
    const release = ${hold} ? holdYoungGeneration() : () => {};
    let kept = [];
    for (let i = 0; i < 1500000; i++) kept.push({ i, text: 'row ' + i });
    kept = null;
    const garbage = process.memoryUsage().heapUsed;
    release();
    await new Promise((resolve) => setTimeout(resolve, 50));
    console.log(JSON.stringify({ garbage, after: process.memoryUsage().heapUsed }));
  `;
  const output = execFileSync(process.execPath, ['--input-type=module', '--no-warnings', '-e', script], { encoding: 'utf8' });
  return JSON.parse(output) as { garbage: number; after: number };
}

describe('holdYoungGeneration', () => {
  it('lets V8 grow the young generation without a hold, under a burst of surviving objects', () => {
    const [before = 0, after = 0] = newSpaceAroundBursts([false]);
    expect(before).toBeLessThanOrEqual(16 * MIB);
    expect(after).toBeGreaterThanOrEqual(64 * MIB);
  });

  it('keeps it at its size while held, and lets it grow again once released', () => {
    const [before = 0, held = 0, released = 0] = newSpaceAroundBursts([true, false]);
    // It starts at 1 MiB and stays at 2 when run alone, but under load (CI runs test files side
    // by side) V8 has reached 17 MiB while held: still far from what the same burst reaches
    // once released (128).
    expect(before).toBeLessThanOrEqual(16 * MIB);
    expect(released).toBeGreaterThanOrEqual(64 * MIB);
    expect(held).toBeLessThanOrEqual(released / 4);
  });

  it('collects the garbage left behind once the last hold is released', () => {
    const left = heapAroundGarbage(false);
    expect(left.after).toBeGreaterThan(left.garbage / 2);
    const collected = heapAroundGarbage(true);
    expect(collected.after).toBeLessThan(collected.garbage / 4);
  });
});
