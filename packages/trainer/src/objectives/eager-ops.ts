import { tf } from '@hbt/models';
import type { LossOps } from './ops.js';

/**
 * {@link LossOps} on eager tfjs tensors: what the eager step (wasm, cpu) evaluates and tfjs autodiff
 * differentiates. Call inside `tf.tidy` / `tf.variableGrads`.
 *
 * @example
 * const loss = tf.tidy(() => infonce({ scale: 20, symmetric: false }).loss(new EagerOps({}), { q, p }));
 */
export class EagerOps implements LossOps<tf.Tensor> {
  /** `feeds`: the objectives' per-batch inputs by name. */
  constructor(private readonly feeds: Readonly<Record<string, tf.Tensor>>) {}

  l2(x: tf.Tensor): tf.Tensor {
    return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12));
  }
  matMulT(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D, false, true);
  }
  scale(x: tf.Tensor, c: number | tf.Tensor): tf.Tensor {
    return tf.mul(x, c);
  }
  exp(x: tf.Tensor): tf.Tensor {
    return tf.exp(x);
  }
  tensor(t: tf.Tensor): tf.Tensor {
    return t;
  }
  head(x: tf.Tensor, like: tf.Tensor): tf.Tensor {
    const b = like.shape[0]!;
    return x.shape[0] === b ? x : tf.slice(x, [0, 0], [b, x.shape[1]!]);
  }
  crossEntropyDiag(x: tf.Tensor): tf.Tensor {
    const [b, c] = x.shape as [number, number];
    const lse = tf.logSumExp(x, 1); // [n]
    const target = tf.sum(tf.mul(x, tf.oneHot(tf.range(0, b, 1, 'int32'), c)), 1); // [n]
    return tf.mean(tf.sub(lse, target));
  }
  weightedMse(a: tf.Tensor, b: tf.Tensor, w: tf.Tensor): tf.Tensor {
    const d = a.shape[1]!;
    const rows = tf.sum(tf.square(tf.sub(a, b)), 1); // [n]
    return tf.div(tf.sum(tf.mul(w, rows)), tf.mul(tf.maximum(tf.sum(w), 1), d));
  }
  add(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
    return tf.add(a, b);
  }
  input(name: string): tf.Tensor {
    const t = this.feeds[name];
    if (!t) throw new Error(`objective input "${name}" was not fed`);
    return t;
  }
}
