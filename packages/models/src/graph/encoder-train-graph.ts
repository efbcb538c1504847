import type { EncoderConfig } from '../encoder/config.js';
import { encoderForward, encoderGradients } from '../encoder/encoder-math.js';
import type { MaskKind } from '../encoder/encoder-ops.js';
import { dropoutMask } from '../encoder/ops.js';
import { positionIds } from '../encoder/positions.js';
import { tf } from '../tf.js';
import type { EncodedBatch } from '../tokenizer/types.js';
import type { GraphBuilder } from './builder.js';
import { GraphEncoderOps, type ParamNode } from './graph-encoder-ops.js';
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
 * nodes: `encoderForward` + `encoderGradients` over {@link GraphEncoderOps} (the eager pass's math,
 * written once). Inputs, prefixed by
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
  const ops = new GraphEncoderOps(
    g,
    cfg,
    W,
    { wordTable, ids, positions: pos, types, mask },
    { dropMask, inference: false },
  );
  const state = encoderForward(ops, cfg);
  const backward = (dOut: string): Map<string, string> => encoderGradients(ops, cfg, state, dOut);
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
  return { pooled: state.output, inputs, masks, backward, feeds };
}
