import { tf } from '../tf.js';
import type { EncoderConfig } from './config.js';
import type { EmbeddingTable, EncoderOps, MaskKind } from './encoder-ops.js';
import type { EncoderInputs, ForwardOptions, WeightOf } from './forward.js';
import { dropoutMask, gatherRows, twiceGelu, twiceNormalCdf } from './ops.js';
import { positionIds } from './positions.js';

type T = tf.Tensor;

/**
 * {@link EncoderOps} on eager tfjs tensors, for one batch. With `save`, the values the backward pass
 * reads are kept (`tf.keep`) and the gathers are plain (the gradient is hand-written); without it, the
 * inference form runs (folded 1/√dh, `twiceGelu` into halved output weights) and the gathers carry
 * `gatherRows`' gradient, so tfjs autodiff works through the pass. Create and run the forward pass inside
 * `tf.tidy`.
 *
 * @example
 * const ops = new EagerEncoderOps(cfg, (n) => weights.get(n)!, inputs, {}, false);
 * const { output } = encoderForward(ops, cfg);
 */
export class EagerEncoderOps implements EncoderOps<T> {
  readonly inference: boolean;
  /** Backward option: the word gradient as rows `rowOf[id]` of a `[count, hidden]` tensor. */
  wordRows: { rowOf: Int32Array; count: number } | null = null;
  private readonly b: number;
  private readonly t: number;
  private readonly ids: T;
  private readonly positions: T;
  private readonly types: T;
  private readonly training: boolean;
  private site = 0;
  /** Every tensor this pass kept (the saved pass frees them). */
  readonly kept = new Set<T>();

  constructor(
    private readonly cfg: EncoderConfig,
    private readonly w: WeightOf,
    private readonly inputs: EncoderInputs,
    private readonly opts: ForwardOptions,
    private readonly saving: boolean,
  ) {
    this.inference = !saving;
    this.training = opts.training === true;
    const hasDropout = cfg.hiddenDropout > 0 || cfg.attentionDropout > 0;
    if (this.training && opts.dropoutSeed === undefined && !opts.masks && hasDropout) {
      throw new RangeError('forward({ training: true }) needs a dropoutSeed for reproducible dropout');
    }
    [this.b, this.t] = inputs.inputIds.shape;
    const ids = inputs.inputIds;
    const host = ids.dataSync() as Int32Array;
    const pos = tf.tensor2d(positionIds(cfg, host, [this.b, this.t]), [this.b, this.t], 'int32');
    const types = inputs.tokenTypeIds ?? tf.zeros([this.b, this.t], 'int32');
    // Copies (shared buffers): the caller may dispose its input tensors before the backward pass.
    this.ids = this.save(saving ? tf.clone(ids) : ids);
    this.positions = this.save(pos);
    this.types = this.save(saving ? tf.clone(types) : types);
  }

  param(name: string): T {
    return this.w(name);
  }
  scaledParam(name: string, c: number): T {
    return tf.mul(this.w(name), c);
  }
  private gather(table: T, ids: T): T {
    return this.saving ? tf.gather(table as tf.Tensor2D, ids) : gatherRows(table as tf.Tensor2D, ids);
  }
  embed(table: EmbeddingTable): T {
    if (table === 'position')
      return this.gather(this.w('embeddings.position_embeddings.weight'), this.positions);
    if (table === 'type') return this.gather(this.w('embeddings.token_type_embeddings.weight'), this.types);
    const wt = this.opts.wordTable;
    if (!wt) return this.gather(this.w('embeddings.word_embeddings.weight'), this.ids);
    const local = Int32Array.from(this.ids.dataSync(), (id) => {
      const r = wt.rowOf[id] ?? -1;
      if (r < 0) throw new RangeError(`forward: token id ${id} has no row in wordTable`);
      return r;
    });
    return this.gather(wt.rows, tf.tensor2d(local, [this.b, this.t], 'int32'));
  }
  attentionBias(): T | null {
    // Without padding the mask would add only zeros: left out (bit-identical scores, one op fewer per layer).
    const m = this.inputs.attentionMask;
    if (tf.min(m).dataSync()[0] !== 0) return null;
    return tf.reshape(tf.mul(tf.sub(1, tf.cast(m, 'float32')), -1e9), [this.b, 1, 1, this.t]);
  }
  tokenMask(): T {
    return tf.expandDims(tf.cast(this.inputs.attentionMask, 'float32'), 2);
  }
  dropMask(rate: number, kind: MaskKind): T | null {
    if (!(this.training && rate > 0)) return null;
    const { b, t } = this;
    const shape = kind === 'hidden' ? [b * t, this.cfg.hiddenSize] : [b, this.cfg.numHeads, t, t];
    const site = this.site++;
    const fed = this.opts.masks;
    if (!fed) return dropoutMask(shape, rate, this.opts.dropoutSeed ?? 0, site);
    const m = fed[site];
    if (!m || m.shape.join() !== shape.join())
      throw new RangeError(
        `dropout site ${site}: fed mask ${m ? `[${m.shape}]` : 'missing'}, expected [${shape}]`,
      );
    return m;
  }
  save(x: T): T {
    if (!this.saving) return x;
    this.kept.add(x);
    return tf.keep(x);
  }
  scope<R extends T | undefined>(f: () => R): R {
    return tf.tidy(f as () => T) as R;
  }
  grad(x: T): T {
    return tf.keep(x);
  }
  release(x: T): void {
    x.dispose();
  }

