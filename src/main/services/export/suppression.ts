// Small-cell protection for the anonymised summary.
//
// The published tables are described once, as figures over "detail cells" (the finest
// cross-classification, e.g. team × period × type × outcome): every figure — a detail cell, a
// margin, a total — is the sum of the detail cells in its support. Lines are the rows and columns
// of the published tables: a margin and the figures it adds up.
//
// 1. Primary suppression: the caller marks the figures that must not be shown (counts 1…k−1).
// 2. Line rule (the classic secondary suppression): a line with exactly one hidden member would
//    give it away as margin minus the others, so the smallest non-zero shown member of that line
//    (a cell before its margin) is hidden too; repeated until stable.
// 3. Exact check: the line rule is not enough in linked tables (a hidden cell can be worked out by
//    combining several lines). Every published figure is a linear equation over the hidden detail
//    cells; a hidden figure is exposed when its own sum lies in the span of those equations. Each
//    exposed figure gets one more figure hidden (trying the smallest related ones first) and the
//    whole procedure repeats until nothing hidden and non-zero can be derived.
//
// It always terminates: each round hides at least one more non-zero figure, and once every
// non-zero figure is hidden nothing non-zero can be derived (all published equations are then
// 0 = 0, satisfied by all-zero values too). Zeros are never suppressed by the line rule or the
// exact check, so every hidden count is at least 1 and could be one more or one less without
// contradicting anything published.
//
// The span test runs over the integers modulo a prime (exact arithmetic, no rounding); for
// these 0/1 systems that rank equals the rational rank (a test checks it against exact
// fractions).
//
// Cost: each round eliminates the published equations once. The equations independent of those
// before them (in elimination order) form a basis, so every derivable figure has exactly one
// combination of them — the certificate does not depend on how the elimination pivots. The
// repair's "would hiding this candidate make the figure safe?" checks are answered from that one
// elimination by exact algebra (see stillDerivable), not by eliminating again, and a hidden figure
// found safe is never checked again (hiding more cannot make it derivable).
import { type FlatLists, flatLists, lengthOf, listOf } from './flatLists';

export interface Line {
  parent: number;
  children: Int32Array;
}

export interface TableStructure {
  detailCount: number;
  figureCount: number;
  /** List f: the detail cells figure f adds up, in increasing order (a detail cell's figure has just itself). */
  supports: FlatLists;
  /** detailFigure[c]: the index of the figure of detail cell c. */
  detailFigure: Int32Array;
  lines: readonly Line[];
}

/** The detail cells figure `figure` adds up (a view, not a copy). */
export function supportOf(structure: TableStructure, figure: number): Int32Array {
  return listOf(structure.supports, figure);
}

const PRIME = 33_554_393; // the largest prime below 2^25: products stay exact in doubles

function mulMod(a: number, b: number): number {
  return (a * b) % PRIME;
}

function inverseMod(a: number): number {
  let [oldR, r] = [a, PRIME];
  let [oldS, s] = [1, 0];
  while (r !== 0) {
    const q = Math.floor(oldR / r);
    [oldR, r] = [r, oldR - q * r];
    [oldS, s] = [s, oldS - q * s];
  }
  return ((oldS % PRIME) + PRIME) % PRIME;
}

type Sparse = Map<number, number>;

/** Facts about a structure that depend on neither the values nor the pattern (kept per structure). */
interface Shape {
  isDetail: Uint8Array;
  /** cellOfDetail[f]: the one detail cell whose figure is f; −1 if it has none or several. */
  cellOfDetail: Int32Array;
  /** List c: the aggregate (non-detail) figures whose support holds cell c, in increasing order. */
  aggregatesOf: FlatLists;
}

const shapes = new WeakMap<TableStructure, Shape>();

