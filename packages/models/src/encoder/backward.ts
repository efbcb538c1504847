import { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import type { ForwardSaved, NormSaved, WeightOf } from './forward.js';
import { geluGrad } from './ops.js';

/** Options of {@link encoderBackward}. */
export interface BackwardOptions {
  /**
   * Return the word-embedding gradient compactly: only the rows of the ids used, row `rowOf[id]` of a
   * `[count, hidden]` tensor (every id of the pass must have a row). Default: the dense `[vocab, hidden]`
   * gradient.
   */
  wordRows?: { rowOf: Int32Array; count: number };
}

export const WORD_EMBEDDINGS = 'embeddings.word_embeddings.weight';

/**
 * The hand-written backward pass of the encoder: from ∂L/∂output (`[b, dim]`, the pooled, headed,
 * normalised output of the saved forward pass) to ∂L/∂θ for every parameter, by Hugging Face name
 * (linear weights in hbt's `[in, out]` layout, like the variables). Equal to tfjs autodiff through
 * {@link runEncoder} up to float rounding (tested), with about a third of the kernels: the tape records
 * every broadcast, reshape and identity, while this pass runs only the products and reductions needed.
 * The caller owns the returned tensors.
 */
export function encoderBackward(
  cfg: EncoderConfig,
  w: WeightOf,
  s: ForwardSaved,
  dOut: tf.Tensor2D,
  opts: BackwardOptions = {},
): Map<string, tf.Tensor> {
  const grads = new Map<string, tf.Tensor>();
  const put = (name: string, g: tf.Tensor) => grads.set(name, tf.keep(g));
  const { b, t } = s;
  const H = cfg.hiddenSize;
  const nh = cfg.numHeads;
  const dh = H / nh;
  const N = b * t;

  const linearBack = (x: tf.Tensor2D, dy: tf.Tensor2D, prefix: string, needInput = true) => {
    put(`${prefix}.weight`, tf.matMul(x, dy, true, false));
    put(`${prefix}.bias`, tf.sum(dy, 0));
    return needInput
      ? (tf.matMul(dy, w(`${prefix}.weight`) as tf.Tensor2D, false, true) as tf.Tensor2D)
      : null;
  };
  const normBack = (dy: tf.Tensor, n: NormSaved, prefix: string): tf.Tensor2D => {
    put(`${prefix}.weight`, tf.sum(tf.mul(dy, n.xhat), 0));
    put(`${prefix}.bias`, tf.sum(dy, 0));
    const g = tf.mul(dy, w(`${prefix}.weight`));
    const m1 = tf.mean(g, -1, true);
    const m2 = tf.mean(tf.mul(g, n.xhat), -1, true);
    return tf.mul(tf.sub(tf.sub(g, m1), tf.mul(n.xhat, m2)), n.rstd) as tf.Tensor2D;
  };
  const masked = (d: tf.Tensor, m: tf.Tensor | null) => (m ? tf.mul(d, m) : d);
  const heads = (y: tf.Tensor) => tf.transpose(tf.reshape(y, [b, t, nh, dh]), [0, 2, 1, 3]) as tf.Tensor4D;
  const merge = (y: tf.Tensor) => tf.reshape(tf.transpose(y, [0, 2, 1, 3]), [N, H]) as tf.Tensor2D;

  // Normalisation, head, pooling → ∂L/∂last_hidden_state as [N, H].
  let dh2 = tf.tidy(() => {
    let d: tf.Tensor2D = dOut;
    if (s.norm) {
      const y = s.output;
      d = tf.div(tf.sub(d, tf.mul(y, tf.sum(tf.mul(y, d), 1, true))), s.norm) as tf.Tensor2D;
    }
    if (cfg.dense && s.headOut) {
      const dz = cfg.dense.activation === 'tanh' ? tf.mul(d, tf.sub(1, tf.square(s.headOut))) : d;
      put('dense.linear.weight', tf.matMul(s.pooledIn, dz as tf.Tensor2D, true, false));
      if (cfg.dense.bias) put('dense.linear.bias', tf.sum(dz, 0));
      d = tf.matMul(dz as tf.Tensor2D, w('dense.linear.weight') as tf.Tensor2D, false, true);
    }
    let dLast: tf.Tensor;
    if (cfg.pooling === 'cls') {
      dLast = tf.pad(tf.reshape(d, [b, 1, H]), [
        [0, 0],
        [0, t - 1],
        [0, 0],
      ]);
    } else {
      const count = tf.maximum(tf.sum(s.maskF!, 1), 1e-9);
      dLast = tf.mul(tf.reshape(tf.div(d, count), [b, 1, H]), s.maskF!);
    }
    return tf.reshape(dLast, [N, H]) as tf.Tensor2D;
  });

  const scale = 1 / Math.sqrt(dh);
  for (let l = cfg.numLayers - 1; l >= 0; l--) {
    const L = s.layers[l]!;
    const p = `encoder.layer.${l}`;
    const next = tf.tidy(() => {
      const dpre2 = normBack(dh2, L.norm2, `${p}.output.LayerNorm`);
      const dAct = linearBack(L.act, masked(dpre2, L.outMask) as tf.Tensor2D, `${p}.output.dense`)!;
      const dPre = geluGrad(dAct, L.pre, L.cdf) as tf.Tensor2D;
      const dh1 = tf.add(dpre2, linearBack(L.h1, dPre, `${p}.intermediate.dense`)!);
      const dpre1 = normBack(dh1, L.norm1, `${p}.attention.output.LayerNorm`);
      const dCtx = linearBack(
        L.ctx,
        masked(dpre1, L.attnMask) as tf.Tensor2D,
        `${p}.attention.output.dense`,
      )!;
      const dC = heads(dCtx);
      const probsD = L.probsMask ? tf.mul(L.probs, L.probsMask) : L.probs;
      const dV = tf.matMul(probsD as tf.Tensor4D, dC, true, false);
      const dP = masked(tf.matMul(dC, L.v, false, true), L.probsMask);
      const dS = tf.mul(
        tf.mul(L.probs, tf.sub(dP, tf.sum(tf.mul(dP, L.probs), -1, true))),
        scale,
      ) as tf.Tensor4D;
      const dQ = tf.matMul(dS, L.k);
      const dK = tf.matMul(dS, L.q, true, false);
      const dx = [dpre1 as tf.Tensor];
      for (const [name, d] of [
        ['query', dQ],
        ['key', dK],
        ['value', dV],
      ] as const) {
        dx.push(linearBack(L.x, merge(d), `${p}.attention.self.${name}`)!);
      }
      return tf.addN(dx) as tf.Tensor2D;
    });
    dh2.dispose();
    dh2 = next;
  }

  // Embeddings: LayerNorm, then the three gathers.
  tf.tidy(() => {
    const dE = normBack(masked(dh2, s.embMask), s.embNorm, 'embeddings.LayerNorm');
    const scatter = (idx: tf.Tensor, rows: number) => tf.scatterND(tf.reshape(idx, [N, 1]), dE, [rows, H]);
    const ids = tf.reshape(s.ids, [N]);
    if (opts.wordRows) {
      const { rowOf, count } = opts.wordRows;
      const local = Int32Array.from(ids.dataSync(), (id) => {
        const r = rowOf[id]!;
        if (r < 0) throw new RangeError(`encoderBackward: token id ${id} has no row in wordRows`);
        return r;
      });
      put(WORD_EMBEDDINGS, scatter(tf.tensor1d(local, 'int32'), count));
    } else {
      put(WORD_EMBEDDINGS, scatter(ids, cfg.vocabSize));
    }
    const P = cfg.maxPositionEmbeddings;
    if (cfg.modelType === 'xlm-roberta') {
      put('embeddings.position_embeddings.weight', scatter(tf.broadcastTo(s.positions, [b, t]), P));
    } else {
      const perPos = tf.sum(tf.reshape(dE, [b, t, H]), 0);
      put(
        'embeddings.position_embeddings.weight',
        t < P
          ? tf.pad(perPos, [
              [0, P - t],
              [0, 0],
            ])
          : perPos,
      );
    }
    put('embeddings.token_type_embeddings.weight', scatter(s.types, cfg.typeVocabSize));
  });
  dh2.dispose();
  return grads;
}
