import type { Rng } from '@hbt/core';
import type { Pair } from '../tables.js';

export interface PairSplit {
  train: Pair[];
  val: Pair[];
  /** Held-out group count per dataset. */
  valGroups: Record<string, number>;
  /** Group count per dataset. */
  groups: Record<string, number>;
}

/**
 * Hold out a validation slice **by group**, per dataset: all pairs of a held-out group go to `val`, so no
 * translation of a validation question is trained on. A dataset with `n` groups holds out
 * `round(fraction × n)` of them, at least 1 when `fraction > 0` and at most `n − 1`; which ones is a
 * shuffle of the groups (in order of first appearance) by `rng.derive('validation', dataset)`. Pair order
 * within each side is kept.
 *
 * @example
 * const { train, val } = splitByGroup(pairs, 0.05, rng);
 */
export function splitByGroup(pairs: readonly Pair[], fraction: number, rng: Rng): PairSplit {
  const groupsOf = new Map<string, string[]>();
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.group_id)) continue;
    seen.add(p.group_id);
    let list = groupsOf.get(p.dataset);
    if (!list) {
      list = [];
      groupsOf.set(p.dataset, list);
    }
    list.push(p.group_id);
  }
  const held = new Set<string>();
  const valGroups: Record<string, number> = {};
  const groups: Record<string, number> = {};
  for (const [dataset, list] of groupsOf) {
    const n = list.length;
    const k = fraction > 0 && n >= 2 ? Math.min(n - 1, Math.max(1, Math.round(fraction * n))) : 0;
    const chosen = rng
      .derive('validation', dataset)
      .shuffle([...list])
      .slice(0, k);
    for (const g of chosen) held.add(g);
    valGroups[dataset] = k;
    groups[dataset] = n;
  }
  const train: Pair[] = [];
  const val: Pair[] = [];
  for (const p of pairs) (held.has(p.group_id) ? val : train).push(p);
  return { train, val, valGroups, groups };
}
