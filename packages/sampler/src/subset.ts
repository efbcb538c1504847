import { createHash, hash } from 'node:crypto';
import { hashBytes, type PackedStrings, type SubsetConfig, UsageError } from '@hbt/core';
import type { PairTable } from './pairs.js';

/**
 * What the subset kept of one dataset (the manifest's `subset.datasets[name]`).
 */
export interface DatasetSubset {
  /** The size asked for: a fraction of the groups, or a count. */
  size: { fraction: number } | { groups: number };
  groups_total: number;
  groups_kept: number;
  pairs_total: number;
  pairs_kept: number;
  /** True when `groups` asked for more groups than the dataset has (all are kept). */
  capped: boolean;
  /** sha256 of the kept group ids in rank order: equal hashes, equal subsets. */
  groups_hash: string;
}

/** The manifest's `subset` record. */
export interface SubsetReport {
  seed: number;
  datasets: Record<string, DatasetSubset>;
  pairs_total: number;
  pairs_kept: number;
}

/**
 * Keep a seeded subset of each dataset's training groups (`sampler.subset`), nested across sizes.
 *
 * Per dataset, its n groups are ranked by `sha256("<seed>\0<dataset>\0<group_id>")` (ties, which need a
 * hash collision, by group id). The rank of a group depends on neither the size asked for nor the other
 * datasets, so taking the first k = ⌈f·n⌉ (or min(groups, n)) groups nests: the 10 % subset is a
 * subset of the 30 % one, which is a subset of 100 %. Every pair of a kept group is kept, so a group's
 * translations stay together. Returns the table restricted to the kept rows (same dataset, language,
 * group and text numbering), or the table itself when nothing is dropped.
 *
 * A name under `subset.datasets` that is not a training dataset is a {@link UsageError} (exit 2) naming
 * the key.
 *
 * @example
 * const { pairs: kept, report } = selectSubset(pairs, { fraction: 0.1, seed: 0, datasets: {} });
 * report.datasets['mlqa-r']!.groups_kept; // ⌈0.1 · groups⌉
 */
export function selectSubset(
  pairs: PairTable,
  cfg: SubsetConfig,
  source = 'train_pairs',
): { pairs: PairTable; report: SubsetReport } {
  for (const name of Object.keys(cfg.datasets)) {
    if (!pairs.datasets.includes(name)) {
      throw new UsageError(
        `sampler.subset.datasets.${name}: no training dataset is named "${name}" in ${source}`,
        { hint: `name one of: ${pairs.datasets.join(', ')}` },
      );
    }
  }
  // Groups of each dataset (ascending group number: the rank order does not depend on it), by a
  // counting sort: typed arrays only, so tens of millions of one-triple groups fit.
  const nd = pairs.datasets.length;
  const groupDataset = new Int32Array(pairs.nGroups).fill(-1);
  const pairsPerGroup = new Int32Array(pairs.nGroups);
  for (let i = 0; i < pairs.n; i++) {
    const g = pairs.group[i]!;
    pairsPerGroup[g]!++;
    groupDataset[g] = pairs.dataset[i]!;
  }
  const start = new Int32Array(nd + 1);
  for (let g = 0; g < pairs.nGroups; g++) if (groupDataset[g]! >= 0) start[groupDataset[g]! + 1]!++;
  for (let d = 0; d < nd; d++) start[d + 1]! += start[d]!;
  const byDataset = new Int32Array(start[nd]!);
  const fill = start.slice(0, nd);
  for (let g = 0; g < pairs.nGroups; g++) if (groupDataset[g]! >= 0) byDataset[fill[groupDataset[g]!]!++] = g;

  const keep = new Uint8Array(pairs.nGroups);
  const datasets: Record<string, DatasetSubset> = {};
  pairs.datasets.forEach((name, d) => {
    const own = cfg.datasets[name];
    const fraction = own ? own.fraction : cfg.fraction;
    const count = own ? own.groups : cfg.groups;
    const groups = byDataset.subarray(start[d]!, start[d + 1]!);
    const n = groups.length;
    let k = n;
    let size: DatasetSubset['size'] = { fraction: 1 };
    if (fraction !== undefined) {
      // ⌈f·n⌉, with a tolerance for binary fractions: 0.3 · 10 is 3.0000000000000004, and keeps 3
      k = Math.min(n, Math.ceil(fraction * n - 1e-9));
      size = { fraction };
    } else if (count !== undefined) {
      k = Math.min(n, count);
      size = { groups: count };
    }
    const ranked = rankGroups(groups, pairs.groupIds, cfg.seed, name).subarray(0, k);
    let pairsKept = 0;
    let pairsTotal = 0;
    for (const g of groups) pairsTotal += pairsPerGroup[g]!;
    // sha256 of the kept ids joined by "\n", fed id by id (no string of all of them)
    const joined = createHash('sha256');
    for (let r = 0; r < k; r++) {
      const g = ranked[r]!;
      keep[g] = 1;
      pairsKept += pairsPerGroup[g]!;
      if (r > 0) joined.update(NEWLINE);
      joined.update(pairs.groupIds.bytesOf(g));
    }
    datasets[name] = {
      size,
      groups_total: n,
      groups_kept: k,
      pairs_total: pairsTotal,
      pairs_kept: pairsKept,
      capped: count !== undefined && fraction === undefined && count > n,
      groups_hash: `sha256:${joined.digest('hex')}`,
    };
  });
  let kept = 0;
  for (let i = 0; i < pairs.n; i++) kept += keep[pairs.group[i]!]!;
  const report: SubsetReport = { seed: cfg.seed, datasets, pairs_total: pairs.n, pairs_kept: kept };
  if (kept === pairs.n) return { pairs, report };
  const rows = new Int32Array(kept);
  for (let i = 0, r = 0; i < pairs.n; i++) if (keep[pairs.group[i]!] === 1) rows[r++] = i;
  return { pairs: restrictRows(pairs, rows), report };
}

