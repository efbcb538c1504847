#!/usr/bin/env node
// The version policy (see README "Releases"): every published @hbt package has one version, equal to
// HBT_VERSION (packages/core/src/version.ts), and they are released together. This script sets it:
//
//   node tooling/scripts/version.mjs 0.2.0
//
// It rewrites the "version" of packages/*/package.json and apps/cli/package.json and HBT_VERSION, and
// nothing else (workspace:* dependencies become the version when pnpm packs). Then: `pnpm build`, the
// test command (it runs the pack and install dry run), commit, tag vX.Y.Z, `pnpm -r publish`.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const version = process.argv[2];
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version ?? '')) {
  console.error('usage: node tooling/scripts/version.mjs X.Y.Z (semver)');
  process.exit(2);
}
const manifests = [
  ...readdirSync(join(root, 'packages')).map((d) => join(root, 'packages', d, 'package.json')),
  join(root, 'apps', 'cli', 'package.json'),
];
for (const p of manifests) {
  const text = readFileSync(p, 'utf8');
  const next = text.replace(/^( {2}"version": )"[^"]*"/m, `$1"${version}"`);
  if (next === text && !text.includes(`"version": "${version}"`)) throw new Error(`${p}: no "version" field`);
  writeFileSync(p, next);
}
const vfile = join(root, 'packages', 'core', 'src', 'version.ts');
writeFileSync(
  vfile,
  readFileSync(vfile, 'utf8').replace(/HBT_VERSION = '[^']*'/, `HBT_VERSION = '${version}'`),
);
console.log(`version ${version}: ${manifests.length} package.json files and HBT_VERSION`);
