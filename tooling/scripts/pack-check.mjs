#!/usr/bin/env node
// Pack and install dry run (issue 17): what `pnpm publish -r` would put on npm works on its own.
//   1. `pnpm pack` every published package (packages/*, apps/cli) from its build (dist/; run `pnpm build`
//      first): workspace:* dependencies become the version, publishConfig.exports replaces the exports
//      (no `source` condition, nothing from src/);
//   2. checks each tarball: LICENSE, README, dist, no src/ or tests, no "workspace:" or "source" left;
//   3. installs the tarballs into an empty folder — every @hbt dependency from its tarball (as if all were
//      published together), third-party ones from the local pnpm store (offline, no install scripts);
//   4. runs README examples there: `hbt --version`, `hbt evaluate` on trec_eval's own test files (its
//      map and P_10 must equal out.test.aq), @hbt/core's Parquet round trip, @hbt/sampler's plan, and a
//      TypeScript check of the same imports against the published types.
// Usage: node tooling/scripts/pack-check.mjs [--keep]. Exit 0 when every check passes, 1 otherwise.
// Leaves nothing in the checkout (everything happens in a temp folder).
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const keep = process.argv.includes('--keep');
const dirs = [...readdirSync(join(root, 'packages')).map((d) => `packages/${d}`), 'apps/cli'];
const tmp = mkdtempSync(join(tmpdir(), 'hbt-pack-'));
const tarballs = join(tmp, 'tarballs');
const app = join(tmp, 'app');
mkdirSync(tarballs);
mkdirSync(app);
const sh = (cmd, args, opts = {}) =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...opts });
const fail = (msg) => {
  throw new Error(msg);
};