function shapeOf(structure: TableStructure): Shape {
  const known = shapes.get(structure);
  if (known) return known;
  const { detailCount, figureCount, supports } = structure;
  // Increasing order proves a support's cells distinct (a figure is a set of cells).
  for (let figure = 0; figure < figureCount; figure += 1) {
    const support = supportOf(structure, figure);
    for (let k = 1; k < support.length; k += 1) {
      if ((support[k] as number) <= (support[k - 1] as number)) throw new Error(`Figure ${figure}'s support is not in increasing order.`);
    }
  }
  const isDetail = detailFlags(structure);
  const cellOfDetail = new Int32Array(figureCount).fill(-1);
  const detailCells = new Uint32Array(figureCount);
  structure.detailFigure.forEach((figure, cell) => {
    detailCells[figure] = (detailCells[figure] ?? 0) + 1;
    cellOfDetail[figure] = cell;
  });
  detailCells.forEach((count, figure) => {
    if (count !== 1) cellOfDetail[figure] = -1;
  });
  const aggregatesOf = flatLists(detailCount, (add) => {
    for (let figure = 0; figure < figureCount; figure += 1) {
      if (!isDetail[figure]) for (const cell of listOf(supports, figure)) add(cell, figure);
    }
  });
  const shape: Shape = { isDetail, cellOfDetail, aggregatesOf };
  shapes.set(structure, shape);
  return shape;
}

/** A growable pool of sparse vectors (column indices + coefficients), one slot per vector. */
class Pool {
  columns = new Int32Array(1 << 14);
  values = new Float64Array(1 << 14);
  used = 0;
  readonly start: Int32Array;
  readonly length: Int32Array;
  readonly capacity: Int32Array;

  constructor(slots: number) {
    this.start = new Int32Array(slots);
    this.length = new Int32Array(slots);
    this.capacity = new Int32Array(slots);
  }

  /** Stores entries [0, count) of the given arrays as slot `slot`'s vector (replacing it). */
  store(slot: number, columns: Int32Array, values: Float64Array, count: number): void {
    let start = this.start[slot] as number;
    if (count > (this.capacity[slot] as number)) {
      if (this.used + count > this.columns.length) {
        const size = Math.max(this.columns.length * 2, this.used + count);
        const grownColumns = new Int32Array(size);
        grownColumns.set(this.columns.subarray(0, this.used));
        const grownValues = new Float64Array(size);
        grownValues.set(this.values.subarray(0, this.used));
        this.columns = grownColumns;
        this.values = grownValues;
      }
      start = this.used;
      this.used += count;
      this.start[slot] = start;
      this.capacity[slot] = count;
    }
    this.columns.set(columns.subarray(0, count), start);
    this.values.set(values.subarray(0, count), start);
    this.length[slot] = count;
  }
}

/** A dense scratch vector with the list of its touched indices; all zero between uses. */
class Scratch {
  readonly dense: Float64Array;
  readonly seen: Uint8Array;
  /** touched indices, then (after gather) the non-zero ones */
  readonly indices: Int32Array;
  /** after gather: the non-zero values, in the order of `indices` */
  readonly values: Float64Array;
  count = 0;

  constructor(size: number) {
    this.dense = new Float64Array(size);
    this.seen = new Uint8Array(size);
    this.indices = new Int32Array(size);
    this.values = new Float64Array(size);
  }

  touch(index: number): void {
    if (this.seen[index]) return;
    this.seen[index] = 1;
    this.indices[this.count] = index;
    this.count += 1;
  }

  /** Moves the non-zero entries to indices/values[0, count), leaving the scratch all zero. */
  gather(): number {
    const { dense, seen, indices, values } = this;
    let kept = 0;
    for (let i = 0; i < this.count; i += 1) {
      const index = indices[i] as number;
      const value = dense[index] as number;
      if (value !== 0) {
        indices[kept] = index;
        values[kept] = value;
        kept += 1;
      }
      dense[index] = 0;
      seen[index] = 0;
    }
    this.count = 0;
    return kept;
  }

  toSparse(count: number): Sparse {
    const sparse: Sparse = new Map();
    for (let i = 0; i < count; i += 1) sparse.set(this.indices[i] as number, this.values[i] as number);
    return sparse;
  }
}

/** Scratch vectors by size, shared by all bases (they are all zero between uses). */
const scratches = new Map<number, Scratch>();

function scratchOf(size: number): Scratch {
  let scratch = scratches.get(size);
  if (!scratch) {
    scratch = new Scratch(size);
    scratches.set(size, scratch);
  }
  return scratch;
}

