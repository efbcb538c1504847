import { DataError, type EmbeddingMatrix, readEmbeddings } from '@hbt/core';
import { compareIds } from '../measures/judge.js';
import { readSharedTable } from './shared-tables.js';

/**
 * The eval stage's view of the prep and index artifacts, per dataset: candidates grouped by language
 * (one contiguous segment per language, with their vectors), queries grouped by language with their
 * relevant candidates. Built once; every setting (mono, cross, multi) reads from it.
 */

/** Paths of the artifacts the eval stage reads. */
export interface EvalInputs {
  queries: string;
  corpus: string;
  qrels: string;
  /** Arrow IPC embeddings of the queries (ids = query_id), written by the index stage. */
  queryEmbeddings: string;
  /** Arrow IPC embeddings of the corpus (ids = doc_id), written by the index stage. */
  corpusEmbeddings: string;
  /**
   * Prep's `datasets.parquet` (each dataset's task and pivot); absent (older prep directories): every
   * dataset is evaluated as LAReQA-style retrieval from its qrels.
   */
  datasets?: string;
}

export interface QueryGroup {
  lang: string;
  /** Query ids in code-point order. */
  ids: string[];
  /** Row-major [ids.length, dim]. */
  vectors: Float32Array;
  /** Relevant candidates of each query (indices into the dataset's candidates) and their gains. */
  relevant: Int32Array[];
  gains: Float64Array[];
  /** The queries' `group_id`s, same order (datasets whose relevance comes from groups only). */
  groups?: string[];
}

export interface DatasetData {
  name: string;
  dim: number;
  /** Candidate languages, sorted; segment l is `[segStart[l], segStart[l + 1])`. */
  docLangs: string[];
  segStart: Int32Array;
  /** Candidate ids, by language then id. */
  docIds: string[];
  /** Row-major [docIds.length, dim], same order. */
  docVectors: Float32Array;
  /** Position of each candidate's id in code-point order: ties in score go to the larger key first. */
  docKey: Int32Array;
  /** Query languages, sorted, with their queries. */
  queryGroups: QueryGroup[];
  /** The candidates' `group_id`s, same order as `docIds` (datasets whose relevance comes from groups only). */
  docGroups?: string[];
}

/** Options of {@link loadEvalData}. */
export interface LoadOptions {
  /** Datasets left out. */
  skipDatasets?: ReadonlySet<string>;
  /**
   * Datasets whose relevance comes from `group_id` instead of qrels (bitext): a query's relevant
   * candidates are the candidates of its group in every other language, gain 1.
   */
  groupRelevance?: ReadonlySet<string>;
}

export interface LoadedData {
  datasets: DatasetData[];
  /** Facts for the manifest: ignored qrels rows and skipped datasets. */
  stats: { qrels_unknown_query: number; qrels_unknown_doc: number; skipped_datasets: number };
}

/**
 * Read and check the artifacts. Datasets listed in `skipDatasets` are left out.
 * @throws DataError when a query or candidate has no embedding, ids repeat, dimensions differ, or a
 *   dataset whose relevance comes from groups has a row without `group_id`.
 */