const NEWLINE = new Uint8Array([0x0a]);

/**
 * A dataset's groups in subset order: by `sha256("<seed>\0<dataset>\0<group_id>")` (hex order), then
 * group id. The first k of this order are the subset of size k, for every k. Typed arrays only: the
 * digest's first 64 bits per group (`node:crypto`'s one-shot `hash`), a radix sort on them, and the full digest and
 * the id only among groups whose first 64 bits tie.
 *
 * @example
 * rankGroups(Int32Array.of(0, 1, 2), table.groupIds, 0, 'mlqa-r'); // Int32Array [2, 0, 1]
 */
export function rankGroups(
  groups: ArrayLike<number>,
  groupIds: PackedStrings,
  seed: number,
  dataset: string,
): Int32Array {
  const n = groups.length;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  const head = new TextEncoder().encode(`${seed}\u0000${dataset}\u0000`);
  let msg = new Uint8Array(head.length + 256);
  msg.set(head);
  for (let i = 0; i < n; i++) {
    const id = groupIds.bytesOf(groups[i]!);
    if (head.length + id.length > msg.length) {
      msg = new Uint8Array((head.length + id.length) * 2);
      msg.set(head);
    }
    msg.set(id, head.length);
    const digest = hash('sha256', msg.subarray(0, head.length + id.length), 'buffer');
    hi[i] = digest.readUInt32BE(0);
    lo[i] = digest.readUInt32BE(4);
  }
  const order = radixOrder(hi, lo);
  // ties on the first 64 bits (a 64-bit collision): the old rule, full hex digest then id
  for (let a = 0; a < n; ) {
    let b = a + 1;
    while (b < n && hi[order[b]!] === hi[order[a]!] && lo[order[b]!] === lo[order[a]!]) b++;
    if (b - a > 1) {
      const keyed = Array.from(order.subarray(a, b), (i) => {
        const id = groupIds.get(groups[i]!);
        return { i, id, h: hashBytes(`${seed}\u0000${dataset}\u0000${id}`) };
      });
      keyed.sort((x, y) => (x.h < y.h ? -1 : x.h > y.h ? 1 : x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
      keyed.forEach((x, j) => {
        order[a + j] = x.i;
      });
    }
    a = b;
  }
  return order.map((i) => groups[i]!);
}

/** Positions 0 … n−1 ordered by the unsigned 64-bit key (hi, lo): a stable LSD radix sort, 16 bits a pass. */
function radixOrder(hi: Uint32Array, lo: Uint32Array): Int32Array {
  const n = hi.length;
  let order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let next = new Int32Array(n);
  const count = new Int32Array(1 << 16);
  for (const [key, shift] of [
    [lo, 0],
    [lo, 16],
    [hi, 0],
    [hi, 16],
  ] as const) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[(key[i]! >>> shift) & 0xffff]!++;
    for (let d = 0, sum = 0; d < count.length; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      next[count[(key[j]! >>> shift) & 0xffff]!++] = j;
    }
    [order, next] = [next, order];
  }
  return order;
}

/**
 * The table restricted to `rows` (ascending); every numbering (datasets, languages, groups, texts) is
 * kept, and so is `negEqualsPos` (a count over the whole input file, for its warning).
 */
function restrictRows(p: PairTable, rows: Int32Array): PairTable {
  const pick = (a: Int32Array) => rows.map((i) => a[i]!);
  return {
    ...p,
    n: rows.length,
    pairId: p.pairId.pick(rows),
    dataset: pick(p.dataset),
    group: pick(p.group),
    qLang: pick(p.qLang),
    pLang: pick(p.pLang),
    pos: pick(p.pos),
    neg: pick(p.neg),
  };
}