/**
 * A row-reduced basis (reduced row echelon form) of the published equations over the hidden
 * detail cells. Each row remembers which published equations it combines (its origin), so an
 * exposure comes with its certificate: the published figures that together give it away.
 * Vectors are sets of hidden cells (every coefficient 1); they are reduced in dense scratch
 * arrays, which are all zero between calls. Rows and origins live in typed-array pools.
 */
class Basis {
  private readonly rows: Pool;
  private readonly origins: Pool;
  /** column → its row's slot + 1 when it is a pivot, else 0 */
  private readonly pivotSlot: Int32Array;
  /** column → slots of the rows that hold it as a non-pivot entry */
  private readonly holders: (number[] | undefined)[];
  private slots = 0;
  private readonly rest: Scratch;
  private readonly origin: Scratch;

  constructor(columns: number, equations: number) {
    this.rows = new Pool(equations);
    this.origins = new Pool(equations);
    this.pivotSlot = new Int32Array(columns);
    this.holders = new Array<number[] | undefined>(columns);
    this.rest = scratchOf(columns);
    this.origin = scratchOf(equations);
  }

  /**
   * Reduces the vector over the hidden cells among cells[start] … cells[end − 1] by the basis.
   * Returns how many non-zero entries remain: they are in rest.indices/values. When asked for,
   * the combination of equations removed is left in the origin scratch, for the caller to gather.
   */
  private reduceInto(cells: Int32Array, start: number, end: number, hidden: Uint8Array | null, withOrigin: boolean): number {
    const { rest, origin, rows, origins, pivotSlot } = this;
    const dense = rest.dense;
    for (let k = start; k < end; k += 1) {
      const column = cells[k] as number;
      if (hidden && hidden[column] !== 1) continue;
      rest.touch(column);
      dense[column] = 1;
    }
    // The basis is fully reduced: a row's other entries are never pivots, so clearing the
    // vector's own pivot columns once each leaves no pivot behind.
    const own = rest.count;
    for (let i = 0; i < own; i += 1) {
      const column = rest.indices[i] as number;
      const factor = dense[column] as number;
      const slot = (pivotSlot[column] as number) - 1;
      if (factor === 0 || slot < 0) continue;
      const rowColumns = rows.columns;
      const rowValues = rows.values;
      // (the factor is always 1 here, as the rows are fully reduced; the general case is kept)
      const one = factor === 1;
      for (let k = rows.start[slot] as number, end = k + (rows.length[slot] as number); k < end; k += 1) {
        const c = rowColumns[k] as number;
        rest.touch(c);
        const v = rowValues[k] as number;
        const next = (dense[c] as number) - (one ? v : (factor * v) % PRIME);
        dense[c] = next < 0 ? next + PRIME : next;
      }
      if (!withOrigin) continue;
      const originColumns = origins.columns;
      const originValues = origins.values;
      const sums = origin.dense;
      for (let k = origins.start[slot] as number, end = k + (origins.length[slot] as number); k < end; k += 1) {
        const e = originColumns[k] as number;
        origin.touch(e);
        const v = originValues[k] as number;
        const next = (sums[e] as number) + (one ? v : (factor * v) % PRIME); // origin += factor · row's origin
        sums[e] = next >= PRIME ? next - PRIME : next;
      }
    }
    return rest.gather();
  }

  /** Whether the hidden part of figure `figure`'s support lies in the span (and if so, the combination). */
  combination(structure: TableStructure, figure: number, hidden: Uint8Array): Sparse | null {
    const { start, items } = structure.supports;
    const left = this.reduceInto(items, start[figure] as number, start[figure + 1] as number, hidden, true);
    const removed = this.origin.gather();
    return left === 0 ? this.origin.toSparse(removed) : null;
  }

  spans(structure: TableStructure, figure: number, hidden: Uint8Array): boolean {
    const { start, items } = structure.supports;
    return this.reduceInto(items, start[figure] as number, start[figure + 1] as number, hidden, false) === 0;
  }

