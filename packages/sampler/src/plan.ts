import { DataError, type ProgressReporter, Rng, type SamplerConfig, UsageError } from '@hbt/core';
import { BatchGuard } from './guard.js';
import type { PairTable } from './pairs.js';
import type { Pool, PoolReport } from './pool.js';
import { buildPools, type DatasetPools } from './pools.js';
import { datasetWeights } from './weights.js';

/** The most slots (steps × batch size) one plan may hold: the plan and its artifact live in memory. */
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
  const root = Rng.fromSeed(seed).derive('sampler');
  const dsPools = buildPools(pairs, cfg, root);
  const warnings: string[] = [];
  const probs = datasetWeights(dsPools, cfg, warnings);
  const eligible = dsPools.filter((_, d) => probs[d]! > 0);
  const weights = eligible.map((p) => probs[p.dataset]!);
  const pools: Pool[] = [];
  const poolIndex = new Map<Pool, number>();
  const indexOf = (p: Pool): number => {
    let i = poolIndex.get(p);
    if (i === undefined) {
      i = pools.length;
      pools.push(p);
      poolIndex.set(p, i);
    }
    return i;
  };

  const { steps, batch_size: bs } = cfg;
  if (steps * bs > MAX_SLOTS) {
    throw new UsageError(
      `sampler.steps × sampler.batch_size = ${steps * bs} slots, more than the ${MAX_SLOTS} a plan may hold`,
      { hint: 'plan fewer steps per stage run (the plan for N steps is a prefix of the plan for more)' },
    );
  }
  const out = new Int32Array(steps * bs);
  const epochs = new Int32Array(steps * bs);
  const offsets = new Int32Array(steps + 1);
  const kinds = new Uint8Array(steps);
  const datasetOf = new Int32Array(steps);
  const poolOf = new Int32Array(steps);
  const fallbacks = { mono_for_cross: 0, cross_for_mono: 0 };
  const shortSteps: number[] = [];
  const guard = new BatchGuard(pairs);
  const decide = root.derive('steps');
  const bar = opts.progress?.start('sample', steps, 'batches');
  let row = 0;
  // kind-first: the datasets able to give each kind, with their weights (see drawDatasetForKind).
  const byKind = [0, 1, 2].map((k) => {
    const ds = eligible.filter((d) => canGive(d, k));
    return { ds, w: ds.map((d) => probs[d.dataset]!) };
  });
  for (let s = 0; s < steps; s++) {
    let ds: DatasetPools;
    let kind: number;
    if (cfg.order === 'kind-first') {
      kind = drawKind(cfg, decide);
      const c = byKind[kind]!;
      ds = c.ds.length > 0 ? c.ds[decide.weighted(c.w)]! : eligible[decide.weighted(weights)]!;
    } else {
      ds = eligible[decide.weighted(weights)]!;
      kind = drawKind(cfg, decide);
    }
    if (kind === 0 && ds.mono.length === 0) {
      kind = 1;
      fallbacks.cross_for_mono++;
    } else if (kind === 1 && ds.cross === null) {
      kind = 0;
      fallbacks.mono_for_cross++;
    }
    const pool = pickPool(ds, kind, decide);
    guard.begin();
    const n = pool.fill(guard, out, row, bs, epochs);
    if (n < bs) {
      if (cfg.on_short_batch === 'error') throw shortError(s, pool, n, bs, opts.source);
      shortSteps.push(s);
    }
    kinds[s] = kind;
    datasetOf[s] = ds.dataset;
    poolOf[s] = indexOf(pool);
    row += n;
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
    pools: pools.map((p) => p.report()),
    datasetProbabilities: probs,
    fallbacks,
    shortSteps,
    warnings,
  };
}

function canGive(ds: DatasetPools, kind: number): boolean {
  if (kind === 0) return ds.mono.length > 0;
  if (kind === 1) return ds.cross !== null;
  return ds.mixed !== null && ds.mixed !== undefined;
}

function drawKind(cfg: SamplerConfig, rng: Rng): number {
  switch (cfg.strategy) {
    case 'x-x-mono':
      return 0;
    case 'x-y':
      return 1;
    case 'hybrid':
      return rng.bernoulli(cfg.alpha) ? 0 : 1;
    case 'mixed':
      return 2;
  }
}

function pickPool(ds: DatasetPools, kind: number, rng: Rng): Pool {
  if (kind === 2) return ds.mixed!;
  if (kind === 1) return ds.cross!;
  return ds.mono[rng.int(ds.mono.length)]!;
}

function shortError(step: number, pool: Pool, n: number, bs: number, source?: string): DataError {
  return new DataError(
    `step ${step}: pool "${pool.key}" (${pool.size} pairs) can fill only ${n} of ${bs} slots without ` +
      'repeating a group_id or a passage text in the batch',
    {
      ...(source !== undefined ? { file: source } : {}),
      hint: 'lower sampler.batch_size, or set sampler.on_short_batch=shrink to plan shorter batches',
    },
  );
}
