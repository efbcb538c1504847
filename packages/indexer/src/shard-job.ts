import { dirname, join } from 'node:path';
import {
  type HbtConfig,
  hashFile,
  hashJson,
  hashPath,
  type Logger,
  type ProgressReporter,
  type ResolvedConfig,
  stageDir,
} from '@hbt/core';
import { type BackendPreference, initBackend, loadModel, tf } from '@hbt/models';
import { encodeTexts } from './encode.js';
import { candidateTexts, readTextTable } from './prep.js';
import { INDEX_STAGE_VERSION } from './run.js';
import { type ShardEntry, type ShardSpec, shardRows, writeShard } from './shards.js';

/**
 * What the corpus vectors depend on, hashed: the corpus file, the model folder, the encoding config
 * (`candidate_text`, `batch_size`, `encode_chunk`, `model.max_length`, `train.passage_prefix`), the backend and the stage
 * version. Every shard of one split carries it; the run that uses the shards checks it.
 *
 * @example
 * const key = await shardKey({ corpus, model }, config, 'tensorflow');
 */
export async function shardKey(
  inputs: { corpus: string; model: string },
  config: HbtConfig,
  backend: string,
): Promise<string> {
  return hashJson({
    stage: 'index',
    version: INDEX_STAGE_VERSION,
    corpus: await hashFile(inputs.corpus),
    model: await hashPath(inputs.model),
    candidate_text: config.index.candidate_text,
    batch_size: config.index.batch_size,
    encode_chunk: config.index.encode_chunk,
    max_length: config.model.max_length,
    passage_prefix: config.train.passage_prefix,
    backend,
  });
}

/** A variant's shard base folder: `index.shard_dir`, else `<artifacts>/variants/<v>/index-shards`. */
export function shardBase(rc: ResolvedConfig): string {
  return rc.config.index.shard_dir ?? join(dirname(stageDir(rc, 'index')), 'index-shards');
}

/** The folder of the shards for `key`: `<base>/<key, 16 hex>`, so other models' or corpora's shards never mix in. */
export function shardFolder(base: string, key: string): string {
  return join(base, key.slice(0, 16));
}

/**
 * One shard job (`hbt index --shard i/n`): encode rows {@link shardRows} of the corpus with the model and
 * write them as shard `spec` into `dir` ({@link writeShard}). Needs no lock: jobs write distinct files
 * atomically, and a repeated job rewrites the same bytes.
 *
 * @example
 * const key = await shardKey(inputs, config, backend);
 * await encodeShard(inputs, config, { index: 2, count: 8 }, shardFolder(shardBase(rc), key), key, env);
 */
export async function encodeShard(
  inputs: { corpus: string; model: string },
  config: HbtConfig,
  spec: ShardSpec,
  dir: string,
  key: string,
  env: { log: Logger; progress: ProgressReporter; backend: string },
): Promise<ShardEntry> {
  if (tf.getBackend() !== env.backend) await initBackend(env.backend as BackendPreference);
  const corpus = await readTextTable(inputs.corpus, 'doc_id');
  const n = corpus.ids.length;
  const chunk = config.index.encode_chunk;
  const [start, end] = shardRows(n, spec, chunk);
  env.log.info(`index shard ${spec.index}/${spec.count}: corpus rows [${start}, ${end}) of ${n}`);
  const texts = candidateTexts(corpus, config.index.candidate_text).slice(start, end);
  const ids = corpus.ids.slice(start, end);
  tf.engine().startScope();
  let vectors: Float32Array;
  let dim: number;
  try {
    const model = await loadModel(inputs.model);
    try {
      dim = model.encoder.dim;
      vectors = await encodeTexts(model, texts, {
        batchSize: config.index.batch_size,
        maxLength: config.model.max_length,
        prefix: config.train.passage_prefix,
        progress: env.progress,
        label: `encode shard ${spec.index}/${spec.count}`,
        modelDir: inputs.model,
        ids,
        chunk,
      });
    } finally {
      model.encoder.dispose();
    }
  } finally {
    tf.engine().endScope();
  }
  const out = await writeShard(
    dir,
    spec,
    { ids, langs: corpus.langs.slice(start, end), dim, vectors },
    { start, end, corpusRows: n, key, chunk },
  );
  env.log.info(`index shard ${spec.index}/${spec.count}: wrote ${out.file}`);
  return out;
}
