import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import type { DenseHead, Pooling } from '../encoder/config.js';
import { readSafetensors } from './safetensors.js';

type Json = Record<string, unknown>;

/** What a sentence-transformers folder (`modules.json`) adds on top of the transformer. */
export interface StModules {
  /** Folder of the Transformer module (config.json, weights, tokenizer). */
  transformerDir: string;
  pooling: Pooling | null;
  dense: { head: DenseHead; weight: Float32Array; bias: Float32Array | null } | null;
  normalize: boolean;
  maxSeqLength: number | null;
}

/** Read `modules.json` and its modules; null if the folder is not a sentence-transformers model. */
export async function readStModules(dir: string): Promise<StModules | null> {
  const path = join(dir, 'modules.json');
  if (!existsSync(path)) return null;
  const modules = (await readJson(path)) as unknown as Json[];
  if (!Array.isArray(modules)) throw new DataError('modules.json must be a list', { file: path });
  const out: StModules = {
    transformerDir: dir,
    pooling: null,
    dense: null,
    normalize: false,
    maxSeqLength: null,
  };
  let seen = 0;
  for (const m of modules) {
    const type = String(m.type);
    // Class name only: sentence-transformers ≤ 5 writes `sentence_transformers.models.Pooling`, 6 writes
    // `sentence_transformers.sentence_transformer.modules.pooling.Pooling`.
    const cls = type.split('.').pop();
    const sub = join(dir, String(m.path ?? ''));
    const where = { file: path, location: `module ${String(m.idx ?? seen)} (${type})` };
    seen++;
    if (cls === 'Transformer') {
      out.transformerDir = sub;
      const sbert = join(dir, 'sentence_bert_config.json');
      const sbertSub = join(sub, 'sentence_bert_config.json');
      const f = existsSync(sbertSub) ? sbertSub : existsSync(sbert) ? sbert : null;
      if (f) {
        const c = await readJson(f);
        if (typeof c.max_seq_length === 'number') out.maxSeqLength = c.max_seq_length;
      }
    } else if (cls === 'Pooling') {
      const c = await readJson(join(sub, 'config.json'));
      // sentence-transformers ≥ 6: "pooling_mode": "cls"; before: boolean "pooling_mode_cls_token" etc.
      const modes =
        typeof c.pooling_mode === 'string'
          ? [`pooling_mode_${c.pooling_mode}`]
          : Object.entries(c)
              .filter(([k, v]) => k.startsWith('pooling_mode') && v === true)
              .map(([k]) => k);
      const mode = modes.length === 1 ? modes[0]!.replace(/_tokens?$/, '') : '';
      if (mode === 'pooling_mode_cls') out.pooling = 'cls';
      else if (mode === 'pooling_mode_mean') out.pooling = 'mean';
      else {
        throw new DataError(`unsupported pooling ${JSON.stringify(modes)}`, {
          ...where,
          hint: 'hbt supports CLS or mean pooling',
        });
      }
    } else if (cls === 'Dense') {
      out.dense = await readDense(sub, where);
    } else if (cls === 'Normalize') {
      out.normalize = true;
    } else {
      throw new DataError(`unsupported sentence-transformers module "${type}"`, {
        ...where,
        hint: 'hbt supports Transformer, Pooling (cls/mean), Dense and Normalize',
      });
    }
  }
  return out;
}

async function readDense(sub: string, where: { file: string; location: string }) {
  const c = await readJson(join(sub, 'config.json'));
  const act = String(c.activation_function ?? 'torch.nn.modules.activation.Tanh');
  let activation: DenseHead['activation'];
  if (act.endsWith('.Tanh')) activation = 'tanh';
  else if (act.endsWith('.Identity')) activation = 'identity';
  else throw new DataError(`unsupported Dense activation "${act}"`, { ...where, hint: 'Tanh or Identity' });
  const head: DenseHead = {
    inFeatures: Number(c.in_features),
    outFeatures: Number(c.out_features),
    bias: c.bias !== false,
    activation,
  };
  const wfile = join(sub, 'model.safetensors');
  if (!existsSync(wfile)) {
    throw new DataError('the Dense module has no model.safetensors', {
      file: sub,
      hint: 'hbt reads safetensors only; re-save the model with a current sentence-transformers (safe_serialization=True)',
    });
  }
  const { tensors } = await readSafetensors(wfile);
  const w = tensors.get('linear.weight');
  const expect = [head.outFeatures, head.inFeatures];
  if (!w || !(w.data instanceof Float32Array) || w.shape.join() !== expect.join()) {
    throw new DataError(
      w
        ? `tensor "linear.weight" has shape [${w.shape}] (${w.dtype}), expected [${expect}]`
        : 'missing tensor "linear.weight"',
      { file: wfile },
    );
  }
  let bias: Float32Array | null = null;
  if (head.bias) {
    const b = tensors.get('linear.bias');
    if (!b || !(b.data instanceof Float32Array) || b.shape.join() !== String(head.outFeatures)) {
      throw new DataError(
        b
          ? `tensor "linear.bias" has shape [${b.shape}], expected [${head.outFeatures}]`
          : 'missing tensor "linear.bias"',
        { file: wfile },
      );
    }
    bias = b.data;
  }
  return { head, weight: w.data, bias };
}

export async function readJson(path: string): Promise<Json> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read: ${(e as Error).message}`, { file: path });
  }
  try {
    return JSON.parse(text) as Json;
  } catch (e) {
    throw new DataError(`not valid JSON: ${(e as Error).message}`, { file: path });
  }
}
