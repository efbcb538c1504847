import { tf } from '@hbt/models';
import { EagerOps } from './objectives/eager-ops.js';
import { infonce } from './objectives/infonce.js';

/** Options of {@link infoNce}. */
export interface InfoNceOptions {
  /** Logit scale 1/τ: a number, or a scalar tensor (learnable scale). */
  scale: number | tf.Scalar;
  /** Add the passage → query term and return the mean of both directions. */
  symmetric: boolean;
}

/**
 * The `infonce` objective (`src/objectives/infonce.ts`, where its math and docstring are) evaluated on
 * eager tensors: queries `q` `[B, d]`, positives `p` `[B, d]` (row i the positive of query i) and hard
 * negatives `neg` `[K, d]` or null. Returns the scalar loss.
 *
 * @example
 * const loss = infoNce(qEmb, pEmb, null, { scale: 20, symmetric: false });
 */
export function infoNce(
  q: tf.Tensor2D,
  p: tf.Tensor2D,
  neg: tf.Tensor2D | null,
  opts: InfoNceOptions,
): tf.Scalar {
  return tf.tidy(() => {
    const b = q.shape[0];
    if (p.shape[0] !== b) throw new Error(`infoNce: ${b} queries but ${p.shape[0]} positives`);
    const cands = neg && neg.shape[0] > 0 ? tf.concat([p, neg], 0) : p;
    const scale = typeof opts.scale === 'number' ? opts.scale : tf.log(opts.scale);
    return infonce({ scale, symmetric: opts.symmetric }).loss(new EagerOps({}), { q, p: cands }) as tf.Scalar;
  });
}
