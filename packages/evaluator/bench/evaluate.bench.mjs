#!/usr/bin/env node
/**
 * Benchmark (not a test): `hbt evaluate` on a 1,000,000-line TREC run (1,000 queries × 1,000 documents)
 * with measures AP, nDCG@10, R@100 and RR. Reference: trec_eval 10.0 takes about 1.7 s on such a run.
 *
 * The run and qrels are generated deterministically (xorshift32, fixed seed) into
 * $TMPDIR/hbt-bench-evaluate/ and reused. Prints the median (and min/max) wall time of REPEATS runs of
 * the CLI (a fresh `node` process each, as a user runs it), of a process that loads only @hbt/evaluator,
 * and of the library call in this process.
 *
 * Usage: pnpm exec turbo run build --filter @hbt/cli && node packages/evaluator/bench/evaluate.bench.mjs [repeats]
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const bin = join(repo, 'apps/cli/dist/bin.js');
const REPEATS = Number(process.argv[2] ?? 5);
const Q = 1000;
const D = 1000;
const MEASURES = 'AP,nDCG@10,R@100,RR';

function xorshift(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

function generate(dir) {
  const runPath = join(dir, 'run.txt');
  const qrelsPath = join(dir, 'qrels.txt');
  if (existsSync(runPath) && existsSync(qrelsPath)) return { runPath, qrelsPath };
  mkdirSync(dir, { recursive: true });
  const rnd = xorshift(20240607);
  const run = [];
  const qrels = [];
  for (let q = 0; q < Q; q++) {
    const qid = `q${1000 + q}`;
    // 1000 distinct documents from a 1,000,003-document collection, scores descending with 6 decimals.
    const docs = [];
    for (let j = 0; j < D; j++) docs.push(`DOC-${(q * 7919 + j * 104729) % 1000003}`);
    let score = 30 + rnd() * 10;
    const lines = [];
    for (let j = 0; j < D; j++) {
      score -= rnd() * 0.02;
      lines.push(`${qid} Q0 ${docs[j]} ${j + 1} ${score.toFixed(6)} bench`);
    }
    run.push(lines.join('\n'));
    // 150 judged documents: 100 among the retrieved (more near the top), 50 never retrieved.
    const judged = new Set();
    while (judged.size < 100) judged.add(Math.floor(D * rnd() * rnd()));
    for (const j of judged) qrels.push(`${qid} 0 ${docs[j]} ${Math.floor(rnd() * 4)}`);
    for (let u = 0; u < 50; u++) qrels.push(`${qid} 0 UNRET-${q}-${u} ${1 + Math.floor(rnd() * 3)}`);
  }
  writeFileSync(runPath, `${run.join('\n')}\n`);
  writeFileSync(qrelsPath, `${qrels.join('\n')}\n`);
  return { runPath, qrelsPath };
}

function stats(times) {
  const s = [...times].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

const { runPath, qrelsPath } = generate(join(os.tmpdir(), 'hbt-bench-evaluate'));
console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, node ${process.version}`,
);
console.log(
  `run: ${runPath} (${Q * D} lines), qrels: ${qrelsPath}, measures ${MEASURES}, ${REPEATS} repeats`,
);

if (existsSync(bin)) {
  const times = [];
  let out = '';
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    out = execFileSync(
      'node',
      [bin, 'evaluate', '--qrels', qrelsPath, '--run', runPath, '--measures', MEASURES],
      {
        encoding: 'utf8',
      },
    );
    times.push(performance.now() - t0);
  }
  const st = stats(times);
  console.log(
    `hbt evaluate (CLI process): median ${(st.median / 1000).toFixed(3)} s (min ${(st.min / 1000).toFixed(3)}, max ${(st.max / 1000).toFixed(3)})`,
  );
  console.log(
    out
      .trim()
      .split('\n')
      .map((l) => `  ${l}`)
      .join('\n'),
  );
} else {
  console.log(`(CLI not built: ${bin} missing; run pnpm exec turbo run build)`);
}

const lib = join(repo, 'packages/evaluator/dist/index.js');
if (existsSync(lib)) {
  // A process that loads only @hbt/evaluator/trec (what `hbt evaluate` imports): the cost of
  // `hbt evaluate` once bin.js loads command modules lazily (today it imports every stage package,
  // tfjs included, at start-up).
  const code = `const e = await import(${JSON.stringify(join(repo, 'packages/evaluator/dist/trec-api.js'))});
const r = await e.evaluateTrecFiles(${JSON.stringify(qrelsPath)}, ${JSON.stringify(runPath)}, e.parseMeasures(${JSON.stringify(MEASURES)}));
process.stdout.write(e.formatEvaluation(r));`;
  const lite = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    execFileSync('node', ['--input-type=module', '-e', code], { encoding: 'utf8' });
    lite.push(performance.now() - t0);
  }
  const sl = stats(lite);
  console.log(
    `@hbt/evaluator/trec-only process: median ${(sl.median / 1000).toFixed(3)} s (min ${(sl.min / 1000).toFixed(3)}, max ${(sl.max / 1000).toFixed(3)})`,
  );

  const { evaluateTrecFiles, parseMeasures } = await import(lib);
  const times = [];
  for (let i = 0; i < REPEATS; i++) {
    const t0 = performance.now();
    await evaluateTrecFiles(qrelsPath, runPath, parseMeasures(MEASURES));
    times.push(performance.now() - t0);
  }
  const st = stats(times);
  console.log(
    `evaluateTrecFiles (in process): median ${(st.median / 1000).toFixed(3)} s (min ${(st.min / 1000).toFixed(3)}, max ${(st.max / 1000).toFixed(3)})`,
  );
}
console.log('reference: trec_eval 10.0 ≈ 1.7 s on a run of this size');
