import { Rng } from '@hbt/core';
import type { Pairs } from './pairs.js';
import { PlanReader } from './plan-reader.js';

export { indexPairs, PAIR_COLUMNS, Pairs, readPairs } from './pairs.js';

/**
 * The whole batch plan of `batches.parquet` (ARTIFACT_SCHEMAS.batches) as pair rows per step, slots in
 * order: {@link PlanReader} read from step 0 to the end (the trainer itself reads by step ranges). The
 * plan is checked as `PlanReader.open` checks it; an error names the file and the row.
 */
export async function readPlan(file: string, pairs: Pairs): Promise<number[][]> {
  const plan = await PlanReader.open(file, pairs);
  return plan.read(0, plan.steps);
}

/**
 * Fixed validation batches: at most `maxPairs` val pairs of the wanted `kind` (all pairs, only mono pairs
 * — query and positive in one language, like the paper's English-only SQuADShifts — or only cross pairs)
 * drawn with `seed` (all when null), shuffled,
 * then cut into batches of `batchSize` in which no group_id repeats (translations of one item would be
 * false negatives of each other). A pair that would repeat a group waits for the next batch. Batches with
 * fewer than 2 pairs are dropped. Deterministic for equal inputs.
 */
export function validationBatches(
  pairs: Pairs,
  opts: { batchSize: number; maxPairs: number | null; seed: number; kind?: 'all' | 'mono' | 'cross' },
): number[][] {
  const kind = opts.kind ?? 'all';
  const keep = (i: number) => kind === 'all' || pairs.isMono(i) === (kind === 'mono');
  const order = Rng.fromSeed(opts.seed)
    .derive('trainer', 'val')
    .shuffle(Array.from({ length: pairs.size }, (_, i) => i).filter(keep));
  const chosen = opts.maxPairs === null ? order : order.slice(0, opts.maxPairs);
  const batches: number[][] = [];
  let waiting = chosen;
  while (waiting.length > 0) {
    const next: number[] = [];
    let cur: number[] = [];
    let groups = new Set<number>();
    for (const i of waiting) {
      if (groups.has(pairs.group[i]!)) {
        next.push(i);
        continue;
      }
      cur.push(i);
      groups.add(pairs.group[i]!);
      if (cur.length === opts.batchSize) {
        batches.push(cur);
        cur = [];
        groups = new Set();
      }
    }
    if (cur.length >= 2) batches.push(cur);
    if (next.length === waiting.length) break; // only one group left: cannot form batches
    waiting = next;
  }
  return batches;
}
