import { tf } from '@hbt/models';
import { adamwRows, type HostStep } from './adamw-host.js';

/**
 * Lazy AdamW of one large 2-D parameter (the word embeddings) kept on the host: the parameter and both
 * moments live in Float32Arrays, a step updates only the rows it used, in float32 arithmetic (every
 * operation rounded as the tensor kernels round it: the rule of `adamw-rule.ts` compiled into one loop,
 * `adamwRows`), and the device variable is written back only when someone reads it
 * ({@link HostRows.sync}). A step then costs O(rows used), not O(vocabulary): no gather/scatter over the
 * full 119,547-row table three times per step.
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
    return tf.tensor2d(this.take(this.values(), ids), [ids.length, this.cols], 'float32');
  }

  /**
   * One lazy AdamW update of the rows `ids` (distinct) with gradient rows `grad` (`[ids.length, cols]`):
   * `adamwUpdate` (adamw-rule.ts) compiled into one in-place float32 loop (`adamwRows`, adamw-host.ts).
   */
  apply(ids: Int32Array, grad: Float32Array, k: HostStep): void {
    adamwRows(this.values(), this.m, this.v, ids, grad, this.cols, k);
    this.dirty = true;
  }

  /** Copies of the rows `ids` of the parameter and both moments, each `[ids.length × cols]`. */
  rows(ids: Int32Array): { p: Float32Array; m: Float32Array; v: Float32Array } {
    return { p: this.take(this.values(), ids), m: this.take(this.m, ids), v: this.take(this.v, ids) };
  }

  /** `[ids.length × cols]`: a copy of the rows `ids` of `a` (the parameter or a moment). */
  private take(a: Float32Array, ids: Int32Array): Float32Array {
    const c = this.cols;
    const out = new Float32Array(ids.length * c);
    for (let i = 0; i < ids.length; i++) out.set(a.subarray(ids[i]! * c, (ids[i]! + 1) * c), i * c);
    return out;
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
