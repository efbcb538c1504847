import { z } from 'zod';

/**
 * `data`: which datasets prep reads and how training pairs are built. Owned by @hbt/data-prep (see its
 * README for every format's layout).
 */
export const datasetFormats = ['lareqa', 'squad', 'mintaka', 'miracl', 'beir', 'triples', 'pairs'] as const;

export const datasetRef = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only')
      .describe('Registry name (`hbt data list`) or a label for a generic input; prefixes every id'),
    format: z.enum(datasetFormats).optional().describe('Reader; defaults to the registry entry format'),
    path: z
      .string()
      .optional()
      .describe('Folder or file, relative to the config file; defaults to the fetch cache or the mirror'),
    corpus: z
      .string()
      .optional()
      .describe('miracl: passages as JSONL (docid, title, text): one file, or a folder of <lang>.jsonl[.gz]'),
    lang: z.string().optional().describe('Language of a single-language file or BEIR folder'),
    languages: z.array(z.string()).optional().describe('Languages to keep (default: all)'),
    split: z
      .string()
      .optional()
      .describe('beir: qrels/<split>.tsv (default test for eval, train for train); miracl/mintaka: dev'),
    parallel: z
      .boolean()
      .default(false)
      .describe('triples: line i of every language file is the same item (mMARCO), so they share a group'),
    limit: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Read at most this many examples per file (the first ones), for very large inputs'),
  })
  .strict();

export const dataSection = z
  .object({
    mirror: z
      .string()
      .nullable()
      .default(null)
      .describe('Local mirror folder laid out like ../shared/data (the CLI fills it from HBT_DATA_MIRROR)'),
    cache: z
      .string()
      .nullable()
      .default(null)
      .describe('Download cache (the CLI fills it from $HBT_CACHE, else ~/.cache/hbt)'),
    on_invalid: z
      .enum(['error', 'replace', 'skip'])
      .default('error')
      .describe(
        'Invalid input: an invalid example (answer outside every sentence, empty text, …) or text that is ' +
          'not UTF-8. "error": stop, naming the file and line; "replace": invalid UTF-8 becomes U+FFFD ' +
          '(other invalid examples still stop); "skip": leave the example, the line with invalid UTF-8 (in a ' +
          'JSON document: the invalid bytes) out. Replaced and skipped cases are counted in the manifest',
      ),
    train: z.array(datasetRef).default([]).describe('Datasets training pairs are built from'),
    eval: z
      .array(datasetRef)
      .default([])
      .describe('Datasets evaluated (corpus, queries, qrels); LAReQA train datasets are added too'),
    pairs: z
      .object({
        languages: z
          .array(z.string())
          .nullable()
          .default(null)
          .describe('Languages pairs may use, for queries and passages (null: all)'),
        max_per_group: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe(
            'Keep at most this many (query language, passage language) pairs per group, drawn by seed',
          ),
        hard_negatives: z
          .boolean()
          .default(false)
          .describe('Add a hard negative: another sentence of the same paragraph (LAReQA)'),
        validation_fraction: z
          .number()
          .min(0)
          .max(0.5)
          .default(0.05)
          .describe("Fraction of each dataset's groups held out as val_pairs"),
        seed: z.number().int().default(0).describe('Seed of the cap and negative draws and of the split'),
      })
      .strict()
      .prefault({}),
  })
  .strict();
