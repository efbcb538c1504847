#!/usr/bin/env node
/**
 * Benchmark (not a test), `pnpm bench scale` or `pnpm bench sampler`: the sample stage at mMARCO scale.
 *
 * A synthetic training set of N triples (default 39,000,000, `HBT_SCALE_TRIPLES`) in the shape of
 * mMARCO's (`synthetic-triples.mjs`, shared with the trainer's scale bench: N/100 queries of 100 triples,
 * 13 languages, half mono and half cross, hard negatives from 8.8 M passages at 39 M). Per step count S (default 10,000 and 100,000, `HBT_SCALE_PLAN_STEPS`),
 * in a fresh process so that its peak RSS (maxRSS) is its own:
 *
 *   1. table   the pair table of the N triples. `HBT_SCALE_TABLE=builder`: through `PairTableBuilder`,
 *              100,000 rows at a time (strings made per chunk, as `readPairTable` gets them from each
 *              Parquet row group: every id and text interned). Default `direct`: the same table made
 *              straight from the generator's numbers (checked equal to the builder's on the first
 *              200,000 triples first), since interning 39 M rows takes minutes (~7 µs a row here) and a
 *              bench window has 3. The typed arrays and packed ids are summed to give bytes per triple.
 *   2. plan    `streamPlan`: hybrid, α = 0.5, batch 64, S steps planned and written as batches.parquet.
 *
 * Prints a row per S: table and plan wall time, the table's bytes per triple, the RSS after the table,
 * the process's peak RSS and the file size. The peak RSS should not grow with S. The files live in
 * $TMPDIR/hbt-bench-scale-plan/ and are removed afterwards.
 *
 * Usage: pnpm bench scale   (or: node packages/sampler/bench/scale-plan.bench.mjs, after building)
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LANGS, PER_GROUP, syntheticTriples } from './synthetic-triples.mjs';

const CHUNK = 100_000;
const root = join(os.tmpdir(), 'hbt-bench-scale-plan');
const self = fileURLToPath(import.meta.url);

/** The pair table of the first n triples through `PairTableBuilder`, as `readPairTable` builds it. */
function viaBuilder(lib, nAll, n) {
  const s = syntheticTriples(nAll);
  const b = new lib.PairTableBuilder(n, 'synthetic');
  for (let a = 0; a < n; a += CHUNK) b.add(s.columns(a, Math.min(n, a + CHUNK)));
  return b.finish();
}

/**
 * The same table made directly (the interned numbers follow from the generator: ids in order of first
 * appearance, as the builder numbers them), for sizes whose string interning would not fit a bench run.
 */
function direct(lib, nAll, n) {
  const langs = [...LANGS].sort();
  const langIndex = new Map(langs.map((l, i) => [l, i]));
  const t = {
    n,
    pairId: new lib.PackedStrings(),
    dataset: new Int32Array(n),
    datasets: ['mmarco-synth'],
    group: new Int32Array(n),
    groupIds: new lib.PackedStrings(),
    qLang: new Int32Array(n),
    pLang: new Int32Array(n),
    langs,
    pos: new Int32Array(n),
    neg: new Int32Array(n),
    nTexts: 0,
    negEqualsPos: 0,
  };
  const { qLangOf, pLangOf, posText, negText, groups, passages } = syntheticTriples(nAll);
  const textId = new Int32Array(3 * groups + passages).fill(-1);
  const intern = (x) => {
    if (textId[x] < 0) textId[x] = t.nTexts++;
    return textId[x];
  };
  const sorted = LANGS.map((l) => langIndex.get(l));
  const buf = new Uint8Array(64);
  const ascii = (prefix, x) => {
    const str = `${prefix}${x}`;
    for (let k = 0; k < str.length; k++) buf[k] = str.charCodeAt(k);
    return buf.subarray(0, str.length);
  };
  for (let i = 0; i < n; i++) {
    const g = Math.floor(i / PER_GROUP);
    const j = i % PER_GROUP;
    t.pairId.pushUtf8(ascii('mmarco-synth-', i));
    if (j === 0) t.groupIds.pushUtf8(ascii('q', g));
    t.group[i] = g;
    t.qLang[i] = sorted[qLangOf(g)];
    t.pLang[i] = sorted[pLangOf(g, j)];
    t.pos[i] = intern(posText(g, j));
    const ng = intern(negText(i));
    if (ng === t.pos[i]) {
      t.negEqualsPos++;
      t.neg[i] = -1;
    } else t.neg[i] = ng;
  }
  t.nGroups = t.groupIds.length;
  t.pairId.trim();
  t.groupIds.trim();
  return t;
}

