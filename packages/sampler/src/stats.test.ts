import type { SamplerConfig } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { indexPairs } from './pairs.js';
import type { BatchPlan } from './plan.js';
import { planStats } from './stats.js';
import { batchColumns } from './write.js';

// A hand-made plan over five pairs; every expected number below is counted by hand.
const pairs = indexPairs({
  pair_id: ['m1', 'm2', 'c1', 'c2', 'c3'],
  group_id: ['g1', 'g2', 'g1', 'g2', 'g3'],
  query_lang: ['en', 'en', 'en', 'de', 'de'],
  pos_lang: ['en', 'en', 'de', 'en', 'fr'],
  pos_text: ['a', 'b', 'c', 'd', 'e'],
  dataset: ['t', 't', 't', 't', 't'],
});
// step 0: mono [m1, m2] (short); step 1: cross [c1, c2, c3]; step 2: cross [c3] (short)
const plan: BatchPlan = {
  steps: 3,
  batchSize: 3,
  offsets: Int32Array.of(0, 2, 5, 6),
  pairs: Int32Array.of(0, 1, 2, 3, 4, 4),
  epochs: Int32Array.of(0, 0, 0, 0, 0, 1),
  kinds: Uint8Array.of(0, 1, 1),
  datasetOf: Int32Array.of(0, 0, 0),
  poolOf: Int32Array.of(0, 1, 1),
  pools: [
    {
      pool: 't/mono/en',
      pairs: 2,
      epochs_started: 1,
      pairs_drawn: 2,
      epochs_consumed: 1,
      dropped_at_epoch_end: 0,
      batches: 1,
      short_batches: 1,
    },
    {
      pool: 't/cross',
      pairs: 3,
      epochs_started: 2,
      pairs_drawn: 4,
      epochs_consumed: 1.333333,
      dropped_at_epoch_end: 0,
      batches: 2,
      short_batches: 1,
    },
  ],
  datasetProbabilities: [1],
  fallbacks: { mono_for_cross: 0, cross_for_mono: 0 },
  shortSteps: [0, 2],
  warnings: [],
};
const cfg = { strategy: 'hybrid', alpha: 0.5 } as SamplerConfig;

describe('planStats', () => {
  it('counts kinds, languages, the language matrix, sizes and epochs', () => {
    const s = planStats(plan, pairs, cfg);
    expect(s.rows).toBe(6);
    expect(s.batches).toEqual({ mono: 1, cross: 2, mixed: 0 });
    expect(s.mono_fraction).toBeCloseTo(1 / 3, 12);
    expect(s.query_lang_hist).toEqual({ de: 3, en: 3, fr: 0 });
    expect(s.pos_lang_hist).toEqual({ de: 1, en: 3, fr: 2 });
    expect(s.lang_matrix).toEqual({ en: { en: 2, de: 1 }, de: { en: 1, fr: 2 } });
    expect(s.batch_size_hist).toEqual({ '1': 1, '2': 1, '3': 1 });
    expect(s.short_batches).toBe(2);
    expect(s.short_batch_examples).toEqual([
      { step: 0, size: 2, pool: 't/mono/en' },
      { step: 2, size: 1, pool: 't/cross' },
    ]);
    expect(s.datasets).toEqual({ t: { probability: 1, pairs: 5, groups: 3, batches: 3, slots: 6 } });
    expect(s.epochs_consumed).toBeCloseTo(6 / 5, 6);
  });
});

describe('batchColumns', () => {
  it('writes one row per slot with the pair’s own kind', () => {
    const c = batchColumns(plan, pairs);
    expect(Array.from(c.step as Int32Array)).toEqual([0, 0, 1, 1, 1, 2]);
    expect(Array.from(c.slot as Int32Array)).toEqual([0, 1, 0, 1, 2, 0]);
    expect(c.pair_id).toEqual(['m1', 'm2', 'c1', 'c2', 'c3', 'c3']);
    expect(c.kind).toEqual(['mono', 'mono', 'cross', 'cross', 'cross', 'cross']);
    expect(c.query_lang).toEqual(['en', 'en', 'en', 'de', 'de', 'de']);
    expect(c.pos_lang).toEqual(['en', 'en', 'de', 'en', 'fr', 'fr']);
  });
});
