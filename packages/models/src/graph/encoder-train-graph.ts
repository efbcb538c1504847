import type { EncoderConfig } from '../encoder/config.js';
import type { GraphBuilder } from './builder.js';
import type { SignatureTensor } from './saved-model.js';

/** One dropout mask a training pass needs: its input name and shape (−1: the batch's dims). */
export interface MaskInput {
  key: string;
  /** `hidden` `[N, H]` (N = b·t) or `probs` `[b, heads, t, t]`. */
  kind: 'hidden' | 'probs';
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
}

/** Where the pass reads its parameters: a node per Hugging Face name (`[in, out]` linear layout). */
export type ParamNode = (name: string) => string;

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
  const apply = (x: string, m: string | null) => (m ? g.binary('Mul', x, m) : x);
  const idShape = g.shape(ids, 'int32');
  const flat = g.constI([2], [-1, H]);
  const flatIds = g.constI([1], [-1]);
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

  // Forward.
  const emb = g.binary(
    'AddV2',
    g.binary('AddV2', g.gather(wordTable, ids), g.gather(W('embeddings.position_embeddings.weight'), pos)),
    g.gather(W('embeddings.token_type_embeddings.weight'), types),
  );
  const embNorm = norm(g.reshape(emb, flat), 'embeddings.LayerNorm');
  const embMask = dropMask(cfg.hiddenDropout, 'hidden');
  let h = apply(embNorm.y, embMask);
  const maskF = g.cast(mask, 'int32', 'float32');
  const maskAdd = g.expandDims(
    g.expandDims(g.binary('Mul', g.binary('Sub', g.scalarF(1), maskF), g.scalarF(-1e9)), 1),
    1,
  );
  const scale = 1 / Math.sqrt(dh);
  const layers: Array<Record<string, string | null>> = [];
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const x = h;
    const q = heads(linear(x, `${p}.attention.self.query`));
    const k = heads(linear(x, `${p}.attention.self.key`));
    const v = heads(linear(x, `${p}.attention.self.value`));
    const scores = g.binary(
      'AddV2',
      g.binary('Mul', g.batchMatMul(q, k, false, true), g.scalarF(scale)),
      maskAdd,
    );
    const probs = g.softmax(scores);
    const probsMask = dropMask(cfg.attentionDropout, 'probs');
    const probsD = apply(probs, probsMask);
    const ctx = merge(g.batchMatMul(probsD, v, false, false));
    const attnMask = dropMask(cfg.hiddenDropout, 'hidden');
    const n1 = norm(
      g.binary('AddV2', apply(linear(ctx, `${p}.attention.output.dense`), attnMask), x),
      `${p}.attention.output.LayerNorm`,
    );
    const pre = linear(n1.y, `${p}.intermediate.dense`);
    const cdf = g.binary(
      'Mul',
      g.op('Erfc', [g.binary('Mul', pre, g.scalarF(-Math.SQRT1_2))], { T: { type: 'float32' } }),
      g.scalarF(0.5),
    );
    const act = g.binary('Mul', pre, cdf);
    const outMask = dropMask(cfg.hiddenDropout, 'hidden');
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
  const output = pooled;

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
      const dpre2 = normBack(dh2, L.x2!, L.r2!, `${p}.output.LayerNorm`);
      const dAct = linearBack(L.act!, masked(dpre2, L.outMask!), `${p}.output.dense`);
      const x = L.pre!;
      const pdf = g.binary(
        'Mul',
        g.unary('Exp', g.binary('Mul', g.unary('Square', x), g.scalarF(-0.5))),
        g.scalarF(1 / Math.sqrt(2 * Math.PI)),
      );
      const dPre = g.binary('Mul', dAct, g.binary('AddV2', L.cdf!, g.binary('Mul', x, pdf)));
      const dh1 = g.binary('AddV2', dpre2, linearBack(L.h1!, dPre, `${p}.intermediate.dense`));
      const dpre1 = normBack(dh1, L.x1!, L.r1!, `${p}.attention.output.LayerNorm`);
      const dCtx = linearBack(L.ctx!, masked(dpre1, L.attnMask!), `${p}.attention.output.dense`);
      const dC = heads(dCtx);
      const dV = g.batchMatMul(L.probsD!, dC, true, false);
      const dP = masked(g.batchMatMul(dC, L.v!, false, true), L.probsMask!);
      const probs = L.probs!;
      const dS = g.binary(
        'Mul',
        g.binary('Mul', probs, g.binary('Sub', dP, g.reduce('Sum', g.binary('Mul', dP, probs), [-1], true))),
        g.scalarF(scale),
      );
      const dQ = g.batchMatMul(dS, L.k!, false, false);
      const dK = g.batchMatMul(dS, L.q!, true, false);
      const parts = [dpre1];
      for (const [name, dd] of [
        ['query', dQ],
        ['key', dK],
        ['value', dV],
      ] as const) {
        parts.push(linearBack(L.x!, merge(dd), `${p}.attention.self.${name}`));
      }
      dh2 = g.addN(parts);
    }
    const dE = normBack(masked(dh2, embMask), embNorm.xhat, embNorm.rstd, 'embeddings.LayerNorm');
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
  return { pooled: output, inputs, masks, backward };
}
