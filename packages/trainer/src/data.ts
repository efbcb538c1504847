import { DataError, Rng, readTable } from '@hbt/core';
import { PlanReader } from './plan-reader.js';

/** Training (or validation) pairs, column-oriented, in file order. */
export interface Pairs {
  file: string;
  ids: string[];
  groups: string[];
  queries: string[];
  positives: string[];
  /** Hard negative per pair, or null. */
  negatives: Array<string | null>;
  /** Per pair: `query_lang`, `pos_lang`. */
  queryLangs: string[];
  posLangs: string[];
  /** Per pair: true when query and positive share a language (a mono pair). */
  mono: boolean[];
  /** pair_id → row. */
  index: Map<string, number>;
}

const PAIR_COLUMNS = ['pair_id', 'group_id', 'query_text', 'query_lang', 'pos_text', 'pos_lang', 'neg_text'];

/**
 * Read `train_pairs.parquet` / `val_pairs.parquet` (ARTIFACT_SCHEMAS.train_pairs). A missing column, an
 * empty text or a repeated pair_id → {@link DataError} naming the file and row.
 */
export async function readPairs(file: string): Promise<Pairs> {
  const t = await readTable(file, { columns: PAIR_COLUMNS });
  const c = t.columns;
  const ids = c.pair_id as string[];
  const index = new Map<string, number>();
  const queries = c.query_text as string[];
  const positives = c.pos_text as string[];
  for (let i = 0; i < t.numRows; i++) {
    if (index.has(ids[i]!)) {
      throw new DataError(`pair_id "${ids[i]}" appears twice (rows ${index.get(ids[i]!)} and ${i})`, {
        file,
        hint: 're-run `hbt prep`: pair ids must be unique',
      });
    }
    index.set(ids[i]!, i);
    for (const [col, v] of [
      ['query_text', queries[i]],
      ['pos_text', positives[i]],
    ] as const) {
      if (typeof v !== 'string' || v.length === 0) {
        throw new DataError(`empty ${col}`, { file, location: `row ${i} (pair_id ${ids[i]})` });
      }
    }
  }
  return {
    file,
    ids,
    groups: c.group_id as string[],
    queries,
    positives,
    negatives: (c.neg_text as Array<string | null | undefined>).map((n) =>
      n == null || n === '' ? null : n,
    ),
    queryLangs: c.query_lang as string[],
    posLangs: c.pos_lang as string[],
    mono: (c.query_lang as string[]).map((q, i) => q === (c.pos_lang as string[])[i]),
    index,
  };
}

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
  const keep = (i: number) => kind === 'all' || pairs.mono[i] === (kind === 'mono');
  const order = Rng.fromSeed(opts.seed)
    .derive('trainer', 'val')
    .shuffle([...pairs.ids.keys()].filter(keep));
  const chosen = opts.maxPairs === null ? order : order.slice(0, opts.maxPairs);
  const batches: number[][] = [];
  let waiting = chosen;
  while (waiting.length > 0) {
    const next: number[] = [];
    let cur: number[] = [];
    let groups = new Set<string>();
    for (const i of waiting) {
      if (groups.has(pairs.groups[i]!)) {
        next.push(i);
        continue;
      }
      cur.push(i);
      groups.add(pairs.groups[i]!);
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
