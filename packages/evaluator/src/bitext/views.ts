import { fnv1a } from '@hbt/core';
import type { DatasetData, QueryGroup } from '../lareqa/data.js';
import { compareIds } from '../measures/judge.js';

/**
 * Views of a bitext dataset (relevance from `group_id`: a sentence's translations) that the LAReQA
 * settings evaluate unchanged (`evaluateDataset`): a language pair restricted to its aligned set, and the
 * multi-way pool queried by a deterministic subset of sentences. A view shares the dataset's vectors'
 * values and its tie-break keys (`docKey` positions keep their order in any subset).
 */

/**
 * Direction X → Y over the aligned set: the queries in X whose group has a candidate in Y, against the
 * candidates in Y whose group has a query in X (Tatoeba's pair files, NTREX's full alignment and a
 * partly aligned corpus alike). The view holds one query group (X) and one candidate segment (Y), so
 * `evaluateDataset` with the `cross` setting gives exactly the cell X → Y. Null when the set is empty.
 *
 * @example
 * const v = pairView(d, 'yor', 'eng'); // v.queryGroups[0].lang === 'yor', v.docLangs = ['eng']
 */
export function pairView(d: DatasetData, x: string, y: string): DatasetData | null {
  const a = alignedSet(d, x, y);
  return a === null ? null : subView(d, a.cands, [{ group: a.group, rows: a.queries }], [y]);
}

/** The number of queries of direction X → Y (its aligned set), without building the view. */
export function pairQueries(d: DatasetData, x: string, y: string): number {
  return alignedSet(d, x, y)?.queries.length ?? 0;
}

function alignedSet(
  d: DatasetData,
  x: string,
  y: string,
): { group: QueryGroup; cands: number[]; queries: number[] } | null {
  const g = d.queryGroups.find((q) => q.lang === x);
  const s = d.docLangs.indexOf(y);
  if (!g || s < 0 || !g.groups || !d.docGroups) return null;
  const queryGroupSet = new Set(g.groups);
  const cands: number[] = [];
  for (let c = d.segStart[s]!; c < d.segStart[s + 1]!; c++) {
    if (queryGroupSet.has(d.docGroups[c]!)) cands.push(c);
  }
  const docGroupSet = new Set(cands.map((c) => d.docGroups![c]!));
  const queries: number[] = [];
  g.groups.forEach((grp, i) => {
    if (docGroupSet.has(grp)) queries.push(i);
  });
  if (queries.length === 0) return null;
  return { group: g, cands, queries };
}

/**
 * The multi-way pool: every candidate of the dataset, queried by the sentences of `perLanguage` groups
 * in every language (all when null). Groups are chosen by a hash of their id (`@hbt/core`'s FNV-1a of
 * the UTF-8 bytes, ties by id), so
 * the choice is fixed by the data, the same in every language, and spread over the corpus.
 *
 * Every query is also a candidate of the pool: `exclude` names each query's own sentence (the candidate
 * with its id, else the one candidate of its group in its language; −1 when there is none), which
 * `evaluateDataset` leaves out of that query's ranking. The other sentences of its language stay in
 * the pool as distractors, as in LAReQA's multilingual setting.
 *
 * @example
 * const { view, exclude } = poolView(d, 100); // the same 100 groups in every language, against all candidates
 * evaluateDataset(view, { settings: ['multi'], measures, perQueryMeasures: new Set(), exclude });
 */
export function poolView(
  d: DatasetData,
  perLanguage: number | null,
): { view: DatasetData; exclude: Int32Array[] } {
  const groups = poolQueries(d, perLanguage);
  const cands = Array.from({ length: d.docIds.length }, (_, c) => c);
  const view = subView(
    d,
    cands,
    groups.filter((g) => g.rows.length > 0),
    d.docLangs,
  );
  const byId = new Map<string, number>();
  view.docIds.forEach((id, c) => {
    byId.set(id, c);
  });
  const byGroupLang = new Map<string, number>(); // −2: more than one
  view.docGroups?.forEach((grp, c) => {
    const s = segmentOf(view.segStart, c);
    const key = `${grp}\t${view.docLangs[s]}`;
    byGroupLang.set(key, byGroupLang.has(key) ? -2 : c);
  });
  const exclude = view.queryGroups.map((g) =>
    Int32Array.from(g.ids, (id, i) => {
      const c = byId.get(id) ?? byGroupLang.get(`${g.groups?.[i]}\t${g.lang}`) ?? -1;
      return c < 0 ? -1 : c;
    }),
  );
  return { view, exclude };
}

