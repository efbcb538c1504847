/**
 * @hbt/evaluator — retrieval measures with trec_eval's conventions, TREC run/qrels IO, and the `eval`
 * stage: LAReQA's mono / cross / multi settings, language pairs and rank distance (language bias).
 * The measures and TREC IO alone are also at `@hbt/evaluator/trec` (see `trec-api.ts`).
 */

export {
  type BitextOptions,
  type BitextResult,
  directions as bitextDirections,
  evaluateBitext,
  MARGIN_SUFFIX,
} from './bitext/evaluate.js';
export { kNearestMeans } from './bitext/margin.js';
export { pairView, poolView } from './bitext/views.js';
export { AP_DEPTH_CAVEAT, DEFAULT_EXPORT_DEPTH } from './export-depth.js';
export { type DatasetData, type EvalInputs, loadEvalData, type QueryGroup } from './lareqa/data.js';
export { type ExportOptions, type ExportResult, exportTrec, kthLargest } from './lareqa/export.js';
export { rankDistanceChance } from './lareqa/rank-distance-chance.js';
export { addMetricRows, emptyMetrics, type MetricsColumns } from './lareqa/rows.js';
export type { PreparedCandidates, ScoreKernel } from './lareqa/score-kernel.js';
export {
  type Cell,
  type DatasetResult,
  evaluateDataset,
  RANK_DISTANCE,
  RANK_DISTANCE_CHANCE,
  SETTINGS,
  type Setting,
  type SettingsOptions,
} from './lareqa/settings.js';
export { CHANCE_SUFFIX, chanceMeasure, POOL_SIZE, withChance } from './measures/chance.js';
export { EVAL_OUTPUTS, EVAL_STAGE_VERSION, evalKeyConfig, run } from './run.js';
export { type DatasetTask, readDatasetTasks, TASKS, type Task } from './tasks/datasets.js';
export * from './trec-api.js';
