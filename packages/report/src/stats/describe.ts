import { studentTQuantile } from './t-dist.js';

/**
 * Descriptive statistics over seeds: mean, sample standard deviation and a Student-t confidence interval.
 *
 * With one value there is no spread to estimate: `std` and the interval are `null` (the report prints
 * "n=1"). Non-finite inputs are dropped before anything is computed.
 *
 * @example
 * summarize([0.5, 0.6, 0.7]);
 * // { n: 3, mean: 0.6, std: 0.1, low: 0.6 - 4.303 * 0.1 / √3, high: …, values: [0.5, 0.6, 0.7] }
 */
export interface Summary {
  n: number;
  mean: number | null;
  /** Sample standard deviation (n − 1 in the denominator); null when n < 2. */
  std: number | null;
  /** Lower end of the t-interval of the mean; null when n < 2. */
  low: number | null;
  high: number | null;
  values: number[];
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (Bessel-corrected); null for fewer than two values. */
export function sampleStd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const m = mean(xs)!;
  let ss = 0;
  for (const x of xs) ss += (x - m) * (x - m);
  return Math.sqrt(ss / (xs.length - 1));
}

/** Mean, std and the two-sided t-interval at `confidence` (default 0.95) of the finite values. */
export function summarize(values: readonly number[], confidence = 0.95): Summary {
  const xs = values.filter((v) => Number.isFinite(v));
  const n = xs.length;
  const m = mean(xs);
  const sd = sampleStd(xs);
  if (m === null || sd === null) return { n, mean: m, std: null, low: null, high: null, values: xs };
  const half = studentTQuantile(0.5 + confidence / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean: m, std: sd, low: m - half, high: m + half, values: xs };
}

/**
 * The q-quantile of sorted values by linear interpolation between order statistics (numpy's default,
 * "type 7"): position h = (n − 1)·q.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of an empty array');
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Holm's step-down adjustment of p-values (family-wise error). Returns adjusted values in input order.
 *
 * @example
 * holm([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 */
export function holm(ps: readonly number[]): number[] {
  const m = ps.length;
  const order = ps.map((p, i) => [p, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    out[i] = running;
  });
  return out;
}
