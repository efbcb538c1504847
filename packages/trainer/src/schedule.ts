/**
 * The learning-rate schedule: linear warmup, then linear decay.
 *
 * For 0-based step `s` of `total` steps with `warmup` warmup steps and peak `lr`:
 * - `s < warmup`: `lr · (s + 1) / warmup` (the first step already moves; the last warmup step reaches `lr`);
 * - otherwise: `lr · (total − s) / (total − warmup)` (the last step uses `lr / (total − warmup)`, never 0).
 *
 * This is Hugging Face's `get_linear_schedule_with_warmup` shifted by one step, so no step is wasted
 * at learning rate 0.
 *
 * @example
 * lrAt(0, { lr: 1e-3, total: 100, warmup: 10 }); // 1e-4
 * lrAt(10, { lr: 1e-3, total: 100, warmup: 10 }); // 1e-3
 */
export interface Schedule {
  lr: number;
  total: number;
  warmup: number;
}

export function lrAt(step: number, s: Schedule): number {
  if (step < s.warmup) return (s.lr * (step + 1)) / s.warmup;
  return (s.lr * Math.max(0, s.total - step)) / Math.max(1, s.total - s.warmup);
}

/** Warmup steps for a fraction of `total` (rounded; at least 0, at most total). */
export function warmupSteps(total: number, fraction: number): number {
  return Math.min(total, Math.max(0, Math.round(total * fraction)));
}
