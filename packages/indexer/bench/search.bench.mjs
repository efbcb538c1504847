#!/usr/bin/env node
/**
 * Benchmark (not a test): exact top-100 search throughput (queries/s) of `searchExact` on random unit
 * vectors, next to faiss `IndexFlatIP` on the same vectors in the same run.
 *
 *   xquad-r   13,090 queries × 13,014 candidates, dim 256 (the XQuAD-R multilingual pool)
 *   wide      1,000 queries × 100,000 candidates, dim 128
 *
 * First the `fused` engine (@hbt/topk-kernel: GEMM fused with top-k selection, one thread per core; it
 * does not use tfjs, so it runs once per case). Then the tfjs backends: tensorflow (tfjs-node, when it loads), wasm, cpu — tfjs matMul and plain JS loops, in-thread;
 * on tensorflow the grouped search (the default there, `groupSize` 16) and, for comparison, the plain path
 * that downloads every score (`groupSize: 0`); on wasm also one worker thread per core (`threads: N`, each
 * with its own wasm backend). `HBT_BENCH_BACKENDS=tensorflow` (comma-separated) limits the backends. Slow combinations (cpu, js) run on the
 * first SLOW_QUERIES queries only; queries/s is per query either way. faiss comes from
 * `pip install faiss-cpu` (local index) through bench/faiss_search.py, run twice: as shipped and with
 * OPENBLAS_CORETYPE=SkylakeX (for the faiss process only); ratios are against the faster of the two.
 * Skipped with a message if faiss is absent.
 * Medians of REPEATS runs (default 3). Vectors are generated once (xorshift32 + Box–Muller, fixed seed)
 * into $TMPDIR/hbt-bench-search/ and shared with faiss.
 *
 * Usage: pnpm exec turbo run build --filter @hbt/indexer && node packages/indexer/bench/search.bench.mjs [repeats]
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchExact } from '@hbt/indexer';
import { initBackendInfo } from '@hbt/models';
import { kernelIsas, loadTopKKernel, topKKernelUnavailableReason } from '@hbt/topk-kernel';
import { CASES, dir, loadVectors, median } from './vectors.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const REPEATS = Number(process.argv[2] ?? 3);
const K = 100;
const SLOW_QUERIES = 300;
/**
 * faiss in its own process. `coretype` sets OPENBLAS_CORETYPE for that process alone: the OpenBLAS bundled
 * with faiss-cpu's wheel misdetects this CPU (AMD EPYC with AVX-512) as Prescott unless told SkylakeX;
 * the bench runs both and compares hbt with the faster.
 */
