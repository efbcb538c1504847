/**
 * The sanity check of the eval stage's bitext task (issue #15), written once: data-prep's stage on the
 * mirror for the named eval datasets, a slice of `groups` aligned rows per dataset (the same groups in
 * every language, chosen by fnv1a of group_id), every query and candidate embedded with the given model,
 * and the eval stage run on the prep tables and datasets.parquet exactly as `hbt eval` would. Used by
 * `bitext-untrained-sanity.ts` (the full check, minutes) and `bitext-sanity.test.ts` (a slice, in CI).
 * A check of the task, not of a model.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configSchema,
  fnv1a,
  memoryLogger,
  Rng,
  readRows,
  silentProgress,
  writeArtifact,
  writeEmbeddings,
} from '../../packages/core/src/index.js';
import { locateDatasets, run as prep } from '../../packages/data-prep/src/index.js';
import { run as evaluate, type MetricsColumns } from '../../packages/evaluator/src/index.js';
import { buildTokenizer, createModel, embedTexts, type Model } from '../../packages/models/src/index.js';

/** One row of the eval stage's metrics.parquet. */
export type MetricRow = { [K in keyof MetricsColumns]: MetricsColumns[K][number] };

export interface BitextSanityOptions {
  /** The data mirror (HBT_DATA_MIRROR). */
  mirror: string;
  /** Eval datasets as in a config's `data.eval`, e.g. `[{ name: 'mafand-mt', languages: ['pcm', 'yor'] }]`. */
  datasets: Array<{ name: string; languages: string[] }>;
  /** Aligned rows (groups) kept per dataset. */
  groups: number;
  /** The (untrained) model that embeds queries and candidates. */
  model: Model;
  /** Max tokens per text. */
  maxLength: number;
  /** Eval settings; default cross and multi. */
  settings?: Array<'mono' | 'cross' | 'multi'>;
}

/**
 * The untrained model of the check: random initialisation (`seed`), the mBERT vocabulary from the mirror,
 * hidden 64, one layer, two heads, mean pooling, max length 48.
 *
 * @example
 * const model = await untrainedModel('/work/shared/data');
 */
export async function untrainedModel(mirror: string, seed = 0): Promise<Model> {
  const { model } = configSchema.parse({
    name: 'sanity',
    model: {
      init: null,
      tokenizer: { kind: 'mbert-vocab' },
      hidden: 64,
      layers: 1,
      heads: 2,
      intermediate: 256,
      max_length: 48,
      pooling: 'mean',
    },
  });
  const tok = await buildTokenizer(model.tokenizer, [], {
    mbertVocabPath: join(mirror, 'mbert-vocab', 'mbert_modified_vocab.txt'),
  });
  return createModel(model, tok, seed);
}

type Row = Record<string, string | null>;

/** Keep `groups` aligned rows per dataset (the same groups in every language), by fnv1a of group_id. */
function keepGroups(rows: Row[], groups: number): Row[] {
  const byDataset = new Map<string, Set<string>>();
  for (const r of rows) {
    const s = byDataset.get(r.dataset!) ?? new Set<string>();
    s.add(r.group_id!);
    byDataset.set(r.dataset!, s);
  }
  const kept = new Set<string>();
  for (const s of byDataset.values())
    for (const g of [...s].sort((a, b) => fnv1a(a) - fnv1a(b) || (a < b ? -1 : 1)).slice(0, groups))
      kept.add(g);
  return rows.filter((r) => kept.has(r.group_id!));
}

/**
 * Runs the check and returns the eval stage's metric rows (P@1, P@1_chance, P@1_margin, RD, RD_chance…).
 *
 * @example
 * const rows = await bitextSanity({
 *   mirror: '/work/shared/data',
 *   datasets: [{ name: 'mafand-mt', languages: ['pcm', 'yor'] }],
 *   groups: 150,
 *   model: await loadModel('test-fixtures/models/tiny-mbert', { pooling: 'mean' }),
 *   maxLength: 48,
 * });
 * rows.find((r) => r.query_lang === 'pcm' && r.doc_lang === 'eng' && r.measure === 'P@1')?.value;
 */
export async function bitextSanity(opts: BitextSanityOptions): Promise<MetricRow[]> {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-bitext-sanity-'));
  try {
    const cfg = configSchema.parse({
      name: 'sanity',
      data: { train: [], eval: opts.datasets, mirror: opts.mirror },
      eval: {
        settings: opts.settings ?? ['cross', 'multi'],
        bitext: { measures: ['P@1'], pool_queries: 100, margin_k: 4 },
      },
    });
    const log = memoryLogger();
    const prepDir = join(dir, 'prep');
    await prep(locateDatasets(cfg.data, dir), cfg.data, {
      outDir: prepDir,
      workDir: join(dir, 'prep.work'),
      rng: Rng.fromSeed(0),
      log,
      progress: silentProgress,
      backend: null,
    });
    const queries = keepGroups(await readRows<Row>(join(prepDir, 'queries.parquet')), opts.groups);
    const corpus = keepGroups(await readRows<Row>(join(prepDir, 'corpus.parquet')), opts.groups);
    const col = (rows: Row[], c: string) => rows.map((r) => r[c] ?? null);
    await writeArtifact(join(prepDir, 'queries.parquet'), 'queries', {
      query_id: col(queries, 'query_id'),
      lang: col(queries, 'lang'),
      text: col(queries, 'text'),
      group_id: col(queries, 'group_id'),
      dataset: col(queries, 'dataset'),
    });
    await writeArtifact(join(prepDir, 'corpus.parquet'), 'corpus', {
      doc_id: col(corpus, 'doc_id'),
      lang: col(corpus, 'lang'),
      text: col(corpus, 'text'),
      context: col(corpus, 'context'),
      group_id: col(corpus, 'group_id'),
      dataset: col(corpus, 'dataset'),
    });
    const embed = async (rows: Row[], idCol: string, prefix: string, out: string) => {
      const vectors = await embedTexts(
        opts.model,
        rows.map((r) => r.text!),
        { batchSize: 64, maxLength: opts.maxLength, prefix },
      );
      await writeEmbeddings(out, {
        ids: rows.map((r) => r[idCol]!),
        langs: rows.map((r) => r.lang!),
        dim: opts.model.encoder.dim,
        vectors,
      });
    };
    await embed(queries, 'query_id', 'Query: ', join(dir, 'queries.arrow'));
    await embed(corpus, 'doc_id', 'Passage: ', join(dir, 'corpus.arrow'));
    await evaluate(
      {
        queries: join(prepDir, 'queries.parquet'),
        corpus: join(prepDir, 'corpus.parquet'),
        qrels: join(prepDir, 'qrels.parquet'),
        queryEmbeddings: join(dir, 'queries.arrow'),
        corpusEmbeddings: join(dir, 'corpus.arrow'),
        datasets: join(prepDir, 'datasets.parquet'),
      },
      cfg,
      { outDir: join(dir, 'eval'), log, progress: silentProgress },
    );
    return await readRows<MetricRow>(join(dir, 'eval', 'metrics.parquet'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The metric rows of one language pair (or a language against the multi-way pool, `doc_lang` '*'). */
export function leafRows(rows: MetricRow[]): MetricRow[] {
  return rows.filter((r) => r.query_lang !== '*' && (r.doc_lang !== '*' || r.setting === 'multi'));
}
