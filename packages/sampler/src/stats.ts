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

/** Compute the manifest stats of a plan. */
export function planStats(plan: BatchPlan, pairs: PairTable, cfg: SamplerConfig): PlanStats {
  const L = pairs.langs.length;
  const qHist = new Float64Array(L);
  const pHist = new Float64Array(L);
  const matrix = new Float64Array(L * L);
  for (let r = 0; r < plan.pairs.length; r++) {
    const p = plan.pairs[r]!;
    const q = pairs.qLang[p]!;
    const d = pairs.pLang[p]!;
    qHist[q]!++;
    pHist[d]!++;
    matrix[q * L + d]!++;
  }
  const batches = { mono: 0, cross: 0, mixed: 0 };
  const sizes = new Map<number, number>();
  const perDataset = pairs.datasets.map(() => ({ batches: 0, slots: 0 }));
  for (let s = 0; s < plan.steps; s++) {
    batches[BATCH_KINDS[plan.kinds[s]!]!]++;
    const size = plan.offsets[s + 1]! - plan.offsets[s]!;
    sizes.set(size, (sizes.get(size) ?? 0) + 1);
    const ds = perDataset[plan.datasetOf[s]!]!;
    ds.batches++;
    ds.slots += size;
  }
  const datasetPairs = new Array<number>(pairs.datasets.length).fill(0);
  const datasetGroups = pairs.datasets.map(() => new Set<number>());
  for (let i = 0; i < pairs.n; i++) {
    datasetPairs[pairs.dataset[i]!]!++;
    datasetGroups[pairs.dataset[i]!]!.add(pairs.group[i]!);
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
  const poolPairs = plan.pools.reduce((a, p) => a + p.pairs, 0);
  return {
    strategy: cfg.strategy,
    alpha: cfg.alpha,
    steps: plan.steps,
    batch_size: plan.batchSize,
    rows: plan.pairs.length,
    batches,
    mono_fraction: plan.steps > 0 ? batches.mono / plan.steps : 0,
    fallbacks: { ...plan.fallbacks },
    query_lang_hist: langHist(qHist),
    pos_lang_hist: langHist(pHist),
    lang_matrix,
    batch_size_hist: Object.fromEntries(
      [...sizes.entries()].sort((a, b) => a[0] - b[0]).map(([k, v]) => [String(k), v]),
    ),
    short_batches: plan.shortSteps.length,
    short_batch_examples: plan.shortSteps.slice(0, 10).map((s) => ({
      step: s,
      size: plan.offsets[s + 1]! - plan.offsets[s]!,
      pool: plan.pools[plan.poolOf[s]!]!.pool,
    })),
    datasets: Object.fromEntries(
      pairs.datasets.map((name, d) => [
        name,
        {
          probability: plan.datasetProbabilities[d]!,
          pairs: datasetPairs[d]!,
          groups: datasetGroups[d]!.size,
          ...perDataset[d]!,
        },
      ]),
    ),
    pools: [...plan.pools].sort((a, b) => (a.pool < b.pool ? -1 : a.pool > b.pool ? 1 : 0)),
    epochs_consumed: poolPairs > 0 ? Math.round((plan.pairs.length / poolPairs) * 1e6) / 1e6 : 0,
    pairs_total: pairs.n,
  };
}
