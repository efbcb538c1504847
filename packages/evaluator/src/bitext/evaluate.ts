import type { ProgressBar } from '@hbt/core';
import type { DatasetData } from '../lareqa/data.js';
import {
  type DatasetResult,
  evaluateDataset,
  RANK_DISTANCE,
  RANK_DISTANCE_CHANCE,
  type Setting,
} from '../lareqa/settings.js';
import { withChance } from '../measures/chance.js';
import { compareIds } from '../measures/judge.js';
import type { Measure } from '../measures/types.js';
import { kNearestMeans } from './margin.js';
import { pairQueries, pairView, poolQueries, poolView } from './views.js';

/**
 * The bitext retrieval task (Tatoeba / BUCC-style, as XTREME reports it) over a dataset whose relevance
 * comes from `group_id` (a sentence's translations):
 * - `cross`: each direction X → pivot and pivot → X (and both directions of every configured pair),
 *   over the pair's aligned set: one relevant candidate per query, so P@1 is XTREME's accuracy; with
 *   `marginK`, the same again under ratio-margin scoring (rows `<measure>_margin`);
 * - `multi`: the multi-way pool — every language's sentences in one pool, queried by the sentences of
 *   `poolQueries` groups per language — with rank distance and its chance level, as for LAReQA, and
 *   per language pair X, Y the mean pool rank of the Y translation of X's queries (`pool_rank`, beside
 *   `pool_rank_chance`): the pool's language-pair matrix, from the same single pass.
 * Each is LAReQA's setting evaluated on a view of the dataset (`views.ts`): no rule is written twice.
 * Every measure with a closed-form chance level gets it beside it (`<measure>_chance`), and every cell
 * its pool size (`n_candidates`).
 */
export interface BitextOptions {
  settings: readonly Setting[];
  /** The task's measures, without chance levels (e.g. P@1, AP). */
  measures: readonly Measure[];
  perQueryMeasures: ReadonlySet<string>;
  /** The language paired with every other (null: only `pairs`). */
  pivot: string | null;
  /** More unordered pairs, each evaluated in both directions. */
  pairs: ReadonlyArray<readonly [string, string]>;
  /** Groups whose sentences query the multi-way pool (null: all). */
  poolQueries: number | null;
  /** Neighbours of ratio-margin scoring (null: off). */
  marginK: number | null;
  blockBytes?: number;
  progress?: ProgressBar;
}

export interface BitextResult {
  result: DatasetResult;
  /** The measures in row order, for `addMetricRows` (margin measures last: only pair cells have them). */
  rowMeasures: Measure[];
  /** Every measure name in row order (for sorting per-query rows). */
  measureOrder: string[];
  /** Directions evaluated, `X→Y`, and those asked for but without an aligned sentence. */
  directions: string[];
  emptyDirections: string[];
  /** Queries of the multi-way pool and its size. */
  poolQueries: number;
  poolSize: number;
}

/** The suffix of a measure under ratio-margin scoring: `P@1_margin`. */
export const MARGIN_SUFFIX = '_margin';

/**
 * The multi-way pool per language pair (rows `multi (X, Y)`): the mean rank, in the whole pool, of the
 * translation in Y of a query in X, and what a random ranking gives, (n + 1)/2 for n candidates.
 */
export const POOL_RANK = 'pool_rank';
export const POOL_RANK_CHANCE = 'pool_rank_chance';

/** A row name only: its values come from `poolPairs`, never from a judged ranking. */
function rowOnly(name: string): Measure {
  return { family: 'R', cutoff: null, name, trecName: null, compute: () => Number.NaN };
}

/** Queries the task will score (for a progress bar's total). */
export function bitextWork(d: DatasetData, opts: BitextOptions): number {
  let n = 0;
  const passes = opts.marginK !== null ? 3 : 1;
  if (opts.settings.includes('cross'))
    for (const [x, y] of directions(d, opts)) n += passes * pairQueries(d, x, y);
  if (opts.settings.includes('multi')) for (const g of poolQueries(d, opts.poolQueries)) n += g.rows.length;
  return n;
}

/**
 * @example
 * const r = evaluateBitext(d, { settings: ['cross', 'multi'], measures: parseMeasures('P@1'),
 *   perQueryMeasures: new Set(), pivot: 'eng', pairs: [], poolQueries: 100, marginK: 4 });
 * addMetricRows(metrics, d.name, r.result, r.rowMeasures);
 */
