import { adamwUpdate, type ElementOps } from './adamw-rule.js';

/** The AdamW constants of one host update (as {@link AdamWConstants}, plain numbers; 1 = no decay / no clipping). */
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

/** A compiled row update: `p`, `m`, `v` updated in place at the rows `ids`, gradient rows `grad`. */
type RowsLoop = (
  p: Float32Array,
  m: Float32Array,
  v: Float32Array,
  grad: Float32Array,
  ids: Int32Array,
  cols: number,
  k: HostStep,
  consts: readonly number[],
) => void;

/**
 * The AdamW rule's arithmetic as JavaScript source, one float32-rounded local per operation
 * (`const t3 = f(t1 * c0)` with `f = Math.fround`): a third evaluator of `adamwUpdate`, next to the tensor
 * kernels (`AdamW`) and the graph nodes (`GraphStep`). Operands are names: the element loads `p0 m0 v0
 * g0`, the per-update constants `decay stepSize bc2Sqrt gradScale`, and `c{i}` for each number the rule
 * writes (`1 − β1`, `β2`, `ε`, …), fed as `consts[i]` and rounded to float32 once, as a tensor kernel
 * rounds a scalar operand. Numbers never enter the source, so the source only depends on which optional
 * steps (decay, clipping) the update has.
 */
class Float32Source implements ElementOps<string> {
  readonly lines: string[] = [];
  readonly consts: number[] = [];

  private operand(x: string | number): string {
    if (typeof x === 'string') return x;
    this.consts.push(x);
    return `c${this.consts.length - 1}`;
  }

  private emit(expr: string): string {
    const t = `t${this.lines.length}`;
    this.lines.push(`const ${t} = f(${expr});`);
    return t;
  }

  add = (a: string, b: string | number) => this.emit(`${a} + ${this.operand(b)}`);
  sub = (a: string, b: string | number) => this.emit(`${a} - ${this.operand(b)}`);
  mul = (a: string, b: string | number) => this.emit(`${a} * ${this.operand(b)}`);
  div = (a: string, b: string | number) => this.emit(`${a} / ${this.operand(b)}`);
  sqrt = (a: string) => this.emit(`Math.sqrt(${a})`);
  square = (a: string) => this.emit(`${a} * ${a}`);
}

/** Compiled loops by source (at most four: with or without decay, with or without clipping). */
const compiled = new Map<string, RowsLoop>();

/**
 * The rule for one update's shape of constants, compiled once into a single in-place loop over the rows.
 * Evaluating `adamwUpdate` per element through an `ElementOps<number>` gives the same bits but is 5–10×
 * slower once the rule's call sites have also seen tensors and graph nodes (V8 stops inlining them);
 * the compiled loop is the hand-written one, generated from the one definition.
 */
function rowsLoop(k: HostStep): { loop: RowsLoop; consts: number[] } {
  const src = new Float32Source();
  const u = adamwUpdate(
    src,
    { p: 'p0', m: 'm0', v: 'v0', g: 'g0' },
    {
      b1: k.b1,
      b2: k.b2,
      eps: k.eps,
      decay: k.decay === 1 ? null : 'decay',
      stepSize: 'stepSize',
      bc2Sqrt: 'bc2Sqrt',
      gradScale: k.gradScale === 1 ? null : 'gradScale',
    },
  );
  const body = [
    "'use strict';",
    'const f = Math.fround;',
    ...src.consts.map((_, i) => `const c${i} = f(consts[${i}]);`),
    ...['decay', 'stepSize', 'bc2Sqrt', 'gradScale'].map((n) => `const ${n} = f(k.${n});`),
    'for (let r = 0; r < ids.length; r++) {',
    '  const at = ids[r] * cols;',
    '  const gAt = r * cols;',
    '  for (let j = 0; j < cols; j++) {',
    '    const i = at + j;',
    '    const p0 = p[i], m0 = m[i], v0 = v[i], g0 = grad[gAt + j];',
    ...src.lines.map((l) => `    ${l}`),
    `    p[i] = ${u.p}; m[i] = ${u.m}; v[i] = ${u.v};`,
    '  }',
    '}',
  ].join('\n');
  let loop = compiled.get(body);
  if (!loop) {
    // The source is built above from fixed names only (no data); see Float32Source.
    loop = new Function('p', 'm', 'v', 'grad', 'ids', 'cols', 'k', 'consts', body) as RowsLoop;
    compiled.set(body, loop);
  }
  return { loop, consts: src.consts };
}

/**
 * One AdamW update (`adamwUpdate`, float32, one rounding per operation) of the rows `ids` of a row-major
 * `[rows, cols]` parameter `p` and its moments `m`, `v`, in place, with gradient rows `grad`
 * (`[ids.length, cols]`); other rows are not touched. Bit for bit the tensor kernels' update.
 *
 * @example
 * const p = new Float32Array(4 * 2), m = new Float32Array(8), v = new Float32Array(8);
 * adamwRows(p, m, v, Int32Array.from([1, 3]), new Float32Array([1, 2, 3, 4]), 2,
 *   { b1: 0.9, b2: 0.999, eps: 1e-8, decay: 1, stepSize: 0.1, bc2Sqrt: Math.sqrt(0.001), gradScale: 1 });
 * // p: [0, 0, -0.01, -0.01, 0, 0, -0.01, -0.01] (to float32 rounding)
 */
export function adamwRows(
  p: Float32Array,
  m: Float32Array,
  v: Float32Array,
  ids: Int32Array,
  grad: Float32Array,
  cols: number,
  k: HostStep,
): void {
  if (grad.length !== ids.length * cols)
    throw new Error(`adamwRows: ${grad.length} gradient values for ${ids.length} rows of ${cols}`);
  const { loop, consts } = rowsLoop(k);
  loop(p, m, v, grad, ids, cols, k, consts);
}
