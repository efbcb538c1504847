import {
  type ObjectiveConfig,
  type ObjectiveName,
  type ObjectiveTerm,
  objectiveTerms,
  UsageError,
} from '@hbt/core';
import type { tf } from '@hbt/models';
import { distill, type TeacherVectors } from './distill.js';
import { infonce } from './infonce.js';
import type { Objective, WeightedObjective } from './objective.js';
import { simcse } from './simcse.js';

/** What building the objectives of a run may need besides their config entries. */
export interface ObjectiveContext {
  /** `train.temperature`, `train.symmetric` (infonce). */
  temperature: number;
  symmetric: boolean;
  /** `train.learnable_scale`: the variable holding log(scale) (infonce), else null. */
  logitScale: tf.Variable | null;
  /** The student's output dimension (`Encoder.dim`). */
  studentDim: number;
  /** The teacher stage's vectors (distill), or null when the run has none. */
  teacher: { vectors: TeacherVectors; file: string; sourceLanguages: readonly string[] } | null;
}

type Builder<N extends ObjectiveName> = (
  term: Extract<ObjectiveTerm, { name: N }>,
  ctx: ObjectiveContext,
) => Objective;

/**
 * The objectives by name: how each `train.objective` entry becomes an {@link Objective}. Adding one is a
 * file under `src/objectives/`, its entry here and its config keys in `@hbt/core`'s `objective.ts`.
 */
export const OBJECTIVES: { [N in ObjectiveName]: Builder<N> } = {
  infonce: (_t, c) => infonce({ scale: c.logitScale ?? 1 / c.temperature, symmetric: c.symmetric }),
  simcse: (t) => simcse({ scale: 1 / t.temperature }),
  distill: (_t, c) => {
    if (c.teacher === null) {
      throw new UsageError('train.objective: "distill" needs a teacher (train.teacher) and its embeddings', {
        hint: 'set train.teacher.model and run `hbt teacher` first (hbt run does)',
      });
    }
    return distill({
      teacher: c.teacher.vectors,
      sourceLanguages: c.teacher.sourceLanguages,
      file: c.teacher.file,
      studentDim: c.studentDim,
    });
  },
};

/**
 * The weighted objectives of `train.objective`.
 *
 * @example
 * objectivesOf('infonce', ctx); // [{ objective: infonce(…), weight: 1 }]
 */
export function objectivesOf(config: ObjectiveConfig, ctx: ObjectiveContext): WeightedObjective[] {
  return objectiveTerms(config).map((term) => ({
    objective: (OBJECTIVES[term.name] as Builder<typeof term.name>)(term as never, ctx),
    weight: term.weight,
  }));
}
