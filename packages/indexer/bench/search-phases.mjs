#!/usr/bin/env node
/**
 * Where exact search's time goes on the native backend (issue #18 item 6): the grouped search's phases
 * (`GroupedStats.ms`: upload, matmul, select, download, offers), the final per-query sort, and the whole
 * `searchExact` call, on the two cases of search.bench.mjs (same vectors, from its $TMPDIR cache, or
 * generated the same way). Medians of REPEATS runs. Not a test; run after building:
 *
 *   HBT_PHASES_BQ=256,1024 node packages/indexer/bench/search-phases.mjs [repeats]
 *
 * `HBT_PHASES_BQ` lists query block sizes to compare (default: the search's own choice), interleaved
 * repeat by repeat; `HBT_PHASES_CASE=wide` (or `xquad-r`) runs one case.
 */
import os from 'node:os';
import { searchExact, TopK } from '@hbt/indexer';
import { initBackendInfo } from '@hbt/models';
import { resolveGroupSize, searchGrouped } from '../dist/grouped.js';
import { CASES, loadVectors, median } from './vectors.mjs';

const REPEATS = Number(process.argv[2] ?? 3);
const K = 100;
const blockSizes = (process.env.HBT_PHASES_BQ ?? '').split(',').filter(Boolean).map(Number);
await initBackendInfo('tensorflow');
console.log(
  `search-phases: k=${K}, repeats=${REPEATS}, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
const only = process.env.HBT_PHASES_CASE; // e.g. `wide`: one case only
for (const c of CASES.filter((x) => !only || x.name === only)) {
  const q = { dim: c.dim, vectors: loadVectors('q', c.nq, c.dim, 11).vectors };
  const cand = { dim: c.dim, vectors: loadVectors('c', c.nc, c.dim, 22).vectors };
  const g = resolveGroupSize('auto', 'tfjs', c.nc, K);
  console.log(`\n## ${c.name}: ${c.nq} × ${c.nc} × ${c.dim}, group size ${g}`);
  // Variants interleaved repeat by repeat (a busy machine then slows them alike); wall and CPU time.
  const variants = (
    blockSizes.length ? blockSizes : [Math.max(256, Math.min(1024, Math.floor(2 ** 25 / c.nc)))]
  ).map((bq) => ({ bq, bc: Math.max(4096, Math.floor(2 ** 25 / bq / g) * g), rows: [] }));
  for (let r = 0; r <= REPEATS; r++) {
    for (const v of variants) {
      const heaps = new TopK(c.nq, K);
      const u0 = process.cpuUsage();
      const t0 = performance.now();
      const job = {
        k: K,
        engine: 'tfjs',
        blockQueries: v.bq,
        blockCandidates: v.bc,
        groupSize: g,
        profile: true,
      };
      const stats = await searchGrouped(q, cand, job, heaps);
      const t1 = performance.now();
      const items = new Int32Array(c.nq * K);
      const scores = new Float32Array(c.nq * K);
      for (let i = 0; i < c.nq; i++) heaps.sortedInto(i, scores, items, i * K);
      const t2 = performance.now();
      const u = process.cpuUsage(u0);
      const cpu = (u.user + u.system) / 1000;
      if (r > 0)
        v.rows.push({ ...stats.ms, sort: t2 - t1, total: t2 - t0, cpu, fallback: stats.fallbackRows });
    }
  }
  for (const { bq, bc, rows } of variants) {
    const m = (key) => median(rows.map((x) => x[key])).toFixed(0);
    const known = ['upload', 'matmul', 'select', 'download', 'offers', 'sort'];
    const rest = median(rows.map((x) => x.total - known.reduce((s, k) => s + x[k], 0))).toFixed(0);
    console.log(
      `  bq ${bq} × bc ${bc}: wall ${m('total')} ms (CPU ${m('cpu')} ms) = upload ${m('upload')} + matmul ${m('matmul')} + select ${m('select')} + download ${m('download')} + offers ${m('offers')} + sort ${m('sort')} + rest ${rest} (fallback rows ${m('fallback')})`,
    );
  }
  const secs = [];
  for (let r = 0; r <= REPEATS; r++) {
    const t0 = performance.now();
    await searchExact(q, cand, { k: K });
    if (r > 0) secs.push(performance.now() - t0);
  }
  console.log(
    `  searchExact (defaults): ${median(secs).toFixed(0)} ms = ${(c.nq / (median(secs) / 1000)).toFixed(0)} queries/s`,
  );
}
