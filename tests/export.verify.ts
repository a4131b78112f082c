// An independent check of a published summary's suppression, written without the exporter's
// code: it rebuilds every published table from the output alone, and with exact fractions
// (BigInt) finds every hidden figure that can be computed from what is shown.
import { RESOLVED_OUTCOMES } from '@shared/domain';
import type { SummaryExport } from '@shared/exchange';

interface CheckedFigure {
  name: string;
  /** Indices of the detail cells it adds up. */
  support: number[];
  value: number | null;
}

export interface Exposure {
  name: string;
  /** The value the published figures force on it. */
  derived: number;
}

type Row = bigint[];

function gcdOf(values: bigint[]): bigint {
  let g = 0n;
  for (const v of values) {
    let a = v < 0n ? -v : v;
    let b = g;
    while (b !== 0n) [a, b] = [b, a % b];
    g = a;
  }
  return g;
}

function normalise(row: Row): Row {
  const g = gcdOf(row);
  return g > 1n ? row.map((v) => v / g) : row;
}

/**
 * Figures are sums over detail cells; detail figures have a one-cell support. Returns every
 * hidden figure whose value is forced by the shown ones, with that value.
 */
export function exposures(detail: CheckedFigure[], aggregates: CheckedFigure[]): Exposure[] {
  const unknown = detail.map((figure) => figure.value === null);
  const columns: number[] = [];
  const columnOf = new Map<number, number>();
  unknown.forEach((hidden, cell) => {
    if (hidden) {
      columnOf.set(cell, columns.length);
      columns.push(cell);
    }
  });
  const n = columns.length;
  const known = (support: number[]) => support.reduce((sum, cell) => sum + (unknown[cell] ? 0 : (detail[cell]?.value ?? 0)), 0);
  const vectorOf = (support: number[]): Row => {
    const row: Row = new Array<bigint>(n + 1).fill(0n);
    for (const cell of support) {
      const column = columnOf.get(cell);
      if (column !== undefined) row[column] = (row[column] ?? 0n) + 1n;
    }
    return row;
  };
  // Equations: each shown aggregate, over the hidden cells; the last entry is the right-hand side.
  const rows: Row[] = [];
  for (const figure of aggregates) {
    if (figure.value === null) continue;
    const row = vectorOf(figure.support);
    row[n] = BigInt(figure.value - known(figure.support));
    if (row.slice(0, n).some((v) => v !== 0n)) rows.push(row);
  }
  // Fraction-free Gaussian elimination to row echelon form.
  const pivots: { row: Row; column: number }[] = [];
  let remaining = rows;
  for (let column = 0; column < n && remaining.length > 0; column += 1) {
    const index = remaining.findIndex((row) => row[column] !== 0n);
    if (index < 0) continue;
    const pivot = remaining[index] as Row;
    const rest: Row[] = [];
    remaining.forEach((row, i) => {
      if (i === index) return;
      const factor = row[column] ?? 0n;
      if (factor === 0n) {
        rest.push(row);
        return;
      }
      const p = pivot[column] ?? 1n;
      const next = normalise(row.map((v, j) => v * p - factor * (pivot[j] ?? 0n)));
      if (next.slice(0, n).some((v) => v !== 0n)) rest.push(next);
    });
    pivots.push({ row: pivot, column });
    remaining = rest;
  }
  const result: Exposure[] = [];
  for (const figure of [...detail, ...aggregates]) {
    if (figure.value !== null) continue;
    // f·x = s·V − C, reduced by the pivots until f is zero (then V = C / s) or cannot be.
    let f = vectorOf(figure.support);
    let s = 1n;
    let c = -BigInt(known(figure.support));
    for (const { row, column } of pivots) {
      const factor = f[column] ?? 0n;
      if (factor === 0n) continue;
      const p = row[column] ?? 1n;
      f = f.map((v, j) => (j === n ? 0n : v * p - factor * (row[j] ?? 0n)));
      c = c * p + factor * (row[n] ?? 0n);
      s *= p;
    }
    if (f.slice(0, n).every((v) => v === 0n)) {
      if (c % s !== 0n) throw new Error(`Non-integral derivation for ${figure.name}`);
      result.push({ name: figure.name, derived: Number(c / s) });
    }
  }
  return result;
}

type CrisisMeasure = 'crises' | 'hostagesReleased' | 'suicidesPrevented';

