import { z } from 'zod';

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
    on_short_batch: z
      .enum(['shrink', 'error'])
      .default('shrink')
      .describe('When a pool cannot fill a batch without repeating a group or passage'),
  })
  .strict();