function segmentOf(segStart: Int32Array, c: number): number {
  let s = 0;
  while (segStart[s + 1]! <= c) s++;
  return s;
}

/**
 * The queries of the multi-way pool: per query group, the rows whose group is one of the `perLanguage`
 * groups first in FNV-1a order of their id (all rows when null). Cheap: no vectors are copied.
 */
export function poolQueries(
  d: DatasetData,
  perLanguage: number | null,
): Array<{ group: QueryGroup; rows: number[] }> {
  const all = new Set<string>();
  for (const g of d.queryGroups) for (const grp of g.groups ?? []) all.add(grp);
  let chosen: Set<string> | null = null;
  if (perLanguage !== null && perLanguage < all.size) {
    const ranked = [...all]
      .map((id) => ({ id, h: fnv1a(id) }))
      .sort((a, b) => a.h - b.h || compareIds(a.id, b.id));
    chosen = new Set(ranked.slice(0, perLanguage).map((e) => e.id));
  }
  return d.queryGroups.map((group) => ({
    group,
    rows: group.ids.map((_, i) => i).filter((i) => chosen === null || chosen.has(group.groups?.[i] ?? '')),
  }));
}

/** A view with the given candidates (dataset indices, in dataset order) and queries. */
function subView(
  d: DatasetData,
  cands: number[],
  queries: Array<{ group: QueryGroup; rows: number[] }>,
  langs: string[],
): DatasetData {
  const dim = d.dim;
  const position = new Map<number, number>();
  cands.forEach((c, k) => {
    position.set(c, k);
  });
  const docLangs: string[] = [];
  const segStart: number[] = [0];
  for (const lang of langs) {
    const s = d.docLangs.indexOf(lang);
    const n = cands.filter((c) => c >= d.segStart[s]! && c < d.segStart[s + 1]!).length;
    if (n === 0) continue;
    docLangs.push(lang);
    segStart.push(segStart[segStart.length - 1]! + n);
  }
  // Every candidate in dataset order (the pool): share the dataset's arrays instead of copying them.
  const whole = cands.length === d.docIds.length && cands.every((c, k) => c === k);
  let docVectors = d.docVectors;
  if (!whole) {
    docVectors = new Float32Array(cands.length * dim);
    cands.forEach((c, k) => {
      docVectors.set(d.docVectors.subarray(c * dim, (c + 1) * dim), k * dim);
    });
  }
  const queryGroups: QueryGroup[] = queries.map(({ group, rows }) => {
    const vectors = new Float32Array(rows.length * dim);
    rows.forEach((i, k) => {
      vectors.set(group.vectors.subarray(i * dim, (i + 1) * dim), k * dim);
    });
    const relevant: Int32Array[] = [];
    const gains: Float64Array[] = [];
    for (const i of rows) {
      const idx: number[] = [];
      const g: number[] = [];
      group.relevant[i]!.forEach((c, j) => {
        const k = position.get(c);
        if (k === undefined) return;
        idx.push(k);
        g.push(group.gains[i]![j]!);
      });
      relevant.push(Int32Array.from(idx));
      gains.push(Float64Array.from(g));
    }
    return {
      lang: group.lang,
      ids: rows.map((i) => group.ids[i]!),
      vectors,
      relevant,
      gains,
      ...(group.groups ? { groups: rows.map((i) => group.groups![i]!) } : {}),
    };
  });
  return {
    name: d.name,
    dim,
    docLangs,
    segStart: Int32Array.from(segStart),
    docIds: whole ? d.docIds : cands.map((c) => d.docIds[c]!),
    docVectors,
    docKey: whole ? d.docKey : Int32Array.from(cands, (c) => d.docKey[c]!),
    queryGroups,
    ...(d.docGroups ? { docGroups: cands.map((c) => d.docGroups![c]!) } : {}),
  };
}
