import type { EncoderConfig } from '../encoder/config.js';
import { dropoutMask } from '../encoder/ops.js';
import { positionIds } from '../encoder/positions.js';
import { tf } from '../tf.js';
import type { EncodedBatch } from '../tokenizer/types.js';
import type { GraphBuilder } from './builder.js';
import { encoderGraphForward, type MaskKind, type ParamNode } from './encoder-graph-forward.js';
import type { SignatureTensor } from './saved-model.js';

/** One dropout mask a training pass needs: its input name and shape (−1: the batch's dims). */
export interface MaskInput {
  key: string;
  kind: MaskKind;
}

/** A training pass of the encoder inside a graph: its output node and its backward builder. */
export interface GraphPass {
  /** `[b, dim]` output node. */
  pooled: string;
  /** Input tensors this pass adds to the graph (ids, positions, types, mask, dropout masks). */
  inputs: SignatureTensor[];
  /** Dropout mask inputs in site order (the order `Encoder.forward` draws them). */
  masks: MaskInput[];
  /** Gradient nodes by parameter name from the `∂L/∂pooled` node (word table: rows of the fed table). */
  backward(dOut: string): Map<string, string>;
  /**
   * The input tensors of this pass for one tokenised batch (the caller disposes them): ids (as rows of
   * the fed word table when `rowOf` is given), position ids (`positionIds`), token types, attention
   * mask, and the dropout masks — drawn in the graph from `seed`, or fed: `masks` when given (site
   * order), else `dropoutMask`'s from `seed` (the eager pass's masks, bit for bit).
   */
  feeds(batch: EncodedBatch, opts: PassFeedOptions): Record<string, tf.Tensor>;
}

/** Options of {@link GraphPass.feeds}. */
export interface PassFeedOptions {
  /** `rowOf[id]`: the row of token `id` in the fed word table (compact or host rows), or null. */
  rowOf: Int32Array | null;
  /** The pass's dropout seed (`dropoutSeed` of the trainer). */
  seed: number;
  /** Fed masks in site order, instead of drawing them (reference comparisons). */
  masks?: readonly tf.Tensor[];
}

/**
 * The encoder's training pass (dropout masks fed as inputs) and its hand-written backward pass as graph
 * nodes: the graph form of `runEncoder` (saved) + `encoderBackward`, op for op. Inputs, prefixed by
 * `prefix`: `_ids` (rows of the fed word table), `_pos` (position ids), `_types`, `_mask` (attention
 * mask), all int32 `[b, t]`, and one float mask per dropout site.
 */
