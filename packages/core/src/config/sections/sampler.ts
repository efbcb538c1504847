import { z } from 'zod';

/** `sampler`: how batches are built. Owned by @hbt/sampler. */
export const samplerSection = z
  .object({
    strategy: z.enum(['x-x-mono', 'x-y', 'hybrid', 'mixed']).default('hybrid'),
    alpha: z.number().min(0).max(1).default(0.5).describe('Hybrid: probability of a mono batch'),
    batch_size: z.number().int().positive().default(32),
    steps: z.number().int().positive().default(1000),
    dataset_weighting: z.enum(['proportional', 'uniform', 'temperature']).default('proportional'),
    temperature: z.number().positive().default(1),
    on_short_batch: z.enum(['shrink', 'error']).default('shrink'),
  })
  .strict();
