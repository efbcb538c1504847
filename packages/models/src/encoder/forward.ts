import { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import { EagerEncoderOps } from './eager-encoder-ops.js';
import { type EncoderState, encoderForward } from './encoder-math.js';

/** Input tensors, each `[b, t]` int32 (token types optional: zeros). */
export interface EncoderInputs {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds?: tf.Tensor2D;
}

/** Options of a forward pass. */
export interface ForwardOptions {
  /** Apply dropout (training). Default false. */
  training?: boolean;
  /**
   * Integer seed of this step's dropout masks (required when training with dropout > 0). Each dropout
   * site derives its own mask from (seed, site), so the same seed gives the same masks on resume.
   */
  dropoutSeed?: number;
  /**
   * Take the word embeddings from these rows instead of the full table: `rows` `[count, hidden]` holds
   * the current values of the ids used, id `i` at row `rowOf[i]`. The lazy training path keeps the word
   * table on the host and uploads only the rows a step uses.
   */
  wordTable?: { rows: tf.Tensor2D; rowOf: Int32Array };
  /**
   * The dropout masks, in site order (embeddings `[N, H]`, then per layer attention probabilities
   * `[b, heads, t, t]`, attention output `[N, H]`, feed-forward output `[N, H]`), instead of drawing them
   * from `dropoutSeed`: for comparisons with a reference implementation that draws its own. Each mask
   * holds 0 or 1/(1 − rate); a saved pass (`trainForward`) takes ownership and disposes them with its
   * activations, a plain forward pass leaves them to the caller.
   */
  masks?: readonly tf.Tensor[];
}

/** Outputs of a forward pass. */
export interface EncoderOutput {
  /** `[b, t, hidden]`: the last encoder layer (Hugging Face `last_hidden_state`). */
  lastHiddenState: tf.Tensor3D;
  /** `[b, dim]`: pooled, through the dense head if any, L2-normalised if `config.normalize`. */
  pooled: tf.Tensor2D;
}

/** Read access to an encoder's parameters (`[in, out]` linear layout). */
export type WeightOf = (name: string) => tf.Tensor;

/** A forward pass kept for the backward pass: its ops (inputs, kept tensors) and state. */
export interface SavedPass {
  ops: EagerEncoderOps;
  state: EncoderState<tf.Tensor>;
}

/**
 * The encoder's forward pass on eager tensors ({@link encoderForward} over {@link EagerEncoderOps}). With
 * `save`, every tensor the hand-written backward pass needs is kept (tf.keep) and handed to `save`;
 * without it, this is plain inference (or a taped forward for autodiff). Call inside `tf.tidy`.
 */
export function runEncoder(
  cfg: EncoderConfig,
  w: WeightOf,
  inputs: EncoderInputs,
  opts: ForwardOptions,
  save: ((s: SavedPass) => void) | null,
): EncoderOutput {
  const ops = new EagerEncoderOps(cfg, w, inputs, opts, save !== null);
  const state = encoderForward(ops, cfg);
  save?.({ ops, state });
  return { lastHiddenState: state.last as tf.Tensor3D, pooled: state.output as tf.Tensor2D };
}

/** Free a saved forward pass. */
export function disposeSaved(s: SavedPass): void {
  tf.dispose([...s.ops.kept]);
  s.ops.kept.clear();
}
