import type { Rng } from '@hbt/core';
import type { Arm } from '../model/arms.js';
import type { MetricIndex } from '../model/metric-index.js';
import { seedAveragedUnits } from '../model/significance.js';
import type { Setting, VariantData } from '../model/types.js';
import { summarize } from '../stats/describe.js';
import { type PairedUnit, pairedTest } from '../stats/paired.js';

/**
 * A contrast of arms on one number: Σ sign_i · value(arm_i), e.g. `a − b` (two arms), `large − small`
 * (one arm across training sizes) or `(a_L − b_L) − (a_S − b_S)` (a gap across sizes). Evaluation data
 * is never subsampled, so the arms of every size are measured on the same queries and pair up.
 *
 * - **queries** (when every variant of every arm has per-query values of the measure): a unit is one
 *   query in one language pair, valued by the mean over the arm's seeds (`seedAveragedUnits`, as the
 *   significance table); the positive terms make side a and the negative ones side b of `pairedTest`
 *   (macro over language pairs, cluster bootstrap interval, sign-flip p).
 * - **seeds** (otherwise): the contrast of the macro numbers per seed, over the seeds every arm has, and
 *   its Student-t interval (`summarize`); no p-value.
 *
 * On the queries basis with two or more seeds, `acrossSeeds` is the seeds-basis contrast too: the
 * query-level interval treats each arm's seed mean as fixed, so it says whether the difference holds on
 * these queries, and `acrossSeeds` whether it stands out from the variation between training runs.
 *
 * @example
 * contrast([{ arm: hybrid, sign: 1 }, { arm: xy, sign: -1 }], 'ntrex-128', 'cross', 'AP', ctx);
 * // { diff: 0.012, ciLow: 0.004, ciHigh: 0.02, p: 0.003, basis: 'queries', n: 1012, seeds: 3 }
 */
/** A contrast over seeds: the mean of the per-seed contrasts and its t-interval (null with one seed). */
export interface SeedContrast {
  diff: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Seeds paired. */
  n: number;
}

export interface ContrastResult {
  diff: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p of the randomization test (queries basis); null on the seeds basis. */
  p: number | null;
  /** True when p is the smallest the random sign flips can give (1 / (1 + draws)): the true p is lower. */
  pAtFloor: boolean;
  basis: 'queries' | 'seeds';
  /** Queries (clusters) on the queries basis, seeds on the seeds basis. */
  n: number;
  /** The fewest seeds of any arm of the contrast. */
  seeds: number;
  /**
   * queries basis with two or more seeds paired: the same contrast over seeds (the variation between
   * training runs, which the query-level interval does not include); null otherwise.
   */
  acrossSeeds: SeedContrast | null;
}

export interface ContrastContext {
  index(v: VariantData): MetricIndex;
  permutations: number;
  bootstrap: number;
  confidence: number;
  rng: Rng;
}

export interface Term {
  arm: Arm;
  sign: 1 | -1;
}

/** The contrast, or null when no query or seed has a value in every arm. */
export function contrast(
  terms: readonly Term[],
  dataset: string,
  setting: Setting,
  measure: string,
  ctx: ContrastContext,
): ContrastResult | null {
  const seeds = Math.min(...terms.map((t) => t.arm.variants.length));
  const bySeed = seedContrast(terms, dataset, setting, measure, ctx);
  const perQuery = terms.every((t) => t.arm.variants.every((v) => hasPerQuery(v, dataset, measure)));
  if (perQuery) {
    const maps = terms.map((t) => seedAveragedUnits(t.arm, dataset, setting, measure));
    const units: PairedUnit[] = [];
    for (const [key, u] of maps[0]!) {
      let a = 0;
      let b = 0;
      let all = true;
      terms.forEach((t, i) => {
        const x = maps[i]!.get(key);
        if (x === undefined) all = false;
        else if (t.sign > 0) a += x.value;
        else b += x.value;
      });
      if (all) units.push({ stratum: u.stratum, cluster: u.cluster, block: u.block, a, b });
    }
    if (units.length > 0) {
      const r = pairedTest(units, { ...ctx, rng: ctx.rng.derive('contrast', dataset, setting, measure) });
      return {
        diff: r.diff,
        ciLow: r.ciLow,
        ciHigh: r.ciHigh,
        p: r.p,
        pAtFloor: !r.exact && r.p === 1 / (1 + r.patterns),
        basis: 'queries',
        n: r.clusters,
        seeds,
        acrossSeeds: bySeed !== null && bySeed.n >= 2 ? bySeed : null,
      };
    }
  }
  if (bySeed === null) return null;
  return { ...bySeed, p: null, pAtFloor: false, basis: 'seeds', seeds, acrossSeeds: null };
}

/**
 * The contrast of the macro numbers per seed (the seeds every arm has), with its Student-t interval:
 * it measures the variation between training runs, which the query-level test does not see.
 */
function seedContrast(
  terms: readonly Term[],
  dataset: string,
  setting: Setting,
  measure: string,
  ctx: ContrastContext,
): SeedContrast | null {
  const perSeed = terms.map((t) => {
    const m = new Map<number, number>();
    for (const v of t.arm.variants) {
      const x = ctx.index(v).macro(dataset, setting, measure);
      if (x !== null && Number.isFinite(x)) m.set(v.meta.seed, x);
    }
    return m;
  });
  const diffs: number[] = [];
  for (const seed of [...perSeed[0]!.keys()].sort((a, b) => a - b)) {
    if (!perSeed.every((m) => m.has(seed))) continue;
    diffs.push(terms.reduce((s, t, i) => s + t.sign * perSeed[i]!.get(seed)!, 0));
  }
  if (diffs.length === 0) return null;
  const s = summarize(diffs, ctx.confidence);
  return { diff: s.mean!, ciLow: s.low, ciHigh: s.high, n: diffs.length };
}

const perQueryKeys = new WeakMap<VariantData, Set<string>>();

/** True when the variant has per-query rows of (dataset, measure); the keys are collected once. */
function hasPerQuery(v: VariantData, dataset: string, measure: string): boolean {
  if (v.perQuery === null) return false;
  let keys = perQueryKeys.get(v);
  if (keys === undefined) {
    keys = new Set(v.perQuery.map((r) => `${r.dataset}\u0000${r.measure}`));
    perQueryKeys.set(v, keys);
  }
  return keys.has(`${dataset}\u0000${measure}`);
}
