import type { SamplerConfig } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { indexPairs } from './pairs.js';
import { planBatches } from './plan.js';
import { violations } from './test-utils/invariants.js';
import { buildPairs, emptyCols, type PairCols, pushPair } from './test-utils/random-pairs.js';

const cfg = (over: Partial<SamplerConfig> = {}): SamplerConfig => ({
  strategy: 'hybrid',
  alpha: 0.5,
  batch_size: 8,
  steps: 200,
  dataset_weighting: 'proportional',
  temperature: 1,
  dataset_size: 'pairs',
  on_short_batch: 'shrink',
  order: 'dataset-first',
  ...over,
});

/** `groups` groups, each present in every language, every (q, p) combination, unique passages. */
function parallel(name: string, langs: string[], groups: number, c: PairCols = emptyCols()): PairCols {
  for (let g = 0; g < groups; g++) {
    for (const q of langs) {
      for (const p of langs) {
        pushPair(c, {
          pair_id: `${name}:${g}:${q}-${p}`,
          group_id: `g${g}`,
          query_text: `${q} q${g}`,
          query_lang: q,
          pos_text: `${name} ${p} passage ${g}`,
          pos_lang: p,
          neg_text: null,
          dataset: name,
        });
      }
    }
  }
  return c;
}

/** Within 4.5 binomial standard deviations. */
function expectNear(count: number, n: number, p: number): void {
  expect(Math.abs(count - n * p)).toBeLessThanOrEqual(4.5 * Math.sqrt(n * p * (1 - p)) + 1);
}

describe('dataset mixing', () => {
  // a: 100 groups × 3 languages × 3 = 900 pairs; b: 100 groups × 1 language = 100 pairs
  const cols = parallel('b', ['en'], 100, parallel('a', ['de', 'en', 'fr'], 100));
  const pairs = indexPairs(cols);
  const N = 4000;
  const share = (c: SamplerConfig) => {
    const plan = planBatches(pairs, c, 5);
    expect(violations(plan, cols, c)).toEqual([]);
    return { plan, a: plan.datasetOf.filter((d) => d === 0).length };
  };

  it('proportional to pairs: q = (0.9, 0.1)', () => {
    const { plan, a } = share(cfg({ steps: N }));
    expect(plan.datasetProbabilities).toEqual([0.9, 0.1]);
    expectNear(a, N, 0.9);
  });

  it('proportional to groups: q = (0.5, 0.5)', () => {
    const { plan, a } = share(cfg({ steps: N, dataset_size: 'groups' }));
    expect(plan.datasetProbabilities).toEqual([0.5, 0.5]);
    expectNear(a, N, 0.5);
  });

  it('uniform and temperature: q ∝ 1 and q ∝ n^0.5 = (30, 10)/40', () => {
    expectNear(share(cfg({ steps: N, dataset_weighting: 'uniform' })).a, N, 0.5);
    const t = share(cfg({ steps: N, dataset_weighting: 'temperature', temperature: 0.5 }));
    expect(t.plan.datasetProbabilities[0]).toBeCloseTo(0.75, 12);
    expectNear(t.a, N, 0.75);
  });

  it('a one-language dataset always gives mono batches, even under x-y', () => {
    for (const strategy of ['x-y', 'hybrid'] as const) {
      const plan = planBatches(pairs, cfg({ steps: 500, strategy, dataset_weighting: 'uniform' }), 9);
      const fromB = [...plan.datasetOf.keys()].filter((s) => plan.datasetOf[s] === 1);
      expect(fromB.length).toBeGreaterThan(100);
      for (const s of fromB) expect(plan.kinds[s]).toBe(0);
      if (strategy === 'x-y') {
        expect(plan.fallbacks.mono_for_cross).toBe(fromB.length);
        expect(plan.datasetOf.every((d, s) => d === 1 || plan.kinds[s] === 1)).toBe(true);
      }
    }
  });
});

describe('languages', () => {
  it('mono batches draw their language uniformly among the dataset’s languages', () => {
    // en has 4× as many groups as de and fr, yet each language gets 1/3 of the mono batches
    const cols = parallel('a', ['en'], 120, parallel('a', ['de', 'en', 'fr'], 30));
    cols.group_id.forEach((_, i) => {
      if (i < 30 * 9) return;
      cols.group_id[i] = `solo${i}`;
      cols.pair_id[i] = `solo${i}`;
    });
    const N = 3000;
    const plan = planBatches(indexPairs(cols), cfg({ strategy: 'x-x-mono', steps: N }), 3);
    const langOf = (s: number) => cols.query_lang[plan.pairs[plan.offsets[s]!]!];
    const counts: Record<string, number> = {};
    for (let s = 0; s < N; s++) counts[langOf(s)!] = (counts[langOf(s)!] ?? 0) + 1;
    for (const l of ['de', 'en', 'fr']) expectNear(counts[l]!, N, 1 / 3);
  });

  it('cross epochs use every cross pair once (no clashes to drop here)', () => {
    // 40 groups × 3 languages: 6 cross pairs per group, 240 per epoch = 30 batches of 8
    const cols = parallel('a', ['de', 'en', 'fr'], 40);
    const c = cfg({ strategy: 'x-y', steps: 90 });
    const plan = planBatches(indexPairs(cols), c, 21);
    expect(violations(plan, cols, c)).toEqual([]);
    const uses = new Map<number, number>();
    for (const p of plan.pairs) uses.set(p, (uses.get(p) ?? 0) + 1);
    expect(uses.size).toBe(240);
    expect(new Set(uses.values())).toEqual(new Set([3]));
    expect(plan.pools[0]).toMatchObject({ pool: 'a/cross', epochs_started: 3, dropped_at_epoch_end: 0 });
  });
});

