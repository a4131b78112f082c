// A cross-classification ("cube") and the published tables over it, described for suppression.ts:
// groups (a set of kept dimensions, optionally restricted to some cells) become figures, and
// "parent ← child" pairs of groups become lines.
import type { Line, TableStructure } from './suppression';

export interface GroupSpec {
  name: string;
  /** The dimensions a figure of this group keeps; [] is the grand total. */
  keep: readonly number[];
  /** Only cells passing this count towards the group's figures. */
  cells?: (coords: readonly number[]) => boolean;
}

export interface LineSpec {
  parent: string;
  child: string;
  /** Only children passing this belong to the line (e.g. resolved outcomes only). */
  children?: (coords: readonly number[]) => boolean;
}

export interface Group {
  name: string;
  keep: readonly number[];
  /** Figure indices, in the order of their coordinates (consecutive numbers). */
  figures: number[];
  /** Coordinates of each figure, on the kept dimensions only. */
  coords: number[][];
  /** The size of each kept dimension. */
  keptSizes: readonly number[];
}

/**
 * The figure of `group` that holds a cell with these full coordinates: its figures are laid out
 * row-major over the kept dimensions, so the position is arithmetic (no key strings to build and
 * look up for each of a monthly cube's ~50,000 cells and every group).
 */
function figureAt(group: Group, full: readonly number[]): number | undefined {
  let position = 0;
  for (let j = 0; j < group.keep.length; j += 1) {
    const coordinate = full[group.keep[j] ?? -1];
    if (coordinate === undefined) return undefined;
    position = position * (group.keptSizes[j] ?? 0) + coordinate;
  }
  return group.figures[position];
}

export interface BuiltCube {
  structure: TableStructure;
  groups: Map<string, Group>;
  /** Full coordinates of each detail cell. */
  cellCoords: number[][];
}

function combinations(sizes: readonly number[]): number[][] {
  let result: number[][] = [[]];
  for (const size of sizes) {
    const next: number[][] = [];
    // concat makes an array of exactly its length; a spread literal keeps room to grow (17 slots).
    for (const prefix of result) for (let i = 0; i < size; i += 1) next.push(prefix.concat(i));
    result = next;
  }
  return result;
}

/** Cells are numbered in row-major order of `sizes`; the first group must keep every dimension. */
export function buildCube(sizes: readonly number[], groupSpecs: readonly GroupSpec[], lineSpecs: readonly LineSpec[]): BuiltCube {
  const cellCoords = combinations(sizes);
  const figures: { key: string; support: number[] }[] = [];
  const groups = new Map<string, Group>();
  for (const spec of groupSpecs) {
    const keptSizes = spec.keep.map((dimension) => sizes[dimension] ?? 0);
    const group: Group = { name: spec.name, keep: spec.keep, figures: [], coords: [], keptSizes };
    for (const coords of combinations(keptSizes)) {
      group.figures.push(figures.length);
      group.coords.push(coords);
      figures.push({ key: `${spec.name}:${coords.join('.')}`, support: [] });
    }
    cellCoords.forEach((coords, cell) => {
      if (spec.cells && !spec.cells(coords)) return;
      const figure = figureAt(group, coords);
      if (figure !== undefined) figures[figure]?.support.push(cell);
    });
    groups.set(spec.name, group);
  }
  const detail = groups.get(groupSpecs[0]?.name ?? '');
  if (!detail || detail.keep.length !== sizes.length) throw new Error('The first group must be the detail cells.');

  const lines: Line[] = [];
  for (const spec of lineSpecs) {
    const parent = groups.get(spec.parent);
    const child = groups.get(spec.child);
    if (!parent || !child) throw new Error(`Unknown group in line ${spec.parent} ← ${spec.child}`);
    const byParent = new Map<number, number[]>(parent.figures.map((figure) => [figure, []]));
    child.figures.forEach((figure, i) => {
      const childCoords = child.coords[i] ?? [];
      const full: number[] = [];
      child.keep.forEach((dimension, j) => {
        full[dimension] = childCoords[j] ?? 0;
      });
      if (spec.children && !spec.children(full)) return;
      const parentFigure = figureAt(parent, full);
      if (parentFigure !== undefined) byParent.get(parentFigure)?.push(figure);
    });
    for (const [parentFigure, children] of byParent) lines.push({ parent: parentFigure, children: children.slice() });
  }
  // Arrays grown by push keep room to grow (17 slots for a one-cell support); a monthly cube holds
  // ~50,000 of them for as long as it is cached, so they are copied at their size.
  for (const figure of figures) figure.support = figure.support.slice();
  return {
    structure: { detailCount: cellCoords.length, figures, detailFigure: detail.figures, lines },
    groups,
    cellCoords,
  };
}

/** Each figure's value: the sum of its support's cell values. */
export function figureValues(cube: BuiltCube, cellValues: readonly number[]): number[] {
  return cube.structure.figures.map((figure) => figure.support.reduce((sum, cell) => sum + (cellValues[cell] ?? 0), 0));
}
