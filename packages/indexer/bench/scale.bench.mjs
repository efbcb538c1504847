#!/usr/bin/env node
/**
 * Benchmark (not a test), `pnpm bench scale`: search at scale over a sharded synthetic corpus.
 *
 * For each corpus size N (default 100,000 and 1,000,000; `HBT_SCALE_SIZES=1000000,10000000` for the 10 M
 * run), with dim 128, 1,000 queries, k = 100:
 *
 *   1. shards   N synthetic unit vectors (deterministic: chunk c of 16,384 rows from xorshift32 seeded by c)
 *               written as ⌈N / 1 M⌉ (at least 4) shard files by as many shard jobs, 2 at a time, each its
 *               own process (`writeShard`: the files `hbt index --shard i/n` writes; no model: the
 *               vectors are random, as the search part needs no encoder).
 *   2. exact    `searchFiles`: exact top 100 streamed over the shards in blocks of 256 MiB, one process.
 *   3. ann      `lanceSearchFiles`: the shards appended to a LanceDB table, an IVF-PQ index (N / 16,384
 *               partitions, 16 sub-vectors, nprobes 20, refine 5; HBT_SCALE_ANN=ivf_flat and
 *               HBT_SCALE_ROWS_PER_PARTITION change it) trained, 1,000 queries; recall@10 and @100
 *               against step 2's exact result.
 *
 * The vectors are clustered (4,096 random centroids + uniform noise, normalised), like real embeddings: on
 * uniform random vectors no ANN index finds neighbours (IVF-PQ, √N partitions: recall@10 0.45 at 20 k,
 * 0.32 at 100 k, measured here), which says nothing about real corpora.
 *
 * Each step runs in a fresh process: its wall time and peak RSS (maxRSS) are its own. Prints a table per
 * size and the growth from the smallest to the largest size (time ratio vs size ratio). The shards live in
 * $TMPDIR/hbt-bench-scale/ (5.1 GB at 10 M) and are removed afterwards unless HBT_SCALE_KEEP=1.
 * Backend: HBT_SCALE_BACKEND (default tensorflow, else whatever loads). HBT_SCALE_STEPS=shards,exact (any
 * of shards, exact, ann) runs only those steps; without `shards` the kept shards of an earlier run
 * (HBT_SCALE_KEEP=1) are searched again.
 *
 * Usage: pnpm bench scale     (or: node packages/indexer/bench/scale.bench.mjs, after building)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DIM = 128;
const NQ = 1000;
const K = 100;
const CHUNK = 16384;
const SHARD_ROWS = 1_000_000;
const root = join(os.tmpdir(), 'hbt-bench-scale');
/** LanceDB index of the ann step (HBT_SCALE_ANN: ivf_pq or ivf_flat) and its rows per IVF partition. */
const ANN = process.env.HBT_SCALE_ANN ?? 'ivf_pq';
const ROWS_PER_PARTITION = Number(process.env.HBT_SCALE_ROWS_PER_PARTITION ?? 16384);
/** IVF-PQ re-ranks REFINE × k proposals with full vectors (HBT_SCALE_REFINE). */
const REFINE = Number(process.env.HBT_SCALE_REFINE ?? 5);
const self = fileURLToPath(import.meta.url);

/** xorshift32 as a closure: uniform in [-1, 1). */
function uniform(seed) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x / 2147483648 - 1;
  };
}

/** CENTROIDS random directions: the corpus is clustered like real embeddings (ANN on uniform noise is meaningless). */
const CENTROIDS = (() => {
  const u = uniform(0xc0ffee);
  return Float32Array.from({ length: 4096 * DIM }, () => u());
})();
const NOISE = 0.15;

/**
 * Rows [s, e) of the synthetic corpus (or queries, with `salt`): unit vectors, each a random centroid plus
 * uniform noise, normalised; chunk c of 16,384 rows from its own stream, so any chunk-aligned slice is
 * generated alone (as a shard job does).
 */
