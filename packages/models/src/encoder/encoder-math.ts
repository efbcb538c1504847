import type { EncoderConfig } from './config.js';
import type { EncoderOps } from './encoder-ops.js';

/** What the backward pass of one LayerNorm needs: `xhat = (x − mean)·rstd` and `rstd`. */
export interface NormState<T> {
  xhat: T;
  rstd: T;
}

/** The values one encoder layer's backward pass reads (masks are null without dropout). */
export interface LayerState<T> {
  /** Layer input `[N, H]` (N = b·t). */
  x: T;
  /** Heads `[b, nh, t, dh]`. */
  q: T;
  k: T;
  v: T;
  /** Attention probabilities `[b, nh, t, t]` and their dropout mask. */
  probs: T;
  probsMask: T | null;
  /** Attention context `[N, H]` (input of the attention output dense). */
  ctx: T;
  attnMask: T | null;
  norm1: NormState<T>;
  /** LayerNorm 1 output `[N, H]` (input of the intermediate dense). */
  h1: T;
  /** Intermediate pre-activation `[N, I]`, its Φ, and the GELU output (training form). */
  pre: T;
  cdf: T;
  act: T;
  outMask: T | null;
  norm2: NormState<T>;
}

/** A forward pass: its outputs and everything {@link encoderGradients} reads. */
export interface EncoderState<T> {
  /** `[b, t, hidden]`: the last encoder layer (Hugging Face `last_hidden_state`). */
  last: T;
  embNorm: NormState<T>;
  embMask: T | null;
  /** Per layer (training form only: empty in the inference form). */
  layers: LayerState<T>[];
  /** `[b, t, 1]` float attention mask (mean pooling), else null. */
  maskF: T | null;
  /** Pooled vector before the head `[b, H]`, the head's output (before normalisation), the L2 norm. */
  pooledIn: T;
  headOut: T | null;
  norm: T | null;
  /** `[b, dim]`: pooled, through the dense head if any, L2-normalised if `config.normalize`. */
  output: T;
}

/**
 * The encoder's forward pass, written once against {@link EncoderOps}: embeddings and LayerNorm, post-LN
 * layers of self-attention and exact-GELU feed-forward with dropout, pooling (CLS or mean), the dense
 * head, L2 normalisation (BERT / XLM-R as in Hugging Face `transformers`, plus sentence-transformers'
 * pooling and head).
 *
 * @example
 * const state = encoderForward(new EagerEncoderOps(cfg, w, inputs, {}), cfg);
 * state.output; // [b, dim]
 */
