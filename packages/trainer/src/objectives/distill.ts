import { DataError, DISTILL_SKIP_RULE, distillSourceText, quoteValue } from '@hbt/core';
import { tf } from '@hbt/models';
import type { BatchPair, TextBatch } from '../batch.js';
import type { Objective } from './objective.js';

/** The teacher's vectors, by source text (`@hbt/core` `readTeacherEmbeddings`). */
export interface TeacherVectors {
  dim: number;
  /** The vector of a source text, or null when the artifact has none. */
  get(text: string): Float32Array | null;
}

/** Settings of {@link distill}. */
export interface DistillSettings {
  teacher: TeacherVectors;
  /** `train.teacher.source_languages`: which side of a pair is the source (`distillSource`). */
  sourceLanguages: readonly string[];
  /** The teacher's `embeddings.parquet`, for error messages. */
  file: string;
  /** The student's output dimension; a different teacher dimension is an error naming both. */
  studentDim: number;
}

/**
 * `distill` — multilingual knowledge distillation: the student maps a source sentence and its
 * translation onto the teacher's embedding of the source.
 * ```
 * L = MSE(student(source), teacher(source)) + MSE(student(translation), teacher(source))
 * ```
 * each MSE the mean over the distilled pairs of the batch and the d dimensions (torch's `MSELoss`).
 *
 * Inputs: parallel pairs (train_pairs: query and positive are translations of each other). The source
 * side of a pair is decided by `distillSource` (`@hbt/core`; `train.teacher.source_languages`): the pair
 * is distilled when exactly one side is a source language, else it adds nothing to this term (a batch
 * with none adds 0). The student's vectors are the shared views `q` and `p` (the texts as the encoder sees
 * them, prefixed; its pooled output, L2-normalised when the model normalises); since both sides are
 * compared with the same target, which of `q`/`p` is the source only chooses the teacher row. The teacher
 * vectors come from the teacher stage's `embeddings.parquet` (one row per source text, computed once,
 * outside the training loop), fed per batch as inputs `teacher` `[B, d]` and `teacher_weight` `[B]`.
 *
 * Learns: the teacher's vector space, carried over to the translations' languages.
 *
 * Reference: Reimers and Gurevych 2020, "Making Monolingual Sentence Embeddings Multilingual using
 * Knowledge Distillation" (EMNLP); sentence-transformers' `MSELoss`.
 *
 * @example
 * const obj = distill({ teacher, sourceLanguages: ['en'], file, studentDim: encoder.dim });
 */
export function distill(s: DistillSettings): Objective {
  if (s.teacher.dim !== s.studentDim) {
    throw new DataError(
      `the teacher embeddings have dimension ${s.teacher.dim} but the student's output dimension is ${s.studentDim}`,
      {
        file: s.file,
        hint: 'use a teacher with the student’s dimension, or give the student a dense head of the teacher’s size',
      },
    );
  }
  const d = s.teacher.dim;
  let missingInEval = 0;
  const obj: Objective & { missingInEval(): number } = {
    name: 'distill',
    views: ['q', 'p'],
    loss(o, v) {
      const t = o.input('teacher', 2);
      const w = o.input('teacher_weight', 1);
      return o.add(o.weightedMse(v.q!, t, w), o.weightedMse(o.head(v.p!, v.q!), t, w));
    },
    feeds(batch: TextBatch, mode) {
      const pairs = batchPairs(batch);
      const n = batch.numPositives;
      const vectors = new Float32Array(n * d);
      const weight = new Float32Array(n);
      for (let i = 0; i < n; i++) {
        const src = distillSourceText(pairs[i]!, s.sourceLanguages);
        if (src === null) continue;
        const v = s.teacher.get(src);
        if (v === null) {
          if (mode === 'eval') {
            missingInEval++;
            continue;
          }
          throw missingText(s.file, pairs[i]!, src);
        }
        vectors.set(v, i * d);
        weight[i] = 1;
      }
      return { teacher: tf.tensor2d(vectors, [n, d]), teacher_weight: tf.tensor1d(weight) };
    },
    /** Validation pairs whose source text the teacher artifact lacks (left out of the validation loss). */
    missingInEval: () => missingInEval,
  };
  return obj;
}

/**
 * Check before training that the teacher has a vector for the source text of every pair and that at
 * least one pair is distilled; the first missing text is an error naming it.
 */
export function checkTeacherCoverage(
  pairs: Iterable<BatchPair>,
  s: Pick<DistillSettings, 'teacher' | 'sourceLanguages' | 'file'>,
): number {
  let distilled = 0;
  for (const p of pairs) {
    const src = distillSourceText(p, s.sourceLanguages);
    if (src === null) continue;
    if (s.teacher.get(src) === null) throw missingText(s.file, p, src);
    distilled++;
  }
  if (distilled === 0) {
    throw new DataError(
      `no training pair has a source side in the teacher's languages (${s.sourceLanguages.join(', ')}): ${DISTILL_SKIP_RULE}`,
      { hint: 'set train.teacher.source_languages to the languages of your source sentences' },
    );
  }
  return distilled;
}

function batchPairs(batch: TextBatch): readonly BatchPair[] {
  if (!batch.pairs) throw new Error('distill: the batch carries no pairs (textBatch fills them)');
  return batch.pairs;
}

function missingText(file: string, p: BatchPair, src: string): DataError {
  return new DataError(
    `no teacher vector for the source text ${quoteValue(src, 80)} (pair_id ${p.pair_id})`,
    {
      file,
      hint: 'the teacher embeddings are older than the training pairs: re-run `hbt teacher` (or `hbt run`)',
    },
  );
}
