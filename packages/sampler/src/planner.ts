import { DataError, Rng, type SamplerConfig } from '@hbt/core';
import { BatchGuard } from './guard.js';
import type { PairTable } from './pairs.js';
import type { Pool, PoolReport } from './pool.js';
import { buildPools, type DatasetPools } from './pools.js';
import { datasetWeights } from './weights.js';

/** One planned step: how many slots it filled and where its pairs came from. */
export interface PlannedStep {
  /** The step's index (0-based). */
  step: number;
  /** Slots filled (fewer than the batch size for a short batch). */
  size: number;
  /** Batch kind: an index into `BATCH_KINDS` (0 mono, 1 cross, 2 mixed). */
  kind: number;
  /** Dataset index (into `pairs.datasets`). */
  dataset: number;
  /** Pool index, into {@link BatchPlanner.poolReports} (pools numbered by first use). */
  pool: number;
}

/**
 * Plans batches **lazily**, one step at a time from its seeded state, holding only the pools (one epoch
 * order per pool) and the guard: memory does not grow with the number of steps. Step s of a planner is
 * step s of `planBatches` for the same (pairs, cfg, seed) — `planBatches` is this loop, collected — so
 * a consumer can plan as it goes instead of materialising every slot.
 *
 * Per step, from the stream `Rng.fromSeed(seed).derive('sampler', 'steps')`: the dataset and the kind
 * (order set by `cfg.order`), a mono batch's language, then the fill from that pool under the guard.
 *
 * To start at step k (a resumed consumer), call {@link BatchPlanner.skip}: it replays the first k steps,
 * which costs about as much as planning them (about 1 s per 100,000 steps × 64 slots here) and keeps
 * the plan exactly reproducible without saving any state.
 *
 * @example
 * const planner = new BatchPlanner(pairs, config.sampler, config.seed);
 * const batch = new Int32Array(config.sampler.batch_size);
 * const step = planner.next(batch); // batch.subarray(0, step.size): pair rows of step 0
 */
export class BatchPlanner {
  /** Dataset sampling probabilities (0 for a dataset the strategy cannot use). */
  readonly datasetProbabilities: number[];
  /** Things the caller should log (datasets left out, …). */
  readonly warnings: string[] = [];
  /** Batches whose drawn kind the dataset could not give, so far. */
  readonly fallbacks = { mono_for_cross: 0, cross_for_mono: 0 };
  /** Short batches planned so far (a count: memory stays flat however many steps are planned). */
  shortBatches = 0;
  private readonly eligible: DatasetPools[];
  private readonly weights: number[];
  private readonly byKind: Array<{ ds: DatasetPools[]; w: number[] }>;
  private readonly pools: Pool[] = [];
  private readonly poolIndex = new Map<Pool, number>();
  private readonly guard: BatchGuard;
  private readonly decide: Rng;
  private readonly scratch: Int32Array;
  private stepNo = 0;

  constructor(
    pairs: PairTable,
    private readonly cfg: SamplerConfig,
    seed: number,
    private readonly opts: { source?: string } = {},
  ) {
    const root = Rng.fromSeed(seed).derive('sampler');
    const dsPools = buildPools(pairs, cfg, root);
    this.datasetProbabilities = datasetWeights(dsPools, cfg, this.warnings);
    const probs = this.datasetProbabilities;
    this.eligible = dsPools.filter((_, d) => probs[d]! > 0);
    this.weights = this.eligible.map((p) => probs[p.dataset]!);
    // kind-first: the datasets able to give each kind, with their weights
    this.byKind = [0, 1, 2].map((k) => {
      const ds = this.eligible.filter((d) => canGive(d, k));
      return { ds, w: ds.map((d) => probs[d.dataset]!) };
    });
    this.guard = new BatchGuard(pairs);
    this.decide = root.derive('steps');
    this.scratch = new Int32Array(cfg.batch_size);
  }

  /** The index of the next step to plan. */
  get step(): number {
    return this.stepNo;
  }

  /**
   * Plan the next step into `out` from `outStart` (room for `batch_size` slots). `epochOf`, when given,
   * receives the pool epoch of each slot. A short batch under `on_short_batch: error` throws (naming the
   * step, the pool and what to change).
   */
  next(out: Int32Array, outStart = 0, epochOf?: Int32Array): PlannedStep {
    const cfg = this.cfg;
    const bs = cfg.batch_size;
    const s = this.stepNo;
    let ds: DatasetPools;
    let kind: number;
    if (cfg.order === 'kind-first') {
      kind = drawKind(cfg, this.decide);
      const c = this.byKind[kind]!;
      ds =
        c.ds.length > 0
          ? c.ds[this.decide.weighted(c.w)]!
          : this.eligible[this.decide.weighted(this.weights)]!;
    } else {
      ds = this.eligible[this.decide.weighted(this.weights)]!;
      kind = drawKind(cfg, this.decide);
    }
    if (kind === 0 && ds.mono.length === 0) {
      kind = 1;
      this.fallbacks.cross_for_mono++;
    } else if (kind === 1 && ds.cross === null) {
      kind = 0;
      this.fallbacks.mono_for_cross++;
    }
    const pool = pickPool(ds, kind, this.decide);
    this.guard.begin();
    const n = pool.fill(this.guard, out, outStart, bs, epochOf);
    if (n < bs) {
      if (cfg.on_short_batch === 'error') throw shortError(s, pool, n, bs, this.opts.source);
      this.shortBatches++;
    }
    this.stepNo++;
    return { step: s, size: n, kind, dataset: ds.dataset, pool: this.indexOf(pool) };
  }

  /** Plan and drop the next `steps` steps (to resume a consumer at a later step). */
  skip(steps: number): void {
    for (let i = 0; i < steps; i++) this.next(this.scratch);
  }

  /** Per-pool counters so far, pools numbered by first use. */
  poolReports(): PoolReport[] {
    return this.pools.map((p) => p.report());
  }

  private indexOf(p: Pool): number {
    let i = this.poolIndex.get(p);
    if (i === undefined) {
      i = this.pools.length;
      this.pools.push(p);
      this.poolIndex.set(p, i);
    }
    return i;
  }
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