export function encoderTrainPass(
  g: GraphBuilder,
  cfg: EncoderConfig,
  W: ParamNode,
  wordTable: string,
  prefix: string,
  masksFrom: 'fed' | 'graph' = 'fed',
): GraphPass {
  const H = cfg.hiddenSize;
  const nh = cfg.numHeads;
  const dh = H / nh;
  const inputs: SignatureTensor[] = [];
  const intIn = (name: string) => {
    const key = `${prefix}_${name}`;
    inputs.push({ key, tensor: `${key}:0`, dtype: 'int32', shape: [-1, -1] });
    return g.placeholder(key, 'int32', [-1, -1]);
  };
  const ids = intIn('ids');
  const pos = intIn('pos');
  const types = intIn('types');
  const mask = intIn('mask');
  const masks: MaskInput[] = [];
  // 'graph': masks drawn in the graph by TensorFlow's stateless Philox generator from the pass seed
  // (input `_seed`, int32 [1]) and the site number; 'fed': masks fed as inputs (`dropoutMask`'s, the
  // eager pass's masks, bit for bit).
  let seedIn = ''; // created with the first mask
  function intVec(key: string): string {
    inputs.push({ key, tensor: `${key}:0`, dtype: 'int32', shape: [1] });
    return g.placeholder(key, 'int32', [1]);
  }
  let shapeOf: Record<MaskInput['kind'], string> | null = null;
  const dropMask = (rate: number, kind: MaskInput['kind']): string | null => {
    if (rate <= 0) return null;
    const site = masks.length;
    const key = `${prefix}_drop${site}`;
    const shape = kind === 'hidden' ? [-1, H] : [-1, nh, -1, -1];
    masks.push({ key, kind });
    if (masksFrom === 'fed') {
      inputs.push({ key, tensor: `${key}:0`, dtype: 'float32', shape });
      return g.placeholder(key, 'float32', shape);
    }
    shapeOf ??= maskShapes();
    seedIn ||= intVec(`${prefix}_seed`);
    const seed = g.concat([seedIn, g.constI([1], [site])], 0, 'int32');
    const u = g.op('StatelessRandomUniform', [shapeOf[kind], seed], {
      dtype: { type: 'float32' },
      T: { type: 'int32' },
      Tseed: { type: 'int32' },
    });
    // u ∈ [0, 1): floor(u + 1 − rate) is 1 exactly when u ≥ rate.
    const keep = g.op('Floor', [g.binary('AddV2', u, g.scalarF(1 - rate))], { T: { type: 'float32' } });
    return g.binary('Mul', keep, g.scalarF(1 / (1 - rate)));
  };
  // [N, H] and [b, heads, t, t] as int32 shape vectors of this batch.
  function maskShapes(): Record<MaskInput['kind'], string> {
    const s = g.shape(ids, 'int32');
    const bb = g.stridedSlice(s, [0], [1], {}, 'int32');
    const tt = g.stridedSlice(s, [1], [2], {}, 'int32');
    const n = g.op('Prod', [s, g.constI([1], [0])], {
      T: { type: 'int32' },
      Tidx: { type: 'int32' },
      keep_dims: { b: true },
    });
    return {
      hidden: g.concat([n, g.constI([1], [H])], 0, 'int32'),
      probs: g.concat([bb, g.constI([1], [nh]), tt, tt], 0, 'int32'),
    };
  }
  const f = encoderGraphForward(
    g,
    cfg,
    W,
    { wordTable, ids, positions: pos, types, mask },
    { dropMask, inference: false },
  );
  const { idShape, flat, heads, merge, layers, maskE, count, pooledIn, headOut, normT } = f;
  const flatIds = g.constI([1], [-1]);
  const scale = 1 / Math.sqrt(dh);
  const output = f.pooled;

  const backward = (dOut: string): Map<string, string> => {
    const grads = new Map<string, string>();
    const linearBack = (x: string, dy: string, p: string) => {
      grads.set(`${p}.weight`, g.matMul(x, dy, true, false));
      grads.set(`${p}.bias`, g.reduce('Sum', dy, [0], false));
      return g.matMul(dy, W(`${p}.weight`), false, true);
    };
    const normBack = (dy: string, xhat: string, rstd: string, p: string) => {
      grads.set(`${p}.weight`, g.reduce('Sum', g.binary('Mul', dy, xhat), [0], false));
      grads.set(`${p}.bias`, g.reduce('Sum', dy, [0], false));
      const gg = g.binary('Mul', dy, W(`${p}.weight`));
      const m1 = g.reduce('Mean', gg, [-1], true);
      const m2 = g.reduce('Mean', g.binary('Mul', gg, xhat), [-1], true);
      return g.binary('Mul', g.binary('Sub', g.binary('Sub', gg, m1), g.binary('Mul', xhat, m2)), rstd);
    };
    const masked = (d: string, m: string | null) => (m ? g.binary('Mul', d, m) : d);
    let d = dOut;
    if (cfg.normalize) {
      const dot = g.reduce('Sum', g.binary('Mul', output, d), [1], true);
      d = g.binary('RealDiv', g.binary('Sub', d, g.binary('Mul', output, dot)), normT);
    }
    if (cfg.dense) {
      const dz =
        cfg.dense.activation === 'tanh'
          ? g.binary('Mul', d, g.binary('Sub', g.scalarF(1), g.unary('Square', headOut)))
          : d;
      grads.set('dense.linear.weight', g.matMul(pooledIn, dz, true, false));
      if (cfg.dense.bias) grads.set('dense.linear.bias', g.reduce('Sum', dz, [0], false));
      d = g.matMul(dz, W('dense.linear.weight'), false, true);
    }
    let dLast: string;
    if (cfg.pooling === 'cls') {
      const t = g.stridedSlice(idShape, [1], [2], { shrink: 1 }, 'int32');
      const tail = g.binary('Sub', t, g.constI([], [1]), 'int32');
      const zero = g.constI([], [0]);
      const paddings = g.pack(
        [
          g.pack([zero, zero], 0, 'int32'),
          g.pack([zero, tail], 0, 'int32'),
          g.pack([zero, zero], 0, 'int32'),
        ],
        0,
        'int32',
      );
      dLast = g.pad(g.expandDims(d, 1), paddings);
    } else {
      dLast = g.binary('Mul', g.expandDims(g.binary('RealDiv', d, count), 1), maskE);
    }
    let dh2 = g.reshape(dLast, flat);
    for (let l = cfg.numLayers - 1; l >= 0; l--) {
      const L = layers[l]!;
      const p = `encoder.layer.${l}`;
      const dpre2 = normBack(dh2, L.x2, L.r2, `${p}.output.LayerNorm`);
      const dAct = linearBack(L.act, masked(dpre2, L.outMask), `${p}.output.dense`);
      const x = L.pre;
      const pdf = g.binary(
        'Mul',
        g.unary('Exp', g.binary('Mul', g.unary('Square', x), g.scalarF(-0.5))),
        g.scalarF(1 / Math.sqrt(2 * Math.PI)),
      );
      const dPre = g.binary('Mul', dAct, g.binary('AddV2', L.cdf, g.binary('Mul', x, pdf)));
      const dh1 = g.binary('AddV2', dpre2, linearBack(L.h1, dPre, `${p}.intermediate.dense`));
      const dpre1 = normBack(dh1, L.x1, L.r1, `${p}.attention.output.LayerNorm`);
      const dCtx = linearBack(L.ctx, masked(dpre1, L.attnMask), `${p}.attention.output.dense`);
      const dC = heads(dCtx);
      const dV = g.batchMatMul(L.probsD, dC, true, false);
      const dP = masked(g.batchMatMul(dC, L.v, false, true), L.probsMask);
      const probs = L.probs;
      const dS = g.binary(
        'Mul',
        g.binary('Mul', probs, g.binary('Sub', dP, g.reduce('Sum', g.binary('Mul', dP, probs), [-1], true))),
        g.scalarF(scale),
      );
      const dQ = g.batchMatMul(dS, L.k, false, false);
      const dK = g.batchMatMul(dS, L.q, true, false);
      const parts = [dpre1];
      for (const [name, dd] of [
        ['query', dQ],
        ['key', dK],
        ['value', dV],
      ] as const) {
        parts.push(linearBack(L.x, merge(dd), `${p}.attention.self.${name}`));
      }
      dh2 = g.addN(parts);
    }
    const dE = normBack(masked(dh2, f.embMask), f.embXhat, f.embRstd, 'embeddings.LayerNorm');
    const rows = (table: string) =>
      g.stridedSlice(g.shape(table, 'float32'), [0], [1], { shrink: 1 }, 'int32');
    const seg = (idx: string, table: string) =>
      g.segmentSum(dE, g.reshape(idx, flatIds, 'int32'), rows(table));
    grads.set('embeddings.word_embeddings.weight', seg(ids, wordTable));
    grads.set('embeddings.position_embeddings.weight', seg(pos, W('embeddings.position_embeddings.weight')));
    grads.set(
      'embeddings.token_type_embeddings.weight',
      seg(types, W('embeddings.token_type_embeddings.weight')),
    );
    return grads;
  };
  const feeds = (e: EncodedBatch, o: PassFeedOptions): Record<string, tf.Tensor> => {
    const [b, t] = e.shape;
    const rowOf = o.rowOf;
    const ids = rowOf ? Int32Array.from(e.inputIds, (id) => rowOf[id]!) : Int32Array.from(e.inputIds);
    const out: Record<string, tf.Tensor> = {
      [`${prefix}_ids`]: tf.tensor2d(ids, [b, t], 'int32'),
      [`${prefix}_pos`]: tf.tensor2d(positionIds(cfg, e.inputIds, [b, t]), [b, t], 'int32'),
      [`${prefix}_types`]: tf.tensor2d(Int32Array.from(e.tokenTypeIds), [b, t], 'int32'),
      [`${prefix}_mask`]: tf.tensor2d(Int32Array.from(e.attentionMask), [b, t], 'int32'),
    };
    if (masksFrom === 'graph') {
      if (masks.length > 0) out[`${prefix}_seed`] = tf.tensor1d([o.seed | 0], 'int32');
      return out;
    }
    for (const [site, m] of masks.entries()) {
      const given = o.masks?.[site];
      if (given) {
        out[m.key] = given;
        continue;
      }
      const shape = m.kind === 'hidden' ? [b * t, H] : [b, nh, t, t];
      out[m.key] = dropoutMask(
        shape,
        m.kind === 'hidden' ? cfg.hiddenDropout : cfg.attentionDropout,
        o.seed,
        site,
      );
    }
    return out;
  };
  return { pooled: output, inputs, masks, backward, feeds };
}
