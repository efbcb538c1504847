import type { Objective } from './objective.js';
import type { LossOps } from './ops.js';

/** Settings of {@link simcse} (config: the `temperature` of its `train.objective` entry). */
export interface SimCseSettings {
  /** Logit scale 1/τ (τ = 0.05 by default, as Gao et al.). */
  scale: number;
}

/**
 * `simcse` — unsupervised SimCSE: every text is its own positive, seen through two independent dropout
 * masks; the other texts of the batch are its negatives.
 * ```
 * L_X = mean_i [ logsumexp_j scale·cos(x_i, x'_j) − scale·cos(x_i, x'_i) ]   (x, x': two passes over X)
 * L = (L_queries + L_positives) / 2
 * ```
 *
 * Inputs: the texts of any batch kind, as the encoder sees them (prefixed). Of a pair batch it uses the B
 * query texts and the B positive passage texts — each side on its own, so a query is never contrasted
 * with its own positive (a translation or an answer: a false negative); hard negatives are not used. The
 * first pass of each side is the pass every objective shares (views `q` and `p`, dropout stream `q`/`p`),
 * the second one is its own (views `q2`, `p2`, streams `q2`/`p2`): two more encoder passes per step. A
 * mono batch is one language, so SimCSE there is monolingual; an x-y batch mixes the languages of a side.
 *
 * Learns: embeddings that are stable under dropout noise and spread apart (alignment and uniformity).
 *
 * Reference: Gao, Yao and Chen 2021, "SimCSE: Simple Contrastive Learning of Sentence Embeddings" (EMNLP),
 * unsupervised variant, τ = 0.05; sentence-transformers' `MultipleNegativesRankingLoss` on (x, x) pairs.
 *
 * @example
 * const obj = simcse({ scale: 20 }); // views q, p, q2, p2
 */
export function simcse(s: SimCseSettings): Objective {
  return {
    name: 'simcse',
    views: ['q', 'p', 'q2', 'p2'],
    loss(o, v) {
      const queries = side(o, v.q!, v.q2!, s.scale);
      const positives = side(o, o.head(v.p!, v.q!), v.p2!, s.scale);
      return o.scale(o.add(queries, positives), 0.5);
    },
  };
}

/** `L_X` of one side: the texts' first pass `a` `[B, d]` against their second pass `b` `[B, d]`. */
function side<T>(o: LossOps<T>, a: T, b: T, scale: number): T {
  return o.crossEntropyDiag(o.scale(o.matMulT(o.l2(a), o.l2(b)), scale));
}