function vectors(s, e, salt = 0) {
  const out = new Float32Array((e - s) * DIM);
  const row = new Float32Array(DIM);
  for (let c = Math.floor(s / CHUNK); c * CHUNK < e; c++) {
    const u = uniform(Math.imul(c + 1, 0x9e3779b1) ^ salt);
    const from = c * CHUNK;
    const to = Math.min(e, from + CHUNK);
    for (let r = from; r < to; r++) {
      const cent = Math.floor(((u() + 1) / 2) * 4096) * DIM;
      let z = 0;
      for (let d = 0; d < DIM; d++) {
        const v = CENTROIDS[cent + d] + NOISE * u();
        row[d] = v;
        z += v * v;
      }
      if (r < s) continue;
      const f = 1 / Math.sqrt(z);
      for (let d = 0; d < DIM; d++) out[(r - s) * DIM + d] = row[d] * f;
    }
  }
  return out;
}

const id = (r) => `p${String(r).padStart(9, '0')}`;

async function backend() {
  const { initBackendInfo } = await import('@hbt/models');
  return (
    await initBackendInfo(process.env.HBT_SCALE_BACKEND ?? 'tensorflow').catch(() => initBackendInfo('auto'))
  ).name;
}

/** The steps, run as child processes: print one JSON line. */
async function job(kind, args) {
  const t0 = performance.now();
  const ix = await import('@hbt/indexer');
  let extra = {};
  if (kind === 'shard') {
    const [dir, i, n, N] = args.map((a, j) => (j === 0 ? a : Number(a)));
    const [s, e] = ix.shardRows(N, { index: i, count: n }, CHUNK);
    const ids = Array.from({ length: e - s }, (_, j) => id(s + j));
    await ix.writeShard(
      dir,
      { index: i, count: n },
      { ids, langs: ids.map(() => 'xx'), dim: DIM, vectors: vectors(s, e) },
      { start: s, end: e, corpusRows: N, key: `synthetic-${N}`, chunk: CHUNK },
    );
    extra = { rows: e - s };
  } else if (kind === 'exact') {
    const [dir, n, out] = args;
    extra.backend = await backend();
    const shards = await ix.listShards(dir, Number(n), { verifyHashes: false });
    const q = { dim: DIM, vectors: vectors(0, NQ, 0x5eed) };
    const t1 = performance.now();
    const r = await ix.searchFiles(
      q,
      shards.map((s) => s.file),
      { k: K, blockBytes: 256 * 2 ** 20 },
    );
    writeFileSync(out, Buffer.from(r.rows.buffer, r.rows.byteOffset, r.rows.byteLength));
    extra = {
      ...extra,
      search_s: (performance.now() - t1) / 1000,
      blocks: r.blocks,
      candidates: r.candidates,
    };
  } else if (kind === 'ann') {
    const [dir, n, exactFile, lanceDir, N] = args;
    const shards = await ix.listShards(dir, Number(n), { verifyHashes: false });
    const q = { dim: DIM, vectors: vectors(0, NQ, 0x5eed) };
    const b = readFileSync(exactFile);
    const exact = {
      k: K,
      queryRows: Int32Array.from({ length: NQ }, (_, i) => i),
      rows: new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4),
      scores: new Float32Array(NQ * K),
      engine: 'tfjs',
    };
    const t1 = performance.now();
    const { result, info } = await ix.lanceSearchFiles(
      lanceDir,
      q,
      shards.map((s) => s.file),
      {
        k: K,
        index: ANN,
        partitions: Math.max(16, Math.round(Number(N) / ROWS_PER_PARTITION)),
        ...(ANN === 'ivf_pq' ? { subVectors: 16, refineFactor: REFINE } : {}),
        nprobes: 20,
      },
    );
    extra = {
      search_s: (performance.now() - t1) / 1000 - info.buildSeconds,
      build_s: info.buildSeconds,
      partitions: info.partitions,
      recall_at_10: ix.recallAtK(result, exact, 10).mean,
      recall_at_100: ix.recallAtK(result, exact, 100).mean,
    };
  }
  const secs = (performance.now() - t0) / 1000;
  console.log(JSON.stringify({ kind, secs, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }));
}

function child(args) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [self, '--job', ...args.map(String)], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: process.env.TF_CPP_MIN_LOG_LEVEL ?? '2' },
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => {
      out += d;
    });
    p.stderr.on('data', (d) => {
      err += d;
    });
    p.on('close', (code) => {
      const line = out.trim().split('\n').pop();
      if (code !== 0 || !line?.startsWith('{'))
        reject(new Error(`${args[0]} job failed (exit ${code}): ${err.slice(-2000)}`));
      else resolve(JSON.parse(line));
    });
  });
}

async function pool(tasks, width) {
  const results = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const i = next++;
        results[i] = await tasks[i]();
      }
    }),
  );
  return results;
}

