import type { Rng } from '@hbt/core';
import { clusterBootstrap } from './cluster-bootstrap.js';
import { signFlip } from './sign-flip.js';

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
  // Ties: statistics within 1e-10 of the size of the values themselves count as equal, so differences
  // at rounding level (e.g. seed means computed in another order) do not look like effects.
  const C = new Float64Array(K);
  let scale = 0;
  units.forEach((u, i) => {
    const w = 1 / (S * nPer[uStratum[i]!]!);
    C[uCluster[i]!]! += (u.a - u.b) * w;
    scale += (Math.abs(u.a) + Math.abs(u.b)) * w;
  });
  let observed = 0;
  for (let k = 0; k < K; k++) observed += C[k]!;
  const threshold = Math.abs(observed) - 1e-10 * Math.max(scale, Number.MIN_VALUE);
  const { p, exact, patterns } = signFlip(C, threshold, opts.permutations, opts.rng.derive('permutation'));
  const diffs = Float64Array.from(units, (u) => u.a - u.b);
  const [ciLow, ciHigh] =
    K >= 2
      ? clusterBootstrap(
          { diff: diffs, stratum: uStratum, cluster: uCluster, clusterBlock, strata: S },
          opts.bootstrap,
          opts.confidence,
          opts.rng.derive('bootstrap'),
        )
      : [null, null];
  return {
    n: units.length,
    clusters: K,
    strata: S,
    meanA,
    meanB,
    diff: observed,
    ciLow,
    ciHigh,
    p,
    exact,
    patterns,
  };
}
