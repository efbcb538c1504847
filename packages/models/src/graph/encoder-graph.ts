import type { EncoderConfig } from '../encoder/config.js';
import { GraphBuilder } from './builder.js';
import { encoderGraphForward } from './encoder-graph-forward.js';
import type { NodeDef, SignatureTensor } from './saved-model.js';

/** Parameter values by Hugging Face name, linear weights in hbt's `[in, out]` layout, with shapes. */
export type GraphWeights = Map<string, { shape: readonly number[]; values: Float32Array }>;

/** The encoder's inference graph and its signature (inputs `input_ids`, `attention_mask`, `token_type_ids`). */
export interface EncoderGraph {
  nodes: NodeDef[];
  inputs: SignatureTensor[];
  outputs: SignatureTensor[];
}

/**
 * The encoder's inference pass (no dropout) as a TensorFlow graph with the weights as constants: the
 * same computation as `Encoder.forward`, op for op, in the shapes TensorFlow's graph optimiser (Grappler,
 * with oneDNN) recognises and fuses — MatMul + BiasAdd (+ exact GELU), the LayerNorm and softmax chains —
 * and runs as one session call instead of ~250 eager kernels. Batch size and sequence length are
 * dynamic. Output `pooled`: `[batch, dim]`, pooled, through the dense head, L2-normalised as configured.
 */
export function buildEncoderGraph(cfg: EncoderConfig, weights: GraphWeights): EncoderGraph {
  const g = new GraphBuilder();
  const H = cfg.hiddenSize;
  const nh = cfg.numHeads;
  const dh = H / nh;
  const W = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`encoder graph: no weights for ${name}`);
    return g.constF(w.shape, w.values);
  };
  const ids = g.placeholder('input_ids', 'int32', [-1, -1]);
  const mask = g.placeholder('attention_mask', 'int32', [-1, -1]);
  const types = g.placeholder('token_type_ids', 'int32', [-1, -1]);
  const t = g.stridedSlice(g.shape(ids, 'int32'), [1], [2], { shrink: 1 }, 'int32');
  // 1/√dh moves into the query weights when it is a power of two (exact: dh = 4, 16, 64, 256).
  const scale = 1 / Math.sqrt(dh);
  const scaledQuery = Number.isInteger(Math.log2(scale))
    ? (name: string) => {
        const w = weights.get(name);
        if (!w) throw new Error(`encoder graph: no weights for ${name}`);
        return g.constF(
          w.shape,
          w.values.map((v) => v * scale),
        );
      }
    : undefined;
  let positions: string;
  if (cfg.modelType === 'xlm-roberta') {
    const pad = g.constI([], [cfg.padTokenId]);
    const notPad = g.cast(g.notEqual(ids, pad), 'bool', 'int32');
    positions = g.binary('AddV2', g.binary('Mul', g.cumsum(notPad, 1), notPad, 'int32'), pad, 'int32');
  } else {
    positions = g.range(g.constI([], [0]), t, g.constI([], [1])); // [t], broadcast over the batch
  }
  const { pooled } = encoderGraphForward(
    g,
    cfg,
    W,
    { wordTable: W('embeddings.word_embeddings.weight'), ids, positions, types, mask },
    { dropMask: () => null, inference: true, ...(scaledQuery ? { scaledQuery } : {}) },
  );
  g.identity(pooled, 'pooled');
  const dim = cfg.dense ? cfg.dense.outFeatures : H;
  const input = (key: string): SignatureTensor => ({
    key,
    tensor: `${key}:0`,
    dtype: 'int32',
    shape: [-1, -1],
  });
  return {
    nodes: g.nodes,
    inputs: [input('input_ids'), input('attention_mask'), input('token_type_ids')],
    outputs: [{ key: 'pooled', tensor: 'pooled:0', dtype: 'float32', shape: [-1, dim] }],
  };
}
