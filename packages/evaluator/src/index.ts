/**
 * @hbt/evaluator — retrieval measures with trec_eval's conventions, TREC run/qrels IO, and the `eval`
 * stage: LAReQA's mono / cross / multi settings, language pairs and rank distance (language bias).
 */

export { type DatasetData, type EvalInputs, loadEvalData, type QueryGroup } from './lareqa/data.js';
export { type ExportOptions, type ExportResult, exportTrec } from './lareqa/export.js';
export { addMetricRows, emptyMetrics, type MetricsColumns } from './lareqa/rows.js';
export {
  type Cell,
  type DatasetResult,
  evaluateDataset,
  RANK_DISTANCE,
  SETTINGS,
  type Setting,
  type SettingsOptions,
} from './lareqa/settings.js';
export { ap } from './measures/ap.js';
export {
  aggregate,
  type EvaluateOptions,
  type Evaluation,
  evaluate,
  evaluateGrouped,
  type QueryRun,
} from './measures/evaluate.js';
export {
  compareIds,
  judgeRanking,
  prepareJudgements,
  type QueryJudgements,
  ranksOf,
  toJudged,
} from './measures/judge.js';
export { ndcg } from './measures/ndcg.js';
export { precision } from './measures/precision.js';
export { recall } from './measures/recall.js';
export {
  MEASURE_NAME_PATTERN,
  MEASURE_NAMES_HELP,
  parseMeasure,
  parseMeasures,
} from './measures/registry.js';
export { rr } from './measures/rr.js';
export type { JudgedRanking, Measure, MeasureFamily, Qrel, ScoredDoc } from './measures/types.js';
export { EVAL_OUTPUTS, EVAL_STAGE_VERSION, evalKeyConfig, run } from './run.js';
export { judgeTrecRunText } from './trec/fast-run.js';
export { evaluateTrecFiles } from './trec/files.js';
export { evaluationToJson, type FormatOptions, formatEvaluation, formatFixed } from './trec/format.js';
export { fromLatin1, parseTrecQrels, parseTrecRun, readTrecQrels, readTrecRun } from './trec/parse.js';
export { TrecWriter } from './trec/write.js';
