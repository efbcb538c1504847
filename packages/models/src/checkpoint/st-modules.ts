import { DataError, MODEL_LIMITS } from '@hbt/core';
import type { DenseHead, Pooling } from '../encoder/config.js';
import { type ModelFolder, readJsonFile, readJsonObject } from './model-folder.js';
import { FLOAT_DTYPES, openSafetensors, type SafetensorsFile } from './safetensors.js';
import { showValue } from './show-value.js';

type Json = Record<string, unknown>;
type Where = { file: string; location: string };

/** What a sentence-transformers folder (`modules.json`) adds on top of the transformer. */
export interface StModules {
  /** Folder of the Transformer module (config.json, weights, tokenizer). */
  transformer: ModelFolder;
  pooling: Pooling | null;
  dense: { head: DenseHead; weight: Float32Array; bias: Float32Array | null } | null;
  normalize: boolean;
  maxSeqLength: number | null;
}

/**
 * Read `modules.json` and its modules; null if the folder is not a sentence-transformers model. Module
 * paths must stay inside the folder (see {@link ModelFolder}).
 */
export async function readStModules(folder: ModelFolder): Promise<StModules | null> {
  const path = await folder.find('modules.json', 'modules.json');
  if (path === null) return null;
  const modules = await readJsonFile(path, 'modules.json');
  if (!Array.isArray(modules)) throw new DataError('modules.json must be a list', { file: path });
  const out: StModules = {
    transformer: folder,
    pooling: null,
    dense: null,
    normalize: false,
    maxSeqLength: null,
  };
  for (const [i, m] of modules.entries()) {
    if (m === null || typeof m !== 'object' || Array.isArray(m) || typeof m.type !== 'string') {
      throw new DataError('each module must be an object with a "type" string', {
        file: path,
        location: `module ${i}`,
      });
    }
    const type: string = m.type;
    // Class name only: sentence-transformers ≤ 5 writes `sentence_transformers.models.Pooling`, 6 writes
    // `sentence_transformers.sentence_transformer.modules.pooling.Pooling`.
    const cls = type.split('.').pop();
    const where = { file: path, location: `module ${i} (${showValue(type)})` };
    const rel = m.path ?? '';
    if (typeof rel !== 'string') throw new DataError('"path" must be a string', where);
    if (cls === 'Normalize') {
      out.normalize = true;
      continue;
    }
    const sub = rel === '' ? folder : await folder.sub(rel, path);
    if (cls === 'Transformer') {
      out.transformer = sub;
      const f =
        (await sub.find('sentence_bert_config.json', 'sentence_bert_config.json')) ??
        (await folder.find('sentence_bert_config.json', 'sentence_bert_config.json'));
      if (f) out.maxSeqLength = maxSeqLength(await readJsonObject(f, 'sentence_bert_config.json'), f);
    } else if (cls === 'Pooling') {
      out.pooling = await readPooling(sub, where);
    } else if (cls === 'Dense') {
      out.dense = await readDense(sub, where);
    } else {
      throw new DataError(`unsupported sentence-transformers module ${showValue(type)}`, {
        ...where,
        hint: 'hbt supports Transformer, Pooling (cls/mean), Dense and Normalize',
      });
    }
  }
  return out;
}

function maxSeqLength(c: Json, file: string): number | null {
  const v = c.max_seq_length;
  if (v === undefined || v === null) return null;
  if (!Number.isSafeInteger(v) || (v as number) < 2) {
    throw new DataError(`"max_seq_length" must be an integer ≥ 2, got ${showValue(v)}`, { file });
  }
  return v as number;
}

async function moduleConfig(sub: ModelFolder, where: Where): Promise<Json> {
  const f = await sub.find('config.json', 'module config.json', where.file);
  if (f === null) throw new DataError(`no config.json in module folder ${sub.path}`, where);
  return readJsonObject(f, 'module config.json');
}

async function readPooling(sub: ModelFolder, where: Where): Promise<Pooling> {
  const c = await moduleConfig(sub, where);
  // sentence-transformers ≥ 6: "pooling_mode": "cls"; before: boolean "pooling_mode_cls_token" etc.
  const modes =
    typeof c.pooling_mode === 'string'
      ? [`pooling_mode_${c.pooling_mode}`]
      : Object.entries(c)
          .filter(([k, v]) => k.startsWith('pooling_mode') && v === true)
          .map(([k]) => k);
  const mode = modes.length === 1 ? modes[0]!.replace(/_tokens?$/, '') : '';
  if (mode === 'pooling_mode_cls') return 'cls';
  if (mode === 'pooling_mode_mean') return 'mean';
  throw new DataError(`unsupported pooling ${showValue(modes)}`, {
    ...where,
    hint: 'hbt supports CLS or mean pooling',
  });
}

async function readDense(sub: ModelFolder, where: Where) {
  const c = await moduleConfig(sub, where);
  const act = c.activation_function ?? 'torch.nn.modules.activation.Tanh';
  if (typeof act !== 'string')
    throw new DataError(`Dense "activation_function" must be a string, got ${showValue(act)}`, where);
  let activation: DenseHead['activation'];
  if (act.endsWith('.Tanh')) activation = 'tanh';
  else if (act.endsWith('.Identity')) activation = 'identity';
  else
    throw new DataError(`unsupported Dense activation ${showValue(act)}`, {
      ...where,
      hint: 'Tanh or Identity',
    });
  const features = (key: string): number => {
    const v = c[key];
    if (!Number.isSafeInteger(v) || (v as number) < 1 || (v as number) > MODEL_LIMITS.hidden) {
      throw new DataError(
        `Dense "${key}" must be an integer from 1 to ${MODEL_LIMITS.hidden}, got ${showValue(v)}`,
        where,
      );
    }
    return v as number;
  };
  const head: DenseHead = {
    inFeatures: features('in_features'),
    outFeatures: features('out_features'),
    bias: c.bias !== false,
    activation,
  };
  const wfile = await sub.find('model.safetensors', 'Dense weights', where.file);
  if (wfile === null) {
    throw new DataError('the Dense module has no model.safetensors', {
      file: sub.path,
      hint: 'hbt reads safetensors only; re-save the model with a current sentence-transformers (safe_serialization=True)',
    });
  }
  const f = await openSafetensors(wfile);
  try {
    const weight = await readFloat(f, 'linear.weight', [head.outFeatures, head.inFeatures]);
    const bias = head.bias ? await readFloat(f, 'linear.bias', [head.outFeatures]) : null;
    return { head, weight, bias };
  } finally {
    await f.close();
  }
}

/** A float tensor of a known shape, checked against the header before its bytes are read. */
async function readFloat(f: SafetensorsFile, name: string, shape: number[]): Promise<Float32Array> {
  const e = f.header.entries.get(name);
  if (!e) throw new DataError(`missing tensor "${name}"`, { file: f.file });
  if (!FLOAT_DTYPES.has(e.dtype) || e.shape.join() !== shape.join()) {
    throw new DataError(
      `tensor "${name}" has shape ${showValue(e.shape)} (${e.dtype}), expected [${shape}] (float)`,
      {
        file: f.file,
      },
    );
  }
  return (await f.read(name)).data as Float32Array;
}
