import { performance } from 'node:perf_hooks';

/** Timings of repeated runs of one operation, in milliseconds. */
export interface Timing {
  p50: number;
  p95: number;
  runs: number;
}

/** The `p`-th percentile (0–100) of `values` by the nearest-rank method. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

/** Runs `fn` once to warm up, then `runs` times, and returns the result of the last run with its timing. */
export function measure<T>(runs: number, fn: () => T): { value: T; timing: Timing } {
  let value = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    value = fn();
    times.push(performance.now() - start);
  }
  return { value, timing: { p50: round(percentile(times, 50)), p95: round(percentile(times, 95)), runs } };
}

/** Milliseconds since `start`, rounded. */
export function since(start: number): number {
  return round(performance.now() - start);
}

/** Rounds to two decimals for printing. */
export function round(x: number): number {
  return Math.round(x * 100) / 100;
}
