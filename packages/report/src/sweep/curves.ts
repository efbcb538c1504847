import type { Arm } from '../model/arms.js';
import type { Setting } from '../model/types.js';
import type { Summary } from '../stats/describe.js';
import { alphaKeyOf, lineKeyOf, type TrainingSize } from './axes.js';

/**
 * The sweep structure of a report's arms: **lines** (arms equal but for their training size, ordered by
 * size: one line of a learning curve) and **α sweeps** (hybrid arms equal but for `sampler.alpha`, at one
 * size). Computed from the arms alone; the values come from the model's seed statistics.
 *
 * @example
 * const s = sweepsOf(model.arms);
 * s.lines[0]!.arms.map((a) => a.size.label); // ['10 %', '30 %', '100 %']
 */
export interface SweepLine {
  /** The arm label without its size, e.g. `Hybrid α=0.5`, `SimCSE (X-Y)`. */
  label: string;
  /** Palette index: the line's position. */
  color: number;
  /** The line's arms, by training size (smallest first). */
  arms: Arm[];
}

export interface AlphaSweep {
  /** The arms' label without α and size, e.g. `Hybrid`. */
  label: string;
  size: TrainingSize;
  /** Hybrid arms by α (smallest first); at least two. */
  arms: Arm[];
}

export interface Sweeps {
  lines: SweepLine[];
  /** True when some line has two or more sizes (a learning curve is drawn). */
  hasSizes: boolean;
  /** The size unit of the curves' x axis (the one most arms use). */
  unit: TrainingSize['unit'];
  /** Arms whose size is in the other unit (a count among fractions, or the reverse): not on the curves. */
  offAxis: Arm[];
  alpha: AlphaSweep[];
}

export function sweepsOf(arms: readonly Arm[]): Sweeps {
  const byLine = new Map<string, Arm[]>();
  for (const a of arms) {
    const k = lineKeyOf(a.variants[0]!.meta);
    byLine.set(k, [...(byLine.get(k) ?? []), a]);
  }
  const units = arms.map((a) => a.size.unit);
  const unit = units.filter((u) => u === 'groups').length > units.length / 2 ? 'groups' : 'fraction';
  // a fraction and a group count share no axis: the curves show the sizes in the unit most arms use
  const offAxis = arms.filter((a) => a.size.unit !== unit);
  const lines = [...byLine.values()]
    .map((as) => as.filter((a) => a.size.unit === unit).sort((x, y) => x.size.x - y.size.x))
    .filter((as) => as.length > 0)
    .map((as, i) => ({ label: baseLabel(as[0]!), color: i, arms: as }));

  const byAlpha = new Map<string, Arm[]>();
  for (const a of arms) {
    if (a.strategy !== 'hybrid') continue;
    const k = `${alphaKeyOf(a.variants[0]!.meta)}\u0000${a.size.label}`;
    byAlpha.set(k, [...(byAlpha.get(k) ?? []), a]);
  }
  const alpha = [...byAlpha.values()]
    .filter((as) => new Set(as.map((a) => a.alpha)).size > 1)
    .map((as) => {
      const sorted = [...as].sort((x, y) => x.alpha - y.alpha);
      const first = sorted[0]!;
      return {
        label: baseLabel(first).replace(/ α=[^ ]+/, ''),
        size: first.size,
        arms: sorted,
      };
    });
  return { lines, hasSizes: lines.some((l) => l.arms.length > 1), unit, offAxis, alpha };
}

/** An arm's label without the ` · <size>` suffix a sweep adds. */
export function baseLabel(a: Arm): string {
  const suffix = ` · ${a.size.label}`;
  return a.label.endsWith(suffix) ? a.label.slice(0, -suffix.length) : a.label;
}

/** The (setting, measure) panels a learning curve or α curve is drawn for. */
export const CURVE_PANELS: ReadonlyArray<{ setting: Setting; measure: string }> = [
  { setting: 'mono', measure: 'AP' },
  { setting: 'cross', measure: 'AP' },
  { setting: 'multi', measure: 'AP' },
  { setting: 'multi', measure: 'RD' },
];

/** One point of a curve: an arm's seed statistic at its x (size or α). */
export interface CurvePoint {
  x: number;
  label: string;
  arm: Arm;
  stat: Summary;
}