  add(a: T, b: T): T {
    return tf.add(a, b);
  }
  sub(a: T, b: T): T {
    return tf.sub(a, b);
  }
  mul(a: T, b: T): T {
    return tf.mul(a, b);
  }
  div(a: T, b: T): T {
    return tf.div(a, b);
  }
  addN(xs: readonly T[]): T {
    return tf.addN([...xs]);
  }
  addC(x: T, c: number): T {
    return tf.add(x, c);
  }
  mulC(x: T, c: number): T {
    return tf.mul(x, c);
  }
  rsubC(c: number, x: T): T {
    return tf.sub(c, x);
  }
  maximumC(x: T, c: number): T {
    return tf.maximum(x, c);
  }
  square(x: T): T {
    return tf.square(x);
  }
  sqrt(x: T): T {
    return tf.sqrt(x);
  }
  rsqrt(x: T): T {
    return tf.rsqrt(x);
  }
  exp(x: T): T {
    return tf.exp(x);
  }
  tanh(x: T): T {
    return tf.tanh(x);
  }
  addBias(x: T, bias: T): T {
    return tf.add(x, bias);
  }
  matMul(a: T, b: T, ta: boolean, tb: boolean): T {
    return tf.matMul(a, b, ta, tb);
  }
  batchMatMul(a: T, b: T, ta: boolean, tb: boolean): T {
    return tf.matMul(a, b, ta, tb);
  }
  mean(x: T, axis: number, keepDims: boolean): T {
    return tf.mean(x, axis, keepDims);
  }
  sum(x: T, axis: number, keepDims: boolean): T {
    return tf.sum(x, axis, keepDims);
  }
  softmax(x: T): T {
    return tf.softmax(x, -1);
  }
  twiceCdf(x: T): T {
    return twiceNormalCdf(x);
  }
  geluDense(pre: T, prefix: string): T {
    // x·2Φ(x) times 0.5·W is x·Φ(x) times W, bit for bit (halving is exact): one pass fewer.
    return tf.add(
      tf.matMul(twiceGelu(pre), tf.mul(this.w(`${prefix}.weight`), 0.5)),
      this.w(`${prefix}.bias`),
    );
  }

  flat(x: T): T {
    return tf.reshape(x, [this.b * this.t, this.cfg.hiddenSize]);
  }
  unflat(x: T): T {
    return tf.reshape(x, [this.b, this.t, this.cfg.hiddenSize]);
  }
  heads(x: T): T {
    const nh = this.cfg.numHeads;
    return tf.transpose(tf.reshape(x, [this.b, this.t, nh, this.cfg.hiddenSize / nh]), [0, 2, 1, 3]);
  }
  merge(x: T): T {
    return tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [this.b * this.t, this.cfg.hiddenSize]);
  }
  expandTokens(x: T): T {
    return tf.reshape(x, [this.b, 1, this.cfg.hiddenSize]);
  }
  firstToken(x: T): T {
    const H = this.cfg.hiddenSize;
    return tf.reshape(tf.slice(x, [0, 0, 0], [this.b, 1, H]), [this.b, H]);
  }
  firstTokenGrad(d: T): T {
    return tf.pad(this.expandTokens(d), [
      [0, 0],
      [0, this.t - 1],
      [0, 0],
    ]);
  }
  embedGrad(dE: T, table: EmbeddingTable): T {
    const { b, t, cfg } = this;
    const N = b * t;
    const H = cfg.hiddenSize;
    const scatter = (idx: T, rows: number) => tf.scatterND(tf.reshape(idx, [N, 1]), dE, [rows, H]);
    if (table === 'type') return scatter(this.types, cfg.typeVocabSize);
    if (table === 'position') {
      const P = cfg.maxPositionEmbeddings;
      if (cfg.modelType === 'xlm-roberta') return scatter(tf.broadcastTo(this.positions, [b, t]), P);
      // BERT positions are 0..t−1 in every row: the per-position sum, padded to the table.
      const perPos = tf.sum(tf.reshape(dE, [b, t, H]), 0);
      return t < P
        ? tf.pad(perPos, [
            [0, P - t],
            [0, 0],
          ])
        : perPos;
    }
    const ids = tf.reshape(this.ids, [N]);
    if (!this.wordRows) return scatter(ids, cfg.vocabSize);
    const { rowOf, count } = this.wordRows;
    const local = Int32Array.from(ids.dataSync(), (id) => {
      const r = rowOf[id]!;
      if (r < 0) throw new RangeError(`encoderBackward: token id ${id} has no row in wordRows`);
      return r;
    });
    return scatter(tf.tensor1d(local, 'int32'), count);
  }
}
