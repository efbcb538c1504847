/**
 * @hbt/report — the report stage: tables (the paper's Tables 1–8 for this experiment, with seed
 * statistics), SVG charts, paired significance tests of hybrid against each baseline, the paper's
 * published numbers alongside, written as report.md, a self-contained report.html and summary.json.
 */

export { charts } from './charts/index.js';
export { reportInputs } from './inputs.js';
export {
  armKeyOf,
  loadReportData,
  type ReportInputs,
  type ReportVariantInput,
  readMetrics,
  readPerQuery,
  readTrainLog,
} from './load.js';
export { type Arm, groupArms, strategyName } from './model/arms.js';
export { buildModel, type DatasetInfo, type ReportModel } from './model/build.js';
export { MetricIndex } from './model/metric-index.js';
export type { SignificanceRow } from './model/significance.js';
export {
  ANY,
  type MetricRow,
  type PerQueryRow,
  type ReportData,
  type ReportOptions,
  SETTINGS,
  type Setting,
  type TrainLogRow,
  type VariantData,
  type VariantMeta,
} from './model/types.js';
export {
  PAPER_PER_LANGUAGE,
  PAPER_TABLE1,
  PAPER_TABLE2,
  PAPER_TABLE7_XQUAD,
  PAPER_TABLE8_MLQA,
} from './paper/tables.js';
export { type RenderedReport, renderReport } from './render-report.js';
export { REPORT_STAGE_VERSION, run } from './run.js';
export {
  holm,
  mean,
  quantileSorted,
  type Summary as SeedSummary,
  sampleStd,
  summarize,
} from './stats/describe.js';
export {
  type PairedTestOptions,
  type PairedTestResult,
  type PairedUnit,
  pairedTest,
} from './stats/paired.js';
export { studentTCdf, studentTQuantile } from './stats/t-dist.js';
export { type Summary, summaryJsonSchema, summarySchema } from './summary/schema.js';
export { answerText } from './sweep/answer-text.js';
export { matches, objectiveOf, sizeOf, type TrainingSize } from './sweep/axes.js';
export { type ContrastResult, contrast } from './sweep/contrast.js';
export { type AlphaSweep, type SweepLine, type Sweeps, sweepsOf } from './sweep/curves.js';
export { type Answer, answerQuestions, type Question } from './sweep/questions.js';
