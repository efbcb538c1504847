#!/usr/bin/env node
/**
 * The 2 GB check (not a test, not in `pnpm bench`: it writes 2.2 GB and takes minutes): `hbt evaluate`
 * on a generated, trec_eval-valid run larger than 2 GiB — more than any JavaScript string can hold — must
 * finish with a peak resident memory under 1 GB and print the same values as trec_eval.
 *
 * Generates (once, deterministically, into $TMPDIR/hbt-bench-evaluate-2gb/) 10,000 queries × 5,000
 * documents = 50,000,000 run lines (`qid Q0 docid rank score tag`, scores descending, unique documents)
 * and 800,000 qrels lines (60 judged among the retrieved, 20 never retrieved, per query). Then runs the
 * built CLI under `/usr/bin/time -v` and prints wall time, peak RSS and the values. Reference values:
 * trec_eval when TREC_EVAL names one (run the same way, values compared), and/or
 * `tooling/scripts/trec_eval_ref.py` (an independent Python implementation of trec_eval's conventions)
 * with --python. A mismatch, or a peak RSS ≥ 1 GB, exits 1.
 *
 * Usage: pnpm exec turbo run build --filter @hbt/cli... && node packages/evaluator/bench/evaluate-2gb.mjs [--python]
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { xorshift } from './xorshift.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = resolve(here, '../../..');
const bin = join(repo, 'apps/cli/dist/bin.js');
const Q = 10_000;
const D = 5_000;
const MEASURES = 'AP,nDCG@10,R@100,RR';
const NAMES = ['map', 'ndcg_cut_10', 'recall_100', 'recip_rank'];
const dir = join(os.tmpdir(), 'hbt-bench-evaluate-2gb');
const runPath = join(dir, 'run.txt');
const qrelsPath = join(dir, 'qrels.txt');

/** Write `path` through a temporary file, in blocks of lines from `lines(emit)`. */
function writeLines(path, produce) {
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  let parts = [];
  let size = 0;
  const flush = () => {
    writeSync(fd, parts.join(''));
    parts = [];
    size = 0;
  };
  produce((line) => {
    parts.push(line);
    size += line.length;
    if (size > 8 << 20) flush();
  });
  flush();
  closeSync(fd);
  renameSync(tmp, path);
}

function generate() {
  if (existsSync(runPath) && existsSync(qrelsPath)) return;
  mkdirSync(dir, { recursive: true });
  console.log(`generating ${runPath} (${Q * D} lines) …`);
  const rnd = xorshift(20260607);
  const judged = [];
  writeLines(runPath, (emit) => {
    for (let q = 0; q < Q; q++) {
      const qid = `q${100000 + q}`;
      let score = 50 + rnd() * 10;
      const rel = new Map();
      while (rel.size < 60) rel.set(Math.floor(D * rnd() * rnd()), Math.floor(rnd() * 4));
      for (let j = 0; j < D; j++) {
        score -= rnd() * 0.002;
        emit(`${qid} Q0 DOC-${(q * 7919 + j * 104729) % 10000019} ${j + 1} ${score.toFixed(6)} bench2gb\n`);
      }
      judged.push([qid, q, rel]);
    }
  });
  writeLines(qrelsPath, (emit) => {
    for (const [qid, q, rel] of judged) {
      for (const [j, r] of rel) emit(`${qid} 0 DOC-${(q * 7919 + j * 104729) % 10000019} ${r}\n`);
      for (let u = 0; u < 20; u++) emit(`${qid} 0 UNRET-${q}-${u} ${1 + (u % 3)}\n`);
    }
  });
}

/** Run under /usr/bin/time -v: wall seconds, peak RSS in MiB, stdout. */
function timed(cmd, args) {
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error(`${cmd} failed (${r.status}): ${r.stderr.slice(-2000)}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)?.[1]) / 1024;
  const wallText = /Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)/.exec(r.stderr)?.[1] ?? '0';
  const wall = wallText.split(':').reduce((acc, x) => acc * 60 + Number(x), 0);
  return { wall, rss, out: r.stdout };
}

function allValues(out) {
  const v = new Map();
  for (const line of out.split('\n')) {
    const [name, qid, value] = line.trim().split(/\s+/);
    if (qid === 'all' && name && value) v.set(name, value);
  }
  return v;
}

if (!existsSync(bin)) {
  console.error(`${bin} missing: run pnpm exec turbo run build --filter @hbt/cli...`);
  process.exit(2);
}
if (!existsSync('/usr/bin/time')) {
  console.error('/usr/bin/time is needed to measure the peak RSS (apt-get install time)');
  process.exit(2);
}
generate();
console.log(
  `run: ${runPath} (${(statSync(runPath).size / 2 ** 30).toFixed(2)} GiB), qrels: ${qrelsPath}; machine: ${os.cpus()[0]?.model} × ${os.cpus().length}, load ${os.loadavg()[0].toFixed(1)}, node ${process.version}`,
);
const hbt = timed(process.execPath, [
  bin,
  'evaluate',
  '--qrels',
  qrelsPath,
  '--run',
  runPath,
  '-m',
  MEASURES,
  '--trec-names',
]);
const ours = allValues(hbt.out);
console.log(`hbt evaluate: ${hbt.wall.toFixed(1)} s, peak RSS ${hbt.rss.toFixed(0)} MiB`);
console.log(`  ${NAMES.map((n) => `${n} ${ours.get(n)}`).join(', ')}`);
let bad = hbt.rss >= (1000 * 1000 * 1000) / 2 ** 20;
if (bad) console.log('FAIL: peak RSS ≥ 1 GB');
const refs = [];
if (process.env.TREC_EVAL) {
  const args = ['-m', 'map', '-m', 'ndcg_cut.10', '-m', 'recall.100', '-m', 'recip_rank', qrelsPath, runPath];
  refs.push(['trec_eval', timed(process.env.TREC_EVAL, args)]);
}
if (process.argv.includes('--python')) {
  const script = join(repo, 'tooling/scripts/trec_eval_ref.py');
  refs.push(['trec_eval_ref.py', timed('python3', [script, qrelsPath, runPath])]);
}
for (const [name, r] of refs) {
  const theirs = allValues(r.out);
  const same = NAMES.every((n) => theirs.get(n) === ours.get(n));
  console.log(
    `${name}: ${r.wall.toFixed(1)} s, peak RSS ${r.rss.toFixed(0)} MiB; ${NAMES.map((n) => `${n} ${theirs.get(n)}`).join(', ')} — ${same ? 'equal' : 'DIFFERENT'}`,
  );
  if (!same) bad = true;
}
if (refs.length === 0) console.log('(no reference: set TREC_EVAL=/path/to/trec_eval and/or pass --python)');
process.exit(bad ? 1 : 0);
