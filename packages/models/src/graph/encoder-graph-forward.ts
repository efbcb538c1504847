import type { EncoderConfig } from '../encoder/config.js';
import type { GraphBuilder } from './builder.js';

/** Where a graph pass reads its parameters: a node per Hugging Face name (`[in, out]` linear layout). */
export type ParamNode = (name: string) => string;

/** A dropout site: `hidden` `[N, H]` (N = b·t) or attention `probs` `[b, heads, t, t]`. */
export type MaskKind = 'hidden' | 'probs';

/** The input nodes of a forward pass (int32; `positions` `[b, t]` or `[t]`, broadcast over the batch). */
export interface GraphForwardInputs {
  /** The word table to gather from (the full table, or the rows a step uses). */
  wordTable: string;
  ids: string;
  positions: string;
  types: string;
  mask: string;
}

/** How the pass differs between inference and training. */
export interface GraphForwardOptions {
  /** A dropout multiplier node for a site, or null (inference: always null). */
  dropMask: (rate: number, kind: MaskKind) => string | null;
  /**
   * Inference form: GELU written as `0.5·x·(1 + erf(x/√2))` (the pattern Grappler fuses into the
   * matMul) and, when given, the query weights pre-scaled by 1/√d_head (`scaledQuery`, exact for a
   * power-of-two scale) instead of scaling the scores. Training keeps Φ(x) (via `Erfc`) for the
   * backward pass.
   */
  inference: boolean;
  scaledQuery?: (name: string) => string;
}

/** The forward nodes a backward pass needs, per layer. */
export interface LayerNodes {
  x: string;
  q: string;
  k: string;
  v: string;
  probs: string;
  probsMask: string | null;
  probsD: string;
  ctx: string;
  attnMask: string | null;
  h1: string;
  x1: string;
  r1: string;
  pre: string;
  /** Φ(pre) (training form only). */
  cdf: string;
  act: string;
  outMask: string | null;
  x2: string;
  r2: string;
}

/** A forward pass's output and every node its backward pass reads. */
export interface GraphForward {
  pooled: string;
  idShape: string;
  flat: string;
  heads: (y: string) => string;
  merge: (y: string) => string;
  embXhat: string;
  embRstd: string;
  embMask: string | null;
  layers: LayerNodes[];
  maskE: string;
  /** Mean pooling's token count (`''` with CLS pooling). */
  count: string;
  pooledIn: string;
  /** The dense head's output (`''` without a head). */
  headOut: string;
  /** The L2 norm (`''` without normalisation). */
  normT: string;
}

/**
 * The encoder's forward pass as graph nodes — the graph form of `runEncoder`, op for op: embeddings and
 * LayerNorm, post-LN layers of attention and exact-GELU feed-forward with the given dropout masks,
 * pooling, dense head, L2 normalisation. Shared by the inference graph (`buildEncoderGraph`) and the
 * training pass (`encoderTrainPass`).
 */