async function main() {
  const sizes = (process.env.HBT_SCALE_SIZES ?? '100000,1000000').split(',').map(Number);
  const steps = new Set((process.env.HBT_SCALE_STEPS ?? 'shards,exact,ann').split(','));
  console.log(
    `scale.bench: dim ${DIM}, ${NQ} queries, k ${K}, sizes ${sizes.join(', ')}; ${os.cpus().length} cores, ` +
      `node ${process.version}, load ${os.loadavg()[0].toFixed(1)} (machine shared with other jobs)`,
  );
  const rows = [];
  for (const N of sizes) {
    const dir = join(root, `n${N}`);
    const n = Math.max(4, Math.ceil(N / SHARD_ROWS));
    let shardWall = Number.NaN;
    let shardJobMaxRss = Number.NaN;
    if (steps.has('shards')) {
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      const t0 = performance.now();
      const shardRuns = await pool(
        Array.from({ length: n }, (_, i) => () => child(['shard', dir, i, n, N])),
        2,
      );
      shardWall = (performance.now() - t0) / 1000;
      shardJobMaxRss = Math.max(...shardRuns.map((s) => s.maxRssMB));
      console.log(
        `\n## ${N.toLocaleString('en')} passages, ${n} shards\n` +
          `  shards: ${n} jobs, 2 at a time: ${shardWall.toFixed(1)} s wall; peak RSS per job ${shardJobMaxRss.toFixed(0)} MB`,
      );
    } else console.log(`\n## ${N.toLocaleString('en')} passages, ${n} shards (kept from an earlier run)`);
    const exactFile = join(root, `exact-${N}.i32`);
    const exact = steps.has('exact') ? await child(['exact', dir, n, exactFile]) : null;
    if (exact)
      console.log(
        `  exact:  ${exact.secs.toFixed(1)} s process, search ${exact.search_s.toFixed(1)} s (${(NQ / exact.search_s).toFixed(0)} queries/s, ` +
          `${exact.blocks} blocks of ≤ 256 MiB, backend ${exact.backend}); peak RSS ${exact.maxRssMB.toFixed(0)} MB`,
      );
    const ann = steps.has('ann')
      ? await child(['ann', dir, n, exactFile, join(root, `lance-${N}`), N])
      : null;
    if (ann)
      console.log(
        `  ann:    ${ann.secs.toFixed(1)} s process: table + ${ANN} (${ann.partitions} partitions${ANN === 'ivf_pq' ? `, refine ${REFINE}` : ''}) ${ann.build_s.toFixed(1)} s, search ${ann.search_s.toFixed(1)} s; ` +
          `peak RSS ${ann.maxRssMB.toFixed(0)} MB; recall@10 ${ann.recall_at_10.toFixed(3)}, recall@100 ${ann.recall_at_100.toFixed(3)} vs exact`,
      );
    rows.push({ N, shards: n, shardWall, shardJobMaxRss, exact, ann });
    if (process.env.HBT_SCALE_KEEP !== '1') {
      rmSync(dir, { recursive: true, force: true });
      rmSync(join(root, `lance-${N}`), { recursive: true, force: true });
    }
  }
  if (rows.length > 1 && rows.every((r) => r.exact && r.ann && r.shardWall > 0)) {
    const a = rows[0];
    const b = rows[rows.length - 1];
    const f = b.N / a.N;
    console.log(`\n## growth ${a.N.toLocaleString('en')} → ${b.N.toLocaleString('en')} (size × ${f})`);
    console.log(
      `  shards time × ${(b.shardWall / a.shardWall).toFixed(1)}, exact search × ${(b.exact.search_s / a.exact.search_s).toFixed(1)}, ann build × ${(b.ann.build_s / a.ann.build_s).toFixed(1)}, ann search × ${(b.ann.search_s / a.ann.search_s).toFixed(1)}`,
    );
    console.log(
      `  peak RSS: exact ${a.exact.maxRssMB.toFixed(0)} → ${b.exact.maxRssMB.toFixed(0)} MB, ann ${a.ann.maxRssMB.toFixed(0)} → ${b.ann.maxRssMB.toFixed(0)} MB, shard job ${a.shardJobMaxRss.toFixed(0)} → ${b.shardJobMaxRss.toFixed(0)} MB`,
    );
  }
}

if (process.argv[2] === '--job') await job(process.argv[3], process.argv.slice(4));
else await main();
