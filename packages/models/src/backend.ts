import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { UsageError } from '@hbt/core';
import { tf } from './tf.js';
import { patchWasmMatMul } from './wasm-matmul.js';

/** Which compute backend to use; `auto` picks the fastest one that loads. */
export type BackendPreference = 'auto' | 'tensorflow' | 'wasm' | 'cpu';

/** What {@link initBackend} chose. */
export interface BackendInfo {
  /** The tfjs backend name: `tensorflow`, `wasm` or `cpu`. */
  name: string;
  /** For `tensorflow`: the npm package that provided it. */
  nativePackage: '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node' | null;
  /** Why faster backends were skipped (one line each), for logs and manifests. */
  skipped: string[];
}

const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;
const requireHere = createRequire(import.meta.url);

let current: BackendInfo | null = null;
let pending: Promise<BackendInfo> | null = null;
let pendingPref: BackendPreference | null = null;

/**
 * Choose and initialise the tfjs backend. Order for `auto`: `@tensorflow/tfjs-node-gpu` →
 * `@tensorflow/tfjs-node` (both optional, loaded in try/catch: their install needs a libtensorflow
 * download, see tooling/scripts/install-native.sh) → `@tensorflow/tfjs-backend-wasm` (its `.wasm` files
 * are read from node_modules) → `cpu`. A named preference is forced: if it cannot load, a
 * {@link UsageError} says why and what to do. Calling again with the same preference is a no-op.
 * Environment variables (HBT_BACKEND) are the CLI's business, not this function's.
 *
 * @returns the chosen backend name (`tensorflow`, `wasm` or `cpu`)
 * @example
 * const name = await initBackend('auto'); // 'wasm' on a machine without tfjs-node
 */
export async function initBackend(pref: BackendPreference = 'auto'): Promise<string> {
  return (await initBackendInfo(pref)).name;
}

/** Like {@link initBackend} but returns the details (package used, why others were skipped). */
export async function initBackendInfo(pref: BackendPreference = 'auto'): Promise<BackendInfo> {
  if (pending && pendingPref === pref) return pending;
  pendingPref = pref;
  pending = choose(pref).then(
    (info) => {
      current = info;
      return info;
    },
    (err) => {
      pending = null;
      pendingPref = null;
      throw err;
    },
  );
  return pending;
}

/** The backend chosen by the last {@link initBackend}, or null before any. */
export function backendInfo(): BackendInfo | null {
  return current;
}

async function choose(pref: BackendPreference): Promise<BackendInfo> {
  const skipped: string[] = [];
  if (pref === 'auto' || pref === 'tensorflow') {
    for (const pkg of NATIVE_PACKAGES) {
      const why = await tryNative(pkg);
      if (why === null) return { name: 'tensorflow', nativePackage: pkg, skipped };
      skipped.push(`${pkg}: ${why}`);
    }
    if (pref === 'tensorflow') {
      throw new UsageError('backend "tensorflow" requested but no native tfjs package loads', {
        hint: `${skipped.join('; ')}. Install it with tooling/scripts/install-native.sh, or use --backend wasm`,
      });
    }
  }
  if (pref === 'auto' || pref === 'wasm') {
    const why = await tryWasm();
    if (why === null) return { name: 'wasm', nativePackage: null, skipped };
    skipped.push(`@tensorflow/tfjs-backend-wasm: ${why}`);
    if (pref === 'wasm') {
      throw new UsageError('backend "wasm" requested but it failed to start', {
        hint: `${why}. Use --backend cpu`,
      });
    }
  }
  const ok = await tf.setBackend('cpu');
  if (!ok) throw new UsageError('the tfjs cpu backend failed to start');
  await tf.ready();
  // The cpu backend prints a "install the node backend" banner on first use; the CLI reports the backend itself.
  (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  return { name: 'cpu', nativePackage: null, skipped };
}

/** Load a native package; null on success, else a one-line reason. */
async function tryNative(pkg: string): Promise<string | null> {
  // A package installed without its native addon (its install script could not fetch libtensorflow)
  // registers its kernels and only then fails to load the addon: a second native package would then
  // print a warning per kernel. Skip it up front when the addon file is absent.
  const missing = missingAddon(pkg);
  if (missing) return missing;
  try {
    // The native packages register the `tensorflow` backend on the shared tfjs-core when loaded.
    requireHere(pkg);
    if (!tf.engine().registryFactory.tensorflow) return 'loaded but registered no "tensorflow" backend';
    const ok = await tf.setBackend('tensorflow');
    if (!ok) return 'the "tensorflow" backend failed to initialise';
    await tf.ready();
    return null;
  } catch (e) {
    return firstLine(e);
  }
}

async function tryWasm(): Promise<string | null> {
  try {
    const wasm = requireHere(
      '@tensorflow/tfjs-backend-wasm',
    ) as typeof import('@tensorflow/tfjs-backend-wasm');
    // In Node the .wasm files are read from disk: point the loader at the package's dist folder.
    const distDir = dirname(requireHere.resolve('@tensorflow/tfjs-backend-wasm'));
    wasm.setWasmPaths(join(distDir, '/'));
    const ok = await tf.setBackend('wasm');
    if (!ok) return 'the "wasm" backend failed to initialise';
    await tf.ready();
    patchWasmMatMul(); // transposed products run 5–10× faster untransposed on wasm 4.22
    return null;
  } catch (e) {
    return firstLine(e);
  }
}

/** A one-line reason when `pkg` is installed but no `lib/napi-v<N>/tfjs_binding.node` is there. */
function missingAddon(pkg: string): string | null {
  let dir: string;
  try {
    dir = dirname(requireHere.resolve(`${pkg}/package.json`));
  } catch {
    return null; // not installed, or not resolvable this way: the require below reports it
  }
  const lib = join(dir, 'lib');
  const found =
    existsSync(lib) && readdirSync(lib).some((d) => existsSync(join(lib, d, 'tfjs_binding.node')));
  return found
    ? null
    : `installed without its native addon (no ${join(lib, 'napi-v*', 'tfjs_binding.node')})`;
}

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split('\n')[0] ?? msg;
}
