import { z } from 'zod';

/** `train`: loss and optimisation. Owned by @hbt/trainer. */
export const trainSection = z
  .object({
    lr: z.number().positive().default(5e-4),
    weight_decay: z.number().min(0).default(0.01),
    warmup_fraction: z.number().min(0).max(1).default(0.1),
    clip_norm: z.number().positive().nullable().default(1),
    temperature: z.number().positive().default(0.05),
    learnable_scale: z.boolean().default(false),
    symmetric: z.boolean().default(false),
    hard_negatives: z.boolean().default(false),
    query_prefix: z.string().default('Query: '),
    passage_prefix: z.string().default('Passage: '),
    checkpoint_every: z.number().int().positive().default(100),
    validate_every: z.number().int().positive().default(100),
    patience: z.number().int().positive().nullable().default(null),
  })
  .strict();
