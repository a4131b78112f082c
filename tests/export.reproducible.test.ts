// Published exports must be reproducible: the same figures always get the same suppression
// pattern. These digests were taken from the suppression engine before it was optimised (one
// elimination per round instead of one per check); any change to which figures get hidden, or
// to the order in which ties are broken, changes them.
import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import type { BuiltCube } from '../src/main/services/export/cube';
import { figureValues } from '../src/main/services/export/cube';
import { crisisCountCube, crisisSumCube, hotlineCube } from '../src/main/services/export/summary';
import { exposedFigures, linesWithSingleHidden, protect } from '../src/main/services/export/suppression';

function xorshift(seed: number) {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 2 ** 32;
  };
}

/** Detail cells with many small counts: `records` drawn with skewed (power) weights. */
function skewedCells(cube: BuiltCube, records: number, seed: number): number[] {
  const random = xorshift(seed);
  const cells = new Array<number>(cube.structure.detailCount).fill(0);
  for (let i = 0; i < records; i += 1) {
    const cell = Math.floor(random() ** 2.2 * cells.length);
    cells[cell] = (cells[cell] ?? 0) + 1;
  }
  // Shuffle so small and large counts mix across every dimension.
  for (let i = cells.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [cells[i], cells[j]] = [cells[j] ?? 0, cells[i] ?? 0];
  }
  return cells;
}

function digest(hidden: readonly boolean[]): string {
  const indices = hidden.flatMap((isHidden, index) => (isHidden ? [index] : []));
  return `${indices.length}:${createHash('sha256').update(indices.join(',')).digest('hex').slice(0, 16)}`;
}

const cases: [name: string, cube: () => BuiltCube, records: number, k: number, seed: number, extraPrimary: number][] = [
  ['crisis counts, 5 teams × 12 months', () => crisisCountCube(5, 12), 700, 5, 11, 0],
  ['crisis counts, 2 teams × 24 months, k = 3', () => crisisCountCube(2, 24), 400, 3, 12, 0],
  ['crisis sums, 3 teams × 8 quarters, extra primaries', () => crisisSumCube(3, 8), 500, 5, 13, 0.03],
  ['hotline, 8 months', () => hotlineCube(8), 600, 5, 14, 0],
  ['hotline, 4 months, k = 8', () => hotlineCube(4), 250, 8, 15, 0.02],
];

const expected: Record<string, string> = {
  'crisis counts, 5 teams × 12 months': '596:e37f85e0cb30f675',
  'crisis counts, 2 teams × 24 months, k = 3': '392:f5c11e9da6960316',
  'crisis sums, 3 teams × 8 quarters, extra primaries': '334:4a32da730b86e391',
  'hotline, 8 months': '333:4a916dc5df8d7d32',
  'hotline, 4 months, k = 8': '162:cfa90c3e959e7eda',
};

describe('suppression is reproducible', () => {
  test.each(cases)('%s', (name, makeCube, records, k, seed, extraPrimary) => {
    const cube = makeCube();
    const values = figureValues(cube, skewedCells(cube, records, seed));
    const random = xorshift(seed * 31);
    const primary = values.map((value) => (value >= 1 && value < k) || random() < extraPrimary);
    const hidden = protect(cube.structure, values, primary);
    expect(linesWithSingleHidden(cube.structure, values, hidden)).toEqual([]);
    expect(exposedFigures(cube.structure, values, hidden)).toEqual([]);
    expect(digest(hidden)).toBe(expected[name]);
  });
});