  /**
   * Adds an equation over the cells cells[start] … cells[end − 1]. Returns null when it is
   * independent of those inserted before; otherwise how it combines them (it then adds nothing
   * to the basis).
   */
  insert(cells: Int32Array, start: number, end: number, equation: number): Sparse | null {
    const { rest, origin, rows, origins, holders, pivotSlot } = this;
    const size = this.reduceInto(cells, start, end, null, true);
    const removedCount = origin.gather();
    if (size === 0) return origin.toSparse(removedCount);
    // origin = equation − removed (the equation is not in any row's origin yet)
    for (let i = 0; i < removedCount; i += 1) origin.values[i] = PRIME - (origin.values[i] as number);
    origin.indices[removedCount] = equation;
    origin.values[removedCount] = 1;
    const originCount = removedCount + 1;
    let pivot = -1;
    let pivotAt = -1;
    let cheapest = Infinity;
    for (let i = 0; i < size; i += 1) {
      const column = rest.indices[i] as number;
      const cost = holders[column]?.length ?? 0;
      if (cost < cheapest || (cost === cheapest && column < pivot)) {
        cheapest = cost;
        pivot = column;
        pivotAt = i;
      }
    }
    const scale = inverseMod(rest.values[pivotAt] as number);
    for (let i = 0; i < size; i += 1) rest.values[i] = mulMod(rest.values[i] as number, scale);
    for (let i = 0; i < originCount; i += 1) origin.values[i] = mulMod(origin.values[i] as number, scale);
    const slot = this.slots;
    this.slots += 1;
    rows.store(slot, rest.indices, rest.values, size);
    origins.store(slot, origin.indices, origin.values, originCount);
    // Clear the new pivot column from every other row, keeping the basis fully reduced.
    for (const other of holders[pivot] ?? []) {
      const factor = entryAt(rows, other, pivot);
      this.subtract(rows, other, slot, factor, pivot);
      this.subtract(origins, other, slot, factor, -1);
    }
    holders[pivot] = undefined;
    pivotSlot[pivot] = slot + 1;
    for (let k = rows.start[slot] as number, end = k + size; k < end; k += 1) {
      const c = rows.columns[k] as number;
      if (c !== pivot) this.holdersOf(c).push(slot);
    }
    return null;
  }

  /**
   * pool[target] −= factor · pool[source]. For rows (`pivot` ≥ 0, the source row's pivot), keeps
   * `holders` exact.
   */
  private subtract(pool: Pool, target: number, source: number, factor: number, pivot: number): void {
    const isRow = pivot >= 0;
    const scratch = isRow ? this.rest : this.origin;
    const { dense, seen } = scratch;
    for (let k = pool.start[target] as number, end = k + (pool.length[target] as number); k < end; k += 1) {
      const c = pool.columns[k] as number;
      scratch.touch(c);
      dense[c] = pool.values[k] as number;
    }
    for (let k = pool.start[source] as number, end = k + (pool.length[source] as number); k < end; k += 1) {
      const c = pool.columns[k] as number;
      const had = seen[c] === 1;
      scratch.touch(c);
      const next = (dense[c] as number) - ((factor * (pool.values[k] as number)) % PRIME);
      const value = next < 0 ? next + PRIME : next;
      dense[c] = value;
      if (!isRow || c === pivot) continue;
      if (!had && value !== 0) this.holdersOf(c).push(target);
      else if (had && value === 0) removeFrom(this.holders[c], target);
    }
    pool.store(target, scratch.indices, scratch.values, scratch.gather());
  }

  private holdersOf(column: number): number[] {
    let list = this.holders[column];
    if (!list) {
      list = [];
      this.holders[column] = list;
    }
    return list;
  }
}

/** The entry of pool[slot] at `column` (0 when it has none). */
function entryAt(pool: Pool, slot: number, column: number): number {
  for (let k = pool.start[slot] as number, end = k + (pool.length[slot] as number); k < end; k += 1) {
    if (pool.columns[k] === column) return pool.values[k] as number;
  }
  return 0;
}

function removeFrom(list: number[] | undefined, item: number): void {
  if (!list) return;
  const at = list.indexOf(item);
  if (at < 0) return;
  list[at] = list[list.length - 1] as number;
  list.pop();
}

function hiddenCells(structure: TableStructure, suppressed: readonly boolean[]): Uint8Array {
  const hidden = new Uint8Array(structure.detailCount);
  structure.detailFigure.forEach((figure, cell) => {
    if (suppressed[figure]) hidden[cell] = 1;
  });
  return hidden;
}

