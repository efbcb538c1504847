import type { tf } from '@hbt/models';

/**
 * The primitives every training objective is written with, once, for two evaluators: eager tfjs tensors
 * (`EagerOps`, differentiated by tfjs autodiff) and TensorFlow graph nodes (`GraphOps`, differentiated by
 * a tape of each primitive's hand-written derivative). An objective is a function of its views' embeddings
 * built only from these, so the eager step and the graph step compute the same math by construction.
 *
 * `T` is a `tf.Tensor` (eager) or a graph node name (graph). Shapes in comments: `[n, d]` embeddings,
 * `[n, m]` score matrices, `[]` scalars.
 *
 * @example
 * // InfoNCE query → passage, written once:
 * const loss = <T>(o: LossOps<T>, q: T, p: T) => o.crossEntropyDiag(o.scale(o.matMulT(o.l2(q), o.l2(p)), 20));
 */
export interface LossOps<T> {
  /** Row-wise L2 normalisation `x / max(‖x‖, 1e-12)`: `[n, d] → [n, d]`. */
  l2(x: T): T;
  /** `a · bᵀ`: `[n, d] × [m, d] → [n, m]`. */
  matMulT(a: T, b: T): T;
  /** `x · c`, `c` a constant or a scalar (`[]`). */
  scale(x: T, c: number | T): T;
  /** `exp(x)` of a scalar. */
  exp(x: T): T;
  /** An eager tensor of an objective (a learned scalar, one of its `variables`); not in the graph evaluator. */
  tensor(t: tf.Tensor): T;
  /** The first `rows(like)` rows of `x` (`x` itself when it has no more). */
  head(x: T, like: T): T;
  /** `mean_i [logsumexp_j x_ij − x_ii]` of `[n, m]` scores, m ≥ n (row i's target is column i): `[]`. */
  crossEntropyDiag(x: T): T;
  /**
   * `Σ_i w_i Σ_j (a_ij − b_ij)² / (d · max(1, Σ_i w_i))`: the mean squared error over the rows with weight
   * 1 (`w` `[n]` of 0/1): torch's `MSELoss` on the kept rows; 0 when no row is kept. `[n, d], [n, d], [n] → []`.
   */
  weightedMse(a: T, b: T, w: T): T;
  /** `a + b` of two scalars. */
  add(a: T, b: T): T;
  /** A per-batch float32 input of an objective (from its `feeds`), by name, of rank 1 or 2. */
  input(name: string, rank: 1 | 2): T;
}