/** The crisis tables of a summary as figures of one measure. */
export function crisisFigures(summary: SummaryExport, measure: CrisisMeasure | 'resolved') {
  const { cells } = summary.crises;
  const value = (row: Record<string, unknown>, name: string) => row[name] as number | null;
  const source = measure === 'resolved' ? 'crises' : measure;
  const resolvedOnly = measure === 'resolved';
  const isResolved = (outcome: string) => (RESOLVED_OUTCOMES as readonly string[]).includes(outcome);
  const detail: CheckedFigure[] = cells.map((cell, i) => ({
    name: `cell ${cell.team}/${cell.period}/${cell.type}/${cell.outcome}`,
    support: [i],
    value: value(cell, source),
  }));
  const supportWhere = (match: (cell: (typeof cells)[number]) => boolean) =>
    cells.flatMap((cell, i) => (match(cell) && (!resolvedOnly || isResolved(cell.outcome)) ? [i] : []));
  const aggregates: CheckedFigure[] = [];
  const add = <R extends Record<string, unknown>>(table: string, rows: R[], match: (row: R, cell: (typeof cells)[number]) => boolean) => {
    for (const row of rows) {
      if (!(measure in row) && resolvedOnly) continue;
      aggregates.push({
        name: `${table} ${JSON.stringify(row)}`,
        support: supportWhere((cell) => match(row, cell)),
        value: value(row, measure === 'resolved' ? 'resolved' : source),
      });
    }
  };
  const c = summary.crises;
  add('totals', [c.totals], () => true);
  add('byTeam', c.byTeam, (row, cell) => cell.team === row.team);
  add('byPeriod', c.byPeriod, (row, cell) => cell.period === row.period);
  add('byTeamAndPeriod', c.byTeamAndPeriod, (row, cell) => cell.team === row.team && cell.period === row.period);
  add('byType', c.byType, (row, cell) => cell.type === row.type);
  if (!resolvedOnly) {
    add('byOutcome', c.byOutcome, (row, cell) => cell.outcome === row.outcome);
    add('byTypeAndOutcome', c.byTypeAndOutcome, (row, cell) => cell.type === row.type && cell.outcome === row.outcome);
  }
  return { detail, aggregates };
}

export function hotlineFigures(summary: SummaryExport) {
  const hotline = summary.hotline;
  if (!hotline) return { detail: [], aggregates: [] };
  const detail: CheckedFigure[] = hotline.cells.map((cell, i) => ({ name: `call cell ${JSON.stringify(cell)}`, support: [i], value: cell.calls }));
  const cells = hotline.cells;
  const where = (match: (cell: (typeof cells)[number]) => boolean) => cells.flatMap((cell, i) => (match(cell) ? [i] : []));
  const aggregates: CheckedFigure[] = [
    { name: 'calls total', support: where(() => true), value: hotline.totals.calls },
    ...hotline.byPeriod.map((row) => ({ name: `calls ${row.period}`, support: where((cell) => cell.period === row.period), value: row.calls })),
    ...hotline.byThreat.map((row) => ({ name: `calls ${row.threat}`, support: where((cell) => cell.threat === row.threat), value: row.calls })),
    ...hotline.byUrgency.map((row) => ({ name: `calls ${row.urgency}`, support: where((cell) => cell.urgency === row.urgency), value: row.calls })),
    ...hotline.byAction.map((row) => ({ name: `calls ${row.action}`, support: where((cell) => cell.action === row.action), value: row.calls })),
  ];
  return { detail, aggregates };
}

/**
 * Every way a hidden figure of the summary could be worked out: counts (crises, resolved,
 * calls) must never be derivable; sums may only be derivable where they are 0.
 */
export function disclosures(summary: SummaryExport): Exposure[] {
  const found: Exposure[] = [];
  // "resolved" figures are counts over the same cells as "crises": one system for both.
  const crises = crisisFigures(summary, 'crises');
  const resolved = crisisFigures(summary, 'resolved');
  found.push(...exposures(crises.detail, [...crises.aggregates, ...resolved.aggregates]));
  const calls = hotlineFigures(summary);
  found.push(...exposures(calls.detail, calls.aggregates));
  for (const measure of ['hostagesReleased', 'suicidesPrevented'] as const) {
    const { detail, aggregates } = crisisFigures(summary, measure);
    found.push(...exposures(detail, aggregates).filter((exposure) => exposure.derived !== 0));
  }
  return found;
}

/**
 * The brief's line test: in every row and column of every published table, the hidden members
 * (margin included) number 0 or at least 2. Returns the offending lines.
 */
