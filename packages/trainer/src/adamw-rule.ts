/**
 * The AdamW update rule, written once (`torch.optim.AdamW`, decoupled decay):
 * ```
 * g ← g · c                                  (c: the clipping coefficient, when given)
 * p ← p · (1 − lr·λ)                          (when the parameter decays)
 * m ← m + (1 − β1)(g − m);  v ← β2 v + (1 − β2) g²
 * p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε)
 * ```
 * in float32, one rounding per operation, against {@link ElementOps} — evaluated on tensors (`AdamW`,
 * tensor kernels), on graph nodes (`GraphStep`) and into JavaScript source compiled to one in-place
 * float32 loop over rows (`adamwRows` in adamw-host.ts, the lazy word rows of `HostRows`), so all three
 * are the same arithmetic by construction (`adamw-host.test.ts`, `host-rows.test.ts`: bit for bit).
 *
 * @example
 * const u = adamwUpdate(tensorOps, { p, m, v, g }, { b1: 0.9, b2: 0.999, eps: 1e-8, decay: null,
 *   stepSize: 1e-3, bc2Sqrt: 0.0316, gradScale: null });
 */
export interface ElementOps<T> {
  add(a: T, b: T | number): T;
  sub(a: T, b: T | number): T;
  mul(a: T, b: T | number): T;
  div(a: T, b: T | number): T;
  sqrt(a: T): T;
  square(a: T): T;
}

/** The constants of one update (`AdamW.nextConstants`); a `T` where an evaluator feeds them. */
export interface AdamWConstants<T> {
  b1: number;
  b2: number;
  eps: number;
  /** `1 − lr·λ`, or null: the parameter does not decay. */
  decay: T | number | null;
  /** `lr / (1 − β1ᵗ)`. */
  stepSize: T | number;
  /** `√(1 − β2ᵗ)`. */
  bc2Sqrt: T | number;
  /** The clipping coefficient, or null: the gradient as it is. */
  gradScale: T | number | null;
}

/** One AdamW update of a parameter `p` with moments `m`, `v` and gradient `g` (same shapes). */
export function adamwUpdate<T>(
  o: ElementOps<T>,
  s: { p: T; m: T; v: T; g: T },
  k: AdamWConstants<T>,
): { p: T; m: T; v: T } {
  const g = k.gradScale === null ? s.g : o.mul(s.g, k.gradScale);
  const p = k.decay === null ? s.p : o.mul(s.p, k.decay);
  const m = o.add(s.m, o.mul(o.sub(g, s.m), 1 - k.b1));
  const v = o.add(o.mul(s.v, k.b2), o.mul(o.square(g), 1 - k.b2));
  const denom = o.add(o.div(o.sqrt(v), k.bc2Sqrt), k.eps);
  return { p: o.sub(p, o.mul(o.div(m, denom), k.stepSize)), m, v };
}
