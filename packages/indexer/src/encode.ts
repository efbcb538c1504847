import { DataError, type ProgressReporter } from '@hbt/core';
import { embedTexts, type Model } from '@hbt/models';
import { firstNonFiniteRow } from './vectors.js';

/** Default texts per encoding chunk (`index.encode_chunk`): length-sorted batches are formed within a chunk. */
export const ENCODE_CHUNK = 16384;

export interface EncodeOptions {
  batchSize: number;
  maxLength: number;
  prefix: string;
  progress: ProgressReporter;
  /** Progress label, e.g. `encode corpus`. */
  label: string;
  /** Names the model in errors. */
  modelDir: string;
  /** Ids, for naming a bad row in errors. */
  ids: readonly string[];
  /** Texts per chunk (default {@link ENCODE_CHUNK}; the index stage passes `index.encode_chunk`). */
  chunk?: number;
}

/**
 * Encode texts with `embedTexts` (length-sorted batches, so little padding; results in input order),
 * with a progress bar, and check that every vector is finite. The texts are encoded in chunks of
 * `chunk` texts (batches never cross a chunk boundary), so a corpus shard that starts on a chunk
 * boundary (`shards.ts`) is encoded in exactly the batches of an unsharded run: same floats.
 *
 * @example
 * const v = await encodeTexts(model, texts, { batchSize: 128, maxLength: 64, prefix: 'Passage: ',
 *   progress, label: 'encode corpus', modelDir, ids });
 */
export async function encodeTexts(
  model: Model,
  texts: readonly string[],
  o: EncodeOptions,
): Promise<Float32Array> {
  const bar = o.progress.start(o.label, texts.length, 'texts');
  const dim = model.encoder.dim;
  const vectors = new Float32Array(texts.length * dim);
  const chunk = o.chunk ?? ENCODE_CHUNK;
  for (let s = 0; s < texts.length; s += chunk) {
    const part = await embedTexts(model, texts.slice(s, s + chunk), {
      batchSize: o.batchSize,
      maxLength: o.maxLength,
      prefix: o.prefix,
      progress: bar,
    });
    vectors.set(part, s * dim);
  }
  bar.done();
  const bad = firstNonFiniteRow({ dim, vectors });
  if (bad >= 0) {
    throw new DataError(`the model produced a non-finite embedding for "${o.ids[bad]}" (${o.label})`, {
      file: o.modelDir,
      hint: 'the weights hold NaN or Infinity (diverged training?); retrain with a lower learning rate',
    });
  }
  return vectors;
}
