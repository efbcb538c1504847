import type { EncoderConfig } from '../encoder/config.js';
import type { EmbeddingTable, EncoderOps, MaskKind } from '../encoder/encoder-ops.js';
import type { GraphBuilder } from './builder.js';

type N = string;

/** Where a graph pass reads its parameters: a node per Hugging Face name (`[in, out]` linear layout). */
export type ParamNode = (name: string) => string;

/** The input nodes of a pass (int32 `[b, t]`). */
export interface GraphPassInputs {
  /** The word table to gather from (the full table, or the rows a step uses). */
  wordTable: string;
  ids: string;
  positions: string;
  types: string;
  mask: string;
}

/** How a graph pass differs between inference and training. */
export interface GraphOpsOptions {
  /** Inference form (see {@link EncoderOps.inference}). */
  inference: boolean;
  /** A dropout multiplier node for the next site, or null (inference: always null). */
  dropMask: (rate: number, kind: MaskKind) => string | null;
  /** A parameter times `c` as a node (inference: a constant of the scaled weights). */
  scaledParam?: (name: string, c: number) => string;
}

/**
 * {@link EncoderOps} as TensorFlow graph nodes (`GraphBuilder`): each primitive adds its nodes and
 * returns the output node's name. The inference form writes GELU as `0.5·x·(1 + erf(x/√2))`, the
 * pattern Grappler fuses into the matMul; batch size and sequence length are dynamic.
 *
 * @example
 * const ops = new GraphEncoderOps(g, cfg, W, { wordTable, ids, positions, types, mask }, opts);
 * const state = encoderForward(ops, cfg); // state.output: the [b, dim] node
 */
export class GraphEncoderOps implements EncoderOps<N> {
  readonly inference: boolean;
  private readonly H: number;
  private readonly idShape: N;
  private readonly flatShape: N;
  private readonly headShape: N;
  private maskF: N | null = null;

  constructor(
    private readonly g: GraphBuilder,
    cfg: EncoderConfig,
    private readonly W: ParamNode,
    private readonly inp: GraphPassInputs,
    private readonly opts: GraphOpsOptions,
  ) {
    this.inference = opts.inference;
    this.H = cfg.hiddenSize;
    const nh = cfg.numHeads;
    this.idShape = g.shape(inp.ids, 'int32');
    this.flatShape = g.constI([2], [-1, this.H]);
    this.headShape = g.concat([this.idShape, g.constI([2], [nh, this.H / nh])], 0, 'int32');
  }

  param(name: string): N {
    return this.W(name);
  }
  scaledParam(name: string, c: number): N {
    if (!this.opts.scaledParam) throw new Error(`graph encoder: no scaled parameters (${name})`);
    return this.opts.scaledParam(name, c);
  }
  private table(t: EmbeddingTable): { table: N; idx: N } {
    if (t === 'word') return { table: this.inp.wordTable, idx: this.inp.ids };
    if (t === 'position')
      return { table: this.W('embeddings.position_embeddings.weight'), idx: this.inp.positions };
    return { table: this.W('embeddings.token_type_embeddings.weight'), idx: this.inp.types };
  }
  embed(t: EmbeddingTable): N {
    const { table, idx } = this.table(t);
    return this.g.gather(table, idx);
  }
  private floatMask(): N {
    this.maskF ??= this.g.cast(this.inp.mask, 'int32', 'float32');
    return this.maskF;
  }
  attentionBias(): N {
    const g = this.g;
    const add = g.binary('Mul', g.binary('Sub', g.scalarF(1), this.floatMask()), g.scalarF(-1e9));
    return g.expandDims(g.expandDims(add, 1), 1);
  }
  tokenMask(): N {
    return this.g.expandDims(this.floatMask(), 2);
  }
  dropMask(rate: number, kind: MaskKind): N | null {
    return this.opts.dropMask(rate, kind);
  }
  save(x: N): N {
    return x;
  }
  scope<R extends N | undefined>(f: () => R): R {
    return f();
  }
  grad(x: N): N {
    return x;
  }
  release(): void {}

