import type { Arm } from '../model/arms.js';
import type { DatasetInfo, ReportModel } from '../model/build.js';
import type { ReportTask } from '../model/dataset-task.js';
import { ANY, type Setting } from '../model/types.js';
import { type Summary, summarize } from '../stats/describe.js';

/**
 * The eval stage's task datasets as the report sees them (bitext, qa, news: @hbt/evaluator's
 * `tasks/datasets.ts`). Which task a dataset is comes from `model/dataset-task.ts` (`datasetTaskOf`, read
 * from the metrics rows), recorded as {@link DatasetInfo.task}.
 */
export { POOL_SIZE, type ReportTask } from '../model/dataset-task.js';

/** The multi-way pool's language-pair rows (bitext): mean pool rank of the Y translation of X's queries. */
export const POOL_RANK = 'pool_rank';
/** The suffixes of chance levels and of ratio-margin scoring (@hbt/evaluator). */
export const CHANCE = '_chance';
export const MARGIN = '_margin';

export interface TaskDataset {
  info: DatasetInfo;
  task: ReportTask;
}

/** The task datasets of the report (bitext, qa, news), in the report's dataset order. */
export function taskDatasets(m: ReportModel): TaskDataset[] {
  return m.allDatasets.flatMap((info) => (info.task === 'retrieval' ? [] : [{ info, task: info.task }]));
}

/** The seed statistic of one metrics row (any cell, any measure) over an arm's variants. */
export function cellStat(
  m: ReportModel,
  arm: Arm,
  dataset: string,
  setting: Setting,
  q: string,
  d: string,
  measure: string,
): Summary {
  return summarize(
    arm.variants.map((v) => m.index(v).row(dataset, setting, q, d, measure)?.value ?? Number.NaN),
    m.options.confidence,
  );
}

/** The first value of a row found in any variant (chance levels and pool sizes do not depend on the model). */
export function anyValue(
  m: ReportModel,
  dataset: string,
  setting: Setting,
  q: string,
  d: string,
  measure: string,
): number | null {
  for (const a of m.arms)
    for (const v of a.variants) {
      const r = m.index(v).row(dataset, setting, q, d, measure);
      if (r) return r.value;
    }
  return null;
}

/** Every (query_lang, doc_lang) cell with a row of `measure` in `setting`, aggregates excluded, sorted. */
export function cellsOf(
  m: ReportModel,
  dataset: string,
  setting: Setting,
  measure: string,
): Array<[string, string]> {
  const seen = new Map<string, [string, string]>();
  for (const a of m.arms)
    for (const v of a.variants) {
      const ix = m.index(v);
      for (const q of ix.languages(dataset))
        for (const d of [...ix.languages(dataset), ANY]) {
          if (q === ANY) continue;
          if (setting !== 'multi' && d === ANY) continue;
          if (ix.row(dataset, setting, q, d, measure)) seen.set(`${q}\t${d}`, [q, d]);
        }
    }
  return [...seen.values()].sort((x, y) =>
    x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0,
  );
}

/**
 * The pivot of a bitext dataset: the language in the most evaluated directions (every X → pivot and
 * pivot → X; ties: the first in code-point order); null without directions.
 */
export function pivotOf(pairs: Array<[string, string]>): string | null {
  const count = new Map<string, number>();
  for (const [q, d] of pairs) for (const l of [q, d]) count.set(l, (count.get(l) ?? 0) + 1);
  let best: string | null = null;
  let n = 0;
  for (const [l, c] of [...count].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (c > n) {
      best = l;
      n = c;
    }
  }
  return best;
}
