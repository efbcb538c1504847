import type { GraphBuilder, SignatureTensor, tf } from '@hbt/models';
import type { LossOps } from './ops.js';

/** One recorded primitive: its output node, its input nodes and its derivative. */
interface Record_ {
  out: string;
  inputs: readonly string[];
  /** ∂L/∂input per input from ∂L/∂out (null: not differentiated, e.g. an integer shape). */
  back(dy: string): ReadonlyArray<string | null>;
}

/**
 * {@link LossOps} as TensorFlow graph nodes, for the graph training step (native backend). Each primitive
 * is recorded on a tape with its hand-written derivative — the only place these derivatives are written —
 * and {@link GraphOps.grad} runs the tape backwards (reverse-mode), so an objective written once against
 * `LossOps` gets its gradient in the graph without being written a second time. The eager evaluator
 * (`EagerOps`) gets the same derivatives from tfjs autodiff; the graph-step tests hold the two equal.
 *
 * @example
 * const ops = new GraphOps(g);
 * const loss = objective.loss(ops, { q: q.pooled, p: p.pooled });
 * const d = ops.grad(loss, [q.pooled, p.pooled]); // ∂loss/∂q, ∂loss/∂p nodes
 */
export class GraphOps implements LossOps<string> {
  private readonly tape: Record_[] = [];
  /** The graph inputs `input(name)` created (`obj_<name>`), for the graph's signature. */
  readonly inputs: SignatureTensor[] = [];

  /**
   * `learned`: the graph node of each learned tensor an objective reads (`tensor(t)`), e.g. the logit
   * scale's parameter input; its gradient is then `grad(loss, [node])`.
   */
  constructor(
    private readonly g: GraphBuilder,
    private readonly learned: ReadonlyMap<tf.Tensor, string> = new Map(),
  ) {}

  private rec(out: string, inputs: readonly string[], back: Record_['back']): string {
    this.tape.push({ out, inputs, back });
    return out;
  }

  /** The size of `x` along `axis` (int32 scalar node). */
  private dim(x: string, axis: number): string {
    return this.g.stridedSlice(this.g.shape(x, 'float32'), [axis], [axis + 1], { shrink: 1 }, 'int32');
  }

  l2(x: string): string {
    const g = this.g;
    const n = g.binary(
      'Maximum',
      g.unary('Sqrt', g.reduce('Sum', g.unary('Square', x), [1], true)),
      g.scalarF(1e-12),
    );
    const y = g.binary('RealDiv', x, n);
    // ∂/∂x of x/‖x‖: (dy − y·Σ(y⊙dy)) / ‖x‖
    return this.rec(y, [x], (dy) => [
      g.binary(
        'RealDiv',
        g.binary('Sub', dy, g.binary('Mul', y, g.reduce('Sum', g.binary('Mul', y, dy), [1], true))),
        n,
      ),
    ]);
  }

  matMulT(a: string, b: string): string {
    const g = this.g;
    return this.rec(g.matMul(a, b, false, true), [a, b], (dy) => [
      g.matMul(dy, b),
      g.matMul(dy, a, true, false),
    ]);
  }

  scale(x: string, c: number | string): string {
    const g = this.g;
    if (typeof c === 'number') {
      const k = g.scalarF(c);
      return this.rec(g.binary('Mul', x, k), [x], (dy) => [g.binary('Mul', dy, k)]);
    }
    // c a scalar node: ∂/∂c = Σ dy ⊙ x over every element.
    const all = (t: string) => g.reduce('Sum', g.reshape(t, g.constI([1], [-1])), [0], false);
    return this.rec(g.binary('Mul', x, c), [x, c], (dy) => [
      g.binary('Mul', dy, c),
      all(g.binary('Mul', dy, x)),
    ]);
  }

  exp(x: string): string {
    const g = this.g;
    const y = g.unary('Exp', x);
    return this.rec(y, [x], (dy) => [g.binary('Mul', dy, y)]);
  }

  tensor(t: tf.Tensor): string {
    const node = this.learned.get(t);
    if (node === undefined) throw new Error('graph objectives: a tensor that is not a parameter of the step');
    return node;
  }

