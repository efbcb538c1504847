import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  type HbtConfig,
  HbtError,
  objectiveTerms,
  type ResolvedConfig,
  resolvePath,
  stageDir,
  type TeacherConfig,
  teacherVariant,
  UsageError,
} from '@hbt/core';
import { loadModel, type Model } from '@hbt/models';

/**
 * Whether a variant trains with the `distill` objective (`train.objective` names it, alone or in a
 * weighted sum), and so needs the teacher stage before its training.
 *
 * @example
 * usesDistill(rc.config); // true for "objective": "distill" or [{ "name": "distill", … }, …]
 */
export function usesDistill(config: HbtConfig): boolean {
  return objectiveTerms(config.train.objective).some((t) => t.name === 'distill');
}

/** `train.teacher` of a variant; null there → {@link UsageError} (the variant has no teacher). */
export function teacherConfig(rc: ResolvedConfig): TeacherConfig {
  const t = rc.config.train.teacher;
  if (t === null) {
    throw new UsageError(`variant "${rc.variant}" has no teacher: train.teacher is null`, {
      file: rc.file,
      hint: 'set train.teacher.model to a model folder or "variant:<name>" (see packages/teacher/README.md)',
    });
  }
  return t;
}

/** Where a variant's teacher model is. */
export interface TeacherModelRef {
  /** The model folder. */
  dir: string;
  /** The variant whose final model it is (`variant:<name>`), or null for a folder of the config. */
  variant: string | null;
}

/**
 * The teacher folder of a variant: `train.teacher.model` resolved against the config file, or for
 * `variant:<name>` that variant's final model, `<artifacts>/variants/<name>/train/model`. A folder that
 * is not there → {@link DataError} naming it (for a variant: run its training first).
 *
 * @example
 * teacherModel(rc); // { dir: '/exp/artifacts/variants/base/train/model', variant: 'base' }
 */
export function teacherModel(rc: ResolvedConfig): TeacherModelRef {
  const t = teacherConfig(rc);
  const name = teacherVariant(t.model);
  if (name !== null) {
    const dir = join(stageDir({ ...rc, variant: name }, 'train'), 'model');
    if (!existsSync(dir)) {
      throw new DataError(
        `the teacher of variant "${rc.variant}" is variant "${name}", which has no trained model yet`,
        {
          file: dir,
          hint: `train it first: \`hbt train --config … --variant ${name}\` (\`hbt train\` without --variant orders variants by their teachers)`,
        },
      );
    }
    return { dir, variant: name };
  }
  const dir = resolvePath(rc, t.model);
  if (!existsSync(dir)) {
    throw new DataError('train.teacher.model: teacher model folder not found', {
      file: dir,
      hint: 'point train.teacher.model at a Hugging Face / sentence-transformers folder (paths are relative to the config file), or use "variant:<name>"',
    });
  }
  return { dir, variant: null };
}

/**
 * Load the teacher with `loadModel` (@hbt/models). Anything that makes it unloadable → {@link DataError}
 * naming the teacher folder and, when known, the file inside it.
 *
 * @example
 * const model = await loadTeacher('models/paraphrase-multilingual');
 */
export async function loadTeacher(dir: string, maxLength: number | null = null): Promise<Model> {
  try {
    return await loadModel(dir, maxLength !== null ? { maxLength } : {});
  } catch (e) {
    const inner = e instanceof HbtError ? e.message : (e as Error).message;
    throw new DataError(`cannot load the teacher model (train.teacher.model): ${inner}`, {
      file: dir,
      hint:
        e instanceof HbtError && e.where.hint !== undefined
          ? e.where.hint
          : 'the teacher must be a BERT / XLM-R Hugging Face or sentence-transformers folder hbt can load (`hbt embed --model DIR` tries one)',
    });
  }
}
