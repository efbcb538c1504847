import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError } from '@hbt/core';
import { type EncoderConfig, maxSequenceLength, type Pooling } from '../encoder/config.js';
import { Encoder } from '../encoder/encoder.js';
import { parameterShapes } from '../encoder/params.js';
import type { Model } from '../model.js';
import { tf } from '../tf.js';
import { loadTokenizer } from '../tokenizer/load.js';
import { fromHfConfig } from './hf-config.js';
import { readSafetensors, type SafeTensor } from './safetensors.js';
import { readJson, readStModules } from './st-modules.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Override the pooling (default: the sentence-transformers Pooling module, else `mean`). */
  pooling?: Pooling;
  /** Override L2 normalisation (default: a Normalize module if sentence-transformers, else true). */
  normalize?: boolean;
  /** Default max length (default: `max_seq_length` of sentence_bert_config.json, else min(512, positions)). */
  maxLength?: number;
}

const PREFIXES = ['bert.', 'roberta.', 'model.'];
const IGNORED = [/^cls\./, /^lm_head\./, /(^|\.)position_ids$/, /^qa_outputs\./, /^classifier\./];

/**
 * Load a Hugging Face model folder: `config.json` (model_type `bert` or `xlm-roberta`),
 * `model.safetensors` or a sharded `model.safetensors.index.json`, the tokenizer (`tokenizer.json` or
 * `vocab.txt`), and, for a sentence-transformers folder, `modules.json` with Pooling, Dense and Normalize.
 * Tensor names may carry a `bert.` / `roberta.` prefix. A missing or mis-shaped tensor, an unsupported
 * architecture or a malformed file → {@link DataError} naming the file, tensor and shapes.
 *
 * @example
 * const model = await loadModel('test-fixtures/models/tiny-labse');
 */
export async function loadModel(dir: string, opts: LoadModelOptions = {}): Promise<Model> {
  if (!existsSync(dir)) throw new DataError('model folder not found', { file: dir });
  const st = await readStModules(dir);
  const tdir = st?.transformerDir ?? dir;
  const cfgPath = join(tdir, 'config.json');
  if (!existsSync(cfgPath)) {
    throw new DataError('no config.json: not a Hugging Face model folder', {
      file: tdir,
      hint: 'point --model at a folder with config.json, model.safetensors and tokenizer files',
    });
  }
  const arch = fromHfConfig(await readJson(cfgPath), cfgPath);
  const dense = st?.dense ?? null;
  if (dense && dense.head.inFeatures !== arch.hiddenSize) {
    throw new DataError(`Dense in_features ${dense.head.inFeatures} ≠ hidden_size ${arch.hiddenSize}`, {
      file: dir,
    });
  }
  const cfg: EncoderConfig = {
    ...arch,
    pooling: opts.pooling ?? st?.pooling ?? 'mean',
    dense: dense?.head ?? null,
    normalize: opts.normalize ?? (st ? st.normalize : true),
  };
  const tensors = await readWeights(tdir);
  const values = new Map<string, Float32Array>();
  const extras = new Map<string, tf.Tensor>();
  const byName = new Map<string, { t: SafeTensor; file: string; raw: string }>();
  for (const [raw, entry] of tensors) {
    const name = stripPrefix(raw);
    if (name.startsWith('pooler.')) {
      if (entry.t.data instanceof Float32Array)
        extras.set(name, tf.tensor(entry.t.data, entry.t.shape, 'float32'));
      continue;
    }
    byName.set(name, { ...entry, raw });
  }
  for (const [name, shape] of parameterShapes({ ...cfg, dense: null })) {
    const hit = byName.get(name);
    if (!hit) {
      tf.dispose([...extras.values()]);
      throw new DataError(`missing tensor "${name}" (expected shape [${shape}])`, {
        file: tdir,
        hint: 'the checkpoint does not match config.json; re-export it with transformers',
      });
    }
    if (!(hit.t.data instanceof Float32Array) || hit.t.shape.join() !== shape.join()) {
      tf.dispose([...extras.values()]);
      throw new DataError(
        `tensor "${hit.raw}" has shape [${hit.t.shape}] (${hit.t.dtype}), expected [${shape}] (float) for ${cfg.modelType} config`,
        { file: hit.file },
      );
    }
    values.set(name, hit.t.data);
    byName.delete(name);
  }
  if (dense) {
    values.set('dense.linear.weight', dense.weight);
    if (dense.bias) values.set('dense.linear.bias', dense.bias);
  }
  const tokenizer = await loadTokenizer(tdir);
  if (tokenizer.vocabSize > cfg.vocabSize) {
    tf.dispose([...extras.values()]);
    throw new DataError(
      `the tokenizer has ${tokenizer.vocabSize} tokens but vocab_size is ${cfg.vocabSize}`,
      {
        file: tdir,
        hint: 'the tokenizer does not belong to this checkpoint',
      },
    );
  }
  const encoder = new Encoder(cfg, values, extras);
  const tokCfgPath = join(tdir, 'tokenizer_config.json');
  const tokMax = existsSync(tokCfgPath) ? (await readJson(tokCfgPath)).model_max_length : undefined;
  const fromTok = typeof tokMax === 'number' && tokMax > 1 && tokMax < 1e6 ? tokMax : undefined;
  const maxLen = opts.maxLength ?? st?.maxSeqLength ?? fromTok ?? 512;
  return { encoder, tokenizer, maxLength: Math.min(maxLen, maxSequenceLength(cfg)) };
}

function stripPrefix(name: string): string {
  for (const p of PREFIXES) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

/** All tensors of `model.safetensors` or the shards of `model.safetensors.index.json`. */
async function readWeights(dir: string): Promise<Map<string, { t: SafeTensor; file: string }>> {
  const out = new Map<string, { t: SafeTensor; file: string }>();
  const single = join(dir, 'model.safetensors');
  const index = join(dir, 'model.safetensors.index.json');
  let files: string[];
  if (existsSync(single)) files = [single];
  else if (existsSync(index)) {
    const idx = await readJson(index);
    const map = idx.weight_map as Record<string, string> | undefined;
    if (!map || typeof map !== 'object') throw new DataError('no "weight_map" object', { file: index });
    files = [...new Set(Object.values(map))].sort().map((f) => join(dirname(index), f));
    for (const f of files)
      if (!existsSync(f)) throw new DataError('a shard named in the index is missing', { file: f });
  } else {
    const bin = existsSync(join(dir, 'pytorch_model.bin'));
    throw new DataError(bin ? 'only pytorch_model.bin found' : 'no model.safetensors', {
      file: dir,
      hint: bin
        ? 'hbt reads safetensors only: in Python, AutoModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)'
        : 'the folder needs model.safetensors (or model.safetensors.index.json with its shards)',
    });
  }
  for (const f of files) {
    const { tensors } = await readSafetensors(f);
    for (const [name, t] of tensors) {
      if (IGNORED.some((r) => r.test(stripPrefix(name)))) continue;
      out.set(name, { t, file: f });
    }
  }
  return out;
}