  head(x: string, like: string): string {
    const g = this.g;
    const b = this.dim(like, 0);
    const y = g.slice(x, g.constI([2], [0, 0]), g.pack([b, g.constI([], [-1])], 0, 'int32'));
    return this.rec(y, [x, like], (dy) => {
      const zero = g.constI([], [0]);
      const tail = g.binary('Sub', this.dim(x, 0), b, 'int32');
      const pads = g.pack([g.pack([zero, tail], 0, 'int32'), g.pack([zero, zero], 0, 'int32')], 0, 'int32');
      return [g.pad(dy, pads), null];
    });
  }

  crossEntropyDiag(x: string): string {
    const g = this.g;
    const b = this.dim(x, 0);
    const m = g.reduce('Max', x, [1], true);
    const lse = g.binary(
      'AddV2',
      g.unary('Log', g.reduce('Sum', g.unary('Exp', g.binary('Sub', x, m)), [1], true)),
      m,
    );
    const onehot = g.oneHot(g.range(g.constI([], [0]), b, g.constI([], [1])), this.dim(x, 1));
    const diag = g.reduce('Sum', g.binary('Mul', x, onehot), [1], true);
    const loss = g.reduce('Mean', g.binary('Sub', lse, diag), [0, 1], false);
    // ∂/∂x_ij = (softmax(x)_ij − [i = j]) / n
    return this.rec(loss, [x], (dy) => [
      g.binary(
        'Mul',
        g.binary('Sub', g.softmax(x), onehot),
        g.binary('RealDiv', dy, g.cast(b, 'int32', 'float32')),
      ),
    ]);
  }

  weightedMse(a: string, b: string, w: string): string {
    const g = this.g;
    const diff = g.binary('Sub', a, b);
    const rows = g.reduce('Sum', g.unary('Square', diff), [1], false); // [n]
    const d = g.cast(this.dim(a, 1), 'int32', 'float32');
    const den = g.binary('Mul', g.binary('Maximum', g.reduce('Sum', w, [0], false), g.scalarF(1)), d);
    const loss = g.binary('RealDiv', g.reduce('Sum', g.binary('Mul', w, rows), [0], false), den);
    // ∂/∂a_ij = 2 w_i (a_ij − b_ij) / den = −∂/∂b_ij
    return this.rec(loss, [a, b, w], (dy) => {
      const da = g.binary(
        'Mul',
        g.binary('Mul', diff, g.expandDims(w, 1)),
        g.binary('RealDiv', g.binary('Mul', dy, g.scalarF(2)), den),
      );
      return [da, g.unary('Neg', da), null];
    });
  }

  add(a: string, b: string): string {
    return this.rec(this.g.binary('AddV2', a, b), [a, b], (dy) => [dy, dy]);
  }

  input(name: string, rank: 1 | 2): string {
    const key = `obj_${name}`;
    const shape = rank === 1 ? [-1] : [-1, -1];
    if (!this.inputs.some((i) => i.key === key)) {
      this.inputs.push({ key, tensor: `${key}:0`, dtype: 'float32', shape });
      this.g.placeholder(key, 'float32', shape);
    }
    return key;
  }

  /**
   * ∂loss/∂x for each node of `wrt` (reverse-mode over the tape; contributions summed with AddN). A node
   * the loss does not depend on is an error.
   */
  grad(loss: string, wrt: readonly string[]): Map<string, string> {
    const g = this.g;
    const adj = new Map<string, string[]>([[loss, [g.scalarF(1)]]]);
    const sum = (parts: string[]) => (parts.length === 1 ? parts[0]! : g.addN(parts));
    for (let i = this.tape.length - 1; i >= 0; i--) {
      const r = this.tape[i]!;
      const parts = adj.get(r.out);
      if (!parts) continue;
      const ds = r.back(sum(parts));
      r.inputs.forEach((x, k) => {
        const d = ds[k];
        if (d === null || d === undefined) return;
        const list = adj.get(x);
        if (list) list.push(d);
        else adj.set(x, [d]);
      });
    }
    const out = new Map<string, string>();
    for (const x of wrt) {
      const parts = adj.get(x);
      if (!parts) throw new Error(`graph objectives: the loss does not depend on ${x}`);
      out.set(x, sum(parts));
    }
    return out;
  }
}
