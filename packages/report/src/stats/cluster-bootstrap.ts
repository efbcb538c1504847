import type { Rng } from '@hbt/core';
import { quantileSorted } from './describe.js';

/**
 * Percentile interval of the macro-averaged paired difference under a cluster bootstrap: in each of
 * `replicates` resamples, every block's clusters are drawn with replacement (as many as the block has),
 * and the statistic is the mean over non-empty strata of the stratum's mean difference.
 *
 * Fast path: when a block owns its strata and each of its clusters has exactly one unit in each of them
 * (the usual case: a query against every target language), a resample's contribution of that block is
 * the mean of its drawn clusters' totals, so a replicate costs one addition per draw.
 *
 * Draws map a 32-bit word to [0, n) by multiplication (floor(u · n / 2^32)): no division, no rejection
 * loop, and a bias below n / 2^32 (under 1e-5 for any realistic query count), negligible here.
 */
export interface BootstrapUnits {
  /** Per unit: its difference a − b, stratum index and cluster index. */
  diff: Float64Array;
  stratum: Int32Array;
  cluster: Int32Array;
  /** Block name of each cluster. */
  clusterBlock: string[];
  strata: number;
}

export function clusterBootstrap(
  u: BootstrapUnits,
  replicates: number,
  confidence: number,
  rng: Rng,
): [number, number] {
  const K = u.clusterBlock.length;
  const S = u.strata;
  // Per (cluster, stratum) cell: difference sum and unit count.
  const cellIndex = new Map<number, number>();
  const cellC: number[] = [];
  const cellS: number[] = [];
  const cellSum: number[] = [];
  const cellCnt: number[] = [];
  for (let i = 0; i < u.diff.length; i++) {
    const key = u.cluster[i]! * S + u.stratum[i]!;
    let e = cellIndex.get(key);
    if (e === undefined) {
      e = cellC.length;
      cellIndex.set(key, e);
      cellC.push(u.cluster[i]!);
      cellS.push(u.stratum[i]!);
      cellSum.push(0);
      cellCnt.push(0);
    }
    cellSum[e]! += u.diff[i]!;
    cellCnt[e]! += 1;
  }
  const blockNames = [...new Set(u.clusterBlock)].sort();
  const members = new Map<string, number[]>(blockNames.map((b) => [b, []]));
  u.clusterBlock.forEach((b, c) => {
    members.get(b)!.push(c);
  });
  // Which blocks own their strata, and are complete with one unit per (cluster, stratum)?
  const owner = new Map<number, string | null>();
  const cellsOf = new Map<string, number[]>(blockNames.map((b) => [b, []]));
  for (let e = 0; e < cellC.length; e++) {
    const b = u.clusterBlock[cellC[e]!]!;
    cellsOf.get(b)!.push(e);
    const o = owner.get(cellS[e]!);
    owner.set(cellS[e]!, o === undefined || o === b ? b : null);
  }
  const fast = new Map<string, number>(); // block → its number of strata
  for (const b of blockNames) {
    const es = cellsOf.get(b)!;
    const strata = new Set(es.map((e) => cellS[e]!));
    const owns = [...strata].every((s) => owner.get(s) === b);
    const complete = es.length === members.get(b)!.length * strata.size && es.every((e) => cellCnt[e] === 1);
    if (owns && complete) fast.set(b, strata.size);
  }
  const total = new Float64Array(K); // cluster totals (fast blocks)
  const slow: number[] = []; // cells of the other blocks
  for (let e = 0; e < cellC.length; e++) {
    if (fast.has(u.clusterBlock[cellC[e]!]!)) total[cellC[e]!]! += cellSum[e]!;
    else slow.push(e);
  }
  let fastStrata = 0;
  for (const n of fast.values()) fastStrata += n;

  const w = new Float64Array(K);
  const sum = new Float64Array(S);
  const cnt = new Float64Array(S);
  const reps = new Float64Array(replicates);
  for (let r = 0; r < replicates; r++) {
    if (slow.length > 0) w.fill(0);
    let t = 0;
    for (const b of blockNames) {
      const m = members.get(b)!;
      const n = m.length;
      if (fast.has(b)) {
        let s = 0;
        for (let j = 0; j < n; j++) s += total[m[draw(rng, n)]!]!;
        t += s / n;
      } else {
        for (let j = 0; j < n; j++) w[m[draw(rng, n)]!]! += 1;
      }
    }
    let used = fastStrata;
    if (slow.length > 0) {
      sum.fill(0);
      cnt.fill(0);
      for (const e of slow) {
        const wc = w[cellC[e]!]!;
        if (wc === 0) continue;
        sum[cellS[e]!]! += wc * cellSum[e]!;
        cnt[cellS[e]!]! += wc * cellCnt[e]!;
      }
      for (let s = 0; s < S; s++) {
        if (cnt[s]! > 0) {
          t += sum[s]! / cnt[s]!;
          used++;
        }
      }
    }
    reps[r] = t / used;
  }
  reps.sort();
  const alpha = 1 - confidence;
  return [quantileSorted(reps, alpha / 2), quantileSorted(reps, 1 - alpha / 2)];
}

/** An index in [0, n) from one 32-bit draw, by multiplication (see above). */
export function draw(rng: Rng, n: number): number {
  return Math.floor((rng.nextU32() * n) / 4294967296);
}
