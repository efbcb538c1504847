#!/usr/bin/env node
// `pnpm bench`: builds, then runs every packages/*/bench/*.bench.mjs in turn with node. Each prints its own
// figures (medians of repeats, backend, sizes). Pass a substring to run only matching files:
//   pnpm bench sampler
import { spawnSync } from 'node:child_process';

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

// TensorFlow's INFO logging (native backend) would interleave with the figures; warnings stay.
process.env.TF_CPP_MIN_LOG_LEVEL ??= '1';

const root = new URL('../..', import.meta.url).pathname;
const filter = process.argv[2] ?? '';
const build = spawnSync(
  'pnpm',
  ['exec', 'turbo', 'run', 'build', '--no-update-notifier', '--output-logs=errors-only'],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) process.exit(build.status ?? 1);
const files = [];
for (const dir of ['packages', 'apps']) {
  for (const pkg of readdirSync(join(root, dir)).sort()) {
    const b = join(root, dir, pkg, 'bench');
    if (!existsSync(b)) continue;
    for (const f of readdirSync(b).sort()) if (f.endsWith('.bench.mjs')) files.push(join(b, f));
  }
}
let failed = 0;
for (const f of files.filter((x) => x.includes(filter))) {
  console.log(`\n### ${f.slice(root.length)}`);
  const r = spawnSync(process.execPath, [f], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
