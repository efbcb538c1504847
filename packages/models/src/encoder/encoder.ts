import { tf } from '../tf.js';
import { type BackwardOptions, encoderBackward } from './backward.js';
import type { EncoderConfig } from './config.js';
import {
  disposeSaved,
  type EncoderInputs,
  type EncoderOutput,
  type ForwardOptions,
  runEncoder,
  type SavedPass,
} from './forward.js';
import { initialValues, parameterShapes } from './params.js';
import { usedWordIds, type WordRowIndex, wordRowIndex } from './word-rows.js';

export type { EncoderInputs, EncoderOutput, ForwardOptions } from './forward.js';

/**
 * A forward pass kept for the hand-written backward pass ({@link Encoder.trainForward}).
 *
 * @example
 * const pass = enc.trainForward(batchToTensors(batch), { training: true, dropoutSeed: 7 });
 * const dOut = ...; // ∂L/∂pass.pooled
 * const grads = pass.backward(dOut); // Map<HF name, tf.Tensor>
 * pass.dispose();
 */
export interface EncoderPass {
  /** `[b, dim]` output (owned by the pass: disposed by {@link EncoderPass.dispose}). */
  pooled: tf.Tensor2D;
  /** ∂L/∂θ by Hugging Face name from ∂L/∂pooled; the caller owns the returned tensors. */
  backward(dPooled: tf.Tensor2D, opts?: BackwardOptions): Map<string, tf.Tensor>;
  /** Free the saved activations. */
  dispose(): void;
}

let instances = 0;

/** Linear (dense) weights: 2-D `.weight`s outside the embeddings. */
function isLinear(name: string, shape: readonly number[]): boolean {
  return shape.length === 2 && name.endsWith('.weight') && !name.startsWith('embeddings.');
}

