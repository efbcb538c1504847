import { tf } from '@hbt/models';
import type { Objective } from './objective.js';

/** Settings of {@link infonce} (config: `train.temperature`, `train.symmetric`, `train.learnable_scale`). */
export interface InfoNceSettings {
  /**
   * Logit scale 1/τ, or a scalar tensor holding log(scale): a variable with `train.learnable_scale`
   * (eager step only).
   */
  scale: number | tf.Tensor;
  /** Add the passage → query term and return the mean of both directions. */
  symmetric: boolean;
}

/**
 * `infonce` — InfoNCE with in-batch negatives over cosine scores (sentence-transformers'
 * `MultipleNegativesRankingLoss`; `MultipleNegativesSymmetricRankingLoss` with `symmetric`):
 * ```
 * s_ij = scale · cos(q_i, c_j),   c = [p_1 … p_B, n_1 … n_K]
 * L_q→p = mean_i [ logsumexp_j s_ij − s_ii ]
 * L_p→q = mean_i [ logsumexp_j scale·cos(p_i, q_j) − scale·cos(p_i, q_i) ]   (symmetric only)
 * L = L_q→p, or (L_q→p + L_p→q) / 2
 * ```
 *
 * Inputs: (query, positive passage) pairs — views `q` `[B, d]` and `p` `[B + K, d]` (the B positives in
 * slot order, then the K hard negatives of `train.hard_negatives`). Every other positive of the batch is a
 * negative of query i, and so is every hard negative; the sampler keeps translations of one item out of a
 * batch (they would be false negatives). Embeddings need not be normalised.
 *
 * Learns: queries close to their own passage and far from the batch's other passages (and, symmetric,
 * passages close to their own query). The mean over queries (not the paper's sum) keeps the learning rate
 * independent of the batch size.
 *
 * Reference: van den Oord et al. 2018, "Representation Learning with Contrastive Predictive Coding"; for
 * retrieval with in-batch negatives, Henderson et al. 2017 and Karpukhin et al. 2020 (DPR); hybrid batch
 * training: the paper of this project (docs/paper-notes.md).
 *
 * @example
 * const obj = infonce({ scale: 20, symmetric: false });
 * const loss = tf.tidy(() => obj.loss(new EagerOps({}), { q, p })); // scalar
 */
export function infonce(s: InfoNceSettings): Objective {
  const learned = typeof s.scale === 'number' ? null : s.scale;
  return {
    name: 'infonce',
    views: ['q', 'p'],
    variables: learned instanceof tf.Variable ? [learned] : [],
    graphUnsupported:
      learned && !(learned instanceof tf.Variable) ? 'a logit scale that is not a variable' : null,
    loss(o, v) {
      const scale = learned ? o.exp(o.tensor(learned)) : (s.scale as number);
      const qn = o.l2(v.q!);
      const cn = o.l2(v.p!); // [p_1 … p_B, n_1 … n_K]
      const forward = o.crossEntropyDiag(o.scale(o.matMulT(qn, cn), scale));
      if (!s.symmetric) return forward;
      const backward = o.crossEntropyDiag(o.scale(o.matMulT(o.head(cn, qn), qn), scale));
      return o.scale(o.add(forward, backward), 0.5);
    },
  };
}
