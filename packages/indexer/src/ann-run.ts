import { join } from 'node:path';
import type { IndexConfig, RunContext } from '@hbt/core';
import { lanceSearch } from './ann-lancedb.js';
import { recallAtK, subsetResult } from './recall.js';
import { type SearchResult, searchExact } from './search.js';
import { type Collection, type SettingResult, selectRows } from './setting.js';

/** What the ANN path reports (manifest stats; deterministic apart from LanceDB's own k-means). */
export interface AnnStats {
  backend: 'lancedb';
  index: string;
  nprobes: number;
  refine_factor: number | null;
  datasets: Record<string, { index: string; rows: number; partitions: number | null }>;
  /** Queries sampled for the recall measurement (0 = not measured). */
  recall_queries: number;
  /** Mean recall@10 against exact search over the sampled queries (null when not measured). */
  recall_at_10: number | null;
  /** Mean recall@top_k against exact search. */
  recall_at_k: number | null;
}

/**
 * The `ann: lancedb` path of the index stage: one LanceDB table and index per dataset (built in
 * `ctx.workDir`, not kept), every query searched in its own dataset's table, then recall@10 and
 * recall@top_k against exact search measured on `lancedb.recall_queries` queries drawn with `ctx.rng`.
 */
export async function annSearchAll(
  queries: Collection,
  corpus: Collection,
  cfg: IndexConfig,
  tieKeys: Int32Array,
  ctx: RunContext,
): Promise<{ setting: SettingResult; stats: AnnStats }> {
  const lc = cfg.lancedb;
  const qSel = selectRows(queries, null, null);
  const cSel = selectRows(corpus, null, null);
  const setting: SettingResult = { results: [], datasets: {}, unmatchedQueries: 0 };
  const stats: AnnStats = {
    backend: 'lancedb',
    index: lc.index,
    nprobes: lc.nprobes,
    refine_factor: lc.refine_factor,
    datasets: {},
    recall_queries: 0,
    recall_at_10: null,
    recall_at_k: null,
  };
  let d = 0;
  for (const [ds, qRows] of qSel) {
    const cRows = cSel.get(ds);
    if (!cRows) {
      setting.unmatchedQueries += qRows.length;
      continue;
    }
    setting.datasets[ds] = { queries: qRows.length, candidates: cRows.length };
    const bar = ctx.progress.start(`ann search ${ds}`, qRows.length, 'queries');
    const { result, info } = await lanceSearch(join(ctx.workDir, `lancedb-${d++}`), queries, corpus, {
      k: cfg.top_k,
      queryRows: qRows,
      candidateRows: cRows,
      tieKeys,
      index: lc.index,
      partitions: lc.partitions,
      subVectors: lc.sub_vectors,
      nprobes: lc.nprobes,
      refineFactor: lc.refine_factor,
      minRows: lc.min_rows,
      progress: bar,
    });
    bar.done();
    ctx.log.info(
      `index: lancedb ${info.index} on ${ds} (${info.rows} rows${info.partitions ? `, ${info.partitions} partitions` : ''}) built in ${info.buildSeconds.toFixed(1)} s`,
    );
    stats.datasets[ds] = { index: info.index, rows: info.rows, partitions: info.partitions };
    setting.results.push(result);
  }
  if (lc.recall_queries > 0 && setting.results.length > 0) {
    const r = await measureRecall(queries, corpus, setting.results, cfg, tieKeys, ctx);
    Object.assign(stats, r);
    ctx.log.info(
      `index: lancedb recall against exact search on ${r.recall_queries} queries: ` +
        `recall@10 ${r.recall_at_10.toFixed(4)}, recall@${cfg.top_k} ${r.recall_at_k.toFixed(4)}`,
    );
  }
  return { setting, stats };
}

async function measureRecall(
  queries: Collection,
  corpus: Collection,
  results: SearchResult[],
  cfg: IndexConfig,
  tieKeys: Int32Array,
  ctx: RunContext,
): Promise<{ recall_queries: number; recall_at_10: number; recall_at_k: number }> {
  const all = results.flatMap((r) => Array.from(r.queryRows));
  const picked = ctx.rng.derive('ann-recall').shuffle(all).slice(0, cfg.lancedb.recall_queries);
  const chosen = new Set(picked);
  const candidates = selectRows(corpus, null, null);
  let n = 0;
  let sum10 = 0;
  let sumK = 0;
  for (const r of results) {
    const rows = Array.from(r.queryRows).filter((q) => chosen.has(q));
    if (rows.length === 0) continue;
    const approx = subsetResult(r, rows);
    const ds = queries.datasets[rows[0]!]!;
    const ex = await searchExact(queries, corpus, {
      k: cfg.top_k,
      queryRows: rows,
      candidateRows: candidates.get(ds)!,
      tieKeys,
      engine: cfg.engine,
      threads: cfg.threads,
    });
    sum10 += recallAtK(approx, ex, 10).mean * rows.length;
    sumK += recallAtK(approx, ex, cfg.top_k).mean * rows.length;
    n += rows.length;
  }
  return { recall_queries: n, recall_at_10: sum10 / n, recall_at_k: sumK / n };
}
