import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, type RngState, writeFileAtomic } from '@hbt/core';
import { readSafetensors, serializeSafetensors } from '@hbt/models';

/**
 * Resumable training checkpoints in the stage's work directory (`ctx.workDir`, kept across crashes,
 * removed by runStage after success):
 * ```
 * <workDir>/LATEST                  name of the newest complete checkpoint, e.g. "ckpt-00000120"
 * <workDir>/ckpt-00000120/state.json     step, sampler cursor, optimizer step count, RNG state,
 *                                        best-so-far, early-stopping counter, train_log rows so far
 * <workDir>/ckpt-00000120/tensors.safetensors   param/<name>, adam_m/<name>, adam_v/<name> (float32)
 * <workDir>/best-00000100/weights.safetensors   param/<name> of the best validation step
 * ```
 * Every directory is written under a `.tmp-<pid>` name and renamed when complete, then `LATEST` is
 * replaced atomically, so a `kill -9` at any moment leaves the previous checkpoint usable.
 */

/** One train_log row (see ARTIFACT_SCHEMAS.train_log; pairs_per_s is not kept, see README). */
export interface LogRow {
  step: number;
  loss: number;
  lr: number;
  grad_norm: number;
  val_loss: number | null;
}

/** Everything but tensors that a resumed run needs to continue exactly. */
export interface TrainState {
  version: 1;
  /** Hash of (model, train, seed config, input hashes, backend): a checkpoint of another run is ignored. */
  fingerprint: string;
  /** Steps done: the next step to run. */
  step: number;
  /** Sampler cursor: index of the next batch of the plan (equal to `step`: one planned batch per step). */
  cursor: number;
  /** AdamW updates applied (its bias-correction t). */
  adamSteps: number;
  /**
   * The trainer's RNG stream. Every random draw (dropout masks) is derived from (seed, step) and never
   * advances it, so it is recorded for checking, not needed to resume.
   */
  rng: RngState;
  bestStep: number | null;
  bestValLoss: number | null;
  /** Validations since the last improvement (early stopping). */
  badValidations: number;
  log: LogRow[];
}

export type TensorMap = Map<string, { shape: number[]; data: Float32Array }>;

const LATEST = 'LATEST';
const pad = (step: number) => String(step).padStart(8, '0');
export const bestDirName = (step: number) => `best-${pad(step)}`;

/** Write a checkpoint for `state.step` and make it the latest; older ones are removed. */
export async function saveCheckpoint(workDir: string, state: TrainState, tensors: TensorMap): Promise<void> {
  const name = `ckpt-${pad(state.step)}`;
  await writeDir(join(workDir, name), async (tmp) => {
    await writeFile(
      join(tmp, 'tensors.safetensors'),
      serializeSafetensors(tensors, { format: 'hbt-checkpoint' }),
    );
    await writeFile(join(tmp, 'state.json'), `${JSON.stringify(state)}\n`);
  });
  await writeFileAtomic(join(workDir, LATEST), name);
  const keep = new Set([name, LATEST, ...(state.bestStep !== null ? [bestDirName(state.bestStep)] : [])]);
  for (const f of await readdir(workDir)) {
    if (!keep.has(f) && (f.startsWith('ckpt-') || f.startsWith('best-') || f.includes('.tmp-'))) {
      await rm(join(workDir, f), { recursive: true, force: true });
    }
  }
}

/**
 * The latest checkpoint of this work directory, or null when there is none or it belongs to another run
 * (different fingerprint; `onMismatch` is told why). A damaged checkpoint → {@link DataError}.
 */
export async function loadCheckpoint(
  workDir: string,
  fingerprint: string,
  onMismatch: (why: string) => void = () => {},
): Promise<{ state: TrainState; tensors: TensorMap } | null> {
  const latest = join(workDir, LATEST);
  if (!existsSync(latest)) return null;
  const name = (await readFile(latest, 'utf8')).trim();
  const dir = join(workDir, name);
  let state: TrainState;
  try {
    state = JSON.parse(await readFile(join(dir, 'state.json'), 'utf8')) as TrainState;
  } catch (e) {
    throw new DataError(`cannot read the training checkpoint: ${(e as Error).message}`, {
      file: join(dir, 'state.json'),
      hint: `delete ${workDir} to train from scratch`,
    });
  }
  if (state.version !== 1 || state.fingerprint !== fingerprint) {
    onMismatch(`the checkpoint in ${workDir} belongs to another config, input or backend`);
    return null;
  }
  return { state, tensors: await readTensors(join(dir, 'tensors.safetensors')) };
}

/** Save the best model's weights (param/<name>) for `step`. */
export async function saveBest(workDir: string, step: number, tensors: TensorMap): Promise<void> {
  await writeDir(join(workDir, bestDirName(step)), (tmp) =>
    writeFile(join(tmp, 'weights.safetensors'), serializeSafetensors(tensors, { format: 'hbt-checkpoint' })),
  );
}

/** The weights saved by {@link saveBest}. */
export async function loadBest(workDir: string, step: number): Promise<TensorMap> {
  return readTensors(join(workDir, bestDirName(step), 'weights.safetensors'));
}

/** Remove every checkpoint (a fresh start). */
export async function clearCheckpoints(workDir: string): Promise<void> {
  await rm(workDir, { recursive: true, force: true });
}

async function readTensors(file: string): Promise<TensorMap> {
  if (!existsSync(file)) {
    throw new DataError('training checkpoint file is missing', {
      file,
      hint: 'delete the work folder to start over',
    });
  }
  const { tensors } = await readSafetensors(file);
  const out: TensorMap = new Map();
  for (const [n, t] of tensors) {
    if (!(t.data instanceof Float32Array)) throw new DataError(`tensor ${n} is not float32`, { file });
    out.set(n, { shape: t.shape, data: t.data });
  }
  return out;
}

async function writeDir(dir: string, fill: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = `${dir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  await fill(tmp);
  await rm(dir, { recursive: true, force: true });
  await rename(tmp, dir);
}
