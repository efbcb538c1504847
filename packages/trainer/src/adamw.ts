import { tf } from '@hbt/models';
import { adamwUpdate, type ElementOps } from './adamw-rule.js';
import { HostRows } from './host-rows.js';

/** The AdamW rule's arithmetic on tensors (tensor kernels). */
const tensorElementOps: ElementOps<tf.Tensor> = {
  add: (a, b) => tf.add(a, b),
  sub: (a, b) => tf.sub(a, b),
  mul: (a, b) => tf.mul(a, b),
  div: (a, b) => tf.div(a, b),
  sqrt: (a) => tf.sqrt(a),
  square: (a) => tf.square(a),
};

/** Hyper-parameters of {@link AdamW}. */
export interface AdamWOptions {
  beta1: number;
  beta2: number;
  epsilon: number;
  /** Decoupled weight decay λ: `p ← p · (1 − lr·λ)` before the Adam step. */
  weightDecay: number;
  /** Whether a parameter (by name) gets weight decay. */
  decays: (name: string) => boolean;
  /**
   * Parameters (2-D) updated lazily on the host ({@link HostRows}): their gradients must come as rows,
   * their moments live in host memory, and {@link AdamW.syncParams} writes them back to the variables.
   */
  hostLazy?: readonly string[];
}

/**
 * A gradient for one parameter: dense (same shape as the parameter), or the rows of a 2-D parameter that
 * the step touched (`rows` sorted unique int32 ids, `values` `[rows, cols]`) for a lazy update.
 */
export type Grad = tf.Tensor | { rows: tf.Tensor1D; values: tf.Tensor2D };

/** What a checkpoint stores of the optimizer: the step count and both moments of every parameter. */
export interface AdamWState {
  steps: number;
  m: Map<string, Float32Array>;
  v: Map<string, Float32Array>;
}

/**
 * AdamW (Loshchilov & Hutter 2019) on tf.Variables, with the update of `torch.optim.AdamW` (the rule:
 * `adamwUpdate` in `adamw-rule.ts`, shared with the graph step and the host rows).
 * The moments are tf.Variables of their own, so a checkpoint can save and restore them bit for bit
 * ({@link AdamW.getState} / {@link AdamW.setState}).
 *
 * A {@link Grad} given as rows makes the update *lazy* for that parameter (as TensorFlow's LazyAdam):
 * only those rows of p, m and v change; every other row keeps its value and moments exactly (no moment
 * decay, no weight decay). A dense gradient updates every element, zero-gradient rows included.
 *
 * @example
 * const opt = new AdamW(encoder.weights, { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay: 0.01,
 *   decays: (n) => !n.endsWith('.bias') && !n.includes('LayerNorm') });
 * opt.apply(grads, 5e-4);
 */
export class AdamW {
  readonly params: Map<string, tf.Variable>;
  private readonly opts: AdamWOptions;
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private readonly host = new Map<string, HostRows>();
  /** Updates applied so far (t of the bias correction is steps + 1 during an update). */
  steps = 0;

  constructor(params: Map<string, tf.Variable>, opts: AdamWOptions) {
    this.params = params;
    this.opts = opts;
    for (const [name, p] of params) {
      if (opts.hostLazy?.includes(name)) {
        this.host.set(name, new HostRows(p));
        continue;
      }
      this.m.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
      this.v.set(
        name,
        tf.tidy(() => tf.variable(tf.zerosLike(p), false)),
      );
    }
  }

