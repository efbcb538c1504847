import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/**
 * Exact inner-product top-k on the CPU: a GEMM micro-kernel fused with per-query threshold selection, in a
 * Node-API addon (`native/topk_kernel.cc`, built by `scripts/build-addon.mjs` when a C++ compiler is there).
 *
 * **Scores.** `score(q, c)` is a float32 fused multiply-add chain over the dimensions in order,
 * `s = 0; s = fma(q[d], c[d], s)` for d = 0 … dim−1. The AVX-512, AVX2 and portable code paths follow it
 * exactly, so the bits do not depend on the CPU, the thread count or the blocking ({@link fmaDot} is the
 * same rule in JavaScript).
 *
 * **Order.** Best first: score descending, then candidate index ascending. NaN scores never enter; a query
 * with fewer than k non-NaN scores gets fewer results (`sizes`), the rest of its row is NaN / −1.
 *
 * @example
 * import { loadTopKKernel, topKInnerProduct } from '@hbt/topk-kernel';
 * if (loadTopKKernel()) {
 *   const r = await topKInnerProduct(queries, candidates, { dim: 256, k: 100 });
 *   r.items.subarray(0, 100); // candidate rows of query 0's top 100, best first
 * }
 */

/** The code path: `auto` = the best this CPU has (avx512 > avx2 > scalar). */
export type KernelIsa = 'auto' | 'avx512' | 'avx2' | 'scalar';

export interface TopKOptions {
  /** Floats per vector. */
  dim: number;
  /** Results per query. */
  k: number;
  /** Threads (default: every core, `os.availableParallelism()`); queries are split between them. */
  threads?: number;
  /** Code path (default `auto`); every path gives the same bits. */
  isa?: KernelIsa;
}

export interface TopKResult {
  /** `[queries × k]`, best first; NaN past `sizes[q]`. */
  scores: Float32Array;
  /** Candidate rows, `[queries × k]`; −1 past `sizes[q]`. */
  items: Int32Array;
  /** Results per query: min(k, its non-NaN scores). */
  sizes: Int32Array;
}

interface Addon {
  topk(
    q: Float32Array,
    c: Float32Array,
    dim: number,
    k: number,
    threads: number,
    isa: string,
  ): Promise<TopKResult>;
  isas(): string[];
}

/** Where the addon is looked for (the same from `src/` and `dist/`). */
export const ADDON_PATH = fileURLToPath(new URL('../build/topk_kernel.node', import.meta.url));

let cached: { addon: Addon | null; reason: string } | null = null;

function load(): { addon: Addon | null; reason: string } {
  if (cached) return cached;
  if (!existsSync(ADDON_PATH)) {
    cached = {
      addon: null,
      reason: `${ADDON_PATH} is not built (needs a C++ compiler, e.g. Debian g++; then: pnpm exec turbo run build --filter @hbt/topk-kernel --force)`,
    };
  } else {
    try {
      cached = { addon: createRequire(import.meta.url)(ADDON_PATH) as Addon, reason: '' };
    } catch (e) {
      cached = { addon: null, reason: `${ADDON_PATH} does not load: ${(e as Error).message}` };
    }
  }
  return cached;
}

/** Whether the addon is built and loads here. */
export function loadTopKKernel(): boolean {
  return load().addon !== null;
}

/** Why the addon is unavailable ('' when it loads). */
export function topKKernelUnavailableReason(): string {
  return load().reason;
}

/** The code paths this CPU runs, best first (empty without the addon). */
export function kernelIsas(): Array<Exclude<KernelIsa, 'auto'>> {
  return (load().addon?.isas() ?? []) as Array<Exclude<KernelIsa, 'auto'>>;
}

/**
 * The k best candidates of every query by inner product (see the module comment for the score and the
 * order). `queries` is row-major `[nq × dim]`, `candidates` `[nc × dim]`. Runs off the JavaScript thread;
 * the arrays must not be written until the promise settles.
 */
export async function topKInnerProduct(
  queries: Float32Array,
  candidates: Float32Array,
  opts: TopKOptions,
): Promise<TopKResult> {
  const addon = load().addon;
  if (!addon) throw new Error(`@hbt/topk-kernel: ${load().reason}`);
  const { dim, k } = opts;
  if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
  if (queries.length % dim !== 0 || candidates.length % dim !== 0) {
    throw new RangeError(
      `queries (${queries.length} floats) and candidates (${candidates.length}) must hold whole rows of ${dim}`,
    );
  }
  const threads = opts.threads ?? availableParallelism();
  if (!Number.isInteger(threads) || threads < 1) {
    throw new RangeError(`threads must be a positive integer, got ${threads}`);
  }
  const isa = opts.isa ?? 'auto';
  if (isa !== 'auto' && !kernelIsas().includes(isa)) {
    throw new RangeError(`isa '${isa}' is not available on this CPU (available: ${kernelIsas().join(', ')})`);
  }
  return addon.topk(queries, candidates, dim, k, threads, isa);
}

export { fmaDot, fmaf } from './fma.js';
