// A cross-classification ("cube") and the published tables over it, described for suppression.ts:
// groups (a set of kept dimensions, optionally restricted to some cells) become figures, and
// "parent ← child" pairs of groups become lines.
//
// A monthly cube has ~50,000 cells and as many figures, and is cached: coordinates and names are
// computed from positions, and supports and lines live in flat lists, not in an array or an object
// per cell and figure (those made a monthly export's memory several times its output's size).
import { flatLists, listOf } from './flatLists';
import type { Line, TableStructure } from './suppression';

export interface GroupSpec {
  name: string;
  /** The dimensions a figure of this group keeps; [] is the grand total. */
  keep: readonly number[];
  /** Only cells passing this count towards the group's figures (`coords` is reused: do not keep it). */
  cells?: (coords: readonly number[]) => boolean;
}

export interface LineSpec {
  parent: string;
  child: string;
  /** Only children passing this belong to the line, e.g. resolved outcomes only (`coords` is reused). */
  children?: (coords: readonly number[]) => boolean;
}

export interface Group {
  name: string;
  keep: readonly number[];
  /** The size of each kept dimension. */
  keptSizes: readonly number[];
  /** The group's figures are first, first + 1, …, in row-major order of their coordinates. */
  first: number;
  count: number;
}

export interface BuiltCube {
  structure: TableStructure;
  /** In the order of their figures. */
  groups: Map<string, Group>;
}

const product = (sizes: readonly number[]) => sizes.reduce((total, size) => total * size, 1);

/** Writes into `into` the coordinates of `position` in row-major order over `sizes` (the last varies fastest). */
export function coordinatesOf(position: number, sizes: readonly number[], into: number[]): number[] {
  let rest = position;
  for (let j = sizes.length - 1; j >= 0; j -= 1) {
    const size = sizes[j] ?? 1;
    into[j] = rest % size;
    rest = Math.floor(rest / size);
  }
  return into;
}

/**
 * The figure of `group` that holds a cell with these full coordinates: its figures are laid out
 * row-major over the kept dimensions, so the position is arithmetic.
 */
function figureAt(group: Group, full: readonly number[]): number | undefined {
  let position = 0;
  for (let j = 0; j < group.keep.length; j += 1) {
    const coordinate = full[group.keep[j] ?? -1];
    if (coordinate === undefined) return undefined;
    position = position * (group.keptSizes[j] ?? 0) + coordinate;
  }
  return group.first + position;
}

/** Cells are numbered in row-major order of `sizes`; the first group must keep every dimension, in order. */
export function buildCube(sizes: readonly number[], groupSpecs: readonly GroupSpec[], lineSpecs: readonly LineSpec[]): BuiltCube {
  const detailCount = product(sizes);
  const groups = new Map<string, Group>();
  let figureCount = 0;
  for (const spec of groupSpecs) {
    const keptSizes = spec.keep.map((dimension) => sizes[dimension] ?? 0);
    const count = product(keptSizes);
    groups.set(spec.name, { name: spec.name, keep: spec.keep, keptSizes, first: figureCount, count });
    figureCount += count;
  }
  const detail = groups.get(groupSpecs[0]?.name ?? '');
  if (!detail || detail.keep.length !== sizes.length || detail.keep.some((dimension, j) => dimension !== j)) {
    throw new Error('The first group must be the detail cells.');
  }

  // Each figure's support: its cells, in increasing order.
  const coords = new Array<number>(sizes.length).fill(0);
  const supports = flatLists(figureCount, (add) => {
    for (const spec of groupSpecs) {
      const group = groups.get(spec.name) as Group;
      for (let cell = 0; cell < detailCount; cell += 1) {
        coordinatesOf(cell, sizes, coords);
        if (spec.cells && !spec.cells(coords)) continue;
        const figure = figureAt(group, coords);
        if (figure !== undefined) add(figure, cell);
      }
    }
  });

  const detailFigure = new Int32Array(detailCount);
  for (let cell = 0; cell < detailCount; cell += 1) detailFigure[cell] = detail.first + cell;

  const lines: Line[] = [];
  for (const spec of lineSpecs) {
    const parent = groups.get(spec.parent);
    const child = groups.get(spec.child);
    if (!parent || !child) throw new Error(`Unknown group in line ${spec.parent} ← ${spec.child}`);
    const childCoords = new Array<number>(child.keep.length).fill(0);
    // The child's coordinates on the full dimensions; those it does not keep stay empty.
    const full: number[] = [];
    // One line per parent figure (by its position in the parent group), its children in order.
    const children = flatLists(parent.count, (add) => {
      for (let i = 0; i < child.count; i += 1) {
        coordinatesOf(i, child.keptSizes, childCoords);
        child.keep.forEach((dimension, j) => {
          full[dimension] = childCoords[j] ?? 0;
        });
        if (spec.children && !spec.children(full)) continue;
        const parentFigure = figureAt(parent, full);
        if (parentFigure !== undefined) add(parentFigure - parent.first, child.first + i);
      }
    });
    for (let position = 0; position < parent.count; position += 1) lines.push({ parent: parent.first + position, children: listOf(children, position) });
  }
  return {
    structure: { detailCount, figureCount, supports, detailFigure, lines },
    groups,
  };
}

/** A figure's stable name, `group:coordinates` (e.g. `cells:0.2`), for messages and tests. */
export function figureKey(cube: BuiltCube, figure: number): string {
  for (const group of cube.groups.values()) {
    if (figure < group.first || figure >= group.first + group.count) continue;
    const coords = coordinatesOf(figure - group.first, group.keptSizes, new Array<number>(group.keptSizes.length));
    return `${group.name}:${coords.join('.')}`;
  }
  throw new Error(`No figure ${figure}`);
}

/** Each figure's value: the sum of its support's cell values. */
export function figureValues(cube: BuiltCube, cellValues: ArrayLike<number>): number[] {
  const { figureCount, supports } = cube.structure;
  const { start, items } = supports;
  const values: number[] = [];
  for (let figure = 0; figure < figureCount; figure += 1) {
    let sum = 0;
    // Indices, not listOf: a view per figure costs more than the sum itself.
    for (let k = start[figure] as number; k < (start[figure + 1] as number); k += 1) sum += cellValues[items[k] as number] ?? 0;
    values.push(sum);
  }
  return values;
}