/** Transpose a row-major `[rows, cols]` matrix. */
function transpose2d(v: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(v.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = v[r * cols + c]!;
  return out;
}

/**
 * A BERT-family transformer encoder (BERT, mBERT, LaBSE, XLM-R): word + position + token-type
 * embeddings, LayerNorm, N post-LN layers of multi-head self-attention and an exact-GELU feed-forward,
 * dropout; pooling `cls` or `mean`, optional dense head (tanh), L2 normalisation.
 *
 * Parameters are tf.Variables keyed by their Hugging Face names (`embeddings.word_embeddings.weight`,
 * `encoder.layer.0.attention.self.query.weight`, …, `dense.linear.weight` for the head). Linear
 * weights are stored transposed, `[in, out]` (Hugging Face's `[out, in]` needs a transposed matMul,
 * ~10× slower on wasm); `getValues`/`setValues`/`hfShape` and import/export speak Hugging Face layout.
 *
 * @example
 * const enc = createEncoder(cfg, 13);
 * const out = tf.tidy(() => enc.forward(batchToTensors(tok.encode(texts, { maxLength: 64 }))).pooled);
 */
export class Encoder {
  readonly config: EncoderConfig;
  /** Trainable parameters by Hugging Face name, in Hugging Face order. */
  readonly weights: Map<string, tf.Variable>;
  /** Tensors loaded from a checkpoint that the encoder does not use (e.g. `pooler.*`), kept for export. */
  readonly extras: Map<string, tf.Tensor>;

  constructor(
    config: EncoderConfig,
    values: Map<string, Float32Array>,
    extras = new Map<string, tf.Tensor>(),
  ) {
    this.config = config;
    this.extras = extras;
    this.weights = new Map();
    const id = instances++;
    for (const [name, shape] of parameterShapes(config)) {
      const v = values.get(name);
      if (!v) throw new Error(`missing value for parameter ${name}`);
      const [data, inner] = isLinear(name, shape)
        ? [transpose2d(v, shape[0]!, shape[1]!), [shape[1]!, shape[0]!]]
        : [v, shape];
      const init = tf.tensor(data, inner, 'float32');
      this.weights.set(name, tf.variable(init, true, `hbt${id}/${name}`));
      init.dispose(); // the variable holds its own copy
    }
  }

  /** The Hugging Face shape of a parameter (linear weights are stored transposed, `[in, out]`). */
  hfShape(name: string): number[] {
    const w = this.weights.get(name);
    if (!w) throw new Error(`no parameter ${name}`);
    return isLinear(name, w.shape) ? [w.shape[1]!, w.shape[0]!] : w.shape;
  }

  /**
   * The sorted distinct word ids some tokenised batches use (the embedding rows they touch), plus the
   * padding row when `withPad`.
   */
  usedWordIds(
    batches: readonly { inputIds: ArrayLike<number> }[],
    opts: { withPad?: boolean } = {},
  ): Int32Array {
    return usedWordIds(this.config, batches, opts.withPad === true);
  }

  /** The rows some tokenised batches use and each id's row (`rowOf`, −1 where unused). */
  wordRowIndex(batches: readonly { inputIds: ArrayLike<number> }[]): WordRowIndex {
    return wordRowIndex(this.config, batches);
  }

  /** The shape of a fed word table (any number of rows of the word embedding): `[-1, hidden]`. */
  get wordTableShape(): readonly number[] {
    return [-1, this.config.hiddenSize];
  }

  /** Output dimension (after the dense head, if any). */
  get dim(): number {
    return this.config.dense ? this.config.dense.outFeatures : this.config.hiddenSize;
  }

  /** All trainable variables, in Hugging Face order. */
  trainableVariables(): tf.Variable[] {
    return [...this.weights.values()];
  }

  /** The Hugging Face name of one of this encoder's variables. */
  nameOf(v: tf.Variable): string | undefined {
    for (const [n, w] of this.weights) if (w === v) return n;
    return undefined;
  }

  /** Current parameter values by name, in Hugging Face layout (copies). */
  async getValues(): Promise<Map<string, Float32Array>> {
    const out = new Map<string, Float32Array>();
    for (const [n, w] of this.weights) {
      const d = (await w.data()) as Float32Array;
      out.set(n, isLinear(n, w.shape) ? transpose2d(d, w.shape[0]!, w.shape[1]!) : d);
    }
    return out;
  }

  /** Overwrite parameters from values by name, in Hugging Face layout (all must be present, right sizes). */
  setValues(values: Map<string, Float32Array>): void {
    for (const [n, w] of this.weights) {
      const v = values.get(n);
      if (!v || v.length !== w.size) throw new Error(`setValues: bad or missing value for ${n}`);
      const d = isLinear(n, w.shape) ? transpose2d(v, w.shape[1]!, w.shape[0]!) : v;
      tf.tidy(() => w.assign(tf.tensor(d, w.shape, 'float32')));
    }
  }

  private w(name: string): tf.Tensor {
    const v = this.weights.get(name);
    if (!v) throw new Error(`no parameter ${name}`);
    return v;
  }

  /** Run the encoder. Call inside `tf.tidy` (or dispose the outputs). Differentiable by tfjs autodiff. */
  forward(inputs: EncoderInputs, opts: ForwardOptions = {}): EncoderOutput {
    return runEncoder(this.config, (n) => this.w(n), inputs, opts, null);
  }

  /**
   * A forward pass that keeps what {@link EncoderPass.backward} needs: the training path. Its `pooled`
   * equals {@link Encoder.forward}'s bit for bit (same kernels, same dropout masks); its backward pass
   * is hand-written (see `backward.ts`) and runs far fewer kernels than autodiff.
   */
  trainForward(inputs: EncoderInputs, opts: ForwardOptions = {}): EncoderPass {
    let saved: SavedPass | null = null;
    tf.tidy(() => {
      runEncoder(
        this.config,
        (n) => this.w(n),
        inputs,
        opts,
        (s) => {
          saved = s;
        },
      );
    });
    const s = saved as SavedPass | null;
    if (!s) throw new Error('trainForward: the forward pass saved nothing');
    const cfg = this.config;
    return {
      pooled: s.state.output as tf.Tensor2D,
      backward: (dPooled, o) => encoderBackward(cfg, s, dPooled, o),
      dispose: () => disposeSaved(s),
    };
  }

  /** Free all variables and kept tensors. */
  dispose(): void {
    for (const v of this.weights.values()) v.dispose();
    for (const e of this.extras.values()) e.dispose();
    this.weights.clear();
    this.extras.clear();
  }
}

/**
 * A new encoder with `transformers`-style random initialisation (see `initialValues`), reproducible
 * from `seed`.
 */
export function createEncoder(config: EncoderConfig, seed: number): Encoder {
  return new Encoder(config, initialValues(config, seed));
}
