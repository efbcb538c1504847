import type { EncoderConfig } from '../encoder/config.js';
import { GraphBuilder } from './builder.js';
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
  const idShape = g.shape(ids, 'int32'); // [b, t]
  const t = g.stridedSlice(idShape, [1], [2], { shrink: 1 }, 'int32');

  const linear = (x: string, prefix: string) =>
    g.biasAdd(g.matMul(x, W(`${prefix}.weight`)), W(`${prefix}.bias`));
  // 1/√dh moves into the query weights when it is a power of two (exact: dh = 4, 16, 64, 256).
  const scale = 1 / Math.sqrt(dh);
  const foldScale = Number.isInteger(Math.log2(scale));
  const scaled = (name: string) => {
    const w = weights.get(name);
    if (!w) throw new Error(`encoder graph: no weights for ${name}`);
    return g.constF(
      w.shape,
      w.values.map((v) => v * scale),
    );
  };
  const layerNorm = (x: string, prefix: string) => {
    const mean = g.reduce('Mean', x, [-1], true);
    const c = g.binary('Sub', x, mean);
    const variance = g.reduce('Mean', g.unary('Square', c), [-1], true);
    const r = g.unary('Rsqrt', g.binary('AddV2', variance, g.scalarF(cfg.layerNormEps)));
    return g.binary(
      'AddV2',
      g.binary('Mul', g.binary('Mul', c, r), W(`${prefix}.weight`)),
      W(`${prefix}.bias`),
    );
  };
  const gelu = (x: string) => {
    const e = g.unary('Erf', g.binary('RealDiv', x, g.scalarF(Math.SQRT2)));
    return g.binary('Mul', g.binary('Mul', g.scalarF(0.5), x), g.binary('AddV2', g.scalarF(1), e));
  };

  // Embeddings.
  let positions: string;
  if (cfg.modelType === 'xlm-roberta') {
    const pad = g.constI([], [cfg.padTokenId]);
    const notPad = g.cast(g.notEqual(ids, pad), 'bool', 'int32');
    positions = g.binary('AddV2', g.binary('Mul', g.cumsum(notPad, 1), notPad, 'int32'), pad, 'int32');
  } else {
    positions = g.range(g.constI([], [0]), t, g.constI([], [1])); // [t], broadcast over the batch
  }
  let x = g.binary(
    'AddV2',
    g.binary(
      'AddV2',
      g.gather(W('embeddings.word_embeddings.weight'), ids),
      g.gather(W('embeddings.position_embeddings.weight'), positions),
    ),
    g.gather(W('embeddings.token_type_embeddings.weight'), types),
  );
  x = layerNorm(g.reshape(x, g.constI([2], [-1, H])), 'embeddings.LayerNorm');

  // Additive attention mask [b, 1, 1, t].
  const maskF = g.cast(mask, 'int32', 'float32');
  const maskAdd = g.expandDims(
    g.expandDims(g.binary('Mul', g.binary('Sub', g.scalarF(1), maskF), g.scalarF(-1e9)), 1),
    1,
  );
  const headShape = g.concat([idShape, g.constI([2], [nh, dh])], 0, 'int32');
  const heads = (y: string) => g.transpose(g.reshape(y, headShape), [0, 2, 1, 3]);
  const flat = g.constI([2], [-1, H]);
  let h = x;
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const qName = `${p}.attention.self.query`;
    const q = heads(
      foldScale
        ? g.biasAdd(g.matMul(h, scaled(`${qName}.weight`)), scaled(`${qName}.bias`))
        : linear(h, qName),
    );
    const k = heads(linear(h, `${p}.attention.self.key`));
    const v = heads(linear(h, `${p}.attention.self.value`));
    const raw = g.batchMatMul(q, k, false, true);
    const scores = g.binary('AddV2', foldScale ? raw : g.binary('Mul', raw, g.scalarF(scale)), maskAdd);
    const ctx = g.reshape(g.transpose(g.batchMatMul(g.softmax(scores), v, false, false), [0, 2, 1, 3]), flat);
    const h1 = layerNorm(
      g.binary('AddV2', linear(ctx, `${p}.attention.output.dense`), h),
      `${p}.attention.output.LayerNorm`,
    );
    const inter = gelu(linear(h1, `${p}.intermediate.dense`));
    h = layerNorm(g.binary('AddV2', linear(inter, `${p}.output.dense`), h1), `${p}.output.LayerNorm`);
  }
  const last = g.reshape(h, g.concat([idShape, g.constI([1], [H])], 0, 'int32'));

  // Pooling, head, normalisation.
  let pooled: string;
  if (cfg.pooling === 'cls') {
    pooled = g.stridedSlice(last, [0, 0, 0], [0, 1, 0], { begin: 0b101, end: 0b101, shrink: 0b010 });
  } else {
    const m = g.expandDims(maskF, 2);
    const summed = g.reduce('Sum', g.binary('Mul', last, m), [1], false);
    pooled = g.binary(
      'RealDiv',
      summed,
      g.binary('Maximum', g.reduce('Sum', m, [1], false), g.scalarF(1e-9)),
    );
  }
  if (cfg.dense) {
    let y = g.matMul(pooled, W('dense.linear.weight'));
    if (cfg.dense.bias) y = g.biasAdd(y, W('dense.linear.bias'));
    pooled = cfg.dense.activation === 'tanh' ? g.unary('Tanh', y) : y;
  }
  if (cfg.normalize) {
    const norm = g.binary(
      'Maximum',
      g.unary('Sqrt', g.reduce('Sum', g.unary('Square', pooled), [1], true)),
      g.scalarF(1e-12),
    );
    pooled = g.binary('RealDiv', pooled, norm);
  }
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
