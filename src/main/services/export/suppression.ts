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

export interface Figure {
  /** A stable name, for error messages and deterministic tie-breaking. */
  key: string;
  /** The detail cells this figure adds up (a detail cell's figure has just itself). */
  support: readonly number[];
}

export interface Line {
  parent: number;
  children: readonly number[];
}

export interface TableStructure {
  detailCount: number;
  figures: readonly Figure[];
  /** detailFigure[c]: the index of the figure of detail cell c. */
  detailFigure: readonly number[];
  lines: readonly Line[];
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

/** target −= factor · source, modulo the prime. */
function subtractScaled(target: Sparse, factor: number, source: ReadonlyMap<number, number>): void {
  for (const [c, v] of source) {
    const next = (((target.get(c) ?? 0) - mulMod(factor, v)) % PRIME + PRIME) % PRIME;
    if (next === 0) target.delete(c);
    else target.set(c, next);
  }
}

/**
 * A row-reduced basis (reduced row echelon form) of the published equations over the hidden
 * detail cells. Each row remembers which published equations it combines (its origin), so an
 * exposure comes with its certificate: the published figures that together give it away.
 */
class Basis {
  private readonly rows = new Map<number, { row: Sparse; origin: Sparse }>();
  /** column → pivots of the rows that hold it as a non-pivot entry */
  private readonly holders = new Map<number, Set<number>>();

  /** The remainder of `vector` after the basis, and the combination of equations it removed. */
  reduce(vector: ReadonlyMap<number, number>): { rest: Sparse; origin: Sparse } {
    const rest = new Map(vector);
    const origin: Sparse = new Map();
    for (const column of vector.keys()) {
      const entry = this.rows.get(column);
      const factor = rest.get(column);
      if (!entry || !factor) continue;
      subtractScaled(rest, factor, entry.row);
      subtractScaled(origin, PRIME - factor, entry.origin); // origin += factor · entry.origin
    }
    return { rest, origin };
  }

  insert(vector: ReadonlyMap<number, number>, equation: number): void {
    const { rest: row, origin: removed } = this.reduce(vector);
    if (row.size === 0) return;
    const origin: Sparse = new Map([[equation, 1]]);
    subtractScaled(origin, 1, removed);
    let pivot = -1;
    let cheapest = Infinity;
    for (const column of row.keys()) {
      const cost = this.holders.get(column)?.size ?? 0;
      if (cost < cheapest || (cost === cheapest && column < pivot)) {
        cheapest = cost;
        pivot = column;
      }
    }
    const scale = inverseMod(row.get(pivot) ?? 1);
    for (const [c, v] of row) row.set(c, mulMod(v, scale));
    for (const [c, v] of origin) origin.set(c, mulMod(v, scale));
    // Clear the new pivot column from every other row, keeping the basis fully reduced.
    for (const other of [...(this.holders.get(pivot) ?? [])]) {
      const entry = this.rows.get(other);
      const factor = entry?.row.get(pivot);
      if (!entry || !factor) continue;
      for (const c of row.keys()) if (c !== pivot) this.holdersOf(c).add(other);
      subtractScaled(entry.row, factor, row);
      subtractScaled(entry.origin, factor, origin);
      for (const c of row.keys()) if (!entry.row.has(c)) this.holders.get(c)?.delete(other);
    }
    this.holders.delete(pivot);
    this.rows.set(pivot, { row, origin });
    for (const c of row.keys()) if (c !== pivot) this.holdersOf(c).add(pivot);
  }

