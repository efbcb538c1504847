// The PyTorch golden files of the trainer tests (test-fixtures/trainer/make-golden.py and
// make-optimizer-golden.py): their shared layout, read once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TextBatch } from '../batch.js';
import { lrAt } from '../schedule.js';
import { FIXTURES } from './fixtures.js';

/** One training step as PyTorch ran it: prefixed texts, token ids, loss, gradient norm, learning rate. */
export interface GoldenStep {
  queries: string[];
  passages: string[];
  num_positives: number;
  query_ids: number[][];
  passage_ids: number[][];
  loss: number;
  grad_norm: number;
  lr: number;
}

/** The settings of a golden run (and, for the optimizer run, the word rows used only early on). */
export interface GoldenMeta {
  max_length: number;
  lr: number;
  weight_decay: number;
  epsilon: number;
  clip_norm: number;
  scale: number;
  total: number;
  warmup: number;
  early_only_rows?: number[];
}

/** `test-fixtures/trainer/<file>`: the meta and the steps of a golden run. */
export function readGolden(file: string): { meta: GoldenMeta; steps: GoldenStep[] } {
  return JSON.parse(readFileSync(join(FIXTURES, 'trainer', file), 'utf8'));
}

/** A golden step as the trainer's batch. */
export const goldenBatch = (s: GoldenStep): TextBatch => ({
  queries: s.queries,
  passages: s.passages,
  numPositives: s.num_positives,
});

/** The learning rate of step `step` under the golden run's schedule. */
export const goldenLr = (meta: GoldenMeta, step: number): number =>
  lrAt(step, { lr: meta.lr, total: meta.total, warmup: meta.warmup });
