import type { SamplerConfig } from '@hbt/core';
import type { PairTable } from './pairs.js';
import { BATCH_KINDS, type BatchPlan } from './plan.js';
import type { PoolReport } from './pool.js';

/** The `stats` of the sample stage's manifest (all deterministic). */
export interface PlanStats {
  strategy: SamplerConfig['strategy'];
  alpha: number;
  steps: number;
  batch_size: number;
  /** Rows of batches.parquet (slots over all steps). */
  rows: number;
  /** Batches per kind. */
  batches: Record<'mono' | 'cross' | 'mixed', number>;
  /** Mono batches / steps. */
  mono_fraction: number;
  fallbacks: BatchPlan['fallbacks'];
  /** Slots per query language and per passage language. */
  query_lang_hist: Record<string, number>;
  pos_lang_hist: Record<string, number>;
  /** Slots per query language, then passage language. */
  lang_matrix: Record<string, Record<string, number>>;
  /** Batches per size (slots). */
  batch_size_hist: Record<string, number>;
  short_batches: number;
  /** The first short batches, for the log. */
  short_batch_examples: Array<{ step: number; size: number; pool: string }>;
  /** Per dataset: sampling probability, pairs and groups in the table, batches and slots planned. */
  datasets: Record<
    string,
    { probability: number; pairs: number; groups: number; batches: number; slots: number }
  >;
  pools: PoolReport[];
  /** Slots / pairs in the pools used: how many passes over the training data the plan makes. */
  epochs_consumed: number;
  pairs_total: number;
}

/**
 * The manifest stats, counted step by step as a plan is made: {@link PlanTally.add} takes each step's
 * pair rows and {@link PlanTally.stats} gives the stats. Memory is O(languages² + datasets), not the
 * plan's size, so the stage can count while it streams the plan to disk. `planStats` of a materialised
 * plan is this tally over its steps: the two give the same stats.
 *
 * @example
 * const tally = new PlanTally(pairs, cfg);
 * for (let s = 0; s < cfg.steps; s++) {
 *   const step = planner.next(buf);
 *   tally.add(step, buf.subarray(0, step.size));
 * }
 * tally.stats(planner).mono_fraction;
 */
export class PlanTally {
  private readonly L: number;
  private readonly qHist: Float64Array;
  private readonly pHist: Float64Array;
  private readonly matrix: Float64Array;
  private readonly batches = { mono: 0, cross: 0, mixed: 0 };
  private readonly sizes = new Map<number, number>();
  private readonly perDataset: Array<{ batches: number; slots: number }>;
  private readonly shortExamples: Array<{ step: number; size: number; pool: number }> = [];
  private shortCount = 0;
  private steps = 0;
  private rows = 0;

  constructor(
    private readonly pairs: PairTable,
    private readonly cfg: SamplerConfig,
  ) {
    this.L = pairs.langs.length;
    this.qHist = new Float64Array(this.L);
    this.pHist = new Float64Array(this.L);
    this.matrix = new Float64Array(this.L * this.L);
    this.perDataset = pairs.datasets.map(() => ({ batches: 0, slots: 0 }));
  }

  /** Count one planned step whose slots hold the pair rows `rows`. */
  add(step: { step: number; kind: number; dataset: number; pool: number }, rows: ArrayLike<number>): void {
    const { pairs, L } = this;
    for (let r = 0; r < rows.length; r++) {
      const p = rows[r]!;
      const q = pairs.qLang[p]!;
      const d = pairs.pLang[p]!;
      this.qHist[q]!++;
      this.pHist[d]!++;
      this.matrix[q * L + d]!++;
    }
    const size = rows.length;
    this.batches[BATCH_KINDS[step.kind]!]++;
    this.sizes.set(size, (this.sizes.get(size) ?? 0) + 1);
    const ds = this.perDataset[step.dataset]!;
    ds.batches++;
    ds.slots += size;
    if (size < this.cfg.batch_size) {
      this.shortCount++;
      if (this.shortExamples.length < 10) this.shortExamples.push({ step: step.step, size, pool: step.pool });
    }
    this.steps++;
    this.rows += size;
  }

  /** The stats of the steps added so far, with the planner's pools, probabilities and fallbacks. */
  stats(planned: {
    poolReports(): PoolReport[];
    datasetProbabilities: readonly number[];
    fallbacks: BatchPlan['fallbacks'];
  }): PlanStats {
    const { pairs, L, qHist, pHist, matrix } = this;
    const pools = planned.poolReports();
    const datasetPairs = new Array<number>(pairs.datasets.length).fill(0);
    const datasetGroups = new Array<number>(pairs.datasets.length).fill(0);
    const groupSeen = new Uint8Array(pairs.nGroups);
    for (let i = 0; i < pairs.n; i++) {
      const d = pairs.dataset[i]!;
      datasetPairs[d]!++;
      const g = pairs.group[i]!;
      if (groupSeen[g] === 0) {
        groupSeen[g] = 1;
        datasetGroups[d]!++;
      }
    }
    const langHist = (h: Float64Array) => Object.fromEntries(pairs.langs.map((l, i) => [l, h[i]!]));
    const lang_matrix: Record<string, Record<string, number>> = {};
    pairs.langs.forEach((q, i) => {
      if (qHist[i]! === 0) return;
      const row: Record<string, number> = {};
      pairs.langs.forEach((d, j) => {
        if (matrix[i * L + j]! > 0) row[d] = matrix[i * L + j]!;
      });
      lang_matrix[q] = row;
    });
    const poolPairs = pools.reduce((a, p) => a + p.pairs, 0);
    const steps = this.steps;
    return {
      strategy: this.cfg.strategy,
      alpha: this.cfg.alpha,
      steps,
      batch_size: this.cfg.batch_size,
      rows: this.rows,
      batches: { ...this.batches },
      mono_fraction: steps > 0 ? this.batches.mono / steps : 0,
      fallbacks: { ...planned.fallbacks },
      query_lang_hist: langHist(qHist),
      pos_lang_hist: langHist(pHist),
      lang_matrix,
      batch_size_hist: Object.fromEntries(
        [...this.sizes.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]),
      ),
      short_batches: this.shortCount,
      short_batch_examples: this.shortExamples.map((e) => ({
        step: e.step,
        size: e.size,
        pool: pools[e.pool]!.pool,
      })),
      datasets: Object.fromEntries(
        pairs.datasets.map((name, d) => [
          name,
          {
            probability: planned.datasetProbabilities[d]!,
            pairs: datasetPairs[d]!,
            groups: datasetGroups[d]!,
            ...this.perDataset[d]!,
          },
        ]),
      ),
      pools: [...pools].sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0)),
      epochs_consumed: poolPairs > 0 ? Math.round((this.rows / poolPairs) * 1e6) / 1e6 : 0,
      pairs_total: pairs.n,
    };
  }
}

/** Compute the manifest stats of a materialised plan (a {@link PlanTally} over its steps). */
export function planStats(plan: BatchPlan, pairs: PairTable, cfg: SamplerConfig): PlanStats {
  const tally = new PlanTally(pairs, { ...cfg, batch_size: plan.batchSize });
  for (let s = 0; s < plan.steps; s++) {
    tally.add(
      { step: s, kind: plan.kinds[s]!, dataset: plan.datasetOf[s]!, pool: plan.poolOf[s]! },
      plan.pairs.subarray(plan.offsets[s]!, plan.offsets[s + 1]!),
    );
  }
  return tally.stats({
    poolReports: () => plan.pools,
    datasetProbabilities: plan.datasetProbabilities,
    fallbacks: plan.fallbacks,
  });
}
