/**
 * `@hbt/evaluator/trec` — the measures and TREC file IO alone, without the eval stage (and so without
 * Arrow or Parquet): what `hbt evaluate` loads, so that it starts in a few tens of milliseconds.
 *
 * @example
 * import { evaluateTrecFiles, formatEvaluation, parseMeasures } from '@hbt/evaluator/trec';
 * const e = await evaluateTrecFiles('qrels.txt', 'run.txt', parseMeasures('AP,nDCG@10'));
 * process.stdout.write(formatEvaluation(e, { perQuery: true }));
 */
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
export { evaluateTrecFiles, judgeTrecRun, judgeTrecRunText, PIPE_RETAIN_BYTES } from './trec/files.js';
export { evaluationToJson, type FormatOptions, formatEvaluation, formatFixed } from './trec/format.js';
export { parseTrecRun, readTrecRun } from './trec/parse.js';
export { parseTrecQrels, readTrecQrels } from './trec/qrels.js';
export { MAX_LINE_BYTES } from './trec/regions.js';
export { InterleavedRunError, type JudgedRun } from './trec/run-judge.js';
export { fromLatin1 } from './trec/scan.js';
export { parseScore } from './trec/score.js';
export { openTrecInput, type TrecInput } from './trec/source.js';
export { TrecWriter } from './trec/write.js';
