import { type ProgressReporter, type SamplerConfig, UsageError } from '@hbt/core';
import type { PairTable } from './pairs.js';
import { BatchPlanner } from './planner.js';
import type { PoolReport } from './pool.js';

/**
 * The most slots (steps × batch size) a materialised plan ({@link planBatches}) may hold: it lives in
 * memory. The sample stage streams its plan to disk and has no such limit.
 */
export const MAX_SLOTS = 50_000_000;

/** The kind of a batch: 0 mono, 1 cross, 2 mixed (strategy `mixed`). */
export const BATCH_KINDS = ['mono', 'cross', 'mixed'] as const;
export type BatchKind = (typeof BATCH_KINDS)[number];

/**
 * A batch plan: the pairs of every step, fully materialised. Step `s` holds the pair indices
 * `pairs[offsets[s] .. offsets[s+1])`, slot by slot.
 */
export interface BatchPlan {
  steps: number;
  /** The configured batch size; a short batch has fewer slots. */
  batchSize: number;
  /** Row offsets per step, length steps + 1. */
  offsets: Int32Array;
  /** Pair index (row of the pair table) per slot. */
  pairs: Int32Array;
  /** Epoch of its pool that each slot was drawn in (diagnostics; not written to the artifact). */
  epochs: Int32Array;
  /** Batch kind per step, an index into {@link BATCH_KINDS}. */
  kinds: Uint8Array;
  /** Dataset index per step. */
  datasetOf: Int32Array;
  /** Pool index per step, into {@link BatchPlan.pools}. */
  poolOf: Int32Array;
  pools: PoolReport[];
  /** Dataset sampling probabilities (0 for a dataset the strategy cannot use). */
  datasetProbabilities: number[];
  /** Batches whose drawn kind the dataset could not give: mono given for cross, cross given for mono. */
  fallbacks: { mono_for_cross: number; cross_for_mono: number };
  /** Steps whose batch is short. */
  shortSteps: number[];
  /** Things the caller should log (datasets left out, …). */
  warnings: string[];
}

export interface PlanOptions {
  progress?: ProgressReporter;
  /** Names the input in error messages. */
  source?: string;
}

/**
 * Plan `cfg.steps` batches over `pairs`: a pure function of (pairs, cfg, seed).
 *
 * Per step, from the stream `Rng.fromSeed(seed).derive('sampler', 'steps')`: draw the dataset (weights
 * from `cfg.dataset_weighting`), then the kind (`hybrid`: mono with probability `cfg.alpha`) — or, with
 * `cfg.order = 'kind-first'`, the kind first and then the dataset among those able to give that kind
 * (weights renormalised), so that a cross-only dataset (parallel questions) cannot pull the mono
 * fraction of a hybrid plan below α — then for
 * a mono batch its language, uniformly among the dataset's languages with mono pairs. The batch is
 * then filled from that pool (see `Pool`), under the group and passage guard.
 *
 * This collects the steps of a {@link BatchPlanner}, which plans one step at a time from its seeded
 * state: the two give the same batches.
 *
 * @example
 * const plan = planBatches(pairs, { ...cfg, strategy: 'hybrid', alpha: 0.5 }, 13);
 * plan.pairs.subarray(plan.offsets[0], plan.offsets[1]); // the pairs of step 0
 */
export function planBatches(
  pairs: PairTable,
  cfg: SamplerConfig,
  seed: number,
  opts: PlanOptions = {},
): BatchPlan {
  const { steps, batch_size: bs } = cfg;
  if (steps * bs > MAX_SLOTS) {
    throw new UsageError(
      `sampler.steps × sampler.batch_size = ${steps * bs} slots, more than the ${MAX_SLOTS} a plan may hold`,
      { hint: 'plan step by step with a BatchPlanner (as the sample stage does), or plan fewer steps' },
    );
  }
  const planner = new BatchPlanner(pairs, cfg, seed, opts);
  const out = new Int32Array(steps * bs);
  const epochs = new Int32Array(steps * bs);
  const offsets = new Int32Array(steps + 1);
  const kinds = new Uint8Array(steps);
  const datasetOf = new Int32Array(steps);
  const poolOf = new Int32Array(steps);
  const bar = opts.progress?.start('sample', steps, 'batches');
  let row = 0;
  const shortSteps: number[] = [];
  for (let s = 0; s < steps; s++) {
    const b = planner.next(out, row, epochs);
    if (b.size < bs) shortSteps.push(s);
    kinds[s] = b.kind;
    datasetOf[s] = b.dataset;
    poolOf[s] = b.pool;
    row += b.size;
    offsets[s + 1] = row;
    if (bar && (s + 1) % 1000 === 0) bar.tick(1000);
  }
  bar?.done();
  return {
    steps,
    batchSize: bs,
    offsets,
    pairs: out.slice(0, row),
    epochs: epochs.slice(0, row),
    kinds,
    datasetOf,
    poolOf,
    pools: planner.poolReports(),
    datasetProbabilities: planner.datasetProbabilities,
    fallbacks: { ...planner.fallbacks },
    shortSteps,
    warnings: planner.warnings,
  };
}
