import type { ProgressBar } from '@hbt/core';
import type { EngineName } from './engines.js';
import { groupRows } from './prep.js';
import { type SearchOptions, type SearchResult, searchExact } from './search.js';
import { idTieKeys, type VectorSet } from './vectors.js';

/** Embedded rows with their ids, languages and datasets (queries or corpus). */
export interface Collection extends VectorSet {
  ids: readonly string[];
  langs: readonly string[];
  datasets: readonly string[];
}

/**
 * A retrieval setting as language filters; `null` = every language. LAReQA's settings:
 * mono X = `{ queryLangs: [X], docLangs: [X] }`, cross X→Y = `{ queryLangs: [X], docLangs: [Y] }`,
 * multi X = `{ queryLangs: [X], docLangs: null }`; the stage's run is `{ null, null }`.
 */
export interface Setting {
  queryLangs?: readonly string[] | null;
  docLangs?: readonly string[] | null;
  /** Only these datasets (default: all). */
  datasets?: readonly string[] | null;
}

export interface SettingSearchOptions {
  k: number;
  engine?: 'auto' | EngineName;
  /** Worker threads (see {@link SearchOptions.threads}). */
  threads?: number | 'auto';
  blockQueries?: number;
  blockCandidates?: number;
  progress?: ProgressBar;
  /** Precomputed `idTieKeys(corpus.ids)` (computed when absent). */
  tieKeys?: Int32Array;
}

/** Per-dataset results of a setting, plus the queries that had no candidate in it. */
export interface SettingResult {
  results: SearchResult[];
  /** Per dataset: queries and candidates searched. */
  datasets: Record<string, { queries: number; candidates: number }>;
  /** Query rows of the setting whose dataset has no candidate in the setting's languages. */
  unmatchedQueries: number;
}

/**
 * Exact search for one setting without re-encoding: each query (in the setting's query languages) is
 * searched only against candidates of **its own dataset** in the setting's document languages. Ties:
 * doc_id ascending.
 *
 * @example
 * const { results } = await searchSetting(queries, corpus, { queryLangs: ['de'], docLangs: ['en'] }, { k: 100 });
 * const run = runColumns(results, queries.ids, corpus.ids);
 */
export async function searchSetting(
  queries: Collection,
  corpus: Collection,
  setting: Setting,
  opts: SettingSearchOptions,
): Promise<SettingResult> {
  const tieKeys = opts.tieKeys ?? idTieKeys(corpus.ids);
  const out: SettingResult = { results: [], datasets: {}, unmatchedQueries: 0 };
  for (const [ds, qRows, cRows] of settingPlan(queries, corpus, setting)) {
    if (cRows === null) {
      out.unmatchedQueries += qRows.length;
      continue;
    }
    out.datasets[ds] = { queries: qRows.length, candidates: cRows.length };
    const r = await searchExact(queries, corpus, {
      k: opts.k,
      queryRows: qRows,
      candidateRows: cRows,
      tieKeys,
      ...(opts.engine ? { engine: opts.engine } : {}),
      ...(opts.threads ? { threads: opts.threads } : {}),
      ...(opts.blockQueries ? { blockQueries: opts.blockQueries } : {}),
      ...(opts.blockCandidates ? { blockCandidates: opts.blockCandidates } : {}),
      ...(opts.progress ? { progress: opts.progress } : {}),
    });
    out.results.push(r);
  }
  return out;
}

/** Per dataset of the setting: its query rows and candidate rows (null when it has no candidate). */
function settingPlan(
  queries: Pick<Collection, 'langs' | 'datasets'>,
  corpus: Pick<Collection, 'langs' | 'datasets'>,
  setting: Setting,
): Array<[string, Int32Array, Int32Array | null]> {
  const qSel = selectRows(queries, setting.queryLangs ?? null, setting.datasets ?? null);
  const cSel = selectRows(corpus, setting.docLangs ?? null, setting.datasets ?? null);
  return [...qSel].map(([ds, qRows]) => {
    const cRows = cSel.get(ds);
    return [ds, qRows, cRows && cRows.length > 0 ? cRows : null];
  });
}

/**
 * How many queries {@link searchSetting} searches for `setting` (those of a dataset with candidates in
 * the setting): the total of its progress.
 */
export function settingQueryCount(
  queries: Pick<Collection, 'langs' | 'datasets'>,
  corpus: Pick<Collection, 'langs' | 'datasets'>,
  setting: Setting,
): number {
  return settingPlan(queries, corpus, setting).reduce((n, [, q, c]) => n + (c === null ? 0 : q.length), 0);
}

/** Rows per dataset whose language (and dataset) pass the filters. */
export function selectRows(
  c: Pick<Collection, 'langs' | 'datasets'>,
  langs: readonly string[] | null,
  datasets: readonly string[] | null,
): Map<string, Int32Array> {
  const langOk = langs ? new Set(langs) : null;
  const dsOk = datasets ? new Set(datasets) : null;
  const out = new Map<string, Int32Array>();
  for (const [ds, rows] of groupRows(c.datasets)) {
    if (dsOk && !dsOk.has(ds)) continue;
    const keep = langOk ? rows.filter((r) => langOk.has(c.langs[r]!)) : rows;
    if (keep.length > 0) out.set(ds, keep);
  }
  return out;
}
