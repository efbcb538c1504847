import { compareIds } from '../measures/judge.js';
import type { Measure } from '../measures/types.js';
import {
  type Cell,
  type DatasetResult,
  RANK_DISTANCE,
  RANK_DISTANCE_CHANCE,
  SETTINGS,
  type Setting,
} from './settings.js';

/**
 * The rows of `metrics.parquet` and `per_query.parquet` (conventions in the package README, "Row
 * conventions"). Per dataset and measure:
 *
 * | setting | query_lang | doc_lang | value |
 * | --- | --- | --- | --- |
 * | mono  | X | X | mean over X's queries |
 * | mono  | * | * | macro: mean of the X rows |
 * | cross | X | Y | mean over X's queries against Y (X ≠ Y) |
 * | cross | X | * | mean of X's pair rows (over target languages Y) |
 * | cross | * | Y | mean of the pair rows into Y (over query languages X) |
 * | cross | * | * | macro: mean of all pair rows |
 * | multi | X | * | mean over X's queries against the pool |
 * | multi | * | * | macro: mean of the X rows |
 *
 * `n_queries` is the number of query evaluations behind the value (summed for averaged rows). The rank
 * distance is measure `RD` in the multi rows, over queries with ≥ 2 relevant candidates in the pool;
 * `RD_chance` beside it is what a random ranking of the pool gives over the same queries, averaged alike.
 */
export type MetricsColumns = {
  dataset: string[];
  setting: string[];
  query_lang: string[];
  doc_lang: string[];
  measure: string[];
  value: number[];
  n_queries: number[];
};

export function emptyMetrics(): MetricsColumns {
  return { dataset: [], setting: [], query_lang: [], doc_lang: [], measure: [], value: [], n_queries: [] };
}

interface Value {
  value: number;
  n: number;
}

export function addMetricRows(
  out: MetricsColumns,
  dataset: string,
  res: DatasetResult,
  measures: readonly Measure[],
): void {
  const push = (setting: string, x: string, y: string, measure: string, v: Value) => {
    out.dataset.push(dataset);
    out.setting.push(setting);
    out.query_lang.push(x);
    out.doc_lang.push(y);
    out.measure.push(measure);
    out.value.push(v.value);
    out.n_queries.push(v.n);
  };
  const names = [...measures.map((m) => m.name), RANK_DISTANCE, RANK_DISTANCE_CHANCE];
  const rankDistances = new Set([RANK_DISTANCE, RANK_DISTANCE_CHANCE]);
  for (const setting of SETTINGS) {
    const cells = [...res.cells.values()]
      .filter((c) => c.setting === setting)
      .sort((a, b) => compareIds(a.queryLang, b.queryLang) || compareIds(a.docLang, b.docLang));
    for (let mi = 0; mi < names.length; mi++) {
      const name = names[mi]!;
      if (rankDistances.has(name) && setting !== 'multi') continue;
      const cellValue = (c: Cell): Value | null => {
        if (name === RANK_DISTANCE) return c.rdN > 0 ? { value: c.rdSum / c.rdN, n: c.rdN } : null;
        if (name === RANK_DISTANCE_CHANCE)
          return c.rdN > 0 ? { value: c.rdChanceSum / c.rdN, n: c.rdN } : null;
        // A cell evaluated with fewer measures (e.g. no margin scoring in the multi pool) has no such row.
        // A NaN sum: the cell does not have that measure (the multi pool's language-pair cells).
        return c.n > 0 && mi < c.sums.length && !Number.isNaN(c.sums[mi]!)
          ? { value: c.sums[mi]! / c.n, n: c.n }
          : null;
      };
      const leaf = cells
        .map((c) => ({ c, v: cellValue(c) }))
        .filter((e): e is { c: Cell; v: Value } => e.v !== null);
      if (leaf.length === 0) continue;
      for (const { c, v } of leaf) push(setting, c.queryLang, c.docLang, name, v);
      if (setting === 'cross') {
        for (const x of unique(leaf.map((e) => e.c.queryLang))) {
          push(setting, x, '*', name, mean(leaf.filter((e) => e.c.queryLang === x).map((e) => e.v)));
        }
        for (const y of unique(leaf.map((e) => e.c.docLang))) {
          push(setting, '*', y, name, mean(leaf.filter((e) => e.c.docLang === y).map((e) => e.v)));
        }
      }
      push(setting, '*', '*', name, mean(leaf.map((e) => e.v)));
    }
  }
}

/** Macro average: the unweighted mean of the values; n sums. */
function mean(vs: Value[]): Value {
  let s = 0;
  let n = 0;
  for (const v of vs) {
    s += v.value;
    n += v.n;
  }
  return { value: s / vs.length, n };
}

function unique(xs: string[]): string[] {
  return [...new Set(xs)].sort(compareIds);
}

/** Per-query rows of one dataset, sorted: setting (mono, cross, multi), query_lang, doc_lang, query_id, measure order. */
export function sortedPerQuery(res: DatasetResult, measureOrder: readonly string[]): number[] {
  const p = res.perQuery;
  const setRank = (s: string) => SETTINGS.indexOf(s as Setting);
  const mRank = new Map(measureOrder.map((m, i) => [m, i]));
  const idx = Array.from({ length: p.value.length }, (_, i) => i);
  return idx.sort(
    (a, b) =>
      setRank(p.setting[a]!) - setRank(p.setting[b]!) ||
      compareIds(p.query_lang[a]!, p.query_lang[b]!) ||
      compareIds(p.doc_lang[a]!, p.doc_lang[b]!) ||
      compareIds(p.query_id[a]!, p.query_id[b]!) ||
      mRank.get(p.measure[a]!)! - mRank.get(p.measure[b]!)!,
  );
}
