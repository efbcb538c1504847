import { objectiveOf, sizeOf, type TrainingSize } from '../sweep/axes.js';
import type { VariantData } from './types.js';

/**
 * An arm is one training recipe: variants whose configs are equal except for their seeds. Its seeds are
 * replicates; tables show their mean ± std and a t-interval. In a sweep, each training size and each
 * objective is its own arm (the learning curves join an arm's sizes into one line: `sweep/curves.ts`).
 */
export interface Arm {
  /** Short unique label for tables and legends, e.g. `X-X-mono`, `Hybrid α=0.5`. */
  label: string;
  strategy: string;
  alpha: number;
  /** The arm's variants, ordered by seed then name. */
  variants: VariantData[];
  /** Index into the colour palette (stable: the arm's position). */
  color: number;
  /** `train.objective` as a label, null for the default (InfoNCE); see `sweep/axes.ts`. */
  objective: string | null;
  /** The training size (`sampler.subset`; 100 % without one). */
  size: TrainingSize;
}

const STRATEGY_ORDER = ['x-x-mono', 'x-y', 'mixed', 'hybrid'];

/** Display name of a sampling strategy, as the paper writes it. */
export function strategyName(strategy: string): string {
  switch (strategy) {
    case 'x-x-mono':
      return 'X-X-mono';
    case 'x-y':
      return 'X-Y';
    case 'hybrid':
      return 'Hybrid';
    case 'mixed':
      return 'Mixed';
    default:
      return strategy;
  }
}

/** True for strategies whose batches depend on α. */
export function usesAlpha(strategy: string): boolean {
  return strategy === 'hybrid';
}

/**
 * Group variants into arms. Arms are ordered as the paper orders its rows (X-X-mono, X-Y, then Hybrid),
 * then by α, then by their first variant's name. Labels are made unique by appending the first variant's
 * name where two arms would read the same (e.g. two model sizes with the same sampler).
 */
export function groupArms(variants: readonly VariantData[]): Arm[] {
  const byKey = new Map<string, VariantData[]>();
  for (const v of variants) {
    const list = byKey.get(v.meta.armKey) ?? [];
    list.push(v);
    byKey.set(v.meta.armKey, list);
  }
  const arms = [...byKey.values()].map((vs) => {
    vs.sort((a, b) => a.meta.seed - b.meta.seed || cmp(a.meta.name, b.meta.name));
    const m = vs[0]!.meta;
    const base = usesAlpha(m.strategy)
      ? `${strategyName(m.strategy)} α=${m.alpha}`
      : strategyName(m.strategy);
    // objective arms (train.objective) read "SimCSE (X-Y)"; see sweep/axes.ts
    const objective = objectiveOf(m.config);
    const label = objective === null ? base : `${objective} (${base})`;
    return {
      label,
      strategy: m.strategy,
      alpha: m.alpha,
      variants: vs,
      color: 0,
      objective,
      size: sizeOf(m.config),
    };
  });
  arms.sort(
    (a, b) =>
      rank(a.strategy) - rank(b.strategy) ||
      cmp(a.objective ?? '', b.objective ?? '') ||
      a.alpha - b.alpha ||
      a.size.x - b.size.x ||
      cmp(a.variants[0]!.meta.name, b.variants[0]!.meta.name),
  );
  // a data-size sweep: every label says its training size
  if (new Set(arms.map((a) => a.size.label)).size > 1)
    for (const a of arms) a.label = `${a.label} · ${a.size.label}`;
  const counts = new Map<string, number>();
  for (const a of arms) counts.set(a.label, (counts.get(a.label) ?? 0) + 1);
  arms.forEach((a, i) => {
    if ((counts.get(a.label) ?? 0) > 1) a.label = `${a.label} (${a.variants[0]!.meta.name})`;
    a.color = i;
  });
  return arms;
}

function rank(strategy: string): number {
  const i = STRATEGY_ORDER.indexOf(strategy);
  return i < 0 ? STRATEGY_ORDER.length : i;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
