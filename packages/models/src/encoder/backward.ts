import type { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import type { EagerEncoderOps } from './eager-encoder-ops.js';
import { encoderGradients } from './encoder-math.js';
import type { runEncoder, SavedPass } from './forward.js';

/** Options of {@link encoderBackward}. */
export interface BackwardOptions {
  /**
   * Return the word-embedding gradient compactly: only the rows of the ids used, row `rowOf[id]` of a
   * `[count, hidden]` tensor (every id of the pass must have a row). Default: the dense `[vocab, hidden]`
   * gradient.
   */
  wordRows?: { rowOf: Int32Array; count: number };
}

export const WORD_EMBEDDINGS = 'embeddings.word_embeddings.weight';

/**
 * The hand-written backward pass of a saved eager forward pass ({@link encoderGradients} over its
 * {@link EagerEncoderOps}): from ∂L/∂output (`[b, dim]`) to ∂L/∂θ for every parameter, by Hugging Face
 * name (linear weights in hbt's `[in, out]` layout, like the variables). Equal to tfjs autodiff through
 * {@link runEncoder} up to float rounding (tested), with about a third of the kernels: the tape records
 * every broadcast, reshape and identity, while this pass runs only the products and reductions needed.
 * The caller owns the returned tensors.
 */
export function encoderBackward(
  cfg: EncoderConfig,
  s: SavedPass,
  dOut: tf.Tensor2D,
  opts: BackwardOptions = {},
): Map<string, tf.Tensor> {
  s.ops.wordRows = opts.wordRows ?? null;
  return encoderGradients(s.ops, cfg, s.state, dOut);
}