export async function loadEvalData(
  inputs: EvalInputs,
  skipOrOptions: ReadonlySet<string> | LoadOptions = {},
): Promise<LoadedData> {
  const opts: LoadOptions =
    skipOrOptions instanceof Set ? { skipDatasets: skipOrOptions } : (skipOrOptions as LoadOptions);
  const skipDatasets = opts.skipDatasets ?? new Set<string>();
  const byGroup = opts.groupRelevance ?? new Set<string>();
  const [q, c, r, qe, ce] = await Promise.all([
    // Prep's tables are the same for every variant: read once per process.
    readSharedTable(inputs.queries, ['query_id', 'lang', 'dataset', 'group_id']),
    readSharedTable(inputs.corpus, ['doc_id', 'lang', 'dataset', 'group_id']),
    readSharedTable(inputs.qrels, ['query_id', 'doc_id', 'relevance']),
    readEmbeddings(inputs.queryEmbeddings),
    readEmbeddings(inputs.corpusEmbeddings),
  ]);
  if (qe.dim !== ce.dim) {
    throw new DataError(`query embeddings have dimension ${qe.dim} but corpus embeddings ${ce.dim}`, {
      file: inputs.queryEmbeddings,
      hint: 're-run the index stage so both come from one model',
    });
  }
  const qRow = rowIndex(qe, inputs.queryEmbeddings);
  const cRow = rowIndex(ce, inputs.corpusEmbeddings);
  const qIds = q.columns.query_id as string[];
  const qLang = q.columns.lang as string[];
  const qSet = q.columns.dataset as string[];
  const dIds = c.columns.doc_id as string[];
  const dLang = c.columns.lang as string[];
  const dSet = c.columns.dataset as string[];
  const qGroup = q.columns.group_id as Array<string | null>;
  const dGroup = c.columns.group_id as Array<string | null>;
  const groupOf = (g: Array<string | null>, i: number, file: string, set: string): string => {
    const v = g[i];
    if (v === null || v === undefined || v === '') {
      throw new DataError(`dataset "${set}" takes its relevance from group_id, but row ${i} has none`, {
        file,
        location: `row ${i}, column group_id`,
        hint: 'bitext rows need the id shared by the translations of one sentence; re-run prep',
      });
    }
    return v;
  };

  // Candidates per dataset.
  const docsBySet = new Map<string, number[]>();
  const docRow = new Map<string, number>();
  dIds.forEach((id, i) => {
    if (docRow.has(id))
      throw new DataError(`doc_id "${id}" appears twice`, { file: inputs.corpus, location: `row ${i}` });
    docRow.set(id, i);
    if (skipDatasets.has(dSet[i]!)) return;
    let l = docsBySet.get(dSet[i]!);
    if (!l) {
      l = [];
      docsBySet.set(dSet[i]!, l);
    }
    l.push(i);
  });
  // Judgements per query.
  const rel = new Map<string, Array<[string, number]>>();
  const rq = r.columns.query_id as string[];
  const rd = r.columns.doc_id as string[];
  const rv = r.columns.relevance as number[];
  for (let i = 0; i < r.numRows; i++) {
    let l = rel.get(rq[i]!);
    if (!l) {
      l = [];
      rel.set(rq[i]!, l);
    }
    l.push([rd[i]!, rv[i]!]);
  }
  const stats = { qrels_unknown_query: 0, qrels_unknown_doc: 0, skipped_datasets: 0 };
  const queryIdSet = new Set<string>();
  const queriesBySet = new Map<string, number[]>();
  qIds.forEach((id, i) => {
    if (queryIdSet.has(id))
      throw new DataError(`query_id "${id}" appears twice`, { file: inputs.queries, location: `row ${i}` });
    queryIdSet.add(id);
    if (skipDatasets.has(qSet[i]!)) return;
    let l = queriesBySet.get(qSet[i]!);
    if (!l) {
      l = [];
      queriesBySet.set(qSet[i]!, l);
    }
    l.push(i);
  });
  for (const id of rel.keys()) if (!queryIdSet.has(id)) stats.qrels_unknown_query += rel.get(id)!.length;
  stats.skipped_datasets = new Set(qSet.filter((s) => skipDatasets.has(s))).size;

  const datasets: DatasetData[] = [];
  for (const name of [...queriesBySet.keys()].sort(compareIds)) {
    const docs = (docsBySet.get(name) ?? []).sort((a, b) => {
      const l = compareIds(dLang[a]!, dLang[b]!);
      return l !== 0 ? l : compareIds(dIds[a]!, dIds[b]!);
    });
    const dim = ce.dim;
    const docIds = docs.map((i) => dIds[i]!);
    const docLangs = [...new Set(docs.map((i) => dLang[i]!))];
    const segStart = new Int32Array(docLangs.length + 1);
    docs.forEach((i, k) => {
      segStart[docLangs.indexOf(dLang[i]!) + 1] = k + 1;
    });
    const docVectors = gather(ce, docIds, cRow, inputs.corpusEmbeddings, 'doc_id');
    const order = docIds.map((_, k) => k).sort((a, b) => compareIds(docIds[a]!, docIds[b]!));
    const docKey = new Int32Array(docIds.length);
    order.forEach((k, pos) => {
      docKey[k] = pos;
    });
    const candIndex = new Map<string, number>();
    for (let k = 0; k < docIds.length; k++) candIndex.set(docIds[k]!, k);

    const grouped = byGroup.has(name);
    // Relevance from groups: the candidates of each group, by index.
    const docGroups = grouped ? docs.map((i) => groupOf(dGroup, i, inputs.corpus, name)) : undefined;
    const members = new Map<string, number[]>();
    docGroups?.forEach((g, k) => {
      let l = members.get(g);
      if (!l) {
        l = [];
        members.set(g, l);
      }
      l.push(k);
    });
    const byLang = new Map<string, number[]>();
    for (const i of queriesBySet.get(name)!) {
      let l = byLang.get(qLang[i]!);
      if (!l) {
        l = [];
        byLang.set(qLang[i]!, l);
      }
      l.push(i);
    }
    const queryGroups: QueryGroup[] = [];
    for (const lang of [...byLang.keys()].sort(compareIds)) {
      const rowsOf = byLang.get(lang)!.sort((a, b) => compareIds(qIds[a]!, qIds[b]!));
      const ids = rowsOf.map((i) => qIds[i]!);
      const relevant: Int32Array[] = [];
      const gains: Float64Array[] = [];
      if (grouped) {
        const groups = rowsOf.map((i) => groupOf(qGroup, i, inputs.queries, name));
        for (const g of groups) {
          const idx = (members.get(g) ?? []).filter((k) => dLang[docs[k]!] !== lang);
          relevant.push(Int32Array.from(idx));
          gains.push(new Float64Array(idx.length).fill(1));
        }
        const vectors = gather(qe, ids, qRow, inputs.queryEmbeddings, 'query_id');
        queryGroups.push({ lang, ids, vectors, relevant, gains, groups });
        continue;
      }
      for (const id of ids) {
        const idx: number[] = [];
        const g: number[] = [];
        const seen = new Set<string>();
        for (const [doc, level] of rel.get(id) ?? []) {
          if (seen.has(doc)) {
            throw new DataError(`query "${id}" judges doc "${doc}" twice`, {
              file: inputs.qrels,
              hint: 'keep one row per (query_id, doc_id)',
            });
          }
          seen.add(doc);
          const k = candIndex.get(doc);
          if (k === undefined) {
            stats.qrels_unknown_doc++;
            continue;
          }
          if (level > 0) {
            idx.push(k);
            g.push(level);
          }
        }
        relevant.push(Int32Array.from(idx));
        gains.push(Float64Array.from(g));
      }
      const vectors = gather(qe, ids, qRow, inputs.queryEmbeddings, 'query_id');
      queryGroups.push({ lang, ids, vectors, relevant, gains });
    }
    datasets.push({
      name,
      dim,
      docLangs,
      segStart,
      docIds,
      docVectors,
      docKey,
      queryGroups,
      ...(docGroups ? { docGroups } : {}),
    });
  }
  return { datasets, stats };
}

function rowIndex(m: EmbeddingMatrix, file: string): Map<string, number> {
  const map = new Map<string, number>();
  m.ids.forEach((id, i) => {
    if (map.has(id)) throw new DataError(`id "${id}" has two embeddings`, { file, location: `row ${i}` });
    map.set(id, i);
  });
  return map;
}

/** The vectors of `ids`, in that order, as one row-major array. */
function gather(
  m: EmbeddingMatrix,
  ids: string[],
  rows: Map<string, number>,
  file: string,
  what: string,
): Float32Array {
  const out = new Float32Array(ids.length * m.dim);
  ids.forEach((id, k) => {
    const r = rows.get(id);
    if (r === undefined) {
      throw new DataError(`no embedding for ${what} "${id}"`, {
        file,
        hint: 're-run the index stage on the current prep artifacts',
      });
    }
    out.set(m.vectors.subarray(r * m.dim, (r + 1) * m.dim), k * m.dim);
  });
  return out;
}