  private holdersOf(column: number): Set<number> {
    let set = this.holders.get(column);
    if (!set) {
      set = new Set();
      this.holders.set(column, set);
    }
    return set;
  }
}

function hiddenCells(structure: TableStructure, suppressed: readonly boolean[]): Uint8Array {
  const hidden = new Uint8Array(structure.detailCount);
  structure.detailFigure.forEach((figure, cell) => {
    if (suppressed[figure]) hidden[cell] = 1;
  });
  return hidden;
}

function vectorOver(support: readonly number[], hidden: Uint8Array): Map<number, number> {
  const vector = new Map<number, number>();
  for (const cell of support) if (hidden[cell]) vector.set(cell, 1);
  return vector;
}

interface Analysis {
  hidden: Uint8Array;
  basis: Basis;
}

function analyse(structure: TableStructure, suppressed: readonly boolean[], isDetail: Uint8Array): Analysis {
  const hidden = hiddenCells(structure, suppressed);
  const equations: { figure: number; vector: Map<number, number> }[] = [];
  structure.figures.forEach((figure, index) => {
    if (suppressed[index] || isDetail[index]) return;
    const vector = vectorOver(figure.support, hidden);
    if (vector.size > 0) equations.push({ figure: index, vector });
  });
  // Sparse equations first keeps the fill-in small.
  equations.sort((a, b) => a.vector.size - b.vector.size);
  const basis = new Basis();
  for (const { figure, vector } of equations) basis.insert(vector, figure);
  return { hidden, basis };
}

function detailFlags(structure: TableStructure): Uint8Array {
  const isDetail = new Uint8Array(structure.figures.length);
  for (const figure of structure.detailFigure) isDetail[figure] = 1;
  return isDetail;
}

/**
 * For a hidden figure: null when it cannot be worked out; otherwise the published aggregate
 * figures whose equations give it away (empty when its cells are all published).
 */
function certificate(structure: TableStructure, analysis: Analysis, index: number): number[] | null {
  const vector = vectorOver(structure.figures[index]?.support ?? [], analysis.hidden);
  if (vector.size === 0) return [];
  const { rest, origin } = analysis.basis.reduce(vector);
  return rest.size === 0 ? [...origin.keys()] : null;
}

/**
 * The hidden figures with a non-zero value that can be worked out exactly from what is shown.
 * Empty for a safe pattern. Exported so tests and callers can audit any pattern.
 */
export function exposedFigures(structure: TableStructure, values: readonly number[], suppressed: readonly boolean[]): number[] {
  const analysis = analyse(structure, suppressed, detailFlags(structure));
  const exposed: number[] = [];
  structure.figures.forEach((_figure, index) => {
    if (suppressed[index] && (values[index] ?? 0) > 0 && certificate(structure, analysis, index) !== null) exposed.push(index);
  });
  return exposed;
}

function isExposed(structure: TableStructure, suppressed: readonly boolean[], isDetail: Uint8Array, index: number): boolean {
  return certificate(structure, analyse(structure, suppressed, isDetail), index) !== null;
}

/** Cheapest first: anything before a grand total, then the smallest value, cells before margins. */
function byCost(structure: TableStructure, values: readonly number[], isDetail: Uint8Array) {
  const grand = (figure: number) => ((structure.figures[figure]?.support.length ?? 0) === structure.detailCount ? 1 : 0);
  return (a: number, b: number) =>
    grand(a) - grand(b) || (values[a] ?? 0) - (values[b] ?? 0) || (isDetail[b] ?? 0) - (isDetail[a] ?? 0) || a - b;
}

/** Lines with exactly one hidden non-zero member get a second one; repeated until stable. */
function applyLineRule(structure: TableStructure, values: readonly number[], suppressed: boolean[], isDetail: Uint8Array): void {
  const order = byCost(structure, values, isDetail);
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of structure.lines) {
      const members = [line.parent, ...line.children];
      const hidden = members.filter((member) => suppressed[member]);
      if (hidden.length !== 1 || (values[hidden[0] as number] ?? 0) === 0) continue;
      const shown = (candidates: readonly number[]) =>
        candidates.filter((member) => !suppressed[member] && (values[member] ?? 0) > 0).sort(order);
      const choice = shown(line.children)[0] ?? shown([line.parent])[0];
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
function fixExposed(structure: TableStructure, values: readonly number[], suppressed: boolean[], index: number, isDetail: Uint8Array): void {
  const order = byCost(structure, values, isDetail);
  const analysis = analyse(structure, suppressed, isDetail);
  const used = certificate(structure, analysis, index) ?? [];
  const shownNonZero = (figure: number) => !suppressed[figure] && (values[figure] ?? 0) > 0;
  const cells = new Set<number>();
  for (const figure of [index, ...used]) {
    for (const cell of structure.figures[figure]?.support ?? []) {
      const detail = structure.detailFigure[cell];
      if (detail !== undefined && shownNonZero(detail)) cells.add(detail);
    }
  }
  const aggregates = used.filter(shownNonZero).sort(order);
  const candidates = [...new Set([...aggregates, ...cells])].sort(order);
  for (const candidate of candidates.slice(0, MAX_TRIES_PER_FIX)) {
    suppressed[candidate] = true;
    if (!isExposed(structure, suppressed, isDetail, index)) return;
    suppressed[candidate] = false;
  }
  const fallback = aggregates[0] ?? candidates[0];
  if (fallback !== undefined) {
    suppressed[fallback] = true;
    return;
  }
  // Nothing is left to hide: hide every shown non-zero figure (always safe).
  structure.figures.forEach((_figure, figure) => {
    if ((values[figure] ?? 0) > 0) suppressed[figure] = true;
  });
}

/**
 * Applies secondary suppression to a primary pattern. Returns the final pattern: true where a
 * figure is hidden. `values[i]` is figure i's true value (the sum over its support).
 */
export function protect(structure: TableStructure, values: readonly number[], primary: readonly boolean[]): boolean[] {
  const suppressed = structure.figures.map((_figure, index) => primary[index] === true);
  const isDetail = detailFlags(structure);
  for (;;) {
    applyLineRule(structure, values, suppressed, isDetail);
    const first = exposedFigures(structure, values, suppressed)[0];
    if (first === undefined) return suppressed;
    fixExposed(structure, values, suppressed, first, isDetail);
  }
}

/** Lines in which exactly one member is hidden (and non-zero): must be none after protect(). */
export function linesWithSingleHidden(structure: TableStructure, values: readonly number[], suppressed: readonly boolean[]): Line[] {
  return structure.lines.filter((line) => {
    const hidden = [line.parent, ...line.children].filter((member) => suppressed[member]);
    return hidden.length === 1 && (values[hidden[0] as number] ?? 0) > 0;
  });
}
