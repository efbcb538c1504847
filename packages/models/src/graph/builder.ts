import type { AttrValue, ConstTensor, DType, NodeDef } from './saved-model.js';

const F: AttrValue = { type: 'float32' };
const I32: AttrValue = { type: 'int32' };

/**
 * Builds a TensorFlow GraphDef node by node; every method returns the new node's output name. Only the
 * ops hbt's encoder graph needs, with the attributes TensorFlow's op registry requires.
 *
 * @example
 * const g = new GraphBuilder();
 * const x = g.placeholder('x', 'float32', [-1, 3]);
 * const y = g.matMul(x, g.constF([3, 2], weights));
 */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  private n = 0;

  /** Add a node; returns its name. */
  op(op: string, inputs: readonly string[], attr: Record<string, AttrValue> = {}, name?: string): string {
    const id = name ?? `${op.toLowerCase()}_${this.n++}`;
    this.nodes.push({ name: id, op, inputs, attr });
    return id;
  }

  placeholder(name: string, dtype: DType, shape: readonly number[]): string {
    return this.op('Placeholder', [], { dtype: { type: dtype }, shape: { shape } }, name);
  }

  const(t: ConstTensor): string {
    return this.op('Const', [], { dtype: { type: t.dtype }, value: { tensor: t } });
  }
  constF(shape: readonly number[], values: Float32Array | readonly number[]): string {
    return this.const({ dtype: 'float32', shape, values: Float32Array.from(values) });
  }
  constI(shape: readonly number[], values: readonly number[]): string {
    return this.const({ dtype: 'int32', shape, values: Int32Array.from(values) });
  }
  scalarF(v: number): string {
    return this.constF([], [v]);
  }

  matMul(a: string, b: string, ta = false, tb = false): string {
    return this.op('MatMul', [a, b], { T: F, transpose_a: { b: ta }, transpose_b: { b: tb } });
  }
  batchMatMul(a: string, b: string, adjX: boolean, adjY: boolean): string {
    return this.op('BatchMatMulV2', [a, b], { T: F, adj_x: { b: adjX }, adj_y: { b: adjY } });
  }
  biasAdd(x: string, bias: string): string {
    return this.op('BiasAdd', [x, bias], { T: F, data_format: { s: 'NHWC' } });
  }
  binary(
    op: 'AddV2' | 'Sub' | 'Mul' | 'RealDiv' | 'Maximum',
    a: string,
    b: string,
    dtype: DType = 'float32',
  ): string {
    return this.op(op, [a, b], { T: { type: dtype } });
  }
  unary(op: 'Square' | 'Rsqrt' | 'Sqrt' | 'Erf' | 'Tanh' | 'Exp' | 'Log' | 'Neg', x: string): string {
    return this.op(op, [x], { T: F });
  }
  reduce(op: 'Mean' | 'Sum' | 'Max', x: string, axes: readonly number[], keepDims: boolean): string {
    return this.op(op, [x, this.constI([axes.length], axes)], {
      T: F,
      Tidx: I32,
      keep_dims: { b: keepDims },
    });
  }
  softmax(x: string): string {
    return this.op('Softmax', [x], { T: F });
  }
  reshape(x: string, shape: string, dtype: DType = 'float32'): string {
    return this.op('Reshape', [x, shape], { T: { type: dtype }, Tshape: I32 });
  }
  transpose(x: string, perm: readonly number[]): string {
    return this.op('Transpose', [x, this.constI([perm.length], perm)], { T: F, Tperm: I32 });
  }
  gather(params: string, ids: string): string {
    return this.op('GatherV2', [params, ids, this.constI([], [0])], {
      Tparams: F,
      Tindices: I32,
      Taxis: I32,
      batch_dims: { i: 0 },
    });
  }
  cast(x: string, from: DType, to: DType): string {
    return this.op('Cast', [x], { SrcT: { type: from }, DstT: { type: to }, Truncate: { b: false } });
  }
  shape(x: string, dtype: DType): string {
    return this.op('Shape', [x], { T: { type: dtype }, out_type: I32 });
  }
  concat(values: readonly string[], axis: number, dtype: DType): string {
    return this.op('ConcatV2', [...values, this.constI([], [axis])], {
      N: { i: values.length },
      T: { type: dtype },
      Tidx: I32,
    });
  }
  expandDims(x: string, axis: number, dtype: DType = 'float32'): string {
    return this.op('ExpandDims', [x, this.constI([], [axis])], { T: { type: dtype }, Tdim: I32 });
  }
  /** `x[begin:end:1]` with TensorFlow's masks (int32 index vectors). */
  stridedSlice(
    x: string,
    begin: readonly number[],
    end: readonly number[],
    masks: { begin?: number; end?: number; shrink?: number },
    dtype: DType = 'float32',
  ): string {
    const k = begin.length;
    return this.op(
      'StridedSlice',
      [x, this.constI([k], begin), this.constI([k], end), this.constI([k], new Array(k).fill(1))],
      {
        T: { type: dtype },
        Index: I32,
        begin_mask: { i: masks.begin ?? 0 },
        end_mask: { i: masks.end ?? 0 },
        ellipsis_mask: { i: 0 },
        new_axis_mask: { i: 0 },
        shrink_axis_mask: { i: masks.shrink ?? 0 },
      },
    );
  }
  range(start: string, limit: string, delta: string): string {
    return this.op('Range', [start, limit, delta], { Tidx: I32 });
  }
  notEqual(a: string, b: string): string {
    return this.op('NotEqual', [a, b], { T: I32, incompatible_shape_error: { b: true } });
  }
  cumsum(x: string, axis: number): string {
    return this.op('Cumsum', [x, this.constI([], [axis])], {
      T: I32,
      Tidx: I32,
      exclusive: { b: false },
      reverse: { b: false },
    });
  }
  /** Sums of `data` rows by segment id (`ids` int32, same leading shape), `numSegments` int32 scalar. */
  segmentSum(data: string, ids: string, numSegments: string): string {
    return this.op('UnsortedSegmentSum', [data, ids, numSegments], {
      T: F,
      Tindices: I32,
      Tnumsegments: I32,
    });
  }
  /** `x[begin : begin + size]` (int32 vectors, size −1 = to the end). */
  slice(x: string, begin: string, size: string): string {
    return this.op('Slice', [x, begin, size], { T: F, Index: I32 });
  }
  pack(values: readonly string[], axis: number, dtype: DType): string {
    return this.op('Pack', values, { N: { i: values.length }, T: { type: dtype }, axis: { i: axis } });
  }
  oneHot(indices: string, depth: string): string {
    return this.op('OneHot', [indices, depth, this.scalarF(1), this.scalarF(0)], {
      T: F,
      TI: I32,
      axis: { i: -1 },
    });
  }
  pad(x: string, paddings: string): string {
    return this.op('Pad', [x, paddings], { T: F, Tpaddings: I32 });
  }
  addN(values: readonly string[]): string {
    return values.length === 1 ? values[0]! : this.op('AddN', values, { N: { i: values.length }, T: F });
  }
  identity(x: string, name: string, dtype: DType = 'float32'): string {
    return this.op('Identity', [x], { T: { type: dtype } }, name);
  }
}
