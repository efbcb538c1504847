import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  type HbtConfig,
  type Logger,
  type ProgressReporter,
  type ResolvedConfig,
  type RunContext,
  type StageOutcome,
  type StageSpec,
  stageDir,
  writeEmbeddings,
} from '@hbt/core';
import { type BackendPreference, initBackend, loadModel, type Model, tf } from '@hbt/models';
import { type AnnStats, annSearchAll } from './ann-run.js';
import { encodeTexts } from './encode.js';
import { resolveEngine } from './engines.js';
import { candidateTexts, readTextTable } from './prep.js';
import { RUN_FILE, runColumns, writeRun } from './run-table.js';
import { type Collection, type SettingResult, searchSetting } from './setting.js';
import { shardBase, shardFolder, shardKey } from './shard-job.js';
import { listShards, mergeShards } from './shards.js';
import { idTieKeys } from './vectors.js';

/** Bump when equal inputs and config would give different outputs. */
export const INDEX_STAGE_VERSION = 3; // 2: graph encoding on native, grouped exact search; 3: chunked encoding (shards)
/** Query embeddings (Arrow IPC: id = query_id, lang, embedding), rows in `queries.parquet` order. */
export const QUERIES_FILE = 'queries.arrow';
/** Candidate embeddings (Arrow IPC: id = doc_id, lang, embedding), rows in `corpus.parquet` order. */
export const CORPUS_FILE = 'corpus.arrow';

export interface IndexInputs {
  /** `<artifacts>/prep/corpus.parquet` */
  corpus: string;
  /** `<artifacts>/prep/queries.parquet` */
  queries: string;
  /** A Hugging Face model folder (the trained `best/` or `model/`). */
  model: string;
  /**
   * With `index.shards` > 1: the shard base folder (`shardBase`); the corpus vectors come from the
   * shards in its subfolder for this model and corpus instead of being encoded here. Not a hashed input:
   * the shards are checked against the same hashes.
   */
  shardBase?: string;
}

/**
 * The index stage: encode queries (with `train.query_prefix`) and candidates (`train.passage_prefix`,
 * text per `index.candidate_text`, `model.max_length` tokens) into `queries.arrow` / `corpus.arrow`, then
 * search each query against the multilingual pool of its own dataset and write the top `index.top_k` to
 * `run.parquet` (score desc, ties doc_id asc). With `index.ann = 'lancedb'` the search is approximate and
 * its recall against exact search is measured and reported in the stats.
 *
 * @example
 * await runStage(spec, (ctx) => run({ corpus, queries, model }, rc.config, ctx));
 */
