import { aggregate, type EvaluateOptions, type Evaluation } from '../measures/evaluate.js';
import type { Measure } from '../measures/types.js';
import { judgeTrecRunText } from './fast-run.js';
import { readLatin1, readTrecQrels } from './parse.js';

/**
 * Evaluate a TREC run file against a TREC qrels file — the library side of `hbt evaluate`. The values
 * equal trec_eval's (`map`, `map_cut`, `recip_rank`, `P`, `recall`, `ndcg`, `ndcg_cut`); `complete` is
 * `-c`, `maxResults` is `-M`. Run queries without qrels are ignored (listed in `unjudgedQueries`), and
 * so are their lines (not checked for duplicates).
 *
 * @example
 * const e = await evaluateTrecFiles('qrels.test', 'results.test', parseMeasures('AP,P@10'));
 * process.stdout.write(formatEvaluation(e, { perQuery: true }));
 */
export async function evaluateTrecFiles(
  qrelsPath: string,
  runPath: string,
  measures: Measure[],
  opts: EvaluateOptions = {},
): Promise<Evaluation> {
  const [qrels, runText] = await Promise.all([readTrecQrels(qrelsPath), readLatin1(runPath)]);
  const { judged, runQueries } = judgeTrecRunText(runText, runPath, qrels, opts.maxResults);
  return aggregate(qrels, judged, runQueries, measures, opts);
}
