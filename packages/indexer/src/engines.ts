import { tf } from '@hbt/models';
import { kernelIsas, loadTopKKernel, topKKernelUnavailableReason } from '@hbt/topk-kernel';
import type { VectorSet } from './vectors.js';

/**
 * Score engines: compute one block of inner products `Q_block · C_blockᵀ` as a row-major Float32Array
 * `[queries × candidates]`. The search drives them block by block and never asks for more than one
 * block at a time.
 *
 * - `tfjs`: `tf.matMul` on the current backend, candidate blocks uploaded once and pre-transposed to
 *   `[dim, n]` (on wasm, `matMul(q, c, false, true)` is 10× slower than with a transposed copy).
 * - `js`: plain loops (float64 accumulation, rounded to float32), 4 candidates per pass. Faster than
 *   tfjs's `cpu` backend (about 0.8 vs 0.2 GFLOP/s here), far slower than wasm or native.
 * - `fused`: the @hbt/topk-kernel addon, a GEMM micro-kernel fused with per-query selection (it returns
 *   each query's top k, not score blocks; `searchBlocks` drives it). Its scores are a float32 fma chain
 *   over the dimensions, the same bits on every CPU and tfjs backend. Needs the addon built (a C++
 *   compiler at install time).
 */
export type EngineName = 'tfjs' | 'js' | 'fused';

export interface ScoreEngine {
  readonly name: EngineName;
  /** Start a query block of `count` rows (row-major `[count, dim]`). */
  beginQueries(block: Float32Array, count: number): void;
  /** Scores of the current query block against candidate block `j`: `[count × blockSize(j)]`. */
  scoreBlock(j: number): Promise<Float32Array>;
  endQueries(): void;
  /** Release everything (tensors). Safe to call twice. */
  dispose(): void;
}

/** Candidate blocks: `[start, end)` row ranges of the candidate matrix. */
export function blockRanges(n: number, size: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let s = 0; s < n; s += size) out.push([s, Math.min(n, s + size)]);
  return out;
}

/**
 * `auto` → `fused` when the @hbt/topk-kernel addon loads and the CPU has AVX2 or AVX-512 (the fastest on
 * every backend; its portable path is far slower than tfjs), else `js` on the tfjs `cpu` backend (slower
 * than plain loops), else `tfjs`. `fused` without the addon is an error that says why it is missing.
 */
export function resolveEngine(pref: 'auto' | EngineName): EngineName {
  if (pref === 'fused' && !loadTopKKernel()) {
    throw new Error(`search engine 'fused' is unavailable: ${topKKernelUnavailableReason()}`);
  }
  if (pref !== 'auto') return pref;
  if (loadTopKKernel() && kernelIsas().some((isa) => isa !== 'scalar')) return 'fused';
  return tf.getBackend() === 'cpu' ? 'js' : 'tfjs';
}

/** A block engine (`tfjs` or `js`; `fused` is driven by `searchBlocks` directly). */
export function createEngine(
  name: Exclude<EngineName, 'fused'>,
  candidates: VectorSet,
  blockSize: number,
): ScoreEngine {
  return name === 'tfjs' ? new TfjsEngine(candidates, blockSize) : new JsEngine(candidates, blockSize);
}

class TfjsEngine implements ScoreEngine {
  readonly name = 'tfjs' as const;
  private blocks: tf.Tensor2D[];
  private q: tf.Tensor2D | null = null;

  constructor(c: VectorSet, blockSize: number) {
    const n = c.vectors.length / c.dim;
    this.blocks = blockRanges(n, blockSize).map(([s, e]) =>
      tf.tidy(() => tf.tensor2d(c.vectors.subarray(s * c.dim, e * c.dim), [e - s, c.dim]).transpose()),
    );
  }

  beginQueries(block: Float32Array, count: number): void {
    this.endQueries();
    this.q = tf.tensor2d(block, [count, block.length / count]);
  }

  async scoreBlock(j: number): Promise<Float32Array> {
    const s = tf.matMul(this.q!, this.blocks[j]!);
    try {
      return (await s.data()) as Float32Array;
    } finally {
      s.dispose();
    }
  }

  endQueries(): void {
    this.q?.dispose();
    this.q = null;
  }

  dispose(): void {
    this.endQueries();
    for (const b of this.blocks) b.dispose();
    this.blocks = [];
  }
}

class JsEngine implements ScoreEngine {
  readonly name = 'js' as const;
  private ranges: Array<[number, number]>;
  private q: Float32Array = new Float32Array(0);
  private count = 0;

  constructor(
    private readonly c: VectorSet,
    blockSize: number,
  ) {
    this.ranges = blockRanges(c.vectors.length / c.dim, blockSize);
  }

  beginQueries(block: Float32Array, count: number): void {
    this.q = block;
    this.count = count;
  }

  async scoreBlock(j: number): Promise<Float32Array> {
    const [start, end] = this.ranges[j]!;
    const nc = end - start;
    const dim = this.c.dim;
    const cv = this.c.vectors;
    const q = this.q;
    const out = new Float32Array(this.count * nc);
    for (let i = 0; i < this.count; i++) {
      const qo = i * dim;
      const oo = i * nc;
      let t = 0;
      for (; t + 4 <= nc; t += 4) {
        const c0 = (start + t) * dim;
        const c1 = c0 + dim;
        const c2 = c1 + dim;
        const c3 = c2 + dim;
        let s0 = 0;
        let s1 = 0;
        let s2 = 0;
        let s3 = 0;
        for (let d = 0; d < dim; d++) {
          const x = q[qo + d]!;
          s0 += x * cv[c0 + d]!;
          s1 += x * cv[c1 + d]!;
          s2 += x * cv[c2 + d]!;
          s3 += x * cv[c3 + d]!;
        }
        out[oo + t] = s0;
        out[oo + t + 1] = s1;
        out[oo + t + 2] = s2;
        out[oo + t + 3] = s3;
      }
      for (; t < nc; t++) {
        const c0 = (start + t) * dim;
        let s0 = 0;
        for (let d = 0; d < dim; d++) s0 += q[qo + d]! * cv[c0 + d]!;
        out[oo + t] = s0;
      }
    }
    return out;
  }

  endQueries(): void {
    this.q = new Float32Array(0);
    this.count = 0;
  }

  dispose(): void {
    this.endQueries();
  }
}
