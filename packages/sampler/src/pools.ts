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

/** Build the pools the strategy needs, for every dataset (in sorted dataset order). */
export function buildPools(pairs: PairTable, cfg: SamplerConfig, root: Rng): DatasetPools[] {
  const nd = pairs.datasets.length;
  const byDataset: number[][] = Array.from({ length: nd }, () => []);
  for (let i = 0; i < pairs.n; i++) byDataset[pairs.dataset[i]!]!.push(i);
  return byDataset.map((rows, d) => {
    const name = pairs.datasets[d]!;
    const groups = new Set<number>();
    const monoByLang = new Map<number, number[]>();
    const crossByGroup = new Map<number, number[]>();
    for (const i of rows) {
      const g = pairs.group[i]!;
      groups.add(g);
      const q = pairs.qLang[i]!;
      if (q === pairs.pLang[i]) push(monoByLang, q, i);
      else push(crossByGroup, g, i);
    }
    const needMono = cfg.strategy !== 'mixed';
    const needCross = cfg.strategy === 'x-y' || cfg.strategy === 'hybrid';
    const monoLangs = needMono ? [...monoByLang.keys()].sort((a, b) => a - b) : [];
    const mono = monoLangs.map((l) => {
      const items = Int32Array.from(monoByLang.get(l)!);
      const key = `${name}/mono/${pairs.langs[l]}`;
      return new Pool(key, items.length, shuffledOrder(items), root);
    });
    let cross: Pool | null = null;
    if (needCross && crossByGroup.size > 0) {
      const { items, starts } = groupedBySize(crossByGroup);
      cross = new Pool(`${name}/cross`, items.length, roundRobinOrder(items, starts), root);
    }
    const mixed =
      cfg.strategy === 'mixed'
        ? new Pool(`${name}/mixed`, rows.length, shuffledOrder(Int32Array.from(rows)), root)
        : null;
    // x-y keeps mono pools only for datasets that cannot give a cross batch.
    const keepMono = cfg.strategy === 'x-y' ? (cross === null ? mono : []) : mono;
    return {
      dataset: d,
      name,
      pairs: rows.length,
      groups: groups.size,
      mono: keepMono,
      cross,
      mixed,
    };
  });
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const a = m.get(k);
  if (a) a.push(v);
  else m.set(k, [v]);
}

/** CSR layout of groups, largest first (ties in first-seen order). */
function groupedBySize(byGroup: Map<number, number[]>): { items: Int32Array; starts: Int32Array } {
  const lists = [...byGroup.values()];
  const order = lists.map((_, i) => i).sort((a, b) => lists[b]!.length - lists[a]!.length || a - b);
  const total = lists.reduce((s, l) => s + l.length, 0);
  const items = new Int32Array(total);
  const starts = new Int32Array(lists.length + 1);
  let k = 0;
  order.forEach((li, g) => {
    starts[g] = k;
    for (const p of lists[li]!) items[k++] = p;
  });
  starts[lists.length] = k;
  return { items, starts };
}