export function evaluateBitext(d: DatasetData, opts: BitextOptions): BitextResult {
  const plain = withChance(opts.measures);
  const margin = opts.measures.map((m) => ({ ...m, name: `${m.name}${MARGIN_SUFFIX}`, trecName: null }));
  const base = {
    perQueryMeasures: opts.perQueryMeasures,
    ...(opts.blockBytes ? { blockBytes: opts.blockBytes } : {}),
  };
  const progress = opts.progress ? { progress: opts.progress } : {};
  const result: DatasetResult = {
    cells: new Map(),
    perQuery: { setting: [], query_lang: [], doc_lang: [], query_id: [], measure: [], value: [] },
  };
  const done: string[] = [];
  const empty: string[] = [];
  if (opts.settings.includes('cross')) {
    for (const [x, y] of directions(d, opts)) {
      const v = pairView(d, x, y);
      if (v === null) {
        empty.push(`${x}→${y}`);
        continue;
      }
      done.push(`${x}→${y}`);
      const r = evaluateDataset(v, { ...base, ...progress, settings: ['cross'], measures: plain });
      if (opts.marginK !== null) {
        const g = v.queryGroups[0]!;
        const nn = kNearestMeans(g.vectors, g.ids.length, v.docVectors, v.docIds.length, v.dim, opts.marginK);
        opts.progress?.tick(g.ids.length);
        const rm = evaluateDataset(v, {
          ...base,
          ...progress,
          settings: ['cross'],
          measures: margin,
          margin: { query: [nn.query], doc: nn.doc },
        });
        for (const [key, c] of r.cells) {
          const cm = rm.cells.get(key)!;
          const sums = new Float64Array(c.sums.length + cm.sums.length);
          sums.set(c.sums);
          sums.set(cm.sums, c.sums.length);
          c.sums = sums;
        }
        merge(result, { cells: new Map(), perQuery: rm.perQuery });
      }
      merge(result, r);
    }
  }
  let poolQueryCount = 0;
  let poolSize = 0;
  if (opts.settings.includes('multi')) {
    const { view: v, exclude } = poolView(d, opts.poolQueries);
    poolQueryCount = v.queryGroups.reduce((s, g) => s + g.ids.length, 0);
    poolSize = v.docIds.length;
    const r = evaluateDataset(v, {
      ...base,
      ...progress,
      settings: ['multi'],
      measures: plain,
      exclude,
      poolPairRanks: true,
    });
    merge(result, r);
    // The language-pair cells of the pool: NaN (no row) for every measure but the pool ranks.
    const before = plain.length + (opts.marginK !== null ? margin.length : 0);
    for (const e of r.poolPairs?.values() ?? []) {
      const sums = new Float64Array(before + 2).fill(Number.NaN);
      sums[before] = e.rankSum;
      sums[before + 1] = e.chanceSum;
      result.cells.set(`multi\t${e.queryLang}\t${e.docLang}`, {
        setting: 'multi',
        queryLang: e.queryLang,
        docLang: e.docLang,
        n: e.n,
        sums,
        skipped: 0,
        rdN: 0,
        rdSum: 0,
        rdChanceSum: 0,
      });
    }
  }
  const rowMeasures = [
    ...plain,
    ...(opts.marginK !== null ? margin : []),
    ...(opts.settings.includes('multi') ? [rowOnly(POOL_RANK), rowOnly(POOL_RANK_CHANCE)] : []),
  ];
  return {
    result,
    rowMeasures,
    measureOrder: [...rowMeasures.map((m) => m.name), RANK_DISTANCE, RANK_DISTANCE_CHANCE],
    directions: done,
    emptyDirections: empty,
    poolQueries: poolQueryCount,
    poolSize,
  };
}

/**
 * The ordered pairs to evaluate: X → pivot and pivot → X for every other language X of the dataset,
 * then both directions of each configured pair; each once, in that order.
 */
export function directions(
  d: DatasetData,
  opts: Pick<BitextOptions, 'pivot' | 'pairs'>,
): Array<[string, string]> {
  const langs = [...new Set([...d.docLangs, ...d.queryGroups.map((g) => g.lang)])].sort(compareIds);
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  const add = (x: string, y: string) => {
    const key = `${x}\t${y}`;
    if (x === y || seen.has(key)) return;
    seen.add(key);
    out.push([x, y]);
  };
  const pivot = opts.pivot;
  if (pivot !== null && langs.includes(pivot)) {
    for (const x of langs) {
      add(x, pivot);
      add(pivot, x);
    }
  }
  for (const [a, b] of opts.pairs) {
    if (!langs.includes(a) || !langs.includes(b)) continue; // a pair of another dataset's languages
    add(a, b);
    add(b, a);
  }
  return out;
}

function merge(into: DatasetResult, r: DatasetResult): void {
  for (const [k, c] of r.cells) into.cells.set(k, c);
  const p = into.perQuery;
  const q = r.perQuery;
  for (let i = 0; i < q.value.length; i++) {
    p.setting.push(q.setting[i]!);
    p.query_lang.push(q.query_lang[i]!);
    p.doc_lang.push(q.doc_lang[i]!);
    p.query_id.push(q.query_id[i]!);
    p.measure.push(q.measure[i]!);
    p.value.push(q.value[i]!);
  }
}
