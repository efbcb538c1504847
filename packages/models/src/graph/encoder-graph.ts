import type { EncoderConfig } from '../encoder/config.js';
import { encoderForward } from '../encoder/encoder-math.js';
import { GraphBuilder } from './builder.js';
import { GraphEncoderOps } from './graph-encoder-ops.js';
import type { NodeDef, SignatureTensor } from './saved-model.js';

/** Parameter values by Hugging Face name, linear weights in hbt's `[in, out]` layout, with shapes. */
export type GraphWeights = Map<string, { shape: readonly number[]; values: Float32Array }>;

/**
 * The encoder's inference graph and its signature (inputs `input_ids`, `attention_mask`, `token_type_ids`,
 * `position_ids` — `positionIds`' of the batch).
 */
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
  const W = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`encoder graph: no weights for ${name}`);
    return g.constF(w.shape, w.values);
  };
  const ids = g.placeholder('input_ids', 'int32', [-1, -1]);
  const mask = g.placeholder('attention_mask', 'int32', [-1, -1]);
  const types = g.placeholder('token_type_ids', 'int32', [-1, -1]);
  const positions = g.placeholder('position_ids', 'int32', [-1, -1]);
  // The query weights carry 1/√dh when it is a power of two (exact: dh = 4, 16, 64, 256).
  const scaledParam = (name: string, c: number) => {
    const w = weights.get(name);
    if (!w) throw new Error(`encoder graph: no weights for ${name}`);
    return g.constF(
      w.shape,
      w.values.map((v) => v * c),
    );
  };
  const ops = new GraphEncoderOps(
    g,
    cfg,
    W,
    { wordTable: W('embeddings.word_embeddings.weight'), ids, positions, types, mask },
    { dropMask: () => null, inference: true, scaledParam },
  );
  const pooled = encoderForward(ops, cfg).output;
  g.identity(pooled, 'pooled');
  const dim = cfg.dense ? cfg.dense.outFeatures : cfg.hiddenSize;
  const input = (key: string): SignatureTensor => ({
    key,
    tensor: `${key}:0`,
    dtype: 'int32',
    shape: [-1, -1],
  });
  return {
    nodes: g.nodes,
    inputs: [input('input_ids'), input('attention_mask'), input('token_type_ids'), input('position_ids')],
    outputs: [{ key: 'pooled', tensor: 'pooled:0', dtype: 'float32', shape: [-1, dim] }],
  };
}
