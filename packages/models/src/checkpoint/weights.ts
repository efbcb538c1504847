import { DataError } from '@hbt/core';
import type { EncoderConfig } from '../encoder/config.js';
import { parameterShapes } from '../encoder/params.js';
import { type ModelFolder, readJsonObject } from './model-folder.js';
import { FLOAT_DTYPES, openSafetensors, type SafetensorsFile } from './safetensors.js';
import { showValue } from './show-value.js';

const PREFIXES = ['bert.', 'roberta.', 'model.'];
const IGNORED = [/^cls\./, /^lm_head\./, /(^|\.)position_ids$/, /^qa_outputs\./, /^classifier\./];
const INDEX = 'model.safetensors.index.json';

/** The weights of an encoder read from a model folder. */
export interface EncoderWeights {
  /** Every parameter of `parameterShapes(cfg)` (the dense head excluded), by name without prefix. */
  values: Map<string, Float32Array>;
  /** Float `pooler.*` tensors (unused, kept for export). */
  extras: Map<string, { shape: number[]; data: Float32Array }>;
}

/** A tensor name without its `bert.` / `roberta.` / `model.` prefix. */
export function stripPrefix(name: string): string {
  for (const p of PREFIXES) if (name.startsWith(p)) return name.slice(p.length);
  return name;
}

/**
 * Read the encoder weights of a model folder: `model.safetensors`, else the shards that
 * `model.safetensors.index.json` names (each inside the folder). Every header is validated, and every
 * expected tensor is found and its shape and dtype checked, before any tensor data is read; tensors the
 * encoder does not use (`cls.*`, `lm_head.*`, …) are never read. Problems → {@link DataError} naming the
 * file and the tensor.
 *
 * @example
 * const { values } = await readEncoderWeights(await ModelFolder.open('model'), cfg);
 */
export async function readEncoderWeights(folder: ModelFolder, cfg: EncoderConfig): Promise<EncoderWeights> {
  const files: SafetensorsFile[] = [];
  try {
    for (const f of await weightFiles(folder)) files.push(await openSafetensors(f));
    const found = new Map<string, { f: SafetensorsFile; raw: string }>();
    for (const f of files) {
      for (const raw of f.header.entries.keys()) {
        const name = stripPrefix(raw);
        if (IGNORED.some((r) => r.test(name))) continue;
        const prev = found.get(name);
        if (prev) {
          throw new DataError(
            `tensor ${showValue(name)} is stored twice (${showValue(prev.raw)} in ${prev.f.file} and ${showValue(raw)})`,
            {
              file: f.file,
              hint: 'the checkpoint is ambiguous; re-export it with transformers',
            },
          );
        }
        found.set(name, { f, raw });
      }
    }
    const wanted = parameterShapes({ ...cfg, dense: null });
    for (const [name, shape] of wanted) {
      const hit = found.get(name);
      if (!hit) {
        throw new DataError(`missing tensor "${name}" (expected shape [${shape}])`, {
          file: folder.path,
          hint: 'the checkpoint does not match config.json; re-export it with transformers',
        });
      }
      const e = hit.f.header.entries.get(hit.raw)!;
      if (!FLOAT_DTYPES.has(e.dtype) || e.shape.join() !== shape.join()) {
        throw new DataError(
          `tensor "${hit.raw}" has shape ${showValue(e.shape)} (${e.dtype}), expected [${shape}] (float) for ${cfg.modelType} config`,
          { file: hit.f.file },
        );
      }
    }
    const values = new Map<string, Float32Array>();
    for (const name of wanted.keys()) {
      const hit = found.get(name)!;
      values.set(name, (await hit.f.read(hit.raw)).data as Float32Array);
    }
    const extras = new Map<string, { shape: number[]; data: Float32Array }>();
    const H = cfg.hiddenSize;
    for (const [name, { f, raw }] of found) {
      const e = f.header.entries.get(raw)!;
      if (name.startsWith('pooler.') && FLOAT_DTYPES.has(e.dtype) && e.count <= H * H) {
        extras.set(name, { shape: e.shape, data: (await f.read(raw)).data as Float32Array });
      }
    }
    return { values, extras };
  } finally {
    await Promise.all(files.map((f) => f.close()));
  }
}

/** `model.safetensors`, or the shards of `model.safetensors.index.json` (sorted, each once). */
async function weightFiles(folder: ModelFolder): Promise<string[]> {
  const single = await folder.find('model.safetensors', 'model.safetensors');
  if (single !== null) return [single];
  const index = await folder.find(INDEX, INDEX);
  if (index === null) {
    const bin = (await folder.find('pytorch_model.bin', 'pytorch_model.bin')) !== null;
    throw new DataError(bin ? 'only pytorch_model.bin found' : 'no model.safetensors', {
      file: folder.path,
      hint: bin
        ? 'hbt reads safetensors only: in Python, AutoModel.from_pretrained(dir).save_pretrained(dir, safe_serialization=True)'
        : 'the folder needs model.safetensors (or model.safetensors.index.json with its shards)',
    });
  }
  const map = (await readJsonObject(index, INDEX)).weight_map;
  if (map === null || typeof map !== 'object' || Array.isArray(map)) {
    throw new DataError('no "weight_map" object', { file: index });
  }
  const shards = new Set<string>();
  for (const [tensor, shard] of Object.entries(map)) {
    if (typeof shard !== 'string' || shard === '') {
      throw new DataError(`weight_map: tensor ${showValue(tensor)} must map to a shard file name`, {
        file: index,
      });
    }
    shards.add(shard);
  }
  const out: string[] = [];
  for (const shard of [...shards].sort()) {
    const path = await folder.find(shard, 'shard', index);
    if (path === null)
      throw new DataError(`shard ${showValue(shard)} named in the index is missing`, { file: index });
    out.push(path);
  }
  return out;
}
