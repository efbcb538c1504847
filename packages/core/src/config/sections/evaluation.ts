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

/** `report`: tables, charts and significance tests over all variants. Owned by @hbt/report. */
export const reportSection = z
  .object({
    title: z.string().nullable().default(null).describe('Report title (default: the experiment name)'),
    bootstrap_samples: z
      .number()
      .int()
      .positive()
      .default(2000)
      .describe('Paired bootstrap resamples for the confidence interval of a mean difference'),
    permutation_samples: z
      .number()
      .int()
      .positive()
      .default(5000)
      .describe('Random sign flips of the paired randomization test (exact enumeration when 2^n is smaller)'),
    confidence: z.number().gt(0).lt(1).default(0.95).describe('Level of every interval in the report'),
    paper: z
      .boolean()
      .default(true)
      .describe("Show the paper's published tables alongside (different model and data)"),
  })
  .strict();