/** A published equation's part in the analysis. */
const NOT_AN_EQUATION = 0;
const DEPENDENT = 1;
const INDEPENDENT = 2;

interface Analysis {
  hidden: Uint8Array;
  basis: Basis;
  /**
   * Per figure: NOT_AN_EQUATION, or whether its equation was independent of those inserted
   * before it (the independent ones, taken greedily in insertion order, are a basis of the
   * published equations, so every equation and every derivable figure has exactly one
   * combination of them).
   */
  role: Uint8Array;
  /** Each dependent equation's combination of independent ones. */
  dependents: Map<number, Sparse>;
  /** independent equation → the dependent equations whose combination uses it (built on demand). */
  users?: Map<number, [number, number][]>;
}

function analyse(structure: TableStructure, suppressed: readonly boolean[], shape: Shape): Analysis {
  const hidden = hiddenCells(structure, suppressed);
  const { figureCount, supports } = structure;
  // Each shown aggregate with hidden cells is an equation over them. Equation e is figure
  // equationFigure[e] over equationCells[equationStart[e]] … equationCells[equationStart[e + 1] − 1].
  const equationFigure: number[] = [];
  const equationStart: number[] = [0];
  const equationCells = new Int32Array(supports.items.length); // room for every support cell
  let filled = 0;
  for (let figure = 0; figure < figureCount; figure += 1) {
    if (suppressed[figure] || shape.isDetail[figure]) continue;
    const before = filled;
    for (let k = supports.start[figure] as number; k < (supports.start[figure + 1] as number); k += 1) {
      const cell = supports.items[k] as number;
      if (hidden[cell] === 1) equationCells[filled++] = cell;
    }
    if (filled === before) continue;
    equationFigure.push(figure);
    equationStart.push(filled);
  }
  // Sparse equations first keeps the fill-in small (ties in figure order).
  const size = (e: number) => (equationStart[e + 1] as number) - (equationStart[e] as number);
  const order = equationFigure.map((_figure, e) => e).sort((a, b) => size(a) - size(b) || a - b);
  const basis = new Basis(structure.detailCount, figureCount);
  const role = new Uint8Array(figureCount);
  const dependents = new Map<number, Sparse>();
  for (const e of order) {
    const figure = equationFigure[e] as number;
    const combination = basis.insert(equationCells, equationStart[e] as number, equationStart[e + 1] as number, figure);
    role[figure] = combination ? DEPENDENT : INDEPENDENT;
    if (combination) dependents.set(figure, combination);
  }
  return { hidden, basis, role, dependents };
}

function usersOf(analysis: Analysis, equation: number): readonly [number, number][] {
  if (!analysis.users) {
    const users = new Map<number, [number, number][]>();
    for (const [dependent, combination] of analysis.dependents) {
      for (const [independent, weight] of combination) {
        let list = users.get(independent);
        if (!list) {
          list = [];
          users.set(independent, list);
        }
        list.push([dependent, weight]);
      }
    }
    analysis.users = users;
  }
  return analysis.users.get(equation) ?? [];
}

function detailFlags(structure: TableStructure): Uint8Array {
  const isDetail = new Uint8Array(structure.figureCount);
  for (const figure of structure.detailFigure) isDetail[figure] = 1;
  return isDetail;
}

/**
 * For a hidden figure: null when it cannot be worked out; otherwise the combination of
 * published aggregate figures that gives it away (empty when its cells are all published).
 */
function certificate(structure: TableStructure, analysis: Analysis, index: number): Sparse | null {
  return analysis.basis.combination(structure, index, analysis.hidden);
}

/** Whether a hidden figure can be worked out (its certificate is not null). */
function derivable(structure: TableStructure, analysis: Analysis, index: number): boolean {
  return analysis.basis.spans(structure, index, analysis.hidden);
}

/**
 * The hidden figures with a non-zero value that can be worked out exactly from what is shown.
 * Empty for a safe pattern. Exported so tests and callers can audit any pattern.
 */
