import { z } from 'zod';

/** `index` and `eval`: encoding, search and measures. Owned by @hbt/indexer and @hbt/evaluator. */
export const indexSection = z
  .object({
    batch_size: z.number().int().positive().default(128),
    top_k: z.number().int().positive().default(100),
    candidate_text: z.enum(['sentence', 'sentence+context']).default('sentence'),
    ann: z.enum(['none', 'lancedb']).default('none'),
  })
  .strict();

export const evalSection = z
  .object({
    settings: z.array(z.enum(['mono', 'cross', 'multi'])).default(['mono', 'cross', 'multi']),
    measures: z.array(z.string()).default(['AP', 'R@1', 'R@10', 'nDCG@10', 'R@100']),
    in_domain: z
      .boolean()
      .default(true)
      .describe('Also evaluate on the training datasets (labelled in-domain)'),
  })
  .strict();

export const reportSection = z
  .object({
    title: z.string().nullable().default(null),
    bootstrap_samples: z.number().int().positive().default(2000),
  })
  .strict();
