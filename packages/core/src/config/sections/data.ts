import { z } from 'zod';

/** `data`: which datasets prep reads and how training pairs are built. Owned by @hbt/data-prep. */
export const datasetRef = z
  .object({
    name: z.string().describe('Registry name (`hbt data list`) or a label for a generic input'),
    format: z
      .enum(['lareqa', 'mintaka', 'miracl', 'beir', 'triples', 'pairs'])
      .optional()
      .describe('Reader; defaults to the registry entry format'),
    path: z.string().optional().describe('Folder or file; defaults to the fetched registry copy'),
    languages: z.array(z.string()).optional().describe('Languages to keep (default: all)'),
  })
  .strict();

export const dataSection = z
  .object({
    mirror: z.string().nullable().default(null).describe('Local mirror folder laid out like ../shared/data'),
    cache: z
      .string()
      .nullable()
      .default(null)
      .describe('Download cache (default $HBT_CACHE or ~/.cache/hbt)'),
    train: z.array(datasetRef).default([]).describe('Datasets training pairs are built from'),
    eval: z.array(datasetRef).default([]).describe('Datasets evaluated (corpus, queries, qrels)'),
    pairs: z
      .object({
        languages: z.array(z.string()).nullable().default(null),
        max_per_group: z.number().int().positive().nullable().default(null),
        hard_negatives: z.boolean().default(false),
        validation_fraction: z.number().min(0).max(0.5).default(0.05),
        seed: z.number().int().default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict();
