import { z } from 'zod';

/** How many training groups of one dataset to keep: a fraction or a count (exactly one). */
const subsetSize = {
  fraction: z
    .number()
    .gt(0)
    .max(1)
    .optional()
    .describe(
      "Keep the first ceil(fraction · n) of a dataset's n groups in seeded-hash order (0 < fraction ≤ 1)",
    ),
  groups: z
    .number()
    .int()
    .positive()
    .optional()
    .describe("Keep the first min(groups, n) of a dataset's n groups in seeded-hash order"),
};

const oneSize = (v: { fraction?: number | undefined; groups?: number | undefined }) =>
  (v.fraction === undefined) !== (v.groups === undefined);
const ONE_SIZE = 'give exactly one of "fraction" (0 < f ≤ 1) or "groups" (a positive integer)';

/**
 * `sampler.subset`: train on a seeded subset of the training groups of each dataset (data-size sweeps).
 * Groups are ranked per dataset by sha256(subset seed, dataset, group_id), an order that does not
 * depend on the size, and the first ⌈f·n⌉ (or `groups`) are kept, so smaller subsets are nested in
 * larger ones. Only `train_pairs` is subsampled: validation pairs and evaluation data are untouched.
 *
 * @example
 * { "fraction": 0.1 }                                      // 10 % of every dataset's groups
 * { "groups": 500, "datasets": { "mintaka": { "fraction": 1 } } }
 */
export const subsetSection = z
  .object({
    ...subsetSize,
    seed: z
      .number()
      .int()
      .default(0)
      .describe(
        'Seed of the group order; independent of the top-level seed, so every training seed and every arm of ' +
          'a sweep trains on the same subset of a given size',
      ),
    datasets: z
      .record(
        z.string(),
        z
          .object(subsetSize)
          .strict()
          .refine(oneSize, { message: ONE_SIZE })
          .describe('The size for this dataset, instead of the subset-wide one'),
      )
      .default({})
      .describe(
        'Per-dataset sizes by train dataset name; a dataset not named here gets the subset-wide size',
      ),
  })
  .strict()
  .refine((v) => v.fraction === undefined || v.groups === undefined, {
    message: 'give "fraction" or "groups", not both',
  })
  .refine((v) => v.fraction !== undefined || v.groups !== undefined || Object.keys(v.datasets).length > 0, {
    message: `${ONE_SIZE}, or sizes per dataset under "datasets"`,
  });

export type SubsetConfig = z.output<typeof subsetSection>;

/**
 * `sampler`: how training batches are planned. Owned by @hbt/sampler (see packages/sampler/README.md).
 *
 * @example
 * { "strategy": "hybrid", "alpha": 0.5, "batch_size": 64, "steps": 2000 }
 */
export const samplerSection = z
  .object({
    strategy: z
      .enum(['x-x-mono', 'x-y', 'hybrid', 'mixed'])
      .default('hybrid')
      .describe(
        'x-x-mono: one language per batch; x-y: query language != passage language in every slot; ' +
          'hybrid: mono with probability alpha, else cross; mixed: no language control (baseline)',
      ),
    alpha: z.number().min(0).max(1).default(0.5).describe('Hybrid: probability of a mono batch'),
    batch_size: z.number().int().positive().default(32).describe('Pairs per batch (slots)'),
    steps: z.number().int().positive().default(1000).describe('Batches to plan'),
    dataset_weighting: z
      .enum(['proportional', 'uniform', 'temperature'])
      .default('proportional')
      .describe('How the dataset of a batch is drawn: q_i ∝ n_i, 1, or n_i^temperature'),
    temperature: z
      .number()
      .positive()
      .default(1)
      .describe('Exponent T of temperature weighting (q_i ∝ n_i^T; 1 = proportional)'),
    dataset_size: z
      .enum(['pairs', 'groups'])
      .default('pairs')
      .describe('What n_i counts: training pairs, or parallel groups (distinct group_id)'),
    order: z
      .enum(['dataset-first', 'kind-first'])
      .default('dataset-first')
      .describe(
        'dataset-first: draw the dataset, then mono/cross (a cross-only dataset such as parallel questions ' +
          'then gives cross batches even when mono was wanted); kind-first: draw mono/cross first, then a ' +
          'dataset able to give that kind, so a hybrid plan keeps its mono fraction at alpha',
      ),
    subset: subsetSection
      .optional()
      .describe(
        "Train on a seeded, nested subset of each dataset's training groups (data-size sweeps; a variant may set " +
          'it; validation and evaluation data are never subsampled). Keys: fraction (0 < f ≤ 1: keep ceil(f·n) ' +
          'groups) or groups (a count), seed (of the group order, default 0), datasets ({"name": {"fraction" | ' +
          '"groups"}}: per-dataset sizes). E.g. --set sampler.subset.fraction=0.1. Absent: every training pair',
      ),
    on_short_batch: z
      .enum(['shrink', 'error'])
      .default('shrink')
      .describe('When a pool cannot fill a batch without repeating a group or passage'),
  })
  .strict();