export function encoderGraphForward(
  g: GraphBuilder,
  cfg: EncoderConfig,
  W: ParamNode,
  inp: GraphForwardInputs,
  opts: GraphForwardOptions,
): GraphForward {
  const H = cfg.hiddenSize;
  const nh = cfg.numHeads;
  const dh = H / nh;
  const apply = (x: string, m: string | null) => (m ? g.binary('Mul', x, m) : x);
  const idShape = g.shape(inp.ids, 'int32');
  const flat = g.constI([2], [-1, H]);
  const linear = (x: string, p: string) => g.biasAdd(g.matMul(x, W(`${p}.weight`)), W(`${p}.bias`));
  const norm = (x: string, p: string) => {
    const c = g.binary('Sub', x, g.reduce('Mean', x, [-1], true));
    const rstd = g.unary(
      'Rsqrt',
      g.binary('AddV2', g.reduce('Mean', g.unary('Square', c), [-1], true), g.scalarF(cfg.layerNormEps)),
    );
    const xhat = g.binary('Mul', c, rstd);
    return { y: g.binary('AddV2', g.binary('Mul', xhat, W(`${p}.weight`)), W(`${p}.bias`)), xhat, rstd };
  };
  const headShape = g.concat([idShape, g.constI([2], [nh, dh])], 0, 'int32');
  const heads = (y: string) => g.transpose(g.reshape(y, headShape), [0, 2, 1, 3]);
  const merge = (y: string) => g.reshape(g.transpose(y, [0, 2, 1, 3]), flat);

  const emb = g.binary(
    'AddV2',
    g.binary(
      'AddV2',
      g.gather(inp.wordTable, inp.ids),
      g.gather(W('embeddings.position_embeddings.weight'), inp.positions),
    ),
    g.gather(W('embeddings.token_type_embeddings.weight'), inp.types),
  );
  const embNorm = norm(g.reshape(emb, flat), 'embeddings.LayerNorm');
  const embMask = opts.dropMask(cfg.hiddenDropout, 'hidden');
  let h = apply(embNorm.y, embMask);
  // Additive attention mask [b, 1, 1, t].
  const maskF = g.cast(inp.mask, 'int32', 'float32');
  const maskAdd = g.expandDims(
    g.expandDims(g.binary('Mul', g.binary('Sub', g.scalarF(1), maskF), g.scalarF(-1e9)), 1),
    1,
  );
  const scale = 1 / Math.sqrt(dh);
  const layers: LayerNodes[] = [];
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const x = h;
    const qName = `${p}.attention.self.query`;
    const sq = opts.scaledQuery;
    const q = heads(
      sq ? g.biasAdd(g.matMul(x, sq(`${qName}.weight`)), sq(`${qName}.bias`)) : linear(x, qName),
    );
    const k = heads(linear(x, `${p}.attention.self.key`));
    const v = heads(linear(x, `${p}.attention.self.value`));
    const raw = g.batchMatMul(q, k, false, true);
    const scores = g.binary('AddV2', sq ? raw : g.binary('Mul', raw, g.scalarF(scale)), maskAdd);
    const probs = g.softmax(scores);
    const probsMask = opts.dropMask(cfg.attentionDropout, 'probs');
    const probsD = apply(probs, probsMask);
    const ctx = merge(g.batchMatMul(probsD, v, false, false));
    const attnMask = opts.dropMask(cfg.hiddenDropout, 'hidden');
    const n1 = norm(
      g.binary('AddV2', apply(linear(ctx, `${p}.attention.output.dense`), attnMask), x),
      `${p}.attention.output.LayerNorm`,
    );
    const pre = linear(n1.y, `${p}.intermediate.dense`);
    let cdf = '';
    let act: string;
    if (opts.inference) {
      const e = g.unary('Erf', g.binary('RealDiv', pre, g.scalarF(Math.SQRT2)));
      act = g.binary('Mul', g.binary('Mul', g.scalarF(0.5), pre), g.binary('AddV2', g.scalarF(1), e));
    } else {
      const erfc = g.op('Erfc', [g.binary('Mul', pre, g.scalarF(-Math.SQRT1_2))], { T: { type: 'float32' } });
      cdf = g.binary('Mul', erfc, g.scalarF(0.5));
      act = g.binary('Mul', pre, cdf);
    }
    const outMask = opts.dropMask(cfg.hiddenDropout, 'hidden');
    const n2 = norm(
      g.binary('AddV2', apply(linear(act, `${p}.output.dense`), outMask), n1.y),
      `${p}.output.LayerNorm`,
    );
    layers.push({
      x,
      q,
      k,
      v,
      probs,
      probsMask,
      probsD,
      ctx,
      attnMask,
      h1: n1.y,
      x1: n1.xhat,
      r1: n1.rstd,
      pre,
      cdf,
      act,
      outMask,
      x2: n2.xhat,
      r2: n2.rstd,
    });
    h = n2.y;
  }
  const last = g.reshape(h, g.concat([idShape, g.constI([1], [H])], 0, 'int32'));

  // Pooling, head, normalisation.
  let pooled: string;
  const maskE = g.expandDims(maskF, 2);
  let count = '';
  if (cfg.pooling === 'cls') {
    pooled = g.stridedSlice(last, [0, 0, 0], [0, 1, 0], { begin: 0b101, end: 0b101, shrink: 0b010 });
  } else {
    count = g.binary('Maximum', g.reduce('Sum', maskE, [1], false), g.scalarF(1e-9));
    pooled = g.binary('RealDiv', g.reduce('Sum', g.binary('Mul', last, maskE), [1], false), count);
  }
  const pooledIn = pooled;
  let headOut = '';
  if (cfg.dense) {
    let y = g.matMul(pooled, W('dense.linear.weight'));
    if (cfg.dense.bias) y = g.biasAdd(y, W('dense.linear.bias'));
    headOut = cfg.dense.activation === 'tanh' ? g.unary('Tanh', y) : y;
    pooled = headOut;
  }
  let normT = '';
  if (cfg.normalize) {
    normT = g.binary(
      'Maximum',
      g.unary('Sqrt', g.reduce('Sum', g.unary('Square', pooled), [1], true)),
      g.scalarF(1e-12),
    );
    pooled = g.binary('RealDiv', pooled, normT);
  }
  return {
    pooled,
    idShape,
    flat,
    heads,
    merge,
    embXhat: embNorm.xhat,
    embRstd: embNorm.rstd,
    embMask,
    layers,
    maskE,
    count,
    pooledIn,
    headOut,
    normT,
  };
}