export async function run(inputs: IndexInputs, config: HbtConfig, ctx: RunContext): Promise<StageOutcome> {
  if (ctx.backend !== null && tf.getBackend() !== ctx.backend)
    await initBackend(ctx.backend as BackendPreference);
  const cfg = config.index;
  const corpus = await readTextTable(inputs.corpus, 'doc_id');
  const queries = await readTextTable(inputs.queries, 'query_id');
  if (corpus.ids.length === 0) throw new DataError('the corpus has no rows', { file: inputs.corpus });
  if (queries.ids.length === 0) throw new DataError('there are no queries', { file: inputs.queries });
  ctx.log.info(
    `index: ${queries.ids.length} queries, ${corpus.ids.length} candidates (${cfg.candidate_text}), model ${inputs.model}`,
  );
  // A tfjs scope around load → encode → dispose: @hbt/models' loadModel currently leaves the initial
  // value tensor of each weight variable alive after `encoder.dispose()`; ending the scope frees them.
  // Nothing else uses tfjs while the stage runs, so the scope holds only this model's tensors.
  tf.engine().startScope();
  let model: Model | null = null;
  let qv: Float32Array;
  let cv: Float32Array;
  let dim: number;
  try {
    model = await loadModel(inputs.model);
    dim = model.encoder.dim;
    const common = {
      batchSize: cfg.batch_size,
      maxLength: config.model.max_length,
      progress: ctx.progress,
      chunk: cfg.encode_chunk,
    };
    qv = await encodeTexts(model, queries.texts, {
      ...common,
      prefix: config.train.query_prefix,
      label: 'encode queries',
      modelDir: inputs.model,
      ids: queries.ids,
    });
    cv =
      cfg.shards > 1
        ? await corpusFromShards(inputs, config, ctx, corpus.ids, dim)
        : await encodeTexts(model, candidateTexts(corpus, cfg.candidate_text), {
            ...common,
            prefix: config.train.passage_prefix,
            label: 'encode corpus',
            modelDir: inputs.model,
            ids: corpus.ids,
          });
  } finally {
    model?.encoder.dispose();
    tf.engine().endScope();
  }
  await writeEmbeddings(join(ctx.outDir, QUERIES_FILE), {
    ids: queries.ids,
    langs: queries.langs,
    dim,
    vectors: qv,
  });
  await writeEmbeddings(join(ctx.outDir, CORPUS_FILE), {
    ids: corpus.ids,
    langs: corpus.langs,
    dim,
    vectors: cv,
  });

  const Q: Collection = {
    ids: queries.ids,
    langs: queries.langs,
    datasets: queries.datasets,
    dim,
    vectors: qv,
  };
  const C: Collection = { ids: corpus.ids, langs: corpus.langs, datasets: corpus.datasets, dim, vectors: cv };
  const tieKeys = idTieKeys(corpus.ids);
  const t0 = performance.now();
  let found: SettingResult;
  let ann: AnnStats | null = null;
  if (cfg.ann === 'lancedb') {
    const r = await annSearchAll(Q, C, cfg, tieKeys, ctx);
    found = r.setting;
    ann = r.stats;
  } else {
    const bar = ctx.progress.start('search', queries.ids.length, 'queries');
    found = await searchSetting(
      Q,
      C,
      {},
      { k: cfg.top_k, engine: cfg.engine, threads: cfg.threads, tieKeys, progress: bar },
    );
    bar.done();
  }
  const secs = (performance.now() - t0) / 1000;
  const searched = queries.ids.length - found.unmatchedQueries;
  const engine = found.results[0]?.engine ?? null;
  const threads = Math.max(1, ...found.results.map((r) => r.threads ?? 1));
  ctx.log.info(
    `index: searched ${searched} queries in ${secs.toFixed(2)} s (${(searched / Math.max(secs, 1e-9)).toFixed(0)} queries/s, ` +
      `${engine ?? 'no'} engine on ${tf.getBackend()}${threads > 1 ? `, ${threads} threads` : ''})`,
  );
  if (found.unmatchedQueries > 0) {
    ctx.log.warn(
      `${found.unmatchedQueries} queries belong to datasets without candidates in ${inputs.corpus}; they get no run rows`,
    );
  }
  const cols = runColumns(found.results, queries.ids, corpus.ids);
  const runRows = await writeRun(join(ctx.outDir, RUN_FILE), cols, {
    'hbt.tie_break': 'score desc, doc_id asc',
  });
  return {
    rows: { [QUERIES_FILE]: queries.ids.length, [CORPUS_FILE]: corpus.ids.length, [RUN_FILE]: runRows },
    stats: {
      backend: tf.getBackend(),
      search: cfg.ann === 'lancedb' ? 'lancedb' : engine,
      dim,
      queries: queries.ids.length,
      candidates: corpus.ids.length,
      candidate_text: cfg.candidate_text,
      top_k: cfg.top_k,
      datasets: found.datasets,
      queries_without_candidates: found.unmatchedQueries,
      run_rows: runRows,
      ...(ann ? { ann } : {}),
    },
  };
}

/**
 * The corpus vectors from the `index.shards` shard files (`hbt index --shard i/n` jobs), checked: all
 * present, one split, this model / corpus / config / backend, file hashes, and ids equal to the corpus
 * rows.
 */