export function singleHiddenLines(summary: SummaryExport): string[] {
  const bad: string[] = [];
  const check = (name: string, parent: number | null, children: (number | null)[]) => {
    const hidden = [parent, ...children].filter((value) => value === null).length;
    if (hidden === 1) bad.push(name);
  };
  const c = summary.crises;
  const cellsOf = (match: (cell: (typeof c.cells)[number]) => boolean) => c.cells.filter(match).map((cell) => cell.crises);
  for (const row of c.byTeamAndPeriod) check(`tp ${row.team} ${row.period}`, row.crises, cellsOf((cell) => cell.team === row.team && cell.period === row.period));
  for (const row of c.byTypeAndOutcome) check(`to ${row.type} ${row.outcome}`, row.crises, cellsOf((cell) => cell.type === row.type && cell.outcome === row.outcome));
  for (const row of c.byTeam) check(`team ${row.team}`, row.crises, c.byTeamAndPeriod.filter((tp) => tp.team === row.team).map((tp) => tp.crises));
  for (const row of c.byPeriod) check(`period ${row.period}`, row.crises, c.byTeamAndPeriod.filter((tp) => tp.period === row.period).map((tp) => tp.crises));
  for (const row of c.byType) check(`type ${row.type}`, row.crises, c.byTypeAndOutcome.filter((to) => to.type === row.type).map((to) => to.crises));
  for (const row of c.byOutcome) check(`outcome ${row.outcome}`, row.crises, c.byTypeAndOutcome.filter((to) => to.outcome === row.outcome).map((to) => to.crises));
  check('total by team', c.totals.crises, c.byTeam.map((row) => row.crises));
  check('total by period', c.totals.crises, c.byPeriod.map((row) => row.crises));
  check('total by type', c.totals.crises, c.byType.map((row) => row.crises));
  check('total by outcome', c.totals.crises, c.byOutcome.map((row) => row.crises));
  check('resolved by team', c.totals.resolved, c.byTeam.map((row) => row.resolved));
  check('resolved by period', c.totals.resolved, c.byPeriod.map((row) => row.resolved));
  check('resolved by type', c.totals.resolved, c.byType.map((row) => row.resolved));
  for (const row of c.byTeam) check(`resolved team ${row.team}`, row.resolved, c.byTeamAndPeriod.filter((tp) => tp.team === row.team).map((tp) => tp.resolved));
  for (const row of c.byPeriod) check(`resolved period ${row.period}`, row.resolved, c.byTeamAndPeriod.filter((tp) => tp.period === row.period).map((tp) => tp.resolved));
  const h = summary.hotline;
  if (h) {
    check('calls by period', h.totals.calls, h.byPeriod.map((row) => row.calls));
    check('calls by threat', h.totals.calls, h.byThreat.map((row) => row.calls));
    check('calls by urgency', h.totals.calls, h.byUrgency.map((row) => row.calls));
    check('calls by action', h.totals.calls, h.byAction.map((row) => row.calls));
    for (const row of h.byPeriod) check(`calls ${row.period}`, row.calls, h.cells.filter((cell) => cell.period === row.period).map((cell) => cell.calls));
    for (const row of h.byThreat) check(`calls ${row.threat}`, row.calls, h.cells.filter((cell) => cell.threat === row.threat).map((cell) => cell.calls));
  }
  return bad;
}

/** Published figures that are small counts (1…k−1): must be none. */
export function smallPublishedCounts(summary: SummaryExport): string[] {
  const k = summary.scope.k;
  const small = (value: number | null) => value !== null && value >= 1 && value < k;
  const bad: string[] = [];
  const visit = (name: string, rows: Record<string, unknown>[], fields: string[]) => {
    for (const row of rows) for (const field of fields) if (small(row[field] as number | null)) bad.push(`${name}.${field} ${JSON.stringify(row)}`);
  };
  const c = summary.crises;
  visit('totals', [c.totals], ['crises', 'resolved']);
  for (const [name, rows] of Object.entries({ byTeam: c.byTeam, byPeriod: c.byPeriod, byTeamAndPeriod: c.byTeamAndPeriod, byType: c.byType })) {
    visit(name, rows, ['crises', 'resolved']);
  }
  for (const [name, rows] of Object.entries({ byOutcome: c.byOutcome, byTypeAndOutcome: c.byTypeAndOutcome, cells: c.cells })) visit(name, rows, ['crises']);
  if (summary.hotline) {
    const h = summary.hotline;
    for (const [name, rows] of Object.entries({ totals: [h.totals], byPeriod: h.byPeriod, byThreat: h.byThreat, byUrgency: h.byUrgency, byAction: h.byAction, cells: h.cells })) {
      visit(`hotline.${name}`, rows, ['calls']);
    }
  }
  return bad;
}