export function exposedFigures(structure: TableStructure, values: readonly number[], suppressed: readonly boolean[]): number[] {
  const shape = shapeOf(structure);
  const analysis = analyse(structure, suppressed, shape);
  const exposed: number[] = [];
  for (let index = 0; index < structure.figureCount; index += 1) {
    if (suppressed[index] && (values[index] ?? 0) > 0 && derivable(structure, analysis, index)) exposed.push(index);
  }
  return exposed;
}

/**
 * Whether `index` (derivable under `analysis`, by `combination`) stays derivable once the shown
 * figure `candidate` is hidden too — answered from the analysis of the pattern without it, by
 * exact algebra over the same prime field, instead of a second elimination:
 *
 * - An aggregate drops its equation. If that equation is dependent (or none), the span is
 *   unchanged. If it is independent, the span loses exactly the vectors whose combination uses
 *   it, unless some dependent equation's combination uses it (then it can be replaced): so the
 *   figure stays derivable iff its combination does not use the candidate or the candidate is
 *   replaceable.
 * - A detail cell c becomes one more unknown. If a published aggregate holds c and no other
 *   hidden cell, c is pinned and nothing changes. Otherwise the combinations λ of the equations
 *   that give the figure's hidden part are `combination` plus any dependency among the
 *   equations; the figure stays derivable iff one of them also gives its c part, i.e. the sum
 *   of λ over the equations holding c equals 1 if the figure holds c (else 0): true when
 *   `combination` does it, or when some dependency's sum over those equations is not 0.
 */
function stillDerivable(
  structure: TableStructure,
  shape: Shape,
  analysis: Analysis,
  suppressed: readonly boolean[],
  index: number,
  combination: Sparse,
  candidate: number,
): boolean {
  const { role } = analysis;
  if (!shape.isDetail[candidate]) {
    if (role[candidate] !== INDEPENDENT || !combination.has(candidate)) return true;
    return usersOf(analysis, candidate).length > 0;
  }
  const cell = shape.cellOfDetail[candidate] ?? -1;
  if (cell < 0 || analysis.hidden[cell]) {
    // Not a plain detail cell: analyse the pattern afresh.
    return certificate(structure, analyse(structure, suppressed, shape), index) !== null;
  }
  const holding: number[] = [];
  for (const figure of listOf(shape.aggregatesOf, cell)) {
    if (suppressed[figure]) continue;
    if (role[figure] === NOT_AN_EQUATION) return true;
    holding.push(figure);
  }
  const target = supportOf(structure, index).includes(cell) ? 1 : 0;
  let sum = 0;
  for (const figure of holding) sum = (sum + (combination.get(figure) ?? 0)) % PRIME;
  if (sum === target) return true;
  const dependencySums = new Map<number, number>();
  for (const figure of holding) {
    if (role[figure] === DEPENDENT) dependencySums.set(figure, ((dependencySums.get(figure) ?? 0) + 1) % PRIME);
    else for (const [dependent, weight] of usersOf(analysis, figure)) dependencySums.set(dependent, ((dependencySums.get(dependent) ?? 0) - weight + PRIME) % PRIME);
  }
  for (const value of dependencySums.values()) if (value !== 0) return true;
  return false;
}

/** Cheapest first: anything before a grand total, then the smallest value, cells before margins. */
function byCost(structure: TableStructure, values: readonly number[], isDetail: Uint8Array) {
  const grand = (figure: number) => (lengthOf(structure.supports, figure) === structure.detailCount ? 1 : 0);
  return (a: number, b: number) =>
    grand(a) - grand(b) || (values[a] ?? 0) - (values[b] ?? 0) || (isDetail[b] ?? 0) - (isDetail[a] ?? 0) || a - b;
}

