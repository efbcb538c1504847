import type {
  MetricRow,
  PerQueryRow,
  ReportData,
  Setting,
  TrainLogRow,
  VariantData,
} from '../model/types.js';

/** Hand-made report inputs for tests: small, with values a test can check by hand. */
export function metric(
  dataset: string,
  setting: Setting,
  q: string,
  d: string,
  measure: string,
  value: number,
  n = 10,
): MetricRow {
  return { dataset, setting, query_lang: q, doc_lang: d, measure, value, n_queries: n };
}

export function perQuery(
  dataset: string,
  setting: Setting,
  q: string,
  d: string,
  id: string,
  measure: string,
  value: number,
): PerQueryRow {
  return { dataset, setting, query_lang: q, doc_lang: d, query_id: id, measure, value };
}

export interface VariantSpec {
  name: string;
  strategy: string;
  alpha?: number;
  seed?: number;
  init?: string | null;
  metrics: MetricRow[];
  perQuery?: PerQueryRow[] | null;
  trainLog?: TrainLogRow[] | null;
}

export function variant(s: VariantSpec): VariantData {
  const alpha = s.alpha ?? 0.5;
  const init = s.init ?? null;
  return {
    meta: {
      name: s.name,
      strategy: s.strategy,
      alpha,
      seed: s.seed ?? 1,
      backend: 'cpu',
      model: { hidden: 32, layers: 1, init },
      steps: 10,
      batchSize: 4,
      checkpoint: { kind: 'final', step: 10, of: 10 },
      armKey: `${s.strategy}|${alpha}|${init}`,
    },
    metrics: s.metrics,
    perQuery: s.perQuery ?? null,
    trainLog: s.trainLog ?? null,
  };
}

export function reportData(variants: VariantData[], trainDatasets: string[] = ['mlqa-r']): ReportData {
  return {
    title: 'Test report',
    experiment: 'test',
    trainDatasets,
    variants,
    options: { confidence: 0.95, permutations: 500, bootstrap: 300, paper: true },
  };
}

/**
 * One dataset with two languages where every pair row, per-language row and macro row is given:
 * a variant whose mono AP is `mono`, cross AP `cross`, multi AP `multi` and RD `rd` in every language.
 */
export function flatMetrics(
  dataset: string,
  v: { mono: number; cross: number; multi: number; rd: number },
): MetricRow[] {
  const langs = ['de', 'en'];
  const rows: MetricRow[] = [];
  for (const q of langs) {
    rows.push(metric(dataset, 'mono', q, q, 'AP', v.mono));
    for (const d of langs) if (d !== q) rows.push(metric(dataset, 'cross', q, d, 'AP', v.cross));
    rows.push(metric(dataset, 'multi', q, '*', 'AP', v.multi));
    rows.push(metric(dataset, 'multi', q, '*', 'RD', v.rd));
  }
  return rows;
}
