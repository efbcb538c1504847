/**
 * The primitives the encoder's math (`encoder-math.ts`) is written against, with two implementations:
 * eager tfjs tensors (`EagerEncoderOps`) and TensorFlow graph nodes (`GraphEncoderOps`). The forward
 * pass and its hand-written backward pass are written once, so both paths compute the same thing by
 * construction; each implementation only decides how a primitive runs (a kernel, a graph node).
 *
 * @example
 * const ops = new EagerEncoderOps(cfg, w, inputs, { save: true });
 * const state = encoderForward(ops, cfg); // state.output: [b, dim]
 * const grads = encoderGradients(ops, cfg, state, dOut); // Map<HF name, T>
 */

/** A dropout site: `hidden` `[N, H]` (N = b·t) or attention `probs` `[b, heads, t, t]`. */
export type MaskKind = 'hidden' | 'probs';

/** An embedding table the pass gathers from: word ids, position ids or token types. */
export type EmbeddingTable = 'word' | 'position' | 'type';

/** One primitive set of the encoder, over values of type `T` (a tensor, a graph node name). */
export interface EncoderOps<T> {
  /**
   * Inference form: the query weights carry 1/√d_head when it is a power of two (exact) and GELU feeds
   * the output dense through {@link EncoderOps.geluDense}; the training form keeps Φ(x) for the
   * backward pass.
   */
  readonly inference: boolean;
  /** A parameter by Hugging Face name (linear weights `[in, out]`). */
  param(name: string): T;
  /** A parameter times `c` (a power of two: exact). */
  scaledParam(name: string, c: number): T;
  /** `[b, t, H]` rows of an embedding table for the pass's ids, positions or token types. */
  embed(table: EmbeddingTable): T;
  /** Additive attention mask `[b, 1, 1, t]` (0 or −1e9), or null where it would add only zeros. */
  attentionBias(): T | null;
  /** `[b, t, 1]` float attention mask (mean pooling). */
  tokenMask(): T;
  /** The dropout multiplier of the next site, or null (no dropout). Sites are numbered in call order. */
  dropMask(rate: number, kind: MaskKind): T | null;
  /** Mark a value the backward pass reads (eager: kept past the forward pass's scope). */
  save(x: T): T;
  /** Run `f` as one scope (eager: `tf.tidy`), returning its result. */
  scope<R extends T | undefined>(f: () => R): R;
  /** Free a value no longer needed (eager: dispose; graph: nothing). */
  release(x: T): void;
  /** A gradient handed to the caller (eager: kept past every scope). */
  grad(x: T): T;

  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  addN(xs: readonly T[]): T;
  addC(x: T, c: number): T;
  mulC(x: T, c: number): T;
  /** `c − x`. */
  rsubC(c: number, x: T): T;
  maximumC(x: T, c: number): T;
  square(x: T): T;
  sqrt(x: T): T;
  rsqrt(x: T): T;
  exp(x: T): T;
  tanh(x: T): T;
  /** `x + bias` over the last axis. */
  addBias(x: T, bias: T): T;
  matMul(a: T, b: T, ta: boolean, tb: boolean): T;
  batchMatMul(a: T, b: T, ta: boolean, tb: boolean): T;
  mean(x: T, axis: number, keepDims: boolean): T;
  sum(x: T, axis: number, keepDims: boolean): T;
  softmax(x: T): T;
  /** 2Φ(x), Φ the standard normal CDF. */
  twiceCdf(x: T): T;
  /** Inference form of `dense(GELU(pre))` for the dense layer `prefix` (exact GELU). */
  geluDense(pre: T, prefix: string): T;

  /** `[b, t, H]` → `[N, H]`. */
  flat(x: T): T;
  /** `[N, H]` → `[b, t, H]`. */
  unflat(x: T): T;
  /** `[N, H]` → `[b, heads, t, d_head]`. */
  heads(x: T): T;
  /** `[b, heads, t, d_head]` → `[N, H]`. */
  merge(x: T): T;
  /** `[b, H]` → `[b, 1, H]`. */
  expandTokens(x: T): T;
  /** `[b, t, H]` → `[b, H]`: the first token. */
  firstToken(x: T): T;
  /** `[b, H]` → `[b, t, H]`: the gradient of {@link EncoderOps.firstToken} (zeros after the first). */
  firstTokenGrad(d: T): T;
  /** ∂L/∂table from ∂L/∂(rows gathered by {@link EncoderOps.embed}) `[N, H]` (rows summed per index). */
  embedGrad(dE: T, table: EmbeddingTable): T;
}
