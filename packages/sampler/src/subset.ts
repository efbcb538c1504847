import { hashBytes, type SubsetConfig, UsageError } from '@hbt/core';
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
  // Groups of each dataset, in first-seen order.
  const groupsOf: number[][] = pairs.datasets.map(() => []);
  const groupDataset = new Int32Array(pairs.nGroups).fill(-1);
  const pairsPerGroup = new Int32Array(pairs.nGroups);
  for (let i = 0; i < pairs.n; i++) {
    const g = pairs.group[i]!;
    pairsPerGroup[g]!++;
    if (groupDataset[g] === -1) {
      groupDataset[g] = pairs.dataset[i]!;
      groupsOf[pairs.dataset[i]!]!.push(g);
    }
  }
  const keep = new Uint8Array(pairs.nGroups);
  const datasets: Record<string, DatasetSubset> = {};
  pairs.datasets.forEach((name, d) => {
    const own = cfg.datasets[name];
    const fraction = own ? own.fraction : cfg.fraction;
    const count = own ? own.groups : cfg.groups;
    const groups = groupsOf[d]!;
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
    const ranked = rankGroups(groups, pairs.groupIds, cfg.seed, name).slice(0, k);
    let pairsKept = 0;
    let pairsTotal = 0;
    for (const g of groups) pairsTotal += pairsPerGroup[g]!;
    for (const g of ranked) {
      keep[g] = 1;
      pairsKept += pairsPerGroup[g]!;
    }
    datasets[name] = {
      size,
      groups_total: n,
      groups_kept: k,
      pairs_total: pairsTotal,
      pairs_kept: pairsKept,
      capped: count !== undefined && fraction === undefined && count > n,
      groups_hash: hashBytes(ranked.map((g) => pairs.groupIds.get(g)).join('\n')),
    };
  });
  const rows: number[] = [];
  for (let i = 0; i < pairs.n; i++) if (keep[pairs.group[i]!] === 1) rows.push(i);
  const report: SubsetReport = { seed: cfg.seed, datasets, pairs_total: pairs.n, pairs_kept: rows.length };
  return { pairs: rows.length === pairs.n ? pairs : restrictRows(pairs, rows), report };
}

/**
 * A dataset's groups in subset order: by `sha256("<seed>\0<dataset>\0<group_id>")`, then group id. The
 * first k of this order are the subset of size k, for every k.
 */
export function rankGroups(
  groups: readonly number[],
  groupIds: { get(g: number): string },
  seed: number,
  dataset: string,
): number[] {
  const keyed = groups.map((g) => {
    const id = groupIds.get(g);
    return { g, id, h: hashBytes(`${seed}\u0000${dataset}\u0000${id}`) };
  });
  keyed.sort((a, b) => (a.h < b.h ? -1 : a.h > b.h ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return keyed.map((x) => x.g);
}

/**
 * The table restricted to `rows` (ascending); every numbering (datasets, languages, groups, texts) is
 * kept, and so is `negEqualsPos` (a count over the whole input file, for its warning).
 */
function restrictRows(p: PairTable, rows: readonly number[]): PairTable {
  const pick = (a: Int32Array) => Int32Array.from(rows, (i) => a[i]!);
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
