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
 * @example
 * contrast([{ arm: hybrid, sign: 1 }, { arm: xy, sign: -1 }], 'ntrex-128', 'cross', 'AP', ctx);
 * // { diff: 0.012, ciLow: 0.004, ciHigh: 0.02, p: 0.003, basis: 'queries', n: 1012, seeds: 3 }
 */
export interface ContrastResult {
  diff: number;
  ciLow: number | null;
  ciHigh: number | null;
  /** Two-sided p of the randomization test (queries basis); null on the seeds basis. */
  p: number | null;
  basis: 'queries' | 'seeds';
  /** Queries (clusters) on the queries basis, seeds on the seeds basis. */
  n: number;
  /** The fewest seeds of any arm of the contrast. */
  seeds: number;
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
        basis: 'queries',
        n: r.clusters,
        seeds,
      };
    }
  }
  // seeds basis: per seed value present in every arm
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
  return { diff: s.mean!, ciLow: s.low, ciHigh: s.high, p: null, basis: 'seeds', n: diffs.length, seeds };
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
