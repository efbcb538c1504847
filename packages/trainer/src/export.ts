import { join } from 'node:path';
import { type Model, saveModel, tf } from '@hbt/models';
import { loadBest } from './checkpoint.js';

/**
 * Write `model/` (the current, final weights) and `best/` (the weights saved at `bestStep`) under `outDir`
 * as Hugging Face folders. Without a best step, or when it is the last step, `best/` gets the final
 * weights. Leaves the model holding the final weights.
 */
export async function exportModels(
  model: Model,
  outDir: string,
  workDir: string,
  bestStep: number | null,
  lastStep: number,
): Promise<void> {
  await saveModel(model, join(outDir, 'model'));
  if (bestStep === null || bestStep === lastStep) {
    await saveModel(model, join(outDir, 'best'));
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
  await saveModel(model, join(outDir, 'best'));
  tf.tidy(() => enc.setValues(final));
}
