import { join } from 'node:path';
import { type Model, saveModel, tf } from '@hbt/models';
import { loadBest } from './checkpoint.js';

/** What {@link exportModels} writes besides the weights. */
export interface ExportOptions {
  /** Prompts the model was trained with (`query`, `document`), for config_sentence_transformers.json. */
  prompts?: Readonly<Record<string, string>>;
  /** The model card (README.md) of each folder, by the weights it holds. */
  card?: (weights: 'final' | 'best') => string;
}

/**
 * Write `model/` (the current, final weights) and `best/` (the weights saved at `bestStep`) under `outDir`
 * as Hugging Face / sentence-transformers folders with the training prompts and a model card. Without a
 * best step, or when it is the last step, `best/` gets the final weights. Leaves the model holding the
 * final weights.
 *
 * @example
 * await exportModels(model, ctx.outDir, ctx.workDir, 899, 999, {
 *   prompts: { query: 'Query: ', document: 'Passage: ' },
 *   card: (weights) => renderModelCard({ ...info, weights }),
 * });
 */
export async function exportModels(
  model: Model,
  outDir: string,
  workDir: string,
  bestStep: number | null,
  lastStep: number,
  opts: ExportOptions = {},
): Promise<void> {
  const save = (name: 'model' | 'best', weights: 'final' | 'best') =>
    saveModel(model, join(outDir, name), {
      ...(opts.prompts !== undefined ? { prompts: opts.prompts } : {}),
      ...(opts.card !== undefined ? { card: opts.card(weights) } : {}),
    });
  await save('model', 'final');
  if (bestStep === null || bestStep === lastStep) {
    await save('best', 'final');
    return;
  }
  const enc = model.encoder;
  const final = await enc.getValues();
  const best = await loadBest(workDir, bestStep);
  const values = new Map<string, Float32Array>();
  for (const name of enc.weights.keys()) {
    const t = best.get(`param/${name}`);
    if (!t) throw new Error(`best checkpoint of step ${bestStep} lacks ${name}`);
    values.set(name, t.data);
  }
  tf.tidy(() => enc.setValues(values));
  await save('best', 'best');
  tf.tidy(() => enc.setValues(final));
}
