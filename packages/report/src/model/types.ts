import type { HbtConfig, ReportConfig } from '@hbt/core';

/**
 * The report's input records: rows of the `metrics`, `per_query` and `train_log` artifacts of every
 * variant, plus what the report needs from each variant's config and manifests.
 */
export type Setting = 'mono' | 'cross' | 'multi';

export const SETTINGS: readonly Setting[] = ['mono', 'cross', 'multi'];

/** The pool marker of `doc_lang` / `query_lang` in aggregate rows. */
export const ANY = '*';

/** One row of `metrics.parquet` (ARTIFACT_SCHEMAS.metrics). */
export interface MetricRow {
  dataset: string;
  setting: Setting;
  query_lang: string;
  doc_lang: string;
  measure: string;
  value: number;
  n_queries: number;
}

/** One row of `per_query.parquet` (ARTIFACT_SCHEMAS.per_query). */
export interface PerQueryRow {
  dataset: string;
  setting: Setting;
  query_lang: string;
  doc_lang: string;
  query_id: string;
  measure: string;
  value: number;
}

/** One row of `train_log.parquet` (ARTIFACT_SCHEMAS.train_log). */
export interface TrainLogRow {
  step: number;
  loss: number;
  lr: number;
  grad_norm: number;
  val_loss: number | null;
}

/** What the report shows about one variant's configuration. */
export interface VariantMeta {
  name: string;
  strategy: string;
  alpha: number;
  seed: number;
  /** Compute backend recorded in the train (or eval) manifest; null when no manifest says. */
  backend: string | null;
  model: { hidden: number; layers: number; init: string | null };
  steps: number;
  batchSize: number;
  /**
   * The model the index stage evaluated, from the train manifest: `final` (no validation, so `best/` is the
   * last step) or `best` (lowest validation loss, at 1-based `step` of `of`); null without a train manifest.
   */
  checkpoint: { kind: 'final' | 'best'; step: number; of: number } | null;
  /**
   * The variant's config without its seeds, as canonical JSON: variants with equal keys are seeds
   * (replicates) of one arm.
   */
  armKey: string;
  /**
   * The variant's resolved config: sweep axes (training size, objective) and question selectors read it
   * (`sweep/axes.ts`). Absent in hand-made test data: size 100 %, the default objective.
   */
  config?: HbtConfig;
}

export interface VariantData {
  meta: VariantMeta;
  metrics: MetricRow[];
  /** Null when the variant has no per_query file (no significance test then). */
  perQuery: PerQueryRow[] | null;
  /** Null when the variant has no train_log file (no training curve then). */
  trainLog: TrainLogRow[] | null;
}

export interface ReportOptions {
  confidence: number;
  permutations: number;
  bootstrap: number;
  /** Show the paper's published tables. */
  paper: boolean;
}

/** Everything the report is computed from (after loading files). */
export interface ReportData {
  title: string;
  experiment: string;
  /** Names of the datasets training pairs come from (`config.data.train`): these are in-domain. */
  trainDatasets: string[];
  variants: VariantData[];
  options: ReportOptions;
  /** `report.questions`: the research questions to answer (none when absent). */
  questions?: ReportConfig['questions'];
}