  add(a: N, b: N): N {
    return this.g.binary('AddV2', a, b);
  }
  sub(a: N, b: N): N {
    return this.g.binary('Sub', a, b);
  }
  mul(a: N, b: N): N {
    return this.g.binary('Mul', a, b);
  }
  div(a: N, b: N): N {
    return this.g.binary('RealDiv', a, b);
  }
  addN(xs: readonly N[]): N {
    return this.g.addN(xs);
  }
  addC(x: N, c: number): N {
    return this.g.binary('AddV2', x, this.g.scalarF(c));
  }
  mulC(x: N, c: number): N {
    return this.g.binary('Mul', x, this.g.scalarF(c));
  }
  rsubC(c: number, x: N): N {
    return this.g.binary('Sub', this.g.scalarF(c), x);
  }
  maximumC(x: N, c: number): N {
    return this.g.binary('Maximum', x, this.g.scalarF(c));
  }
  square(x: N): N {
    return this.g.unary('Square', x);
  }
  sqrt(x: N): N {
    return this.g.unary('Sqrt', x);
  }
  rsqrt(x: N): N {
    return this.g.unary('Rsqrt', x);
  }
  exp(x: N): N {
    return this.g.unary('Exp', x);
  }
  tanh(x: N): N {
    return this.g.unary('Tanh', x);
  }
  addBias(x: N, bias: N): N {
    return this.g.biasAdd(x, bias);
  }
  matMul(a: N, b: N, ta: boolean, tb: boolean): N {
    return this.g.matMul(a, b, ta, tb);
  }
  batchMatMul(a: N, b: N, ta: boolean, tb: boolean): N {
    return this.g.batchMatMul(a, b, ta, tb);
  }
  mean(x: N, axis: number, keepDims: boolean): N {
    return this.g.reduce('Mean', x, [axis], keepDims);
  }
  sum(x: N, axis: number, keepDims: boolean): N {
    return this.g.reduce('Sum', x, [axis], keepDims);
  }
  softmax(x: N): N {
    return this.g.softmax(x);
  }
  twiceCdf(x: N): N {
    return this.g.op('Erfc', [this.mulC(x, -Math.SQRT1_2)], { T: { type: 'float32' } });
  }
  geluDense(pre: N, prefix: string): N {
    const g = this.g;
    const e = g.unary('Erf', g.binary('RealDiv', pre, g.scalarF(Math.SQRT2)));
    const act = g.binary('Mul', g.binary('Mul', g.scalarF(0.5), pre), g.binary('AddV2', g.scalarF(1), e));
    return g.biasAdd(g.matMul(act, this.W(`${prefix}.weight`)), this.W(`${prefix}.bias`));
  }

  flat(x: N): N {
    return this.g.reshape(x, this.flatShape);
  }
  unflat(x: N): N {
    return this.g.reshape(x, this.g.concat([this.idShape, this.g.constI([1], [this.H])], 0, 'int32'));
  }
  heads(x: N): N {
    return this.g.transpose(this.g.reshape(x, this.headShape), [0, 2, 1, 3]);
  }
  merge(x: N): N {
    return this.g.reshape(this.g.transpose(x, [0, 2, 1, 3]), this.flatShape);
  }
  expandTokens(x: N): N {
    return this.g.expandDims(x, 1);
  }
  firstToken(x: N): N {
    return this.g.stridedSlice(x, [0, 0, 0], [0, 1, 0], { begin: 0b101, end: 0b101, shrink: 0b010 });
  }
  firstTokenGrad(d: N): N {
    const g = this.g;
    const t = g.stridedSlice(this.idShape, [1], [2], { shrink: 1 }, 'int32');
    const tail = g.binary('Sub', t, g.constI([], [1]), 'int32');
    const zero = g.constI([], [0]);
    const pair = (a: N, b: N) => g.pack([a, b], 0, 'int32');
    return g.pad(
      g.expandDims(d, 1),
      g.pack([pair(zero, zero), pair(zero, tail), pair(zero, zero)], 0, 'int32'),
    );
  }
  embedGrad(dE: N, t: EmbeddingTable): N {
    const g = this.g;
    const { table, idx } = this.table(t);
    const rows = g.stridedSlice(g.shape(table, 'float32'), [0], [1], { shrink: 1 }, 'int32');
    return g.segmentSum(dE, g.reshape(idx, g.constI([1], [-1]), 'int32'), rows);
  }
}
