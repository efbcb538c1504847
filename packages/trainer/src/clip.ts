import { tf } from '@hbt/models';

/**
 * The global L2 norm of a set of gradients, `sqrt(Σ_g Σ g²)`, as a JS number (float32 arithmetic on the
 * backend). A NaN or Inf anywhere gives a non-finite norm.
 */
export function globalNorm(grads: readonly tf.Tensor[]): number {
  if (grads.length === 0) return 0;
  return tf.tidy(() => tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g))))).dataSync()[0]!);
}

/**
 * The factor `torch.nn.utils.clip_grad_norm_` multiplies gradients by: `min(1, maxNorm / (norm + 1e-6))`;
 * 1 when clipping is off (`maxNorm` null).
 *
 * @example
 * clipCoefficient(4, 1); // ≈ 0.25
 */
export function clipCoefficient(norm: number, maxNorm: number | null): number {
  if (maxNorm === null) return 1;
  return Math.min(1, maxNorm / (norm + 1e-6));
}
