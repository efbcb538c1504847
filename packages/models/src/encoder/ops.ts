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
 * GELU with the exact erf form BERT uses: `0.5 x (1 + erf(x / √2))`, with the analytic gradient
 * `Φ(x) + x φ(x)`.
 */
export function gelu(x: tf.Tensor): tf.Tensor {
  const f = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [xin, save] = args as [tf.Tensor, tf.GradSaveFunc];
    save([xin]);
    const value = tf.tidy(() => tf.mul(tf.mul(0.5, xin), tf.add(1, erf(tf.mul(xin, Math.SQRT1_2)))));
    const gradFunc = (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const xs = saved[0]!;
      const cdf = tf.mul(0.5, tf.add(1, erf(tf.mul(xs, Math.SQRT1_2))));
      const pdf = tf.mul(1 / Math.sqrt(2 * Math.PI), tf.exp(tf.mul(-0.5, tf.square(xs))));
      return [tf.mul(dy as tf.Tensor, tf.add(cdf, tf.mul(xs, pdf)))];
    };
    return { value, gradFunc };
  });
  return f(x);
}

/** LayerNorm over the last axis: `(x − mean) / sqrt(var + eps) * gamma + beta` (biased variance). */
export function layerNorm(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, eps: number): tf.Tensor {
  const axis = x.rank - 1;
  const mean = tf.mean(x, axis, true);
  const centered = tf.sub(x, mean);
  const variance = tf.mean(tf.square(centered), axis, true);
  return tf.add(tf.mul(tf.mul(centered, tf.rsqrt(tf.add(variance, eps))), gamma), beta);
}

/**
 * Inverted dropout with a reproducible mask: the mask depends only on (`seed`, `site`), so a resumed
 * training run draws the same masks. Returns `x` unchanged when `rate` is 0.
 */
export function dropout(x: tf.Tensor, rate: number, seed: number, site: number): tf.Tensor {
  if (rate <= 0) return x;
  return tf.dropout(x, rate, undefined, fnv1a(`${seed}/${site}`));
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
