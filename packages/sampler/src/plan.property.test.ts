import type { SamplerConfig } from '@hbt/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexPairs } from './pairs.js';
import { planBatches } from './plan.js';
import { violations } from './test-utils/invariants.js';
import { buildPairs, datasetsArb } from './test-utils/random-pairs.js';

// Property tests over random datasets (1–3 datasets, 1–4 languages, 1–30 groups, duplicate passage
// texts, optional hard negatives, mono-only / cross-only / partial datasets) and random seeds.
// fast-check runs from a fixed seed so CI is reproducible.

const FC = { seed: 20240815, numRuns: 150 };

const cfgArb: fc.Arbitrary<SamplerConfig> = fc.record({
  strategy: fc.constantFrom('x-x-mono', 'x-y', 'hybrid', 'mixed'),
  alpha: fc.oneof(fc.constant(0), fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
  batch_size: fc.integer({ min: 1, max: 12 }),
  steps: fc.integer({ min: 1, max: 60 }),
  dataset_weighting: fc.constantFrom('proportional', 'uniform', 'temperature'),
  temperature: fc.double({ min: 0.1, max: 2, noNaN: true }),
  dataset_size: fc.constantFrom('pairs', 'groups'),
  on_short_batch: fc.constant('shrink'),
}) as fc.Arbitrary<SamplerConfig>;

/** Plans, or null when x-x-mono has no mono pair to use (an error the planner must raise). */
function planOrNull(cols: ReturnType<typeof buildPairs>, cfg: SamplerConfig, seed: number) {
  const pairs = indexPairs(cols);
  const anyMono = cols.query_lang.some((q, i) => q === cols.pos_lang[i]);
  if (cfg.strategy === 'x-x-mono' && !anyMono) {
    expect(() => planBatches(pairs, cfg, seed)).toThrow(/cannot use any dataset/);
    return null;
  }
  return planBatches(pairs, cfg, seed);
}

describe('planBatches properties', () => {
  it('every plan keeps the guard, kind, short-batch and epoch invariants', () => {
    fc.assert(
      fc.property(
        datasetsArb,
        fc.integer(),
        cfgArb,
        fc.integer({ min: 0, max: 1e6 }),
        (specs, dataSeed, cfg, seed) => {
          const cols = buildPairs(specs, dataSeed);
          const plan = planOrNull(cols, cfg, seed);
          if (plan === null) return;
          expect(violations(plan, cols, cfg)).toEqual([]);
          expect(plan.steps).toBe(cfg.steps);
        },
      ),
      FC,
    );
  });

  it('α = 1 gives only mono batches and α = 0 only cross ones (where the dataset has them)', () => {
    fc.assert(
      fc.property(
        datasetsArb,
        fc.integer(),
        cfgArb,
        fc.constantFrom(0, 1),
        (specs, dataSeed, cfg0, alpha) => {
          const cols = buildPairs(specs, dataSeed);
          const cfg = { ...cfg0, strategy: 'hybrid' as const, alpha };
          const plan = planOrNull(cols, cfg, 7)!;
          const want = alpha === 1 ? 0 : 1;
          const kinds = new Set(plan.kinds);
          // the invariant checker flags any other kind for a dataset that has the wanted one
          expect(violations(plan, cols, cfg)).toEqual([]);
          if (plan.fallbacks.mono_for_cross + plan.fallbacks.cross_for_mono === 0)
            expect([...kinds]).toEqual([want]);
        },
      ),
      FC,
    );
  });

  it('the mono fraction lies within binomial tolerance of α', () => {
    // Datasets with both mono and cross pairs, 1,500 steps: |f − α| ≤ 4.5·sqrt(α(1−α)/N) + 1/N.
    const steps = 1500;
    fc.assert(
      fc.property(
        fc.double({ min: 0.02, max: 0.98, noNaN: true }),
        fc.integer({ min: 0, max: 1e6 }),
        fc.integer({ min: 2, max: 4 }),
        (alpha, seed, nLang) => {
          const cols = buildPairs(
            [
              {
                name: 'd',
                langs: ['de', 'en', 'fr', 'ja'].slice(0, nLang),
                groups: 40,
                combos: 'all',
                vocab: 1000,
                negatives: false,
              },
            ],
            seed,
          );
          const cfg: SamplerConfig = {
            strategy: 'hybrid',
            alpha,
            batch_size: 4,
            steps,
            dataset_weighting: 'proportional',
            temperature: 1,
            dataset_size: 'pairs',
            on_short_batch: 'shrink',
            order: 'dataset-first',
          };
          const plan = planBatches(indexPairs(cols), cfg, seed);
          let mono = 0;
          for (const k of plan.kinds) if (k === 0) mono++;
          const tol = 4.5 * Math.sqrt((alpha * (1 - alpha)) / steps) + 1 / steps;
          expect(Math.abs(mono / steps - alpha)).toBeLessThanOrEqual(tol);
        },
      ),
      { seed: 4242, numRuns: 40 },
    );
  });

  it('is a pure function of (pairs, config, seed)', () => {
    fc.assert(
      fc.property(
        datasetsArb,
        fc.integer(),
        cfgArb,
        fc.integer({ min: 0, max: 1e6 }),
        (specs, dataSeed, cfg, seed) => {
          const cols = buildPairs(specs, dataSeed);
          const a = planOrNull(cols, cfg, seed);
          if (a === null) return;
          const b = planBatches(indexPairs(cols), cfg, seed);
          expect(b.offsets).toEqual(a.offsets);
          expect(b.pairs).toEqual(a.pairs);
          expect(b.kinds).toEqual(a.kinds);
        },
      ),
      { ...FC, numRuns: 50 },
    );
  });
});
