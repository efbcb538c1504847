import { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import { dropoutMask, gatherRows, normalCdf, normalizeRows, twiceGelu } from './ops.js';
import { positionIds } from './positions.js';

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

/** What the backward pass of one LayerNorm needs. */
export interface NormSaved {
  xhat: tf.Tensor;
  rstd: tf.Tensor;
}

/** Tensors one encoder layer's backward pass needs (masks are null without dropout). */
export interface LayerSaved {
  /** Layer input `[N, H]` (N = b·t). */
  x: tf.Tensor2D;
  /** Heads `[b, nh, t, dh]`. */
  q: tf.Tensor4D;
  k: tf.Tensor4D;
  v: tf.Tensor4D;
  /** Attention probabilities `[b, nh, t, t]` and their dropout mask. */
  probs: tf.Tensor4D;
  probsMask: tf.Tensor | null;
  /** Attention context `[N, H]` (input of the attention output dense). */
  ctx: tf.Tensor2D;
  attnMask: tf.Tensor | null;
  norm1: NormSaved;
  /** LayerNorm 1 output `[N, H]` (input of the intermediate dense). */
  h1: tf.Tensor2D;
  /** Intermediate pre-activation `[N, I]`, its Φ, and the GELU output. */
  pre: tf.Tensor2D;
  cdf: tf.Tensor2D;
  act: tf.Tensor2D;
  outMask: tf.Tensor | null;
  norm2: NormSaved;
}

/** Everything {@link encoderBackward} needs from a forward pass (owned: dispose with {@link disposeSaved}). */
export interface ForwardSaved {
  b: number;
  t: number;
  ids: tf.Tensor2D;
  positions: tf.Tensor;
  types: tf.Tensor;
  embNorm: NormSaved;
  embMask: tf.Tensor | null;
  layers: LayerSaved[];
  /** `[b, t, 1]` float attention mask (mean pooling). */
  maskF: tf.Tensor | null;
  /** Pooled vector before the head `[b, H]`, the head's output (before normalisation), the final output. */
  pooledIn: tf.Tensor2D;
  headOut: tf.Tensor2D | null;
  beforeNorm: tf.Tensor2D;
  norm: tf.Tensor | null;
  output: tf.Tensor2D;
}

/** Read access to an encoder's parameters (`[in, out]` linear layout). */
export type WeightOf = (name: string) => tf.Tensor;

/**
 * The encoder's forward pass. With `saved`, every tensor the hand-written backward pass needs is kept
 * (tf.keep) and recorded there; without it, this is plain inference (or a taped forward for autodiff).
 * Call inside `tf.tidy`.
 */
export function runEncoder(
  cfg: EncoderConfig,
  w: WeightOf,
  inputs: EncoderInputs,
  opts: ForwardOptions,
  save: ((s: ForwardSaved) => void) | null,
): EncoderOutput {
  const training = opts.training === true;
  const seed = opts.dropoutSeed;
  const fed = opts.masks ?? null;
  if (training && seed === undefined && !fed && (cfg.hiddenDropout > 0 || cfg.attentionDropout > 0)) {
    throw new RangeError('forward({ training: true }) needs a dropoutSeed for reproducible dropout');
  }
  const keep = <T extends tf.Tensor>(x: T): T => (save ? tf.keep(x) : x);
  let site = 0;
  // A dropout mask, or null when off; the site counter advances either way only when dropout applies.
  const mask = (shape: number[], rate: number): tf.Tensor | null => {
    if (!(training && rate > 0)) return null;
    if (!fed) return keep(dropoutMask(shape, rate, seed ?? 0, site++));
    const m = fed[site++];
    if (!m || m.shape.join() !== shape.join())
      throw new RangeError(
        `dropout site ${site - 1}: fed mask ${m ? `[${m.shape}]` : 'missing'}, expected [${shape}]`,
      );
    return keep(m);
  };
  const apply = (x: tf.Tensor, m: tf.Tensor | null) => (m ? tf.mul(x, m) : x);
  const [b, t] = inputs.inputIds.shape;
  const H = cfg.hiddenSize;
  const nh = cfg.numHeads;
  const dh = H / nh;
  const N = b * t;
  const linear = (x: tf.Tensor, prefix: string) =>
    tf.add(tf.matMul(x as tf.Tensor2D, w(`${prefix}.weight`) as tf.Tensor2D), w(`${prefix}.bias`));
  const norm = (x: tf.Tensor, prefix: string): [tf.Tensor, NormSaved] => {
    const n = normalizeRows(x, cfg.layerNormEps);
    const y = tf.add(tf.mul(n.xhat, w(`${prefix}.weight`)), w(`${prefix}.bias`));
    return [y, { xhat: keep(n.xhat), rstd: keep(n.rstd) }];
  };

  // Embeddings.
  const ids = inputs.inputIds;
  const positions = tf.tensor2d(positionIds(cfg, ids.dataSync() as Int32Array, [b, t]), [b, t], 'int32');
  const types = inputs.tokenTypeIds ?? tf.zeros([b, t], 'int32');
  // With a saved pass the gradient is hand-written, so the plain gather does (no custom gradient).
  const gather = save
    ? (table: string, i: tf.Tensor) => tf.gather(w(table) as tf.Tensor2D, i)
    : (table: string, i: tf.Tensor) => gatherRows(w(table) as tf.Tensor2D, i);
  let words: tf.Tensor;
  if (opts.wordTable) {
    const { rows, rowOf } = opts.wordTable;
    const local = Int32Array.from(ids.dataSync(), (id) => {
      const r = rowOf[id] ?? -1;
      if (r < 0) throw new RangeError(`forward: token id ${id} has no row in wordTable`);
      return r;
    });
    const localIds = tf.tensor2d(local, [b, t], 'int32');
    words = save ? tf.gather(rows, localIds) : gatherRows(rows, localIds);
  } else {
    words = gather('embeddings.word_embeddings.weight', ids);
  }
  const emb = tf.add(
    tf.add(words, gather('embeddings.position_embeddings.weight', positions)),
    gather('embeddings.token_type_embeddings.weight', types),
  );
  const [embNormed, embNorm] = norm(tf.reshape(emb, [N, H]), 'embeddings.LayerNorm');
  const embMask = mask([N, H], cfg.hiddenDropout);
  let h = apply(embNormed, embMask) as tf.Tensor2D;

  // Additive attention mask [b, 1, 1, t]: 0 for tokens, a large negative for padding. Without padding it
  // would add only zeros, so it is left out (bit-identical scores, one op fewer per layer).
  const padded = tf.min(inputs.attentionMask).dataSync()[0] === 0;
  const maskAdd = padded
    ? tf.reshape(tf.mul(tf.sub(1, tf.cast(inputs.attentionMask, 'float32')), -1e9), [b, 1, 1, t])
    : null;
  const heads = (y: tf.Tensor) => tf.transpose(tf.reshape(y, [b, t, nh, dh]), [0, 2, 1, 3]) as tf.Tensor4D;

  // Without a saved pass, two exact rewrites save a full pass each per layer: 1/√dh moves into the
  // query weights when it is a power of two (dh = 4, 16, 64, 256: scaling by 2^-k is exact), and GELU's
  // factor 0.5 moves into the output dense weights (x·2Φ(x) times 0.5·W is x·Φ(x) times W, bit for bit).
  // The saved (training) pass keeps the plain form its backward pass differentiates.
  const scale = 1 / Math.sqrt(dh);
  const foldScale = !save && Number.isInteger(Math.log2(scale));
  const layers: LayerSaved[] = [];
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const qName = `${p}.attention.self.query`;
    const q = heads(
      foldScale
        ? tf.add(
            tf.matMul(h, tf.mul(w(`${qName}.weight`), scale) as tf.Tensor2D),
            tf.mul(w(`${qName}.bias`), scale),
          )
        : linear(h, qName),
    );
    const k = heads(linear(h, `${p}.attention.self.key`));
    const v = heads(linear(h, `${p}.attention.self.value`));
    let scores = tf.matMul(q, k, false, true) as tf.Tensor;
    if (!foldScale) scores = tf.mul(scores, scale);
    if (maskAdd) scores = tf.add(scores, maskAdd);
    const probs = tf.softmax(scores, -1) as tf.Tensor4D;
    const probsMask = mask(probs.shape, cfg.attentionDropout);
    const ctx = tf.reshape(tf.transpose(tf.matMul(apply(probs, probsMask) as tf.Tensor4D, v), [0, 2, 1, 3]), [
      N,
      H,
    ]) as tf.Tensor2D;
    const attnMask = mask([N, H], cfg.hiddenDropout);
    const attn = apply(linear(ctx, `${p}.attention.output.dense`), attnMask);
    const [h1, norm1] = norm(tf.add(attn, h), `${p}.attention.output.LayerNorm`);
    const pre = linear(h1, `${p}.intermediate.dense`) as tf.Tensor2D;
    const outMask = mask([N, H], cfg.hiddenDropout);
    if (!save) {
      const act2 = twiceGelu(pre) as tf.Tensor2D;
      const half = tf.mul(w(`${p}.output.dense.weight`), 0.5) as tf.Tensor2D;
      const out = apply(tf.add(tf.matMul(act2, half), w(`${p}.output.dense.bias`)), outMask);
      h = norm(tf.add(out, h1), `${p}.output.LayerNorm`)[0] as tf.Tensor2D;
      continue;
    }
    const cdf = normalCdf(pre) as tf.Tensor2D;
    const act = tf.mul(pre, cdf) as tf.Tensor2D;
    const out = apply(linear(act, `${p}.output.dense`), outMask);
    const [h2, norm2] = norm(tf.add(out, h1), `${p}.output.LayerNorm`);
    layers.push({
      x: keep(h),
      q: keep(q),
      k: keep(k),
      v: keep(v),
      probs: keep(probs),
      probsMask,
      ctx: keep(ctx),
      attnMask,
      norm1,
      h1: keep(h1 as tf.Tensor2D),
      pre: keep(pre),
      cdf: keep(cdf),
      act: keep(act),
      outMask,
      norm2,
    });
    h = h2 as tf.Tensor2D;
  }
  const last = tf.reshape(h, [b, t, H]) as tf.Tensor3D;

  // Pooling, head, normalisation.
  let pooled: tf.Tensor2D;
  let maskF: tf.Tensor | null = null;
  if (cfg.pooling === 'cls') {
    pooled = tf.reshape(tf.slice(last, [0, 0, 0], [b, 1, H]), [b, H]);
  } else {
    maskF = tf.expandDims(tf.cast(inputs.attentionMask, 'float32'), 2);
    const summed = tf.sum(tf.mul(last, maskF), 1);
    const count = tf.maximum(tf.sum(maskF, 1), 1e-9);
    pooled = tf.div(summed, count) as tf.Tensor2D;
  }
  const pooledIn = pooled;
  let headOut: tf.Tensor2D | null = null;
  if (cfg.dense) {
    let y: tf.Tensor = tf.matMul(pooled, w('dense.linear.weight') as tf.Tensor2D);
    if (cfg.dense.bias) y = tf.add(y, w('dense.linear.bias'));
    headOut = (cfg.dense.activation === 'tanh' ? tf.tanh(y) : y) as tf.Tensor2D;
    pooled = headOut;
  }
  const beforeNorm = pooled;
  let normT: tf.Tensor | null = null;
  if (cfg.normalize) {
    normT = tf.maximum(tf.sqrt(tf.sum(tf.square(pooled), 1, true)), 1e-12);
    pooled = tf.div(pooled, normT) as tf.Tensor2D;
  }
  if (save) {
    save({
      b,
      t,
      // Copies (shared buffers): the caller may dispose its input tensors before the backward pass.
      ids: keep(tf.clone(ids)),
      positions: keep(positions),
      types: keep(tf.clone(types)),
      embNorm,
      embMask,
      layers,
      maskF: maskF ? keep(maskF) : null,
      pooledIn: keep(pooledIn),
      headOut: headOut ? keep(headOut) : null,
      beforeNorm: keep(beforeNorm),
      norm: normT ? keep(normT) : null,
      output: keep(pooled),
    });
  }
  return { lastHiddenState: last, pooled };
}

/** Free a saved forward pass. */
export function disposeSaved(s: ForwardSaved): void {
  const all: Array<tf.Tensor | null> = [
    s.ids,
    s.positions,
    s.types,
    s.embNorm.xhat,
    s.embNorm.rstd,
    s.embMask,
    s.maskF,
    s.pooledIn,
    s.headOut,
    s.beforeNorm,
    s.norm,
    s.output,
  ];
  for (const l of s.layers) {
    all.push(l.x, l.q, l.k, l.v, l.probs, l.probsMask, l.ctx, l.attnMask, l.norm1.xhat, l.norm1.rstd);
    all.push(l.h1, l.pre, l.cdf, l.act, l.outMask, l.norm2.xhat, l.norm2.rstd);
  }
  // Some entries are the same tensor (pooledIn = beforeNorm without a head): dispose each once.
  tf.dispose([...new Set(all.filter((x): x is tf.Tensor => x !== null))]);
}
