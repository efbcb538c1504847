import { readTable, writeArtifact } from '@hbt/core';
import type { SearchResult } from './search.js';

/**
 * The `run` artifact in columns: one row per (query, retrieved candidate), rank 1 = best. Rows come
 * grouped by query (queries in the order of `queries.parquet`), ranks ascending within a query.
 * Converting to a TREC run file is one line per row: `query_id Q0 doc_id rank score tag`.
 */
export interface RunColumns {
  query_id: string[];
  doc_id: string[];
  rank: Int32Array;
  score: Float32Array;
}

/** Run file name inside the index stage directory. */
export const RUN_FILE = 'run.parquet';

/**
 * Turn search results into run columns. Results may cover different query subsets (one per dataset);
 * the rows come out in ascending query row order. Candidate rows of -1 (an ANN search that found fewer
 * than k) are skipped.
 *
 * @example
 * const cols = runColumns([result], queries.ids, corpus.ids);
 */
export function runColumns(
  results: readonly SearchResult[],
  queryIds: readonly string[],
  docIds: readonly string[],
): RunColumns {
  const where: Array<[SearchResult, number]> = [];
  for (const r of results) for (let i = 0; i < r.queryRows.length; i++) where.push([r, i]);
  where.sort((a, b) => a[0].queryRows[a[1]]! - b[0].queryRows[b[1]]!);
  let n = 0;
  for (const [r, i] of where) {
    for (let j = 0; j < r.k; j++) if (r.rows[i * r.k + j]! >= 0) n++;
  }
  const out: RunColumns = {
    query_id: new Array<string>(n),
    doc_id: new Array<string>(n),
    rank: new Int32Array(n),
    score: new Float32Array(n),
  };
  let o = 0;
  for (const [r, i] of where) {
    const qid = queryIds[r.queryRows[i]!]!;
    let rank = 0;
    for (let j = 0; j < r.k; j++) {
      const row = r.rows[i * r.k + j]!;
      if (row < 0) continue;
      out.query_id[o] = qid;
      out.doc_id[o] = docIds[row]!;
      out.rank[o] = ++rank;
      out.score[o] = r.scores[i * r.k + j]!;
      o++;
    }
  }
  return out;
}

/** Write run columns as the `run` artifact (Parquet). Returns the number of rows. */
export async function writeRun(
  path: string,
  cols: RunColumns,
  metadata: Record<string, string> = {},
): Promise<number> {
  return writeArtifact(path, 'run', cols as unknown as Record<string, ArrayLike<unknown>>, metadata);
}

/** Read a `run.parquet` back into columns. */
export async function readRun(path: string): Promise<RunColumns> {
  const t = await readTable(path);
  const c = t.columns;
  return {
    query_id: c.query_id as string[],
    doc_id: c.doc_id as string[],
    rank: Int32Array.from(c.rank as number[]),
    score: Float32Array.from(c.score as number[]),
  };
}
