import { fnv1a } from '@hbt/core';
import { tf } from '../tf.js';
import type { EncodedBatch } from '../tokenizer/types.js';

/**
 * Building blocks of the encoder that need care on the wasm and cpu backends.
 */

/**
 * `tf.gather(table, ids)` with a gradient that scatters `dy` into only the rows used
 * (`tf.scatterND`, duplicates summed). The stock gather gradient needs `UnsortedSegmentSum`, which the
 * wasm backend lacks and the cpu backend runs over every row of the table (minutes per step).
 *
 * @example
 * const emb = gatherRows(wordTable, ids); // ids [b, t] int32 → [b, t, hidden]
 */
export function gatherRows(table: tf.Tensor2D, ids: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([i]);
    const value = tf.gather(t as tf.Tensor2D, i);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const idx = saved[0]!;
      const d = dy as tf.Tensor;
      const cols = (t as tf.Tensor2D).shape[1];
      const g = tf.scatterND(tf.reshape(idx, [-1, 1]), tf.reshape(d, [-1, cols]), t.shape);
      return [g, tf.zerosLike(idx)];
    };
    return { value, gradFunc };
  });
  return f(table, ids);
}

// Abramowitz & Stegun 7.1.26: |erf(x) − approx| ≤ 1.5e-7 (float32 rounding is ~6e-8).
const P = 0.3275911;
const A = [0.254829592, -0.284496736, 1.421413741, -1.453152027, 1.061405429] as const;

/** erf(x) elementwise: the backend's `Erf` kernel where there is one, else from ops every backend has (wasm has no `Erf`). */
export function erf(x: tf.Tensor): tf.Tensor {
  if (tf.getKernel('Erf', tf.getBackend())) return tf.erf(x);
  return tf.tidy(() => {
    const a = tf.abs(x);
    const t = tf.div(1, tf.add(1, tf.mul(P, a)));
    let poly = tf.scalar(A[4]) as tf.Tensor;
    for (let k = 3; k >= 0; k--) poly = tf.add(tf.mul(poly, t), A[k]!);
    const y = tf.sub(1, tf.mul(tf.mul(poly, t), tf.exp(tf.neg(tf.square(a)))));
    return tf.mul(tf.sign(x), y);
  });
}

/**
 * 2Φ(x), Φ the standard normal CDF, elementwise: `erfc(−x/√2)` with TensorFlow's `Erfc` kernel on the
 * native backend (one op fewer than the erf form, and exact in the lower tail), else `1 + erf(x/√2)`.
 */
export function twiceNormalCdf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const be = tf.backend() as unknown as NativeBackend;
    if (tf.getBackend() === 'tensorflow' && typeof be.executeSingleOutput === 'function') {
      const T = { name: 'T', type: be.binding.TF_ATTR_TYPE, value: be.binding.TF_FLOAT };
      return be.executeSingleOutput('Erfc', [T], [tf.mul(x, -Math.SQRT1_2)]);
    }
    return tf.add(1, erf(tf.mul(x, Math.SQRT1_2)));
  });
}

/** The slice of tfjs-node's backend that runs a raw TensorFlow op. */
interface NativeBackend {
  binding: { TF_ATTR_TYPE: number; TF_FLOAT: number };
  executeSingleOutput(name: string, attrs: unknown[], inputs: tf.Tensor[]): tf.Tensor;
}

/** φ(x), the standard normal density, elementwise. */
export function normalPdf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(tf.exp(tf.mul(tf.square(x), -0.5)), 1 / Math.sqrt(2 * Math.PI)));
}

