import { tf } from '@hbt/models';

/** Options of {@link infoNce}. */
export interface InfoNceOptions {
  /** Logit scale 1/τ: a number, or a scalar tensor (learnable scale). */
  scale: number | tf.Scalar;
  /** Add the passage → query term and return the mean of both directions. */
  symmetric: boolean;
}

/**
 * InfoNCE with in-batch negatives over cosine scores (sentence-transformers'
 * `MultipleNegativesRankingLoss`, and its symmetric variant):
 * ```
 * s_ij = scale · cos(q_i, c_j),   c = [p_1 … p_B, n_1 … n_K]
 * L_q→p = mean_i [ logsumexp_j s_ij − s_ii ]
 * L_p→q = mean_i [ logsumexp_j scale·cos(p_i, q_j) − scale·cos(p_i, q_i) ]   (symmetric only)
 * ```
 * Every query's negatives are all other positives of the batch plus every hard negative `n_k`.
 * Inputs need not be normalised (they are L2-normalised here). Returns the scalar loss (the mean over
 * queries, not the paper's sum, so the learning rate does not depend on the batch size).
 *
 * @param q `[B, d]` query embeddings
 * @param p `[B, d]` positive passage embeddings, row i the positive of query i
 * @param neg `[K, d]` hard negatives, or null
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
    const qn = l2(q);
    const pn = l2(p);
    const cands = neg && neg.shape[0] > 0 ? tf.concat([pn, l2(neg)], 0) : pn;
    const forward = crossEntropyDiag(tf.mul(tf.matMul(qn, cands, false, true), opts.scale) as tf.Tensor2D);
    if (!opts.symmetric) return forward;
    const backward = crossEntropyDiag(tf.mul(tf.matMul(pn, qn, false, true), opts.scale) as tf.Tensor2D);
    return tf.mul(tf.add(forward, backward), 0.5) as tf.Scalar;
  });
}

/** mean_i [logsumexp(logits_i) − logits_ii] for logits `[B, C]`, C ≥ B (the target of row i is column i). */
function crossEntropyDiag(logits: tf.Tensor2D): tf.Scalar {
  const [b, c] = logits.shape;
  const lse = tf.logSumExp(logits, 1); // [B]
  const target = tf.sum(tf.mul(logits, tf.oneHot(tf.range(0, b, 1, 'int32'), c)), 1); // [B]
  return tf.mean(tf.sub(lse, target)) as tf.Scalar;
}

function l2(x: tf.Tensor2D): tf.Tensor2D {
  return tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)) as tf.Tensor2D;
}
