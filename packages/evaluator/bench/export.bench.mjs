#!/usr/bin/env node
/**
 * Benchmark (not a test): `hbt eval --export-trec` of an experiment whose eval stages are done — by
 * default the default experiment, `apps/mlqa-to-xquad` (all variants, all settings and languages, the
 * default depth, cut and gzip level). Prints the whole process's wall and CPU time (user + sys, from
 * /usr/bin/time when present) and peak RSS, then the files, run lines and bytes written. The export goes
 * to a temporary folder, removed afterwards.
 *
 * Skipped, with a message, when the experiment has no eval artifacts (run `turbo run report` or `hbt run`
 * in the app first). The eval stages themselves must be up to date: a stale one would run inside the
 * timing.
 *
 * Usage: node packages/evaluator/bench/export.bench.mjs [APP_DIR] [extra hbt eval flags…]
 *   e.g. … apps/mlqa-to-xquad --variant hybrid-s13 --export-cut depth
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const bin = join(repo, 'apps/cli/dist/bin.js');
const app = resolve(process.argv[2] ?? join(repo, 'apps/mlqa-to-xquad'));
const extra = process.argv.slice(3);
const config = join(app, 'hbt.json');

const variants = join(app, 'artifacts', 'variants');
const done = existsSync(variants)
  ? readdirSync(variants).filter((v) => existsSync(join(variants, v, 'eval', 'metrics.parquet')))
  : [];
if (!existsSync(config) || done.length === 0) {
  console.log(`skipped: no eval artifacts under ${variants} (run the experiment first)`);
  process.exit(0);
}
if (!existsSync(bin)) {
  console.log(`skipped: ${bin} missing (pnpm exec turbo run build)`);
  process.exit(0);
}

const out = mkdtempSync(join(os.tmpdir(), 'hbt-bench-export-'));
try {
  const time = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
  const args = [bin, 'eval', '-c', config, '--export-trec', out, '--json', '-q', ...extra];
  const t0 = performance.now();
  const r = time
    ? spawnSync(time, ['-f', '@@%U %S %M', process.execPath, ...args], {
        encoding: 'utf8',
        maxBuffer: 1 << 28,
      })
    : spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`hbt eval failed (${r.status}): ${r.stderr}`);
  const m = /@@([\d.]+) ([\d.]+) (\d+)/.exec(r.stderr ?? '');
  const report = JSON.parse(r.stdout);
  let files = 0;
  let bytes = 0;
  let lines = 0;
  let truncated = 0;
  for (const v of report.variants) {
    if (!v.trec) continue;
    files += v.trec.files.length;
    lines += v.trec.lines;
    truncated += v.trec.truncated;
    for (const f of v.trec.files) bytes += statSync(join(v.trec.dir, f)).size;
  }
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown cpu'} × ${os.cpus().length}, load average ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}, node ${process.version}`,
  );
  console.log(`export of ${app} (${report.variants.length} variants) ${extra.join(' ')}`);
  console.log(
    `wall ${wall.toFixed(1)} s` +
      (m
        ? `, CPU ${(Number(m[1]) + Number(m[2])).toFixed(1)} s, peak RSS ${(Number(m[3]) / 1024).toFixed(0)} MiB`
        : ''),
  );
  console.log(
    `${files} files, ${(bytes / 1e6).toFixed(1)} MB, ${lines} run lines (${(bytes / Math.max(1, lines)).toFixed(2)} bytes a line with the qrels), ${truncated} lists cut at the depth before a relevant candidate`,
  );
} finally {
  rmSync(out, { recursive: true, force: true });
}