try {
  // 1–2. Pack and inspect.
  const byName = {};
  const repos = new Set();
  for (const d of dirs) {
    if (!existsSync(join(root, d, 'dist'))) fail(`${d}/dist is missing: run \`pnpm build\` first`);
    const out = sh('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(root, d) })
      .trim()
      .split('\n');
    const tgz = out.at(-1);
    const files = sh('tar', ['-tzf', tgz]).trim().split('\n');
    const manifest = JSON.parse(sh('tar', ['-xzOf', tgz, 'package/package.json']));
    for (const f of ['package/LICENSE', 'package/README.md', 'package/package.json']) {
      if (!files.includes(f)) fail(`${d}: ${f} is not in the tarball`);
    }
    if (!files.some((f) => f.startsWith('package/dist/'))) fail(`${d}: no dist/ in the tarball`);
    const stray = files.filter((f) => f.startsWith('package/src/') || /\.test\.|test-utils/.test(f));
    if (stray.length > 0) fail(`${d}: sources or tests in the tarball: ${stray.slice(0, 3).join(', ')}`);
    const text = JSON.stringify(manifest);
    if (text.includes('workspace:')) fail(`${d}: a workspace: range is left in the packed package.json`);
    if (text.includes('"source"')) fail(`${d}: the packed exports still name the "source" condition`);
    if (manifest.private) fail(`${d}: packed as private`);
    // One repository for every package, or none (there is no public home yet), each with its folder.
    repos.add(manifest.repository?.url ?? '(none)');
    if (manifest.repository && manifest.repository.directory !== d)
      fail(`${d}: repository.directory is ${manifest.repository.directory}, not ${d}`);
    byName[manifest.name] = tgz;
  }

  if (repos.size > 1) fail(`the packages name different repositories: ${[...repos].join(', ')}`);

  // 3. Install every tarball into an empty folder, offline from the local store.
  const deps = Object.fromEntries(Object.entries(byName).map(([n, t]) => [n, `file:${t}`]));
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({
      name: 'hbt-pack-check',
      private: true,
      type: 'module',
      dependencies: deps,
      pnpm: { overrides: deps },
    }),
  );
  const store = sh('pnpm', ['store', 'path'], { cwd: root }).trim();
  sh(
    'pnpm',
    [
      'install',
      '--prefer-offline',
      '--ignore-scripts',
      '--store-dir',
      store,
      '--config.auto-install-peers=true',
    ],
    {
      cwd: app,
    },
  );

  // 4. README examples, from the installed packages only.
  const hbt = join(app, 'node_modules', '.bin', 'hbt');
  const version = sh(hbt, ['--version']).trim();
  const core = JSON.parse(readFileSync(join(root, 'packages', 'core', 'package.json'), 'utf8'));
  if (version !== core.version) fail(`hbt --version says ${version}, packages are ${core.version}`);
  const data = process.env.HBT_DATA_MIRROR || join(root, '..', 'shared', 'data');
  const te = join(data, 'trec_eval-tests');
  if (existsSync(join(te, 'qrels.test'))) {
    const got = sh(hbt, [
      'evaluate',
      '--qrels',
      join(te, 'qrels.test'),
      '--run',
      join(te, 'results.test'),
      '-m',
      'AP,P@10',
      '--trec-names',
    ]);
    const want = readFileSync(join(te, 'out.test.aq'), 'utf8');
    for (const m of ['map', 'P_10']) {
      const line = (s) =>
        s
          .split('\n')
          .find((l) => new RegExp(`^${m}\\s+all\\s`).test(l))
          ?.trim()
          .split(/\s+/);
      if (line(got)?.[2] !== line(want)?.[2])
        fail(`hbt evaluate ${m}: ${line(got)?.[2]}, trec_eval ${line(want)?.[2]}`);
    }
  }
  const example = `
import { readTable, writeArtifact } from '@hbt/core';
import { indexPairs, planBatches } from '@hbt/sampler';
import { parseMeasures } from '@hbt/evaluator/trec';
const dir = ${JSON.stringify(app)};
const n = await writeArtifact(dir + '/qrels.parquet', 'qrels', { query_id: ['q1'], doc_id: ['d1'], relevance: [1] });
const t = await readTable(dir + '/qrels.parquet');
if (n !== 1 || t.columns.doc_id[0] !== 'd1') throw new Error('core: Parquet round trip');
const langs = ['de', 'en'];
const cols = { pair_id: [], group_id: [], query_text: [], query_lang: [], pos_text: [], pos_lang: [], neg_text: [], dataset: [] };
for (let g = 0; g < 8; g++) for (const q of langs) for (const p of langs) {
  cols.pair_id.push(g + q + p); cols.group_id.push('g' + g); cols.query_text.push('q' + g + q); cols.query_lang.push(q);
  cols.pos_text.push('p' + g + p); cols.pos_lang.push(p); cols.neg_text.push(null); cols.dataset.push('toy');
}
const sampler = { strategy: 'hybrid', alpha: 0.5, batch_size: 4, steps: 3, dataset_weighting: 'proportional',
  temperature: 1, dataset_size: 'pairs', order: 'kind-first', on_short_batch: 'shrink' };
const plan = planBatches(indexPairs(cols), sampler, 13);
if (plan.offsets.length !== 4) throw new Error('sampler: plan of 3 steps');
if (parseMeasures('AP,nDCG@10').length !== 2) throw new Error('evaluator: measures');
console.log('examples ok');
`;
  writeFileSync(join(app, 'example.mjs'), example);
  const ran = sh(process.execPath, [join(app, 'example.mjs')], { cwd: app });
  if (!ran.includes('examples ok')) fail(`examples: ${ran}`);
  // The same imports against the published types (no source condition, dist/*.d.ts only).
  writeFileSync(
    join(app, 'types.ts'),
    `import { type HbtConfig, readTable } from '@hbt/core';\nimport { planBatches } from '@hbt/sampler';\nimport { parseMeasures } from '@hbt/evaluator/trec';\nimport type { Model } from '@hbt/models';\nimport { exportModels } from '@hbt/trainer';\nexport const used: unknown[] = [readTable, planBatches, parseMeasures, exportModels];\nexport type T = [HbtConfig, Model];\n`,
  );
  sh(
    join(root, 'node_modules', '.bin', 'tsc'),
    [
      '--noEmit',
      '--strict',
      '--skipLibCheck',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--types',
      'node',
      '--typeRoots',
      join(root, 'node_modules', '@types'),
      join(app, 'types.ts'),
    ],
    { cwd: app },
  );
  console.log(
    `pack check: ${dirs.length} tarballs packed, installed into an empty folder and used (hbt ${version})`,
  );
} catch (e) {
  const err = /** @type {Error & { stderr?: string; stdout?: string }} */ (e);
  console.error(
    `pack check failed: ${err.message}${err.stderr ? `\n${err.stderr}` : ''}${err.stdout ? `\n${err.stdout}` : ''}`,
  );
  process.exitCode = 1;
} finally {
  if (keep) console.log(`kept ${tmp}`);
  else rmSync(tmp, { recursive: true, force: true });
}
