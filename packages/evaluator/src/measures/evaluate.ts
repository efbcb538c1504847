import { DataError } from '@hbt/core/errors';
import { compareIds, emptyRanking, judgeRanking, prepareJudgements, type QueryJudgements } from './judge.js';
import type { JudgedRanking, Measure, Qrel, ScoredDoc } from './types.js';

/** Options shared by {@link evaluate} and `evaluateTrecFiles`. */
export interface EvaluateOptions {
  /**
   * Average over every query in the qrels, a query missing from the run scoring 0 (trec_eval `-c`).
   * Default false: average over the queries that are in both the run and the qrels, as trec_eval does.
   */
  complete?: boolean;
  /** Keep only the first N documents of each query's ordered ranking (trec_eval `-M N`). */
  maxResults?: number;
}

/** A run grouped by query: parallel doc ids and scores. */
export interface QueryRun {
  docIds: string[];
  scores: number[];
}

/** Per-query values and means of several measures over one run. */
export interface Evaluation {
  measures: Measure[];
  /** Evaluated query ids, in code-point (byte) order like trec_eval's output. */
  queryIds: string[];
  /** `perQuery[m][q]`: measure m of query `queryIds[q]`. */
  perQuery: Float64Array[];
  /** Mean of each measure: the sum over `queryIds` divided by `numQueries`. */
  means: number[];
  /** The divisor of the means: evaluated queries, or every qrels query with `complete`. */
  numQueries: number;
  /** Run queries that have no judgements (ignored, as in trec_eval). */
  unjudgedQueries: string[];
  /** Retrieved documents over the evaluated queries (after `maxResults`). */
  numRetrieved: number;
  /** Relevant documents over the evaluated queries. */
  numRelevant: number;
}

/**
 * Evaluate a run already grouped by query. Queries are taken from the judgements in code-point order;
 * a judged query with no run is skipped, or scored as an empty ranking with `complete`.
 */
export function evaluateGrouped(
  judgements: Map<string, QueryJudgements>,
  run: Map<string, QueryRun>,
  measures: Measure[],
  opts: EvaluateOptions = {},
): Evaluation {
  const judged = new Map<string, JudgedRanking>();
  for (const [qid, r] of run) {
    const j = judgements.get(qid);
    if (j) judged.set(qid, judgeRanking(j, r.docIds, r.scores, opts.maxResults));
  }
  return aggregate(judgements, judged, [...run.keys()], measures, opts);
}

/**
 * Measures of judged rankings, per query and averaged the way trec_eval does: queries in code-point
 * (byte) order of the qrels; with `complete`, a judged query without a ranking scores as an empty one and
 * the mean divides by the number of qrels queries.
 */
export function aggregate(
  judgements: Map<string, QueryJudgements>,
  judged: Map<string, JudgedRanking>,
  runQueries: readonly string[],
  measures: Measure[],
  opts: EvaluateOptions = {},
): Evaluation {
  const qids = [...judgements.keys()].sort(compareIds);
  const queryIds: string[] = [];
  const values: number[][] = measures.map(() => []);
  let numRetrieved = 0;
  let numRelevant = 0;
  for (const qid of qids) {
    let r = judged.get(qid);
    if (!r) {
      if (!opts.complete) continue;
      r = emptyRanking(judgements.get(qid)!);
    }
    queryIds.push(qid);
    numRetrieved += r.numRetrieved;
    numRelevant += r.numRelevant;
    for (let m = 0; m < measures.length; m++) values[m]!.push(measures[m]!.compute(r));
  }
  const numQueries = opts.complete ? qids.length : queryIds.length;
  const perQuery = values.map((v) => Float64Array.from(v));
  const means = perQuery.map((v) => {
    let s = 0;
    for (const x of v) s += x;
    return numQueries > 0 ? s / numQueries : 0;
  });
  const unjudgedQueries = runQueries.filter((q) => !judgements.has(q)).sort(compareIds);
  return { measures, queryIds, perQuery, means, numQueries, unjudgedQueries, numRetrieved, numRelevant };
}

/**
 * Evaluate typed records with trec_eval's conventions (see `judgeRanking`).
 *
 * @example
 * const e = evaluate(
 *   [{ queryId: 'q1', docId: 'a', relevance: 1 }],
 *   [{ queryId: 'q1', docId: 'a', score: 0.2 }, { queryId: 'q1', docId: 'b', score: 0.9 }],
 *   parseMeasures('AP,RR'),
 * );
 * e.means; // [0.5, 0.5]
 * @throws DataError when a document is judged twice for a query, or retrieved twice.
 */
export function evaluate(
  qrels: Iterable<Qrel>,
  run: Iterable<ScoredDoc>,
  measures: Measure[],
  opts: EvaluateOptions = {},
): Evaluation {
  const rel = new Map<string, Map<string, number>>();
  for (const q of qrels) {
    let m = rel.get(q.queryId);
    if (!m) {
      m = new Map();
      rel.set(q.queryId, m);
    }
    if (m.has(q.docId))
      throw new DataError(`qrels judge document "${q.docId}" twice for query "${q.queryId}"`);
    m.set(q.docId, q.relevance);
  }
  const judgements = new Map<string, QueryJudgements>();
  for (const [qid, m] of rel) judgements.set(qid, prepareJudgements(m));
  const grouped = new Map<string, QueryRun & { seen: Set<string> }>();
  for (const d of run) {
    let g = grouped.get(d.queryId);
    if (!g) {
      g = { docIds: [], scores: [], seen: new Set() };
      grouped.set(d.queryId, g);
    }
    if (g.seen.has(d.docId))
      throw new DataError(`run retrieves document "${d.docId}" twice for query "${d.queryId}"`);
    if (Number.isNaN(d.score))
      throw new DataError(`run gives document "${d.docId}" of query "${d.queryId}" a NaN score`);
    g.seen.add(d.docId);
    g.docIds.push(d.docId);
    g.scores.push(d.score);
  }
  return evaluateGrouped(judgements, grouped, measures, opts);
}
