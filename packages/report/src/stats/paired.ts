import type { Rng } from '@hbt/core';
import { quantileSorted } from './describe.js';

/**
 * Paired comparison of two systems on the same units (queries): a randomization (sign-flip) test for
 * the p-value and a paired bootstrap for the confidence interval of the difference.
 *
 * The statistic is the **macro average over strata of the mean per-unit difference** a − b. With one
 * stratum it is the plain mean difference; with the strata of a retrieval setting (one per language or
 * language pair) it is exactly the difference of the macro-averaged measure the tables show.
 *
 * Units that are not independent (one query against several target languages) share a `cluster`: the
 * test flips the sign of a whole cluster at once and the bootstrap resamples whole clusters, within
 * their `block` (e.g. the query language). By default every unit is its own cluster and its block is its
 * stratum.
 *
 * - p-value: under H0 the labels a/b are exchangeable within a cluster, so each cluster's differences
 *   change sign together at random. Two-sided: the share of sign patterns whose |statistic| reaches the
 *   observed one. When 2^clusters ≤ `permutations` all patterns are enumerated (exact p, the observed
 *   one included); otherwise `permutations` random patterns give p = (1 + hits) / (1 + permutations).
 * - interval: clusters are drawn with replacement within each block (`bootstrap` times); strata left
 *   empty in a resample are skipped; percentile interval at `confidence`.
 *
 * @example
 * pairedTest([{ stratum: 'en', a: 3, b: 2 }, { stratum: 'en', a: 4, b: 2 }, { stratum: 'en', a: 5, b: 2 }],
 *   { permutations: 1000, bootstrap: 1000, confidence: 0.95, rng: Rng.fromSeed(1) });
 * // diff 2 (mean of 1, 2, 3); exact test over 2^3 sign patterns: p = 2/8 = 0.25
 */
export interface PairedUnit {
  stratum: string;
  /** Units with the same cluster change sign together and are resampled together. */
  cluster?: string;
  /** Clusters are resampled within their block (default: the stratum). */
  block?: string;
  a: number;
  b: number;
}

export interface PairedTestOptions {
  permutations: number;
  bootstrap: number;
  confidence: number;
  rng: Rng;
}

export interface PairedTestResult {
  /** Number of paired units, of clusters and of strata. */
  n: number;
  clusters: number;
  strata: number;
  /** Macro-averaged means of a and b, and their difference a − b. */
  meanA: number;
  meanB: number;
  diff: number;
  /** Bootstrap percentile interval of `diff`; null with fewer than two clusters. */
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p-value of the randomization test. */
  p: number;
  /** True when all sign patterns were enumerated. */
  exact: boolean;
  /** Sign patterns evaluated (2^clusters when exact). */
  patterns: number;
}

export function pairedTest(units: readonly PairedUnit[], opts: PairedTestOptions): PairedTestResult {
  if (units.length === 0) throw new RangeError('pairedTest needs at least one paired unit');
  const strataIx = new Map<string, number>();
  const clusterIx = new Map<string, number>();
  const clusterBlock: string[] = [];
  const uStratum = new Int32Array(units.length);
  const uCluster = new Int32Array(units.length);
  units.forEach((u, i) => {
    if (!Number.isFinite(u.a) || !Number.isFinite(u.b)) {
      throw new RangeError(`pairedTest: non-finite value in stratum ${u.stratum}`);
    }
    if (!strataIx.has(u.stratum)) strataIx.set(u.stratum, strataIx.size);
    const ck = u.cluster === undefined ? `\u0000unit${i}` : `c:${u.cluster}`;
    if (!clusterIx.has(ck)) {
      clusterIx.set(ck, clusterIx.size);
      clusterBlock.push(u.block ?? u.stratum);
    }
    uStratum[i] = strataIx.get(u.stratum)!;
    uCluster[i] = clusterIx.get(ck)!;
  });
  const S = strataIx.size;
  const K = clusterIx.size;
  const nPer = new Float64Array(S);
  const sumA = new Float64Array(S);
  const sumB = new Float64Array(S);
  units.forEach((u, i) => {
    nPer[uStratum[i]!]! += 1;
    sumA[uStratum[i]!]! += u.a;
    sumB[uStratum[i]!]! += u.b;
  });
  let meanA = 0;
  let meanB = 0;
  for (let s = 0; s < S; s++) {
    meanA += sumA[s]! / nPer[s]! / S;
    meanB += sumB[s]! / nPer[s]! / S;
  }
  // Cluster totals of the weighted differences d_i / (S · n_s): the statistic is their sum.
  const C = new Float64Array(K);
  units.forEach((u, i) => {
    C[uCluster[i]!]! += (u.a - u.b) / (S * nPer[uStratum[i]!]!);
  });
  let observed = 0;
  let absTotal = 0;
  for (let k = 0; k < K; k++) {
    observed += C[k]!;
    absTotal += Math.abs(C[k]!);
  }
  const threshold = Math.abs(observed) - 1e-9 * Math.max(absTotal, Number.MIN_VALUE);
  const { p, exact, patterns } = signFlip(C, threshold, opts);
  const [ciLow, ciHigh] = K >= 2 ? bootstrap(units, uStratum, uCluster, clusterBlock, S, opts) : [null, null];
  return { n: units.length, clusters: K, strata: S, meanA, meanB, diff: observed, ciLow, ciHigh, p, exact, patterns };
}