export function encoderForward<T>(ops: EncoderOps<T>, cfg: EncoderConfig): EncoderState<T> {
  const o = ops;
  const apply = (x: T, m: T | null) => (m ? o.mul(x, m) : x);
  const linear = (x: T, p: string) =>
    o.addBias(o.matMul(x, o.param(`${p}.weight`), false, false), o.param(`${p}.bias`));
  const norm = (x: T, p: string): [T, NormState<T>] => {
    const centered = o.sub(x, o.mean(x, -1, true));
    const rstd = o.rsqrt(o.addC(o.mean(o.square(centered), -1, true), cfg.layerNormEps));
    const xhat = o.mul(centered, rstd);
    const y = o.add(o.mul(xhat, o.param(`${p}.weight`)), o.param(`${p}.bias`));
    return [y, { xhat: o.save(xhat), rstd: o.save(rstd) }];
  };
  const mask = (rate: number, kind: 'hidden' | 'probs') => {
    const m = o.dropMask(rate, kind);
    return m ? o.save(m) : null;
  };

  const emb = o.add(o.add(o.embed('word'), o.embed('position')), o.embed('type'));
  const [embNormed, embNorm] = norm(o.flat(emb), 'embeddings.LayerNorm');
  const embMask = mask(cfg.hiddenDropout, 'hidden');
  let h = apply(embNormed, embMask);
  const bias = o.attentionBias();

  // The inference form moves 1/√dh into the query weights when it is a power of two (dh = 4, 16, 64,
  // 256: scaling by 2^-k is exact) and runs GELU + output dense as one primitive (geluDense).
  const scale = 1 / Math.sqrt(cfg.hiddenSize / cfg.numHeads);
  const foldScale = o.inference && Number.isInteger(Math.log2(scale));
  const layers: LayerState<T>[] = [];
  for (let l = 0; l < cfg.numLayers; l++) {
    const p = `encoder.layer.${l}`;
    const qName = `${p}.attention.self.query`;
    const x = h;
    const q = o.heads(
      foldScale
        ? o.addBias(
            o.matMul(x, o.scaledParam(`${qName}.weight`, scale), false, false),
            o.scaledParam(`${qName}.bias`, scale),
          )
        : linear(x, qName),
    );
    const k = o.heads(linear(x, `${p}.attention.self.key`));
    const v = o.heads(linear(x, `${p}.attention.self.value`));
    let scores = o.batchMatMul(q, k, false, true);
    if (!foldScale) scores = o.mulC(scores, scale);
    if (bias) scores = o.add(scores, bias);
    const probs = o.softmax(scores);
    const probsMask = mask(cfg.attentionDropout, 'probs');
    const ctx = o.merge(o.batchMatMul(apply(probs, probsMask), v, false, false));
    const attnMask = mask(cfg.hiddenDropout, 'hidden');
    const attn = apply(linear(ctx, `${p}.attention.output.dense`), attnMask);
    const [h1, norm1] = norm(o.add(attn, x), `${p}.attention.output.LayerNorm`);
    const pre = linear(h1, `${p}.intermediate.dense`);
    const outMask = mask(cfg.hiddenDropout, 'hidden');
    if (o.inference) {
      h = norm(o.add(apply(o.geluDense(pre, `${p}.output.dense`), outMask), h1), `${p}.output.LayerNorm`)[0];
      continue;
    }
    const cdf = o.mulC(o.twiceCdf(pre), 0.5);
    const act = o.mul(pre, cdf);
    const out = apply(linear(act, `${p}.output.dense`), outMask);
    const [h2, norm2] = norm(o.add(out, h1), `${p}.output.LayerNorm`);
    layers.push({
      x: o.save(x),
      q: o.save(q),
      k: o.save(k),
      v: o.save(v),
      probs: o.save(probs),
      probsMask,
      ctx: o.save(ctx),
      attnMask,
      norm1,
      h1: o.save(h1),
      pre: o.save(pre),
      cdf: o.save(cdf),
      act: o.save(act),
      outMask,
      norm2,
    });
    h = h2;
  }
  const last = o.unflat(h);

  let pooled: T;
  let maskF: T | null = null;
  if (cfg.pooling === 'cls') {
    pooled = o.firstToken(last);
  } else {
    maskF = o.tokenMask();
    const count = o.maximumC(o.sum(maskF, 1, false), 1e-9);
    pooled = o.div(o.sum(o.mul(last, maskF), 1, false), count);
  }
  const pooledIn = pooled;
  let headOut: T | null = null;
  if (cfg.dense) {
    let y = o.matMul(pooled, o.param('dense.linear.weight'), false, false);
    if (cfg.dense.bias) y = o.addBias(y, o.param('dense.linear.bias'));
    headOut = cfg.dense.activation === 'tanh' ? o.tanh(y) : y;
    pooled = headOut;
  }
  let normT: T | null = null;
  if (cfg.normalize) {
    normT = o.maximumC(o.sqrt(o.sum(o.square(pooled), 1, true)), 1e-12);
    pooled = o.div(pooled, normT);
  }
  return {
    last,
    embNorm,
    embMask,
    layers,
    maskF: maskF ? o.save(maskF) : null,
    pooledIn: o.save(pooledIn),
    headOut: headOut ? o.save(headOut) : null,
    norm: normT ? o.save(normT) : null,
    output: o.save(pooled),
  };
}

/**
 * The hand-written backward pass of {@link encoderForward} (training form), written once against
 * {@link EncoderOps}: from ∂L/∂output (`[b, dim]`) to ∂L/∂θ for every parameter, by Hugging Face name
 * (linear weights `[in, out]`; embedding tables as {@link EncoderOps.embedGrad} gives them). Equal to
 * autodiff through the forward pass up to float rounding (tested), with about a third of the kernels.
 *
 * @example
 * const grads = encoderGradients(ops, cfg, state, dOut);
 * grads.get('encoder.layer.0.attention.self.query.weight');
 */
