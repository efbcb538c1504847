import { z } from 'zod';
import { questionsSection } from './questions.js';

/** `index` and `eval`: encoding, search and measures. Owned by @hbt/indexer and @hbt/evaluator. */
export const indexSection = z
  .object({
    batch_size: z.number().int().positive().default(128).describe('Texts per forward pass when encoding'),
    top_k: z.number().int().positive().default(100).describe('Candidates kept per query in run.parquet'),
    candidate_text: z
      .enum(['sentence', 'sentence+context'])
      .default('sentence')
      .describe(
        'What a candidate encodes: its sentence, or the sentence, a space and its context (XTREME-R)',
      ),
    engine: z
      .enum(['auto', 'fused', 'tfjs', 'js'])
      .default('auto')
      .describe(
        'Exact search: fused (the @hbt/topk-kernel addon: GEMM fused with top-k selection, fma-chain scores, the same bits on every CPU), tfjs matMul, plain JS loops, or auto (fused when the addon is built, else tfjs, JS on the tfjs cpu backend)',
      ),
    threads: z
      .union([z.literal('auto'), z.number().int().positive()])
      .default('auto')
      .describe(
        "Threads for exact search: the fused kernel's threads (auto = one per core), or for tfjs/js worker threads (1 = in-thread; auto = one per core for large searches on wasm/cpu). Results do not depend on it",
      ),
    shards: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe(
        'Corpus shards: 1 = the stage encodes the corpus; n > 1 = it uses the n shard files of `hbt index --shard i/n` jobs (same results)',
      ),
    encode_chunk: z
      .number()
      .int()
      .positive()
      .default(16384)
      .describe(
        'Corpus rows per encoding chunk: length-sorted batches stay within a chunk and shards are whole chunks',
      ),
    shard_dir: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Folder of the shard files, shared by the shard jobs; null = <artifacts>/variants/<variant>/index-shards',
      ),
    ann: z
      .enum(['none', 'lancedb'])
      .default('none')
      .describe('none = exact search; lancedb = approximate search for large corpora (recall is measured)'),
    lancedb: z
      .object({
        index: z
          .enum(['ivf_hnsw_sq', 'ivf_pq', 'ivf_flat'])
          .default('ivf_hnsw_sq')
          .describe(
            'LanceDB index: IVF + HNSW graph on 8-bit scalar-quantised vectors, IVF + product quantisation, or IVF alone',
          ),
        partitions: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe('IVF partitions; null = about sqrt(rows)'),
        sub_vectors: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe('PQ sub-vectors (ivf_pq); null = dim / 16 (or dim / 8)'),
        nprobes: z.number().int().positive().default(20).describe('Partitions searched per query'),
        refine_factor: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(5)
          .describe('Re-rank refine_factor × k candidates with full vectors; null = off'),
        min_rows: z
          .number()
          .int()
          .positive()
          .default(5000)
          .describe('Datasets with fewer candidates are searched flat (no index is trained)'),
        recall_queries: z
          .number()
          .int()
          .min(0)
          .default(1000)
          .describe('Queries sampled (seeded) to measure recall against exact search; 0 = skip'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

/** Measure names @hbt/evaluator parses (its MEASURE_NAME_PATTERN): AP, AP@k, RR, RR@k, R@k, P@k, nDCG, nDCG@k. */
const measureName = z
  .string()
  .regex(
    /^(AP|RR|nDCG)(@[1-9][0-9]*)?$|^(R|P)@[1-9][0-9]*$/,
    'a measure: AP, AP@k, RR, RR@k, R@k, P@k, nDCG or nDCG@k',
  );

export const evalSection = z
  .object({
    settings: z.array(z.enum(['mono', 'cross', 'multi'])).default(['mono', 'cross', 'multi']),
    measures: z
      .array(measureName)
      .min(1)
      .default(['AP', 'AP@20', 'R@1', 'R@10', 'nDCG@10', 'R@100'])
      .describe('Measures per setting (mAP over the full ranking is AP; XTREME-R reports AP@20)'),
    per_query: z
      .array(measureName)
      .default(['AP'])
      .describe('Measures whose per-query values go to per_query.parquet (rank distance always does)'),
    in_domain: z
      .boolean()
      .default(true)
      .describe('Also evaluate on the training datasets (labelled in-domain)'),
    bitext: z
      .object({
        measures: z
          .array(measureName)
          .min(1)
          .default(['P@1', 'AP'])
          .describe("Measures of the bitext task (XTREME reports P@1; AP is the multi-way pool's mAP)"),
        pivot: z
          .string()
          .min(1)
          .default('eng')
          .describe(
            "Language paired with every other one (both directions) when prep's datasets.parquet names none",
          ),
        pairs: z
          .array(z.tuple([z.string().min(1), z.string().min(1)]))
          .default([])
          .describe('More language pairs, e.g. [["swa","yor"]], each evaluated in both directions'),
        pool_queries: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(100)
          .describe(
            'Sentences per language that query the multi-way pool (the same groups in every language, chosen by a hash of group_id); null = all',
          ),
        margin_k: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe(
            'Also score pairs by ratio margin (Artetxe & Schwenk 2019) with k neighbours: rows <measure>_margin; null = off (LASER and XTREME use 4)',
          ),
      })
      .strict()
      .prefault({})
      .describe(
        'The bitext task (datasets whose prep task is bitext): language pairs and the multi-way pool',
      ),
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
    questions: questionsSection,
  })
  .strict();
