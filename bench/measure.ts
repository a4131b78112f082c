// Timing: every operation runs on the encrypted and the plain store in the same run, in
// alternation, so drift of a noisy 2-core machine hits both alike; figures are compared as ratios.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

export interface Distribution {
  samples: number;
  median: number;
  p95: number;
  p99: number;
  min: number;
  max: number;
  mean: number;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[index] as number;
}

const round = (value: number) => Math.round(value * 1000) / 1000;

export function distribution(values: readonly number[]): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, value) => sum + value, 0) / Math.max(1, sorted.length);
  return {
    samples: sorted.length,
    median: round(percentile(sorted, 0.5)),
    p95: round(percentile(sorted, 0.95)),
    p99: round(percentile(sorted, 0.99)),
    min: round(sorted[0] ?? Number.NaN),
    max: round(sorted.at(-1) ?? Number.NaN),
    mean: round(mean),
  };
}

export function timeOnce(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export async function timeOnceAsync(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

export interface PairBudget {
  warmup: number;
  minIterations: number;
  maxIterations: number;
  /** Stop after this much time on both stores together, once minIterations are done. */
  seconds: number;
}

export const READ_BUDGET: PairBudget = { warmup: 3, minIterations: 10, maxIterations: 200, seconds: 4 };

/** `--quick` (the test that checks the bench runs) shrinks every time budget; counts stay as they are. */
let timeBudgetScale = 1;
export function scaleTimeBudgets(scale: number): void {
  timeBudgetScale = scale;
}

/** Runs `work(side)` alternately on both sides; returns each side's samples in milliseconds. */
export function measurePair<S extends string>(
  sides: readonly S[],
  work: (side: S, iteration: number) => unknown,
  budget: PairBudget = READ_BUDGET,
  onSample?: () => void,
): Record<S, number[]> {
  const samples = Object.fromEntries(sides.map((side) => [side, [] as number[]])) as Record<S, number[]>;
  // An operation that takes seconds gets a few samples, not minutes of them.
  let slowest = 0;
  for (let i = 0; i < budget.warmup && slowest < 250; i++) {
    for (const side of sides) slowest = Math.max(slowest, timeOnce(() => work(side, -1 - i)));
  }
  const minIterations = slowest >= 250 ? Math.min(3, budget.minIterations) : budget.minIterations;
  const started = performance.now();
  for (let i = 0; i < budget.maxIterations; i++) {
    // Alternate which side goes first, so neither always runs right after the other's cache misses.
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const side of order) {
      samples[side].push(timeOnce(() => work(side, i)));
      onSample?.();
    }
    if (i + 1 >= minIterations && performance.now() - started > budget.seconds * timeBudgetScale * 1000) break;
  }
  return samples;
}

/**
 * For operations that may take seconds (the summary export): one pair is timed first and sets the
 * plan. Under a second a side it was the warm-up, and measurePair follows (at least 3 pairs, ~5 s);
 * from a second on it is the first sample, and at most 2 more pairs follow while the operation
 * stays within ~20 s in all, so a pair that alone takes longer is the only sample.
 */
export function measureSlowPair<S extends string>(
  sides: readonly S[],
  work: (side: S, iteration: number) => unknown,
  onSample?: () => void,
): Record<S, number[]> {
  const first = Object.fromEntries(sides.map((side) => [side, [] as number[]])) as Record<S, number[]>;
  // The other order than measurePair's first iteration, so the sides keep alternating.
  for (const side of [...sides].reverse()) {
    first[side].push(timeOnce(() => work(side, -1)));
    onSample?.();
  }
  const firstTimes = sides.map((side) => first[side][0] ?? 0);
  if (Math.max(...firstTimes) < 1_000) return measurePair(sides, work, { warmup: 0, minIterations: 3, maxIterations: 30, seconds: 5 }, onSample);
  const pairMs = firstTimes.reduce((sum, time) => sum + time, 0);
  const more = Math.max(0, Math.min(2, Math.floor((20_000 - pairMs) / pairMs)));
  const rest = measurePair(sides, work, { warmup: 0, minIterations: more, maxIterations: more, seconds: 0 }, onSample);
  for (const side of sides) first[side].push(...rest[side]);
  return first;
}

/** Resident memory now, and the highest seen by this sampler. */
export class MemorySampler {
  peakRss = 0;

  sample(): number {
    const rss = process.memoryUsage.rss();
    if (rss > this.peakRss) this.peakRss = rss;
    return rss;
  }
}

/**
 * The process's highest resident memory. On Linux from /proc (VmHWM): getrusage's maxRSS, which
 * resourceUsage() reports, keeps what the parent had resident when it forked a child (the kernel
 * carries it across exec), so a probe forked from the benchmark started at ~207 MiB.
 */
export function maxRssBytes(): number {
  try {
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kib) return Number(kib) * 1024;
  } catch {
    // Not Linux: getrusage is all there is.
  }
  // resourceUsage().maxRSS is in kilobytes.
  return process.resourceUsage().maxRSS * 1024;
}
