import { UsageError } from '@hbt/core/errors';
import { aggregate, type EvaluateOptions, type Evaluation } from '../measures/evaluate.js';
import type { QueryJudgements } from '../measures/judge.js';
import type { Measure } from '../measures/types.js';
import { readTrecQrels } from './qrels.js';
import { feedText, readLineRegions } from './regions.js';
import { InterleavedRunError, type JudgedRun, RunJudge } from './run-judge.js';
import { inputName, openTrecInput } from './source.js';

/**
 * Unfinished queries kept when the run comes from a pipe (which cannot be read twice): past this, the
 * oldest is judged, and a query whose lines come back after that is an error asking for a grouped run.
 */
export const PIPE_RETAIN_BYTES = 256 << 20;

/**
 * Evaluate a TREC run file against a TREC qrels file — the library side of `hbt evaluate`. The values
 * equal trec_eval's (`map`, `map_cut`, `recip_rank`, `P`, `recall`, `ndcg`, `ndcg_cut`); `complete` is
 * `-c`, `maxResults` is `-M`. Run queries without qrels are ignored (listed in `unjudgedQueries`), and
 * so are their documents (not checked for duplicates). Either path may be `-` (standard input), a FIFO
 * or a gzip file; both are streamed (see {@link judgeTrecRun}).
 *
 * @example
 * const e = await evaluateTrecFiles('qrels.test', 'results.test', parseMeasures('AP,P@10'));
 * process.stdout.write(formatEvaluation(e, { perQuery: true }));
 * @throws DataError naming the file and line of the first bad line.
 */
export async function evaluateTrecFiles(
  qrelsPath: string,
  runPath: string,
  measures: Measure[],
  opts: EvaluateOptions = {},
): Promise<Evaluation> {
  if (qrelsPath === '-' && runPath === '-') {
    throw new UsageError('the qrels and the run cannot both be read from standard input', {
      hint: 'give one of them as a file (or a FIFO)',
    });
  }
  const qrels = await readTrecQrels(qrelsPath);
  const { judged, runQueries } = await judgeTrecRun(runPath, qrels, opts.maxResults);
  return aggregate(qrels, judged, runQueries, measures, opts);
}

/**
 * Judge a run, streamed: the memory of the query being read (about 40 bytes per line of it), whatever
 * the run's size, when each query's lines are together. A run whose queries are interleaved is read a
 * second time keeping every judged query (from a regular file), or kept up to
 * {@link PIPE_RETAIN_BYTES} (from a pipe).
 *
 * @example
 * const { judged } = await judgeTrecRun('run.txt.gz', await readTrecQrels('qrels.txt'));
 */
export async function judgeTrecRun(
  path: string,
  judgements: Map<string, QueryJudgements>,
  maxResults?: number,
): Promise<JudgedRun> {
  const input = await openTrecInput(path, 'run');
  const name = inputName(path);
  const once = async (retainBytes: number, src = input) => {
    const judge = new RunJudge(name, judgements, { maxResults, retainBytes });
    await readLineRegions(src, name, judge);
    return judge.finish();
  };
  if (!input.rereadable) return once(PIPE_RETAIN_BYTES);
  try {
    return await once(0);
  } catch (e) {
    if (!(e instanceof InterleavedRunError)) throw e;
    return once(Number.POSITIVE_INFINITY, await openTrecInput(path, 'run'));
  }
}

/**
 * {@link judgeTrecRun} on run text already in memory (latin1: one char per byte).
 * @throws DataError for a malformed line, a score that is not a number, or a document retrieved twice.
 */
export function judgeTrecRunText(
  text: string,
  file: string,
  judgements: Map<string, QueryJudgements>,
  maxResults?: number,
): JudgedRun {
  const judge = new RunJudge(file, judgements, { maxResults });
  feedText(text, file, judge);
  return judge.finish();
}
