import { configSchema, type HbtConfig } from '@hbt/core';
import { armKeyOf } from '../load.js';
import type { MetricRow, PerQueryRow, ReportData, Setting, VariantData } from '../model/types.js';
import { metric, perQuery } from './synthetic.js';

/**
 * A synthetic sweep experiment (arms × sizes × seeds) whose every value is known by construction: a
 * query's value is `effect(arm, size) + offset(query) + jitter(seed)`, the same offset for every arm and
 * the same jitter for every arm of a seed, so paired differences are exact (hand-checkable) numbers.
 */
export interface SweepArmSpec {
  strategy: 'x-x-mono' | 'x-y' | 'hybrid' | 'mixed';
  alpha?: number;
  /** `train.objective` (set after validation, as a colleague's config key may be absent here). */
  objective?: unknown;
  /** `sampler.subset.fraction`; absent (and no `groups`): no subset (100 %). */
  fraction?: number;
  /** `sampler.subset.groups`. */
  groups?: number;
  seeds: number[];
  /** The arm's AP effect in a setting (the measure of query i is effect + offset(i) + jitter(seed)). */
  ap: (setting: Setting) => number;
  /** Added to query i's value (e.g. ±0.03 by parity: a difference with mean zero). */
  perQueryShift?: (i: number) => number;
  /** Rank distance effect (multi). */
  rd?: number;
  /** Multiplies this arm's seed jitter (default 1): another value makes the arms' seeds vary differently. */
  jitterScale?: number;
}

export const SWEEP_LANGS = ['de', 'en'] as const;
export const QUERIES_PER_LANG = 12;
export const SWEEP_DATASET = 'zs-set';

/** The per-query offset shared by every arm, and the per-seed jitter shared by every arm of a seed. */
export const offset = (i: number) => 0.01 * (i % 5);
export const jitter = (seed: number) => 0.002 * (seed - 2);

export function sweepConfig(spec: SweepArmSpec, seed: number): HbtConfig {
  const config = configSchema.parse({
    seed,
    sampler: {
      strategy: spec.strategy,
      ...(spec.alpha !== undefined ? { alpha: spec.alpha } : {}),
      ...(spec.fraction !== undefined ? { subset: { fraction: spec.fraction } } : {}),
      ...(spec.groups !== undefined ? { subset: { groups: spec.groups } } : {}),
    },
  });
  if (spec.objective !== undefined) (config.train as Record<string, unknown>).objective = spec.objective;
  return config;
}

export function sweepVariant(spec: SweepArmSpec, seed: number, name: string): VariantData {
  const config = sweepConfig(spec, seed);
  const metrics: MetricRow[] = [];
  const pq: PerQueryRow[] = [];
  const cells: Array<{ setting: Setting; q: string; d: string; measure: string; base: number }> = [];
  for (const q of SWEEP_LANGS) {
    for (const d of SWEEP_LANGS) {
      cells.push({
        setting: q === d ? 'mono' : 'cross',
        q,
        d,
        measure: 'AP',
        base: spec.ap(q === d ? 'mono' : 'cross'),
      });
    }
    cells.push({ setting: 'multi', q, d: '*', measure: 'AP', base: spec.ap('multi') });
    cells.push({ setting: 'multi', q, d: '*', measure: 'RD', base: spec.rd ?? 50 });
    cells.push({ setting: 'multi', q, d: '*', measure: 'RD_chance', base: 60 });
  }
  for (const c of cells) {
    let sum = 0;
    for (let i = 0; i < QUERIES_PER_LANG; i++) {
      const scale = c.measure === 'AP' ? 1 : 100;
      const v =
        c.base +
        (c.measure === 'RD_chance'
          ? 0
          : scale * (offset(i) + (spec.jitterScale ?? 1) * jitter(seed) + (spec.perQueryShift?.(i) ?? 0)));
      pq.push(perQuery(SWEEP_DATASET, c.setting, c.q, c.d, `${c.q}-q${i}`, c.measure, v));
      sum += v;
    }
    metrics.push(
      metric(SWEEP_DATASET, c.setting, c.q, c.d, c.measure, sum / QUERIES_PER_LANG, QUERIES_PER_LANG),
    );
    // R@1 has no per-query rows: questions on it use the seeds basis
    if (c.measure === 'AP')
      metrics.push(metric(SWEEP_DATASET, c.setting, c.q, c.d, 'R@1', sum / QUERIES_PER_LANG));
  }
  return {
    meta: {
      name,
      strategy: spec.strategy,
      alpha: config.sampler.alpha,
      seed,
      backend: 'cpu',
      model: { hidden: 32, layers: 1, init: null },
      steps: 10,
      batchSize: 4,
      checkpoint: { kind: 'final', step: 10, of: 10 },
      armKey: armKeyOf(config),
      config,
    },
    metrics,
    perQuery: pq,
    trainLog: null,
  };
}

/**
 * The standard synthetic sweep: X-Y and Hybrid α=0.5 at 10/30/100 % with 3 seeds; Hybrid α=0.25 and
 * 0.75, X-X-mono, Mixed and SimCSE (X-Y batches) at 100 %. Cross-lingual AP effects:
 * X-Y 0.30 + 0.10 f, Hybrid α=0.5 0.32 + 0.15 f (so the gap is 0.02 + 0.05 f), α=0.25 0.45, α=0.75 0.42,
 * SimCSE 0.20, X-X-mono 0.25, Mixed 0.25 ± 0.03 by query parity (mean difference 0 to X-X-mono).
 */
export function standardSweep(): VariantData[] {
  const seeds = [1, 2, 3];
  const arms: Array<[string, SweepArmSpec]> = [];
  for (const f of [0.1, 0.3, 1]) {
    const pctName = `${Math.round(f * 100)}pct`;
    arms.push([`xy-${pctName}`, { strategy: 'x-y', fraction: f, seeds, ap: () => 0.3 + 0.1 * f, rd: 40 }]);
    arms.push([
      `hybrid-${pctName}`,
      {
        strategy: 'hybrid',
        alpha: 0.5,
        fraction: f,
        seeds,
        ap: (s) => (s === 'cross' ? 0.32 + 0.15 * f : 0.5),
        rd: 30,
      },
    ]);
  }
  arms.push(['hybrid-a025', { strategy: 'hybrid', alpha: 0.25, fraction: 1, seeds, ap: () => 0.45, rd: 32 }]);
  arms.push(['hybrid-a075', { strategy: 'hybrid', alpha: 0.75, fraction: 1, seeds, ap: () => 0.42, rd: 28 }]);
  arms.push(['xxmono', { strategy: 'x-x-mono', fraction: 1, seeds, ap: () => 0.25, rd: 45 }]);
  arms.push([
    'mixed',
    {
      strategy: 'mixed',
      fraction: 1,
      seeds,
      ap: () => 0.25,
      perQueryShift: (i) => (i % 2 === 0 ? 0.03 : -0.03),
      rd: 45,
    },
  ]);
  arms.push(['simcse', { strategy: 'x-y', objective: 'simcse', fraction: 1, seeds, ap: () => 0.2, rd: 55 }]);
  return arms.flatMap(([name, spec]) =>
    spec.seeds.map((seed) => sweepVariant(spec, seed, `${name}-s${seed}`)),
  );
}

export function sweepData(variants: VariantData[], questions: ReportData['questions'] = []): ReportData {
  return {
    title: 'Sweep report',
    experiment: 'sweep',
    trainDatasets: ['train-set'],
    variants,
    options: { confidence: 0.95, permutations: 500, bootstrap: 300, paper: false },
    questions,
  };
}