/** Lines with exactly one hidden non-zero member get a second one; repeated until stable. */
function applyLineRule(structure: TableStructure, values: readonly number[], suppressed: boolean[], isDetail: Uint8Array): void {
  const order = byCost(structure, values, isDetail);
  const shownNonZero = (member: number) => !suppressed[member] && (values[member] ?? 0) > 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of structure.lines) {
      // The line's hidden member, when it has exactly one (-1 if none, -2 if several).
      let hidden = suppressed[line.parent] ? line.parent : -1;
      for (const child of line.children) {
        if (!suppressed[child]) continue;
        if (hidden !== -1) {
          hidden = -2;
          break;
        }
        hidden = child;
      }
      if (hidden < 0 || (values[hidden] ?? 0) === 0) continue;
      // The cheapest shown non-zero child, else the parent if it is one (`order` is a total order).
      let choice: number | undefined;
      for (const child of line.children) if (shownNonZero(child) && (choice === undefined || order(child, choice) < 0)) choice = child;
      if (choice === undefined && shownNonZero(line.parent)) choice = line.parent;
      if (choice === undefined) continue;
      suppressed[choice] = true;
      changed = true;
    }
  }
}

const MAX_TRIES_PER_FIX = 16;

/**
 * Hides one more figure so that `index` can no longer be worked out. The certificate names the
 * published figures that give it away; hiding one of them, or one of their shown cells, can
 * break the derivation. The cheapest candidate that does is hidden; if none does alone, the
 * cheapest figure of the certificate is hidden anyway and the caller's loop goes on.
 */
function fixExposed(structure: TableStructure, values: readonly number[], suppressed: boolean[], index: number, shape: Shape, analysis: Analysis): void {
  const order = byCost(structure, values, shape.isDetail);
  const combination = certificate(structure, analysis, index) ?? new Map<number, number>();
  const used = [...combination.keys()];
  const shownNonZero = (figure: number) => !suppressed[figure] && (values[figure] ?? 0) > 0;
  const cells = new Set<number>();
  for (const figure of [index, ...used]) {
    for (const cell of supportOf(structure, figure)) {
      const detail = structure.detailFigure[cell];
      if (detail !== undefined && shownNonZero(detail)) cells.add(detail);
    }
  }
  const aggregates = used.filter(shownNonZero).sort(order);
  const candidates = [...new Set([...aggregates, ...cells])].sort(order);
  for (const candidate of candidates.slice(0, MAX_TRIES_PER_FIX)) {
    suppressed[candidate] = true;
    if (!stillDerivable(structure, shape, analysis, suppressed, index, combination, candidate)) return;
    suppressed[candidate] = false;
  }
  const fallback = aggregates[0] ?? candidates[0];
  if (fallback !== undefined) {
    suppressed[fallback] = true;
    return;
  }
  // Nothing is left to hide: hide every shown non-zero figure (always safe).
  for (let figure = 0; figure < structure.figureCount; figure += 1) {
    if ((values[figure] ?? 0) > 0) suppressed[figure] = true;
  }
}

/**
 * Applies secondary suppression to a primary pattern. Returns the final pattern: true where a
 * figure is hidden. `values[i]` is figure i's true value (the sum over its support).
 *
 * Each round fixes the first (lowest-index) exposed figure. A hidden figure that cannot be worked
 * out never becomes derivable again (hiding more only removes equations or adds unknowns), so
 * such figures are not checked again in later rounds.
 */
export function protect(structure: TableStructure, values: readonly number[], primary: readonly boolean[]): boolean[] {
  const suppressed = Array.from({ length: structure.figureCount }, (_value, index) => primary[index] === true);
  const shape = shapeOf(structure);
  const safe = new Uint8Array(structure.figureCount);
  for (;;) {
    applyLineRule(structure, values, suppressed, shape.isDetail);
    const analysis = analyse(structure, suppressed, shape);
    let first: number | undefined;
    for (let index = 0; index < structure.figureCount && first === undefined; index += 1) {
      if (!suppressed[index] || safe[index] || (values[index] ?? 0) <= 0) continue;
      if (derivable(structure, analysis, index)) first = index;
      else safe[index] = 1;
    }
    if (first === undefined) return suppressed;
    fixExposed(structure, values, suppressed, first, shape, analysis);
  }
}

/** Lines in which exactly one member is hidden (and non-zero): must be none after protect(). */
export function linesWithSingleHidden(structure: TableStructure, values: readonly number[], suppressed: readonly boolean[]): Line[] {
  return structure.lines.filter((line) => {
    const hidden = [line.parent, ...line.children].filter((member) => suppressed[member]);
    return hidden.length === 1 && (values[hidden[0] as number] ?? 0) > 0;
  });
}
