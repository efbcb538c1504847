#!/usr/bin/env node
// Compile the Node-API addon build/topk_kernel.node from native/topk_kernel.cc with the system C++ compiler.
// Optional by design: without a compiler or Node's headers it prints why and exits 0, and @hbt/indexer's
// `auto` engine falls back to tfjs. One translation unit, no node-gyp (which needs Python and downloads
// headers): Node's own headers (<prefix>/include/node, shipped with every official build) or
// HBT_NODE_HEADERS. The binary targets baseline x86-64 and picks AVX-512 / AVX2 / portable code at run
// time, so a build from one machine runs on any x86-64 Linux and gives the same bits.
//   node scripts/build-addon.mjs            build (skip with a notice when impossible)
//   HBT_TOPK_KERNEL_BUILD=require ...       fail instead of skipping (for CI jobs that need the kernel)
//   HBT_TOPK_KERNEL_BUILD=skip ...          do not build
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'native', 'topk_kernel.cc');
const out = join(root, 'build', 'topk_kernel.node');
const mode = process.env.HBT_TOPK_KERNEL_BUILD ?? 'auto';

function skip(why) {
  if (mode === 'require') {
    console.error(`@hbt/topk-kernel: cannot build the addon: ${why}`);
    process.exit(1);
  }
  rmSync(out, { force: true });
  console.log(`@hbt/topk-kernel: addon not built (${why}); the 'fused' search engine is unavailable.`);
  process.exit(0);
}

if (mode === 'skip') skip('HBT_TOPK_KERNEL_BUILD=skip');
if (process.platform !== 'linux' || process.arch !== 'x64')
  skip(`${process.platform}-${process.arch} is not x86-64 Linux`);
const headers = process.env.HBT_NODE_HEADERS ?? join(dirname(process.execPath), '..', 'include', 'node');
if (!existsSync(join(headers, 'node_api.h'))) skip(`no node_api.h under ${headers} (set HBT_NODE_HEADERS)`);
const candidates = [process.env.CXX, 'g++', 'c++', 'clang++'].filter(Boolean);
const cxx = candidates.find((c) => spawnSync(c, ['--version'], { stdio: 'ignore' }).status === 0);
if (!cxx) skip(`no C++ compiler (tried ${candidates.join(', ')}; set CXX)`);

mkdirSync(dirname(out), { recursive: true });
const tmp = `${out}.tmp-${process.pid}`;
const args = [
  '-std=c++17',
  '-O3',
  '-fPIC',
  '-shared',
  '-pthread',
  // The score rule is an explicit fma chain: no contraction or reassociation of anything else.
  '-ffp-contract=off',
  '-fno-fast-math',
  '-fvisibility=hidden',
  '-Wall',
  '-Wextra',
  `-I${headers}`,
  '-DNODE_GYP_MODULE_NAME=topk_kernel',
  src,
  '-o',
  tmp,
];
try {
  execFileSync(cxx, args, { stdio: 'inherit' });
  renameSync(tmp, out);
} catch (e) {
  rmSync(tmp, { force: true });
  skip(`${cxx} failed: ${e.message.split('\n')[0]}`);
}
console.log(`@hbt/topk-kernel: built ${out} with ${cxx}`);
