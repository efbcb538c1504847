import { DataError, type ProgressReporter } from '@hbt/core';
import { embedTexts, type Model } from '@hbt/models';
import { firstNonFiniteRow } from './vectors.js';

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
}

/**
 * Encode texts with `embedTexts` (length-sorted batches, so little padding; results in input order),
 * with a progress bar, and check that every vector is finite.
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
  const vectors = await embedTexts(model, texts, {
    batchSize: o.batchSize,
    maxLength: o.maxLength,
    prefix: o.prefix,
    progress: bar,
  });
  bar.done();
  const bad = firstNonFiniteRow({ dim: model.encoder.dim, vectors });
  if (bad >= 0) {
    throw new DataError(`the model produced a non-finite embedding for "${o.ids[bad]}" (${o.label})`, {
      file: o.modelDir,
      hint: 'the weights hold NaN or Infinity (diverged training?); retrain with a lower learning rate',
    });
  }
  return vectors;
}
