import type { JudgedRanking, Measure } from './types.js';

/**
 * Chance levels: what a uniformly random ranking of the same candidates scores in expectation, for the
 * measures that have a closed form, and the size of the pool itself. A random ranking puts each of the
 * query's r relevant candidates in the top k of n with probability min(k, n) / n, so
 *
 *   E[R@k] = min(k, n) / n          E[P@k] = r · min(k, n) / (n · k)   (trec_eval's P_k divides by k)
 *
 * For one relevant candidate (bitext), E[P@1] = E[R@1] = 1 / n. As measures over a `JudgedRanking`
 * (`numRelevant` = r, `numRetrieved` = n: every candidate of the setting's pool is ranked), they are
 * averaged per language and macro-averaged exactly like the measure they stand beside. AP, RR and nDCG
 * have no such closed form here: no chance row.
 *
 * @example
 * chanceMeasure(parseMeasure('P@1'))!.compute({ relevantRanks: [3], gains: [1], numRelevant: 1, idealGains: [1], numRetrieved: 2000 }); // 0.0005
 */
export function chanceMeasure(m: Measure): Measure | null {
  const k = m.cutoff;
  if (k === null || (m.family !== 'R' && m.family !== 'P')) return null;
  const precision = m.family === 'P';
  return {
    family: m.family,
    cutoff: k,
    name: `${m.name}${CHANCE_SUFFIX}`,
    trecName: null,
    compute(r: JudgedRanking): number {
      const n = r.numRetrieved;
      if (n === 0 || r.numRelevant === 0) return 0;
      const inTop = Math.min(k, n) / n;
      return precision ? (r.numRelevant * inTop) / k : inTop;
    },
  };
}

/** The suffix of a chance-level measure's name: `P@1_chance` stands beside `P@1`. */
export const CHANCE_SUFFIX = '_chance';

/** The measure name of the pool size: the number of candidates a query of the cell is ranked among. */
export const POOL_SIZE = 'n_candidates';

/** The pool size as a measure (its mean over a cell's queries is the cell's pool size when all share one pool). */
export const poolSize: Measure = {
  family: 'R',
  cutoff: null,
  name: POOL_SIZE,
  trecName: null,
  compute: (r) => r.numRetrieved,
};

/**
 * The measures followed, each, by its chance level where it has one; then the pool size.
 *
 * @example
 * withChance(parseMeasures('P@1,AP')).map((m) => m.name); // ['P@1', 'P@1_chance', 'AP', 'n_candidates']
 */
export function withChance(measures: readonly Measure[]): Measure[] {
  const out: Measure[] = [];
  for (const m of measures) {
    out.push(m);
    const c = chanceMeasure(m);
    if (c) out.push(c);
  }
  out.push(poolSize);
  return out;
}