/**
 * GELU with the exact erf form BERT uses: `x Φ(x) = 0.5 x (1 + erf(x / √2))`, with the analytic gradient
 * `Φ(x) + x φ(x)`.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  // Halving is exact in float32, so this equals x·Φ(x) (and its gradient Φ + xφ) bit for bit.
  return tf.tidy(() => tf.mul(twiceGelu(x), 0.5));
}

/**
 * `2 · GELU(x) = x · 2Φ(x)`, differentiable (custom gradient `2(Φ(x) + x φ(x))`: the native `Erfc`
 * kernel is called directly, outside tfjs's gradient registry). The inference pass uses it with the 0.5
 * folded into the next weights.
 */
export function twiceGelu(x: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xin, save] = args as [tf.Tensor, tf.GradSaveFunc];
    const cdf2 = twiceNormalCdf(xin);
    save([xin, cdf2]);
    const value = tf.mul(xin, cdf2);
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => [
      tf.mul(geluGrad(dy as tf.Tensor, saved[0]!, tf.mul(saved[1]!, 0.5)), 2),
    ];
    return { value, gradFunc };
  });
  return f(x);
}

/** ∂L/∂x of GELU from ∂L/∂y, the input `x` and `Φ(x)`: `dy · (Φ(x) + x φ(x))`. */
export function geluGrad(dy: tf.Tensor, x: tf.Tensor, cdf: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(dy, tf.add(cdf, tf.mul(x, normalPdf(x)))));
}

/**
 * Inverted dropout with a reproducible mask: the mask depends only on (`seed`, `site`) and the shape, so a
 * resumed training run draws the same masks, on every backend. Returns `x` unchanged when `rate` is 0.
 */
export function dropout(x: tf.Tensor, rate: number, seed: number, site: number): tf.Tensor {
  if (rate <= 0) return x;
  return tf.tidy(() => tf.mul(x, dropoutMask(x.shape, rate, seed, site)));
}

/**
 * The multiplier of inverted dropout: each element is 0 with probability `rate`, else `1 / (1 − rate)`.
 * Drawn in JS from a counter-based hash of (`seed`, `site`, element index) — the same on every backend,
 * and much faster than a seeded `tf.randomUniform` (a JS generator per element too). Each 32-bit hash
 * gives two elements (16 bits each), so the drop probability is `rate` rounded to a multiple of 2⁻¹⁶.
 */
export function dropoutMask(shape: readonly number[], rate: number, seed: number, site: number): tf.Tensor {
  if (!(rate > 0 && rate < 1)) throw new RangeError(`dropout rate must be in (0, 1), got ${rate}`);
  const n = shape.reduce((a, b) => a * b, 1);
  const out = new Float32Array(n);
  const keep = Math.fround(1 / (1 - rate));
  const threshold = Math.round(rate * 65536); // drop when a 16-bit draw < rate · 2¹⁶
  const step = 0x9e3779b9 | 0; // int32 constants keep the loop in V8's integer fast path
  let z = fnv1a(`${seed}/${site}`) | 0;
  for (let i = 0; i < n; i += 2) {
    // splitmix32-style finaliser of a Weyl sequence: consecutive indices give independent-looking bits.
    z = (z + step) | 0;
    let t = z ^ (z >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t ^= t >>> 15;
    t = Math.imul(t, 0x735a2d97);
    t ^= t >>> 15;
    out[i] = (t & 0xffff) >= threshold ? keep : 0;
    if (i + 1 < n) out[i + 1] = t >>> 16 >= threshold ? keep : 0;
  }
  return tf.tensor(out, shape as number[], 'float32');
}

/** Tensors for {@link EncodedBatch}: `inputIds`, `attentionMask`, `tokenTypeIds`, each `[b, t]` int32. */
export function batchToTensors(batch: EncodedBatch): {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds: tf.Tensor2D;
} {
  const [b, t] = batch.shape;
  return {
    inputIds: tf.tensor2d(batch.inputIds, [b, t], 'int32'),
    attentionMask: tf.tensor2d(batch.attentionMask, [b, t], 'int32'),
    tokenTypeIds: tf.tensor2d(batch.tokenTypeIds, [b, t], 'int32'),
  };
}