describe('determinism and errors', () => {
  const cols = buildPairs(
    [{ name: 'd', langs: ['de', 'en', 'fr'], groups: 30, combos: 'all', vocab: 25, negatives: true }],
    1,
  );
  const pairs = indexPairs(cols);

  it('the same seed gives the same plan, another seed another plan', () => {
    const a = planBatches(pairs, cfg(), 13);
    const b = planBatches(pairs, cfg(), 13);
    const c = planBatches(pairs, cfg(), 14);
    expect(b.pairs).toEqual(a.pairs);
    expect(b.offsets).toEqual(a.offsets);
    expect(c.pairs).not.toEqual(a.pairs);
  });

  it('a plan is a prefix of a longer plan with the same seed (a step cursor resumes it)', () => {
    const short = planBatches(pairs, cfg({ steps: 50 }), 13);
    const long = planBatches(pairs, cfg({ steps: 200 }), 13);
    expect(long.offsets.subarray(0, 51)).toEqual(short.offsets);
    expect(long.pairs.subarray(0, short.pairs.length)).toEqual(short.pairs);
  });

  it('on_short_batch=error names the step, the pool and what to do; shrink plans and counts it', () => {
    const tiny = indexPairs({
      pair_id: ['p1', 'p2', 'p3'],
      group_id: ['g1', 'g2', 'g2'],
      query_lang: ['en', 'en', 'en'],
      pos_lang: ['en', 'en', 'en'],
      pos_text: ['a', 'b', 'c'],
      dataset: ['t', 't', 't'],
    });
    expect(() =>
      planBatches(tiny, cfg({ batch_size: 3, on_short_batch: 'error' }), 1, { source: 'tp.parquet' }),
    ).toThrow(
      /tp.parquet: step 0: pool "t\/mono\/en" \(3 pairs\) can fill only 2 of 3 slots[\s\S]*hint: lower sampler.batch_size/,
    );
    const plan = planBatches(tiny, cfg({ batch_size: 3, steps: 5 }), 1);
    expect(plan.shortSteps).toEqual([0, 1, 2, 3, 4]);
  });

  it('refuses a plan too large to hold in memory, before allocating it', () => {
    expect(() => planBatches(pairs, cfg({ steps: 1_000_000, batch_size: 100 }), 1)).toThrow(
      /100000000 slots, more than the 50000000/,
    );
  });

  it('x-x-mono leaves out a dataset without mono pairs, with a warning; errors when none is left', () => {
    const c = buildPairs(
      [
        { name: 'mono', langs: ['en'], groups: 20, combos: 'mono', vocab: 1000, negatives: false },
        { name: 'xonly', langs: ['de', 'en'], groups: 20, combos: 'cross', vocab: 1000, negatives: false },
      ],
      2,
    );
    const plan = planBatches(indexPairs(c), cfg({ strategy: 'x-x-mono' }), 1);
    expect(plan.warnings.join()).toMatch(/dataset "xonly" has no pair with query_lang == pos_lang/);
    expect(plan.datasetOf.every((d) => d === 0)).toBe(true);
    const crossOnly = buildPairs(
      [{ name: 'x', langs: ['de', 'en'], groups: 5, combos: 'cross', vocab: 9, negatives: false }],
      3,
    );
    expect(() => planBatches(indexPairs(crossOnly), cfg({ strategy: 'x-x-mono' }), 1)).toThrow(
      /strategy x-x-mono cannot use any dataset/,
    );
  });
});

describe('order: kind-first', () => {
  // "par": 40 groups × 3 languages, mono and cross pairs (360); "qq": cross pairs only (parallel
  // questions, like Mintaka), 120 groups × 6 ordered pairs = 720, so twice as likely as "par".
  const cols = parallel('par', ['de', 'en', 'fr'], 40);
  for (let g = 0; g < 120; g++) {
    for (const q of ['de', 'en', 'fr']) {
      for (const p of ['de', 'en', 'fr']) {
        if (q === p) continue;
        pushPair(cols, {
          pair_id: `qq:${g}:${q}-${p}`,
          group_id: `g${g}`,
          query_text: `${q} question ${g}`,
          query_lang: q,
          pos_text: `qq ${p} question ${g}`,
          pos_lang: p,
          neg_text: null,
          dataset: 'qq',
        });
      }
    }
  }
  const pairs = indexPairs(cols);
  const N = 3000;
  const monoSteps = (order: 'dataset-first' | 'kind-first') => {
    const c = cfg({ steps: N, batch_size: 4, order });
    const plan = planBatches(pairs, c, 7);
    expect(violations(plan, cols, c)).toEqual([]);
    return plan.kinds.filter((k) => k === 0).length;
  };

  it('dataset-first: a cross-only dataset pulls the mono fraction below alpha', () => {
    // P(mono) = P(par) × α = (360 / 1080) × 0.5
    expectNear(monoSteps('dataset-first'), N, (1 / 3) * 0.5);
  });

  it('kind-first: the mono fraction is alpha, mono batches come from the dataset that has them', () => {
    expectNear(monoSteps('kind-first'), N, 0.5);
  });
});