function signFlip(
  C: Float64Array,
  threshold: number,
  opts: PairedTestOptions,
): { p: number; exact: boolean; patterns: number } {
  const K = C.length;
  if (K <= 30 && 2 ** K <= opts.permutations) {
    const patterns = 2 ** K;
    let hits = 0;
    for (let mask = 0; mask < patterns; mask++) {
      let t = 0;
      for (let i = 0; i < K; i++) t += (mask >>> i) & 1 ? -C[i]! : C[i]!;
      if (Math.abs(t) >= threshold) hits++;
    }
    return { p: hits / patterns, exact: true, patterns };
  }
  const rng = opts.rng.derive('permutation');
  let hits = 0;
  for (let r = 0; r < opts.permutations; r++) {
    let t = 0;
    for (let i = 0; i < K; i += 32) {
      const bits = rng.nextU32();
      const end = Math.min(K, i + 32);
      for (let j = i; j < end; j++) t += (bits >>> (j - i)) & 1 ? -C[j]! : C[j]!;
    }
    if (Math.abs(t) >= threshold) hits++;
  }
  return { p: (1 + hits) / (1 + opts.permutations), exact: false, patterns: opts.permutations };
}

function bootstrap(
  units: readonly PairedUnit[],
  uStratum: Int32Array,
  uCluster: Int32Array,
  clusterBlock: string[],
  S: number,
  opts: PairedTestOptions,
): [number, number] {
  // Per (cluster, stratum): sum of differences and count.
  const cells = new Map<number, { c: number; s: number; sum: number; cnt: number }>();
  units.forEach((u, i) => {
    const key = uCluster[i]! * S + uStratum[i]!;
    const e = cells.get(key) ?? { c: uCluster[i]!, s: uStratum[i]!, sum: 0, cnt: 0 };
    e.sum += u.a - u.b;
    e.cnt += 1;
    cells.set(key, e);
  });
  const entries = [...cells.values()];
  const blocks = new Map<string, number[]>();
  clusterBlock.forEach((b, c) => {
    const list = blocks.get(b) ?? [];
    list.push(c);
    blocks.set(b, list);
  });
  const blockList = [...blocks.keys()].sort().map((b) => blocks.get(b)!);
  const rng = opts.rng.derive('bootstrap');
  const w = new Float64Array(clusterBlock.length);
  const sum = new Float64Array(S);
  const cnt = new Float64Array(S);
  const reps = new Float64Array(opts.bootstrap);
  for (let r = 0; r < opts.bootstrap; r++) {
    w.fill(0);
    for (const members of blockList) {
      for (let j = 0; j < members.length; j++) w[members[rng.int(members.length)]!]! += 1;
    }
    sum.fill(0);
    cnt.fill(0);
    for (const e of entries) {
      const wc = w[e.c]!;
      if (wc === 0) continue;
      sum[e.s]! += wc * e.sum;
      cnt[e.s]! += wc * e.cnt;
    }
    let t = 0;
    let used = 0;
    for (let s = 0; s < S; s++) {
      if (cnt[s]! > 0) {
        t += sum[s]! / cnt[s]!;
        used++;
      }
    }
    reps[r] = t / used;
  }
  reps.sort();
  const alpha = 1 - opts.confidence;
  return [quantileSorted(reps, alpha / 2), quantileSorted(reps, 1 - alpha / 2)];
}
