import type { MetricIndex } from './metric-index.js';
import { SETTINGS, type Setting } from './types.js';

/** The eval stage's task datasets the report gives sections of their own (@hbt/evaluator `tasks/`). */
export type ReportTask = 'bitext' | 'qa' | 'news';

/**
 * What a dataset is evaluated as, seen from its metrics rows: `retrieval` for prep's `lareqa` and `trec`
 * tasks (LAReQA's mono / cross / multi settings: the main tables, the per-language tables, the
 * significance tests), else one of the {@link ReportTask}s (their own sections).
 */
export type DatasetTask = 'retrieval' | ReportTask;

/** The pool size measure (@hbt/evaluator's `POOL_SIZE`): only the bitext, qa and news tasks write it. */
export const POOL_SIZE = 'n_candidates';

/**
 * The task of a dataset, read from the metrics rows alone by the evaluator's row conventions — the one
 * place the report decides it: a dataset without `n_candidates` rows in any variant is `retrieval`
 * (lareqa, trec); with them, a dataset without mono rows is `bitext` (language pairs and the multi-way
 * pool), one with mono rows only is `news`, and one with mono and cross or multi rows is `qa`.
 *
 * @example
 * datasetTaskOf([new MetricIndex(rows)], 'ntrex-128'); // 'bitext'
 * datasetTaskOf([new MetricIndex(rows)], 'xquad-r');   // 'retrieval'
 */
export function datasetTaskOf(indexes: readonly MetricIndex[], dataset: string): DatasetTask {
  const has = (s: Setting) => indexes.some((ix) => ix.measures(dataset, s).length > 0);
  const pool = indexes.some((ix) => SETTINGS.some((s) => ix.measures(dataset, s).includes(POOL_SIZE)));
  if (!pool) return 'retrieval';
  if (!has('mono')) return 'bitext';
  return !has('cross') && !has('multi') ? 'news' : 'qa';
}