async function corpusFromShards(
  inputs: IndexInputs,
  config: HbtConfig,
  ctx: RunContext,
  ids: readonly string[],
  dim: number,
): Promise<Float32Array> {
  const n = config.index.shards;
  if (inputs.shardBase === undefined) throw new Error('index.shards > 1 needs inputs.shardBase');
  const key = await shardKey(inputs, config, ctx.backend ?? tf.getBackend());
  const dir = shardFolder(inputs.shardBase, key);
  const merged = await mergeShards(await listShards(dir, n, { key }));
  ctx.log.info(`index: corpus vectors from ${n} shards in ${dir}`);
  if (merged.dim !== dim)
    throw new DataError(`the shards have dim ${merged.dim}, the model ${dim}`, { file: dir });
  for (let i = 0; i < ids.length; i++) {
    if (merged.ids[i] !== ids[i]) {
      throw new DataError(`shard row ${i} is "${merged.ids[i]}", the corpus row "${ids[i]}"`, {
        file: dir,
        hint: 're-run the shard jobs on this corpus',
      });
    }
  }
  return merged.vectors;
}

/**
 * The `runStage` spec of the index stage for one variant. Inputs: `<artifacts>/prep/corpus.parquet`,
 * `queries.parquet` and the model folder — `env.model`, else `<variant>/train/best` when it exists, else
 * `<variant>/train/model`. Cache key: `{ index, search_engine, model: { max_length }, prefixes }` (the engine
 * `index.engine` resolves to), the input hashes, the
 * backend, and the seed only with `ann: lancedb` (it draws the recall sample).
 *
 * @example
 * const { spec, inputs } = indexStageSpec(rc, { log, progress, backend: await initBackend('auto') });
 * await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
 */
export function indexStageSpec(
  rc: ResolvedConfig,
  env: { log: Logger; progress: ProgressReporter; backend: string; force?: boolean; model?: string },
): { spec: StageSpec; inputs: IndexInputs } {
  const prep = stageDir(rc, 'prep');
  const inputs: IndexInputs = {
    corpus: join(prep, 'corpus.parquet'),
    queries: join(prep, 'queries.parquet'),
    model: env.model ?? trainedModel(stageDir(rc, 'train')),
    ...(rc.config.index.shards > 1 ? { shardBase: shardBase(rc) } : {}),
  };
  for (const p of [inputs.corpus, inputs.queries]) {
    if (!existsSync(p))
      throw new DataError('prep output not found', { file: p, hint: 'run `hbt prep --config …` first' });
  }
  if (!existsSync(inputs.model)) {
    throw new DataError('model folder not found', {
      file: inputs.model,
      hint: env.model
        ? 'pass an existing Hugging Face model folder'
        : 'run `hbt train --config …` first, or pass --model DIR',
    });
  }
  const { config } = rc;
  return {
    inputs,
    spec: {
      stage: 'index',
      stageVersion: INDEX_STAGE_VERSION,
      dir: stageDir(rc, 'index'),
      config,
      keyConfig: {
        // `threads` changes only the speed, `shards` / `shard_dir` only where the corpus is encoded:
        // the outputs are identical either way.
        index: { ...config.index, threads: undefined, shards: undefined, shard_dir: undefined },
        // What `auto` resolves to decides the scores' last bits: the fused kernel's fma chain, or the
        // backend's matMul (a newly built or removed addon changes it).
        search_engine: resolveEngine(config.index.engine),
        model: { max_length: config.model.max_length },
        prefixes: { query: config.train.query_prefix, passage: config.train.passage_prefix },
      },
      inputs: { corpus: inputs.corpus, queries: inputs.queries, model: inputs.model },
      seed: config.index.ann === 'lancedb' ? config.seed : null,
      backend: env.backend,
      log: env.log,
      progress: env.progress,
      ...(env.force !== undefined ? { force: env.force } : {}),
    },
  };
}

/** `<train>/best` when it exists, else `<train>/model`. */
export function trainedModel(trainDir: string): string {
  const best = join(trainDir, 'best');
  return existsSync(best) ? best : join(trainDir, 'model');
}