  /**
   * One update with learning rate `lr`. `grads` holds a gradient per parameter name (parameters without
   * one are left alone, moments included). `gradScale` multiplies every gradient first (the clipping
   * coefficient). Disposes nothing it is given.
   */
  apply(grads: Map<string, Grad>, lr: number, gradScale = 1): void {
    const { stepSize, bc2Sqrt, decay: lrDecay } = this.nextConstants(lr);
    this.steps++;
    const { beta1: b1, beta2: b2, epsilon: eps } = this.opts;
    for (const [name, g] of grads) {
      const host = this.host.get(name);
      if (host) {
        if (g instanceof tf.Tensor)
          throw new Error(`AdamW: ${name} is updated lazily and needs row gradients`);
        const decay = this.opts.decays(name) ? lrDecay : 1;
        host.apply(g.rows.dataSync() as Int32Array, g.values.dataSync() as Float32Array, {
          b1,
          b2,
          eps,
          decay,
          stepSize,
          bc2Sqrt,
          gradScale,
        });
        continue;
      }
      const p = this.params.get(name);
      const m = this.m.get(name);
      const v = this.v.get(name);
      if (!p || !m || !v) throw new Error(`AdamW: no parameter named ${name}`);
      const decay = this.opts.decays(name) ? lrDecay : 1;
      tf.tidy(() => {
        const lazy = !(g instanceof tf.Tensor);
        const rows = lazy ? tf.reshape(g.rows, [-1, 1]) : null;
        let grad: tf.Tensor = lazy ? g.values : g;
        if (gradScale !== 1) grad = tf.mul(grad, gradScale);
        const pv: tf.Tensor = rows ? tf.gatherND(p, rows) : p;
        const mv: tf.Tensor = rows ? tf.gatherND(m, rows) : m;
        const vv: tf.Tensor = rows ? tf.gatherND(v, rows) : v;
        const {
          p: p1,
          m: m1,
          v: v1,
        } = adamwUpdate(
          tensorElementOps,
          { p: pv, m: mv, v: vv, g: grad },
          { b1, b2, eps, decay: decay === 1 ? null : decay, stepSize, bc2Sqrt, gradScale: null },
        );
        if (rows) {
          p.assign(tf.tensorScatterUpdate(p, rows, p1));
          m.assign(tf.tensorScatterUpdate(m, rows, m1));
          v.assign(tf.tensorScatterUpdate(v, rows, v1));
        } else {
          p.assign(p1);
          m.assign(m1);
          v.assign(v1);
        }
      });
    }
  }

  /** The constants of the next update with learning rate `lr` (as {@link AdamW.apply} computes them). */
  nextConstants(lr: number): { stepSize: number; bc2Sqrt: number; decay: number } {
    const { beta1: b1, beta2: b2 } = this.opts;
    const t = this.steps + 1;
    return { stepSize: lr / (1 - b1 ** t), bc2Sqrt: Math.sqrt(1 - b2 ** t), decay: this.decayFactor(lr) };
  }

  /** `1 − lr·λ`, what a decayed parameter is multiplied by in an update at `lr` (1 without decay). */
  private decayFactor(lr: number): number {
    return this.opts.weightDecay > 0 ? 1 - lr * this.opts.weightDecay : 1;
  }

  /**
   * The product of the weight-decay factors `1 − lr_s·λ` (each rounded to float32, as the update applies
   * it) that the updates at learning rates `lrs` applied to parameter `name`: what a parameter that never
   * had a gradient has been multiplied by (1 when `name` gets no decay).
   */
  decayProduct(name: string, lrs: Iterable<number>): number {
    if (!this.opts.decays(name)) return 1;
    let d = 1;
    for (const lr of lrs) d *= Math.fround(this.decayFactor(lr));
    return d;
  }

  /** The hyper-parameters (for a graph that computes the update itself). */
  get options(): AdamWOptions {
    return this.opts;
  }

  /** The moment variables of a parameter updated with tensor kernels (null for host-updated ones). */
  moments(name: string): { m: tf.Variable; v: tf.Variable } | null {
    const m = this.m.get(name);
    const v = this.v.get(name);
    return m && v ? { m, v } : null;
  }

