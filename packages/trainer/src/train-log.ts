import { writeArtifact } from '@hbt/core';
import type { LogRow } from './checkpoint.js';

/**
 * Write `train_log.parquet` (ARTIFACT_SCHEMAS.train_log), one row per step. `pairs_per_s` is null in
 * every row: wall-clock speed would make the artifact differ between identical runs, so speed goes to
 * `.timing.json` and the log instead (see README). Returns the row count.
 */
export async function writeTrainLog(path: string, rows: readonly LogRow[]): Promise<number> {
  return writeArtifact(path, 'train_log', {
    step: rows.map((r) => r.step),
    loss: rows.map((r) => r.loss),
    lr: rows.map((r) => r.lr),
    grad_norm: rows.map((r) => r.grad_norm),
    pairs_per_s: rows.map(() => null),
    val_loss: rows.map((r) => r.val_loss),
  });
}
