import type { Rng, SamplerConfig } from '@hbt/core';
import type { PairTable } from './pairs.js';
import { Pool, roundRobinOrder, shuffledOrder } from './pool.js';

/**
 * The pools of one dataset. A *mono* pair has `query_lang == pos_lang`, a *cross* pair has them
 * different. Mono pools hold one language's mono pairs each; the cross pool holds every cross pair,
 * walked group by group; the mixed pool (strategy `mixed`) holds every pair.
 */
export interface DatasetPools {
  dataset: number;
  name: string;
  /** All pairs of the dataset. */
  pairs: number;
  /** Distinct groups of the dataset. */
  groups: number;
  /** Mono pools, one per language with mono pairs, in sorted language order. */
  mono: Pool[];
  cross: Pool | null;
  mixed: Pool | null;
}

/**
 * Build the pools the strategy needs, for every dataset (in sorted dataset order). Typed arrays only
 * (counting sorts, no per-pair or per-group JS object, no `Map`/`Set` sized by the pairs), so tens of
 * millions of pairs fit: a pool holds 4 bytes per pair, plus its current epoch order (4 more).
 *
 * Order rules (the epoch orders and so the plan depend on them): a dataset's rows, a mono pool's
 * items and a mixed pool's items are in row order; a cross pool's groups are ordered largest first,
 * ties in order of the group's first cross pair, and each group's pairs in row order.
 */
export function buildPools(pairs: PairTable, cfg: SamplerConfig, root: Rng): DatasetPools[] {
  const nd = pairs.datasets.length;
  const L = pairs.langs.length;
  const dsRows = csr(pairs.n, nd, (i) => pairs.dataset[i]!);
  const groupSeen = new Uint8Array(pairs.nGroups);
  const groupRank = new Int32Array(pairs.nGroups).fill(-1);
  const needMono = cfg.strategy !== 'mixed';
  const needCross = cfg.strategy === 'x-y' || cfg.strategy === 'hybrid';
  return Array.from({ length: nd }, (_, d) => {
    const name = pairs.datasets[d]!;
    const rows = dsRows.items.subarray(dsRows.starts[d]!, dsRows.starts[d + 1]!);
    let groups = 0;
    let nCross = 0;
    let nCrossGroups = 0;
    const monoCount = new Int32Array(L);
    for (const i of rows) {
      const g = pairs.group[i]!;
      if (groupSeen[g] === 0) {
        groupSeen[g] = 1;
        groups++;
      }
      const q = pairs.qLang[i]!;
      if (q === pairs.pLang[i]) monoCount[q]!++;
      else {
        nCross++;
        if (groupRank[g] === -1) groupRank[g] = nCrossGroups++;
      }
    }
    const mono: Pool[] = [];
    if (needMono) {
      for (let l = 0; l < L; l++) {
        if (monoCount[l] === 0) continue;
        const items = new Int32Array(monoCount[l]!);
        let k = 0;
        for (const i of rows) if (pairs.qLang[i] === l && pairs.pLang[i] === l) items[k++] = i;
        mono.push(new Pool(`${name}/mono/${pairs.langs[l]}`, items.length, shuffledOrder(items), root));
      }
    }
    let cross: Pool | null = null;
    if (needCross && nCross > 0) {
      const { items, starts } = crossGroups(pairs, rows, groupRank, nCross, nCrossGroups);
      cross = new Pool(`${name}/cross`, items.length, roundRobinOrder(items, starts), root);
    }
    const mixed =
      cfg.strategy === 'mixed'
        ? new Pool(`${name}/mixed`, rows.length, shuffledOrder(rows.slice()), root)
        : null;
    // x-y keeps mono pools only for datasets that cannot give a cross batch.
    const keepMono = cfg.strategy === 'x-y' ? (cross === null ? mono : []) : mono;
    return { dataset: d, name, pairs: rows.length, groups, mono: keepMono, cross, mixed };
  });
}

/** Indices 0..n−1 bucketed by `key(i)` in [0, k), stable: bucket b is `items[starts[b] .. starts[b+1])`. */
function csr(n: number, k: number, key: (i: number) => number): { items: Int32Array; starts: Int32Array } {
  const starts = new Int32Array(k + 1);
  for (let i = 0; i < n; i++) starts[key(i) + 1]!++;
  for (let b = 0; b < k; b++) starts[b + 1]! += starts[b]!;
  const fill = starts.slice(0, k);
  const items = new Int32Array(n);
  for (let i = 0; i < n; i++) items[fill[key(i)]!++] = i;
  return { items, starts };
}

/**
 * The cross pairs of one dataset in CSR layout by group: groups largest first, ties by `groupRank`
 * (the order of each group's first cross pair), each group's pairs in row order.
 */
function crossGroups(
  pairs: PairTable,
  rows: Int32Array,
  groupRank: Int32Array,
  nCross: number,
  nGroups: number,
): { items: Int32Array; starts: Int32Array } {
  const cross = new Int32Array(nCross);
  let k = 0;
  for (const i of rows) if (pairs.qLang[i] !== pairs.pLang[i]) cross[k++] = i;
  // by rank (stable: row order within a group)
  const byRank = csr(nCross, nGroups, (j) => groupRank[pairs.group[cross[j]!]!]!);
  let maxSize = 0;
  for (let r = 0; r < nGroups; r++) maxSize = Math.max(maxSize, byRank.starts[r + 1]! - byRank.starts[r]!);
  // ranks by size, largest first, ties by rank: a stable counting sort on (maxSize − size)
  const order = csr(nGroups, maxSize, (r) => maxSize - (byRank.starts[r + 1]! - byRank.starts[r]!)).items;
  const items = new Int32Array(nCross);
  const starts = new Int32Array(nGroups + 1);
  k = 0;
  for (let g = 0; g < nGroups; g++) {
    const r = order[g]!;
    starts[g] = k;
    for (let j = byRank.starts[r]!; j < byRank.starts[r + 1]!; j++) items[k++] = cross[byRank.items[j]!]!;
  }
  starts[nGroups] = k;
  for (const i of cross) groupRank[pairs.group[i]!] = -1;
  return { items, starts };
}
