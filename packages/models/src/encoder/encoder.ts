import { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import { dropout, gatherRows, gelu, layerNorm } from './ops.js';
import { initialValues, parameterShapes } from './params.js';

/** Input tensors, each `[b, t]` int32 (token types optional: zeros). */
export interface EncoderInputs {
  inputIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
  tokenTypeIds?: tf.Tensor2D;
}

/** Options of {@link Encoder.forward}. */
export interface ForwardOptions {
  /** Apply dropout (training). Default false. */
  training?: boolean;
  /**
   * Integer seed of this step's dropout masks (required when training with dropout > 0). Each dropout
   * site derives its own mask from (seed, site), so the same seed gives the same masks on resume.
   */
  dropoutSeed?: number;
}

/** Outputs of {@link Encoder.forward}. */
export interface EncoderOutput {
  /** `[b, t, hidden]`: the last encoder layer (Hugging Face `last_hidden_state`). */
  lastHiddenState: tf.Tensor3D;
  /** `[b, dim]`: pooled, through the dense head if any, L2-normalised if `config.normalize`. */
  pooled: tf.Tensor2D;
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

  /** Run the encoder. Call inside `tf.tidy` (or dispose the outputs). */
  forward(inputs: EncoderInputs, opts: ForwardOptions = {}): EncoderOutput {
    const cfg = this.config;
    const training = opts.training === true;
    const seed = opts.dropoutSeed;
    if (training && seed === undefined && (cfg.hiddenDropout > 0 || cfg.attentionDropout > 0)) {
      throw new RangeError('forward({ training: true }) needs a dropoutSeed for reproducible dropout');
    }
    let site = 0;
    const drop = (x: tf.Tensor, rate: number) => (training ? dropout(x, rate, seed ?? 0, site++) : x);
    const [b, t] = inputs.inputIds.shape;
    const H = cfg.hiddenSize;
    const nh = cfg.numHeads;
    const dh = H / nh;
    const linear = (x: tf.Tensor, prefix: string) =>
      tf.add(
        tf.matMul(x as tf.Tensor2D, this.w(`${prefix}.weight`) as tf.Tensor2D),
        this.w(`${prefix}.bias`),
      );

    // Embeddings.
    const ids = inputs.inputIds;
    let positions: tf.Tensor;
    if (cfg.modelType === 'xlm-roberta') {
      const notPad = tf.cast(tf.notEqual(ids, cfg.padTokenId), 'int32');
      positions = tf.add(
        tf.mul(tf.cast(tf.cumsum(notPad, 1), 'int32'), notPad),
        tf.scalar(cfg.padTokenId, 'int32'),
      );
    } else {
      positions = tf.range(0, t, 1, 'int32').reshape([1, t]);
    }
    const types = inputs.tokenTypeIds ?? tf.zeros([b, t], 'int32');
    let x = tf.add(
      tf.add(
        gatherRows(this.w('embeddings.word_embeddings.weight') as tf.Tensor2D, ids),
        gatherRows(this.w('embeddings.position_embeddings.weight') as tf.Tensor2D, positions),
      ),
      gatherRows(this.w('embeddings.token_type_embeddings.weight') as tf.Tensor2D, types),
    );
    x = layerNorm(
      x,
      this.w('embeddings.LayerNorm.weight'),
      this.w('embeddings.LayerNorm.bias'),
      cfg.layerNormEps,
    );
    x = drop(x, cfg.hiddenDropout);
    let h = tf.reshape(x, [b * t, H]);

    // Additive attention mask [b, 1, 1, t]: 0 for tokens, a large negative for padding.
    const maskAdd = tf.reshape(tf.mul(tf.sub(1, tf.cast(inputs.attentionMask, 'float32')), -1e9), [
      b,
      1,
      1,
      t,
    ]);
    const heads = (y: tf.Tensor) => tf.transpose(tf.reshape(y, [b, t, nh, dh]), [0, 2, 1, 3]);

    for (let l = 0; l < cfg.numLayers; l++) {
      const p = `encoder.layer.${l}`;
      const q = heads(linear(h, `${p}.attention.self.query`));
      const k = heads(linear(h, `${p}.attention.self.key`));
      const v = heads(linear(h, `${p}.attention.self.value`));
      let scores = tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(dh));
      scores = tf.add(scores, maskAdd);
      const probs = drop(tf.softmax(scores, -1), cfg.attentionDropout);
      const ctx = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [b * t, H]);
      const attn = drop(linear(ctx, `${p}.attention.output.dense`), cfg.hiddenDropout);
      const h1 = layerNorm(
        tf.add(attn, h),
        this.w(`${p}.attention.output.LayerNorm.weight`),
        this.w(`${p}.attention.output.LayerNorm.bias`),
        cfg.layerNormEps,
      );
      const inter = gelu(linear(h1, `${p}.intermediate.dense`));
      const out = drop(linear(inter, `${p}.output.dense`), cfg.hiddenDropout);
      h = layerNorm(
        tf.add(out, h1),
        this.w(`${p}.output.LayerNorm.weight`),
        this.w(`${p}.output.LayerNorm.bias`),
        cfg.layerNormEps,
      );
    }
    const last = tf.reshape(h, [b, t, H]) as tf.Tensor3D;

    // Pooling, head, normalisation.
    let pooled: tf.Tensor2D;
    if (cfg.pooling === 'cls') {
      pooled = tf.reshape(tf.slice(last, [0, 0, 0], [b, 1, H]), [b, H]);
    } else {
      const m = tf.expandDims(tf.cast(inputs.attentionMask, 'float32'), 2);
      const summed = tf.sum(tf.mul(last, m), 1);
      const count = tf.maximum(tf.sum(m, 1), 1e-9);
      pooled = tf.div(summed, count) as tf.Tensor2D;
    }
    if (cfg.dense) {
      const w = this.w('dense.linear.weight') as tf.Tensor2D;
      let y: tf.Tensor = tf.matMul(pooled, w);
      if (cfg.dense.bias) y = tf.add(y, this.w('dense.linear.bias'));
      pooled = (cfg.dense.activation === 'tanh' ? tf.tanh(y) : y) as tf.Tensor2D;
    }
    if (cfg.normalize) {
      const norm = tf.maximum(tf.sqrt(tf.sum(tf.square(pooled), 1, true)), 1e-12);
      pooled = tf.div(pooled, norm) as tf.Tensor2D;
    }
    return { lastHiddenState: last, pooled };
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
