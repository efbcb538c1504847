import { tf } from '@hbt/models';

/** The AdamW constants of one update. */
export interface HostStep {
  b1: number;
  b2: number;
  eps: number;
  /** `1 − lr·λ` (1 without weight decay). */
  decay: number;
  /** `lr / (1 − β1ᵗ)`. */
  stepSize: number;
  /** `sqrt(1 − β2ᵗ)`. */
  bc2Sqrt: number;
  /** Clipping coefficient the gradient is multiplied by first. */
  gradScale: number;
}

/**
 * Lazy AdamW of one large 2-D parameter (the word embeddings) kept on the host: the parameter and both
 * moments live in Float32Arrays, a step updates only the rows it used, in float32 arithmetic (every
 * operation rounded as the tensor kernels round it), and the device variable is written back only when
 * someone reads it ({@link HostRows.sync}). A step then costs O(rows used), not O(vocabulary): no
 * gather/scatter over the full 119,547-row table three times per step.
 *
 * @example
 * const host = new HostRows(wordVar);
 * const sub = host.rowsTensor(ids); // [ids.length, hidden], the current rows
 * host.apply(ids, grad, { b1: 0.9, b2: 0.999, eps: 1e-8, decay: 1, stepSize: 1e-3, bc2Sqrt: 0.03, gradScale: 1 });
 * host.sync(); // before reading wordVar
 */
export class HostRows {
  readonly variable: tf.Variable;
  readonly cols: number;
  private p: Float32Array | null = null;
  readonly m: Float32Array;
  readonly v: Float32Array;
  private dirty = false;

  constructor(variable: tf.Variable) {
    if (variable.rank !== 2) throw new Error(`HostRows: ${variable.name} is not a matrix`);
    this.variable = variable;
    this.cols = variable.shape[1]!;
    this.m = new Float32Array(variable.size);
    this.v = new Float32Array(variable.size);
    // Touch every page now: a fresh array's pages are mapped on first write, and rows first written in
    // the middle of training would each pay a page fault (measured: ~10 ms per step on a 119,547-row table).
    this.m.fill(0);
    this.v.fill(0);
  }

  private values(): Float32Array {
    if (!this.p) this.p = (this.variable.dataSync() as Float32Array).slice();
    return this.p;
  }

  /** `[ids.length, cols]`: the current values of these rows (a new tensor, the caller disposes it). */
  rowsTensor(ids: Int32Array): tf.Tensor2D {
    const p = this.values();
    const c = this.cols;
    const out = new Float32Array(ids.length * c);
    for (let i = 0; i < ids.length; i++) out.set(p.subarray(ids[i]! * c, (ids[i]! + 1) * c), i * c);
    return tf.tensor2d(out, [ids.length, c], 'float32');
  }

  /**
   * One lazy AdamW update of the rows `ids` (distinct) with gradient rows `grad` (`[ids.length, cols]`):
   * `adamwUpdate` (adamw-rule.ts) written out as one in-place float32 loop for speed (see there).
   */
  apply(ids: Int32Array, grad: Float32Array, k: HostStep): void {
    const f = Math.fround;
    const p = this.values();
    const { m, v } = this;
    const c = this.cols;
    const [b1c, b2, b2c, eps, decay, stepSize, bc2, scale] = [
      f(1 - k.b1),
      f(k.b2),
      f(1 - k.b2),
      f(k.eps),
      f(k.decay),
      f(k.stepSize),
      f(k.bc2Sqrt),
      f(k.gradScale),
    ];
    for (let r = 0; r < ids.length; r++) {
      const base = ids[r]! * c;
      const gBase = r * c;
      for (let j = 0; j < c; j++) {
        const i = base + j;
        const g = scale === 1 ? grad[gBase + j]! : f(grad[gBase + j]! * scale);
        const pv = decay === 1 ? p[i]! : f(p[i]! * decay);
        const m1 = f(m[i]! + f(f(g - m[i]!) * b1c));
        const v1 = f(f(v[i]! * b2) + f(f(g * g) * b2c));
        const denom = f(f(f(Math.sqrt(v1)) / bc2) + eps);
        p[i] = f(pv - f(f(m1 / denom) * stepSize));
        m[i] = m1;
        v[i] = v1;
      }
    }
    this.dirty = true;
  }

  /** Copies of the rows `ids` of the parameter and both moments, each `[ids.length × cols]`. */
  rows(ids: Int32Array): { p: Float32Array; m: Float32Array; v: Float32Array } {
    const c = this.cols;
    const take = (a: Float32Array) => {
      const out = new Float32Array(ids.length * c);
      for (let i = 0; i < ids.length; i++) out.set(a.subarray(ids[i]! * c, (ids[i]! + 1) * c), i * c);
      return out;
    };
    return { p: take(this.values()), m: take(this.m), v: take(this.v) };
  }

  /** Overwrite the rows `ids` of the parameter and both moments (an update computed elsewhere). */
  setRows(ids: Int32Array, p: Float32Array, m: Float32Array, v: Float32Array): void {
    const c = this.cols;
    const dst = this.values();
    for (let i = 0; i < ids.length; i++) {
      const at = ids[i]! * c;
      dst.set(p.subarray(i * c, (i + 1) * c), at);
      this.m.set(m.subarray(i * c, (i + 1) * c), at);
      this.v.set(v.subarray(i * c, (i + 1) * c), at);
    }
    this.dirty = true;
  }

  /** Write the host values into the device variable if they changed since the last sync. */
  sync(): void {
    if (!this.dirty || !this.p) return;
    const p = this.p;
    tf.tidy(() => this.variable.assign(tf.tensor(p, this.variable.shape, 'float32')));
    this.dirty = false;
  }

  /** Forget the host copy of the parameter (after the variable was assigned from outside, e.g. a restore). */
  reload(): void {
    this.p = null;
    this.dirty = false;
  }
}