  /**
   * The current rows `ids` of a host-updated parameter and of both its moments, as `[ids.length, cols]`
   * tensors (the caller disposes them), for a graph that computes their update; null when `name` is not
   * updated on the host.
   */
  hostRowState(name: string, ids: Int32Array): { p: tf.Tensor2D; m: tf.Tensor2D; v: tf.Tensor2D } | null {
    const h = this.host.get(name);
    if (!h) return null;
    const r = h.rows(ids);
    const shape: [number, number] = [ids.length, h.cols];
    return { p: tf.tensor2d(r.p, shape), m: tf.tensor2d(r.m, shape), v: tf.tensor2d(r.v, shape) };
  }

  /**
   * Count and apply one update computed elsewhere (a graph step): the new values of parameters and
   * moments (assigned; the caller disposes the tensors afterwards), and the new rows of host-updated
   * parameters and their moments.
   */
  applyComputed(
    updates: Map<string, { p: tf.Tensor; m: tf.Tensor; v: tf.Tensor }>,
    hostRows: Map<string, { rows: Int32Array; p: Float32Array; m: Float32Array; v: Float32Array }>,
  ): void {
    this.steps++;
    for (const [name, u] of updates) {
      const mv = this.moments(name);
      const p = this.params.get(name);
      if (!mv || !p) throw new Error(`AdamW: no parameter named ${name}`);
      p.assign(u.p);
      mv.m.assign(u.m);
      mv.v.assign(u.v);
    }
    for (const [name, r] of hostRows) {
      const host = this.host.get(name);
      if (!host) throw new Error(`AdamW: ${name} is not updated on the host`);
      host.setRows(r.rows, r.p, r.m, r.v);
    }
  }

  /**
   * `[ids.length, cols]`: the current rows `ids` of a host-updated parameter (for the forward pass), or
   * null when `name` is not updated on the host.
   */
  hostRows(name: string, ids: Int32Array): tf.Tensor2D | null {
    return this.host.get(name)?.rowsTensor(ids) ?? null;
  }

  /** Write host-updated parameters back into their variables (before anything reads the variables). */
  syncParams(): void {
    for (const h of this.host.values()) h.sync();
  }

  /** The step count and copies of both moments, for a checkpoint. */
  async getState(): Promise<AdamWState> {
    const m = new Map<string, Float32Array>();
    const v = new Map<string, Float32Array>();
    for (const [name, h] of this.host) {
      m.set(name, h.m.slice());
      v.set(name, h.v.slice());
    }
    for (const name of this.m.keys()) {
      // Copies: on the cpu backend data() is the live buffer, which TensorScatterUpdate writes in place.
      m.set(name, ((await this.m.get(name)!.data()) as Float32Array).slice());
      v.set(name, ((await this.v.get(name)!.data()) as Float32Array).slice());
    }
    return { steps: this.steps, m, v };
  }

  /** Restore {@link getState}'s result (every parameter's moments must be there, with the right sizes). */
  setState(state: AdamWState): void {
    for (const [name, p] of this.params) {
      const moment = (which: 'm' | 'v') => {
        const data = state[which].get(name);
        if (!data || data.length !== p.size)
          throw new Error(`AdamW.setState: bad or missing ${which} of ${name}`);
        return data;
      };
      const h = this.host.get(name);
      if (h) {
        h.m.set(moment('m'));
        h.v.set(moment('v'));
        h.reload(); // the parameter itself may have been restored too
        continue;
      }
      for (const which of ['m', 'v'] as const) {
        const data = moment(which);
        const dst = (which === 'm' ? this.m : this.v).get(name)!;
        tf.tidy(() => dst.assign(tf.tensor(data, p.shape, 'float32')));
      }
    }
    this.steps = state.steps;
  }

  /** Free the moment variables (not the parameters). */
  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

/**
 * The usual no-decay rule for transformers: biases and LayerNorm parameters get no weight decay
 * (Hugging Face's `["bias", "LayerNorm.weight"]`), nor does the learned logit scale.
 */
export function decaysByDefault(name: string): boolean {
  return !(name.endsWith('.bias') || name.includes('LayerNorm') || name === LOGIT_SCALE);
}

/** Name of the learnable logit-scale parameter in the optimizer and checkpoints. */
export const LOGIT_SCALE = 'logit_scale';