const COLS = ['dataset', 'group', 'qLang', 'pLang', 'pos', 'neg'];

async function child(nTriples, steps, how) {
  const { configSchema, PackedStrings } = await import('@hbt/core');
  const lib = { ...(await import('../dist/index.js')), PackedStrings };
  const { BatchPlanner, streamPlan } = lib;
  if (how === 'direct') {
    // the direct table is the builder's, checked on the first 200,000 triples
    const a = viaBuilder(lib, nTriples, 200_000);
    const b = direct(lib, nTriples, 200_000);
    for (const k of COLS)
      if (!a[k].every((v, i) => v === b[k][i])) throw new Error(`direct table: ${k} differs`);
    if (a.pairId.get(199_999) !== b.pairId.get(199_999) || a.nTexts !== b.nTexts || a.nGroups !== b.nGroups)
      throw new Error('direct table differs from the builder');
  }
  const t0 = performance.now();
  const pairs = how === 'direct' ? direct(lib, nTriples, nTriples) : viaBuilder(lib, nTriples, nTriples);
  const tIndex = (performance.now() - t0) / 1000;
  let bytes = pairs.pairId.byteLength + pairs.groupIds.byteLength;
  for (const k of COLS) bytes += pairs[k].byteLength;
  const rssTable = process.memoryUsage().rss;
  const cfg = configSchema.parse({
    sampler: { strategy: 'hybrid', alpha: 0.5, batch_size: 64, steps },
  }).sampler;
  const file = join(root, `batches-${steps}.parquet`);
  const t1 = performance.now();
  const planner = new BatchPlanner(pairs, cfg, 13);
  const { rows, stats } = await streamPlan(file, planner, pairs, cfg, 13);
  const tPlan = (performance.now() - t1) / 1000;
  const out = {
    triples: pairs.n,
    groups: pairs.nGroups,
    texts: pairs.nTexts,
    steps,
    rows,
    mono_fraction: stats.mono_fraction,
    index_s: tIndex,
    plan_s: tPlan,
    table_bytes_per_triple: bytes / pairs.n,
    rss_after_table_gb: rssTable / 2 ** 30,
    peak_rss_gb: process.resourceUsage().maxRSS / 2 ** 20,
    file_mb: statSync(file).size / 2 ** 20,
  };
  console.log(`RESULT ${JSON.stringify(out)}`);
}

function runChild(nTriples, steps, how) {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [self, '--child', String(nTriples), String(steps), how], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('exit', (code) => {
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`child (${nTriples}, ${steps}) exited with ${code}: ${out}`));
      else resolve(JSON.parse(line.slice(7)));
    });
  });
}

if (process.argv[2] === '--child') {
  await child(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]);
} else {
  const n = Number(process.env.HBT_SCALE_TRIPLES ?? 39_000_000);
  const stepsList = (process.env.HBT_SCALE_PLAN_STEPS ?? '10000,100000').split(',').map(Number);
  const how = process.env.HBT_SCALE_TABLE ?? 'direct';
  console.log(
    `# sample stage at scale — node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} × ${os.cpus().length}, ` +
      `load ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')}`,
  );
  console.log(
    `# ${n.toLocaleString('en')} synthetic triples, pair table ${how === 'direct' ? 'made directly' : 'through PairTableBuilder'}; hybrid α 0.5, batch 64, seed 13`,
  );
  mkdirSync(root, { recursive: true });
  try {
    console.log(
      '| steps | slots | table (s) | plan + write (s) | table B/triple | RSS after table (GB) | peak RSS (GB) | file (MB) |',
    );
    console.log('| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const s of stepsList) {
      const r = await runChild(n, s, how);
      console.log(
        `| ${s.toLocaleString('en')} | ${r.rows.toLocaleString('en')} | ${r.index_s.toFixed(1)} | ${r.plan_s.toFixed(1)} | ` +
          `${r.table_bytes_per_triple.toFixed(1)} | ${r.rss_after_table_gb.toFixed(2)} | ${r.peak_rss_gb.toFixed(2)} | ${r.file_mb.toFixed(0)} |`,
      );
      console.log(
        `#   groups ${r.groups}, distinct texts ${r.texts}, mono fraction ${r.mono_fraction.toFixed(4)}`,
      );
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
