import { writeArtifact } from '@hbt/core';
import type { LogRow } from './checkpoint.js';

/** The speed of one step run in this process (see {@link writeTrainTiming}). */
export interface StepTiming {
  step: number;
  seconds: number;
  pairs: number;
}

/**
 * Write `train_log.parquet` (ARTIFACT_SCHEMAS.train_log), one row per step. Wall-clock speed would make
 * the artifact differ between identical runs, so it goes to `.timing.parquet` instead
 * ({@link writeTrainTiming}). Returns the row count.
 */
export async function writeTrainLog(path: string, rows: readonly LogRow[]): Promise<number> {
  return writeArtifact(path, 'train_log', {
    step: rows.map((r) => r.step),
    loss: rows.map((r) => r.loss),
    lr: rows.map((r) => r.lr),
    grad_norm: rows.map((r) => r.grad_norm),
    val_loss: rows.map((r) => r.val_loss),
  });
}

/**
 * Write `.timing.parquet` (ARTIFACT_SCHEMAS.train_timing): the seconds, pairs and pairs per second of
 * each step this process ran (a resumed run has rows only for the steps after its checkpoint). A dot-file:
 * listed by the manifest as a side file, outside its hashes and the byte-identity guarantee. Join it with
 * train_log on `step`, e.g. in DuckDB:
 * `SELECT l.step, l.loss, t.pairs_per_s FROM 'train_log.parquet' l JOIN '.timing.parquet' t USING (step)`.
 */
export async function writeTrainTiming(path: string, rows: readonly StepTiming[]): Promise<number> {
  return writeArtifact(path, 'train_timing', {
    step: rows.map((r) => r.step),
    seconds: rows.map((r) => r.seconds),
    pairs: rows.map((r) => r.pairs),
    pairs_per_s: rows.map((r) => (r.seconds > 0 ? r.pairs / r.seconds : 0)),
  });
}