export function encoderGradients<T>(
  ops: EncoderOps<T>,
  cfg: EncoderConfig,
  s: EncoderState<T>,
  dOut: T,
): Map<string, T> {
  const o = ops;
  const grads = new Map<string, T>();
  const put = (name: string, g: T) => grads.set(name, o.grad(g));
  const linearBack = (x: T, dy: T, p: string) => {
    put(`${p}.weight`, o.matMul(x, dy, true, false));
    put(`${p}.bias`, o.sum(dy, 0, false));
    return o.matMul(dy, o.param(`${p}.weight`), false, true);
  };
  const normBack = (dy: T, n: NormState<T>, p: string) => {
    put(`${p}.weight`, o.sum(o.mul(dy, n.xhat), 0, false));
    put(`${p}.bias`, o.sum(dy, 0, false));
    const g = o.mul(dy, o.param(`${p}.weight`));
    const m1 = o.mean(g, -1, true);
    const m2 = o.mean(o.mul(g, n.xhat), -1, true);
    return o.mul(o.sub(o.sub(g, m1), o.mul(n.xhat, m2)), n.rstd);
  };
  const masked = (d: T, m: T | null) => (m ? o.mul(d, m) : d);

  // Normalisation, head, pooling → ∂L/∂last_hidden_state as [N, H].
  let dh2 = o.scope(() => {
    let d = dOut;
    if (s.norm) {
      const y = s.output;
      d = o.div(o.sub(d, o.mul(y, o.sum(o.mul(y, d), 1, true))), s.norm);
    }
    if (cfg.dense && s.headOut) {
      const dz = cfg.dense.activation === 'tanh' ? o.mul(d, o.rsubC(1, o.square(s.headOut))) : d;
      put('dense.linear.weight', o.matMul(s.pooledIn, dz, true, false));
      if (cfg.dense.bias) put('dense.linear.bias', o.sum(dz, 0, false));
      d = o.matMul(dz, o.param('dense.linear.weight'), false, true);
    }
    let dLast: T;
    if (cfg.pooling === 'cls' || !s.maskF) {
      dLast = o.firstTokenGrad(d);
    } else {
      const count = o.maximumC(o.sum(s.maskF, 1, false), 1e-9);
      dLast = o.mul(o.expandTokens(o.div(d, count)), s.maskF);
    }
    return o.flat(dLast);
  });

  const scale = 1 / Math.sqrt(cfg.hiddenSize / cfg.numHeads);
  for (let l = cfg.numLayers - 1; l >= 0; l--) {
    const L = s.layers[l]!;
    const p = `encoder.layer.${l}`;
    const dIn = dh2;
    dh2 = o.scope(() => {
      const dpre2 = normBack(dIn, L.norm2, `${p}.output.LayerNorm`);
      const dAct = linearBack(L.act, masked(dpre2, L.outMask), `${p}.output.dense`);
      // GELU′(x) = Φ(x) + x φ(x).
      const pdf = o.mulC(o.exp(o.mulC(o.square(L.pre), -0.5)), 1 / Math.sqrt(2 * Math.PI));
      const dPre = o.mul(dAct, o.add(L.cdf, o.mul(L.pre, pdf)));
      const dh1 = o.add(dpre2, linearBack(L.h1, dPre, `${p}.intermediate.dense`));
      const dpre1 = normBack(dh1, L.norm1, `${p}.attention.output.LayerNorm`);
      const dCtx = linearBack(L.ctx, masked(dpre1, L.attnMask), `${p}.attention.output.dense`);
      const dC = o.heads(dCtx);
      const probsD = L.probsMask ? o.mul(L.probs, L.probsMask) : L.probs;
      const dV = o.batchMatMul(probsD, dC, true, false);
      const dP = masked(o.batchMatMul(dC, L.v, false, true), L.probsMask);
      const dS = o.mulC(o.mul(L.probs, o.sub(dP, o.sum(o.mul(dP, L.probs), -1, true))), scale);
      const dQ = o.batchMatMul(dS, L.k, false, false);
      const dK = o.batchMatMul(dS, L.q, true, false);
      const parts = [dpre1];
      for (const [name, d] of [
        ['query', dQ],
        ['key', dK],
        ['value', dV],
      ] as const) {
        parts.push(linearBack(L.x, o.merge(d), `${p}.attention.self.${name}`));
      }
      return o.addN(parts);
    });
    o.release(dIn);
  }

  // Embeddings: LayerNorm, then the three gathers.
  o.scope(() => {
    const dE = normBack(masked(dh2, s.embMask), s.embNorm, 'embeddings.LayerNorm');
    put('embeddings.word_embeddings.weight', o.embedGrad(dE, 'word'));
    put('embeddings.position_embeddings.weight', o.embedGrad(dE, 'position'));
    put('embeddings.token_type_embeddings.weight', o.embedGrad(dE, 'type'));
    return undefined;
  });
  o.release(dh2);
  return grads;
}
