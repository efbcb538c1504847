import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { configSchema, type SamplerConfig } from '@hbt/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dataMirror, mlqaPairs } from '../bench/mlqa-pairs.mjs';
import { indexPairs } from './pairs.js';
import { planBatches } from './plan.js';
import { BatchPlanner } from './planner.js';
import { buildPairs, datasetsArb } from './test-utils/random-pairs.js';

const sampler = (s: Record<string, unknown>): SamplerConfig => configSchema.parse({ sampler: s }).sampler;

describe('BatchPlanner (lazy, step by step)', () => {
  it('gives the steps of planBatches one at a time, and skip(k) resumes at step k', () => {
    fc.assert(
      fc.property(
        datasetsArb,
        fc.integer(),
        fc.constantFrom('x-y', 'hybrid', 'mixed'),
        fc.constantFrom('dataset-first', 'kind-first'),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 1e6 }),
        (specs, dataSeed, strategy, order, bs, seed) => {
          const pairs = indexPairs(buildPairs(specs, dataSeed));
          const cfg = sampler({ strategy, order, batch_size: bs, steps: 40 });
          const plan = planBatches(pairs, cfg, seed);
          const planner = new BatchPlanner(pairs, cfg, seed);
          const buf = new Int32Array(bs);
          for (let s = 0; s < 40; s++) {
            const st = planner.next(buf);
            expect(st.step).toBe(s);
            expect([...buf.subarray(0, st.size)]).toEqual([
              ...plan.pairs.subarray(plan.offsets[s]!, plan.offsets[s + 1]!),
            ]);
            expect([st.kind, st.dataset, st.pool]).toEqual([
              plan.kinds[s],
              plan.datasetOf[s],
              plan.poolOf[s],
            ]);
          }
          expect(planner.fallbacks).toEqual(plan.fallbacks);
          expect(planner.shortBatches).toBe(plan.shortSteps.length);
          const resumed = new BatchPlanner(pairs, cfg, seed);
          resumed.skip(25);
          expect(resumed.step).toBe(25);
          const st = resumed.next(buf);
          expect([...buf.subarray(0, st.size)]).toEqual([
            ...plan.pairs.subarray(plan.offsets[25]!, plan.offsets[26]!),
          ]);
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });
});

// The check: on MLQA-R the lazy planner's batches equal the plan the materialising sampler made
// before the planner existed. The golden hashes were computed with that implementation (commit 66b7abf,
// packages/sampler/dist): sha256 over "step <s>\n" then the step's pair ids, one per line.
const mirror = dataMirror();
const GOLDEN: Array<[Record<string, unknown>, string]> = [
  [{ strategy: 'hybrid', alpha: 0.5 }, 'ee19ea1cf0aaee1c0551940d03aa4e5455af57b5ab7901909ac00f09a95d70ae'],
  [{ strategy: 'x-y' }, '666b520b8b5ca5c4e27a9529f12639587f92fe31969adcd1ab03f8b72d611f50'],
  [{ strategy: 'x-x-mono' }, 'a6693cb39ef2ee016563d52238b50442f6b47dac0636e455e6d509625c1f72cb'],
  [{ strategy: 'mixed' }, 'ceaf99fd7173c6ececb4d375e0535da2a749b113befd54df94408287469176ed'],
  [
    { strategy: 'hybrid', alpha: 0.3, order: 'kind-first', dataset_weighting: 'uniform' },
    'edd4b1bb2c0246be4b352b5be740554f7470ce372b393375a4670380973234d1',
  ],
];

describe.skipIf(mirror === null)('BatchPlanner on MLQA-R (needs ../shared/data or $HBT_DATA_MIRROR)', () => {
  it('plans, one step at a time and never holding the plan, the batches of the materialised sampler', () => {
    const cols = mlqaPairs(join(mirror!, 'mlqa-r'));
    const pairs = indexPairs(cols);
    for (const [s, golden] of GOLDEN) {
      const cfg = sampler({ ...s, batch_size: 64, steps: 2000 });
      const planner = new BatchPlanner(pairs, cfg, 13);
      const buf = new Int32Array(64);
      const h = createHash('sha256');
      for (let st = 0; st < 2000; st++) {
        const step = planner.next(buf);
        h.update(`step ${st}\n`);
        for (let r = 0; r < step.size; r++) h.update(`${pairs.pairId.get(buf[r]!)}\n`);
      }
      expect(h.digest('hex'), JSON.stringify(s)).toBe(golden);
    }
  });
});