function faiss(c, q, cand, coretype) {
  const out = join(dir, `faiss-${c.name}.json`);
  const env = { ...process.env };
  if (coretype) env.OPENBLAS_CORETYPE = coretype;
  else delete env.OPENBLAS_CORETYPE;
  const r = spawnSync(
    'python3',
    [join(here, 'faiss_search.py'), q.file, cand.file, String(c.dim), String(K), String(REPEATS), out],
    { encoding: 'utf8', env },
  );
  if (r.status !== 0)
    return { skip: (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n').pop() };
  return JSON.parse(readFileSync(out, 'utf8'));
}

async function ours(c, q, cand, engine, nq, threads, groupSize) {
  const queries = { dim: c.dim, vectors: q.vectors.subarray(0, nq * c.dim) };
  const candidates = { dim: c.dim, vectors: cand.vectors };
  await searchExact({ dim: c.dim, vectors: queries.vectors.subarray(0, 8 * c.dim) }, candidates, {
    k: K,
    engine,
    threads: 1,
  }); // warm-up
  const secs = [];
  let res;
  for (let r = 0; r < REPEATS; r++) {
    const t0 = performance.now();
    res = await searchExact(queries, candidates, { k: K, engine, threads, groupSize });
    secs.push((performance.now() - t0) / 1000);
  }
  return { secs, res };
}

/** Mean overlap of our top 10 with faiss's for the first 20 queries (a sanity check, not a timing). */
function overlap(res, top) {
  let hit = 0;
  for (let i = 0; i < top.length; i++) {
    const f = new Set(top[i].slice(0, 10));
    for (let j = 0; j < 10; j++) if (f.has(res.rows[i * res.k + j])) hit++;
  }
  return hit / (10 * top.length);
}

console.log(
  `search.bench: k=${K}, repeats=${REPEATS}, ${os.cpus().length} cores, node ${process.version}, load ${os.loadavg()[0].toFixed(1)}`,
);
const backends = [];
const wanted = (process.env.HBT_BENCH_BACKENDS ?? 'tensorflow,wasm,cpu').split(',');
for (const pref of wanted) {
  try {
    const info = await initBackendInfo(pref);
    backends.push(info.name);
  } catch (e) {
    console.log(`  backend ${pref}: unavailable (${String(e.message).split('\n')[0]})`);
  }
}
for (const c of CASES) {
  const q = loadVectors('q', c.nq, c.dim, 11);
  const cand = loadVectors('c', c.nc, c.dim, 22);
  console.log(`\n## ${c.name}: ${c.nq} queries × ${c.nc} candidates, dim ${c.dim}`);
  let f = { skip: 'not run' };
  let faissQps = null;
  for (const coretype of [null, 'SkylakeX']) {
    const r = faiss(c, q, cand, coretype);
    const label = coretype ? `OPENBLAS_CORETYPE=${coretype}` : 'as shipped';
    if (r.skip) {
      console.log(`  faiss IndexFlatIP (${label}): skipped (${r.skip}; pip install faiss-cpu)`);
      continue;
    }
    const qps = c.nq / median(r.seconds);
    console.log(
      `  faiss ${r.faiss} IndexFlatIP (${r.threads} threads, ${label}): ${qps.toFixed(0)} queries/s (median ${median(r.seconds).toFixed(2)} s)`,
    );
    if (faissQps === null || qps > faissQps) {
      faissQps = qps;
      f = r;
    }
  }
  const report = (label, nq, secs, res) => {
    const qps = nq / median(secs);
    const gflops = (2 * nq * c.nc * c.dim) / median(secs) / 1e9;
    const ratio = faissQps ? ` = ${(qps / faissQps).toFixed(2)}× faiss (its faster run)` : '';
    const sanity = f.top
      ? `, top-10 overlap with faiss ${overlap(res, f.top.slice(0, Math.min(20, nq))).toFixed(3)}`
      : '';
    console.log(
      `  hbt ${label}, ${res.threads} thread${res.threads > 1 ? 's' : ''}${nq < c.nq ? ` (first ${nq} queries)` : ''}: ` +
        `${qps.toFixed(0)} queries/s (median ${median(secs).toFixed(2)} s, ${gflops.toFixed(1)} GFLOP/s; runs ${secs.map((x) => x.toFixed(3)).join(', ')})${ratio}${sanity}`,
    );
  };
  if (loadTopKKernel()) {
    const { secs, res } = await ours(c, q, cand, 'fused', c.nq, 'auto', 'auto');
    report(`fused (@hbt/topk-kernel, ${kernelIsas()[0]})`, c.nq, secs, res);
  } else {
    console.log(`  hbt fused: unavailable (${topKKernelUnavailableReason()})`);
  }
  for (const b of backends) {
    await initBackendInfo(b);
    const runs =
      b === 'cpu'
        ? [
            ['js', 1],
            ['tfjs', 1],
          ]
        : b === 'wasm'
          ? [
              ['tfjs', 1],
              ['tfjs', os.availableParallelism()],
              ['js', 1],
            ]
          : [
              ['tfjs', 1, 'auto'],
              ['tfjs', 1, 0],
            ];
    for (const [engine, threads, groupSize = 'auto'] of runs) {
      const slow = b === 'cpu' || engine === 'js';
      const nq = slow ? Math.min(SLOW_QUERIES, c.nq) : c.nq;
      const { secs, res } = await ours(c, q, cand, engine, nq, threads, groupSize);
      report(
        `${b}/${engine}${b === 'tensorflow' ? (groupSize === 0 ? ' (groupSize 0: every score downloaded)' : ' (grouped, default)') : ''}`,
        nq,
        secs,
        res,
      );
    }
  }
}
