import { type Columns, writeArtifact } from '@hbt/core';
import type { PairTable } from './pairs.js';
import type { BatchPlan } from './plan.js';

/**
 * The `batches` artifact columns of a plan: one row per slot, in (step, slot) order. `kind` is the
 * pair's own kind: `mono` when query_lang == pos_lang, else `cross`. In x-x-mono, x-y and hybrid plans
 * it equals the batch's kind on every row; in a `mixed` plan rows of one batch may differ.
 *
 * @example
 * const cols = batchColumns(plan, pairs); // { step: Int32Array, slot: Int32Array, pair_id: string[], … }
 */
export function batchColumns(plan: BatchPlan, pairs: PairTable): Columns {
  return stepColumns(pairs, 0, plan.offsets, plan.pairs);
}

/**
 * The `batches` rows of consecutive steps from `firstStep`: step `firstStep + s` holds the pair rows
 * `rows[offsets[s] .. offsets[s+1])` (offsets from 0). A whole plan is one such range
 * ({@link batchColumns}); the stage writes the plan as a series of them.
 *
 * @example
 * stepColumns(pairs, 1000, Int32Array.of(0, 2), Int32Array.of(7, 3)); // step 1000: slots 0, 1 = pairs 7, 3
 */
export function stepColumns(
  pairs: PairTable,
  firstStep: number,
  offsets: ArrayLike<number>,
  rows: ArrayLike<number>,
): Columns {
  const steps = offsets.length - 1;
  const n = offsets[steps]! - offsets[0]!;
  const step = new Int32Array(n);
  const slot = new Int32Array(n);
  const pairId = new Array<string>(n);
  const kind = new Array<string>(n);
  const qLang = new Array<string>(n);
  const pLang = new Array<string>(n);
  const base = offsets[0]!;
  for (let s = 0; s < steps; s++) {
    const a = offsets[s]!;
    const b = offsets[s + 1]!;
    for (let r = a; r < b; r++) {
      const p = rows[r]!;
      const o = r - base;
      step[o] = firstStep + s;
      slot[o] = r - a;
      pairId[o] = pairs.pairId.get(p);
      const q = pairs.qLang[p]!;
      const d = pairs.pLang[p]!;
      kind[o] = q === d ? 'mono' : 'cross';
      qLang[o] = pairs.langs[q]!;
      pLang[o] = pairs.langs[d]!;
    }
  }
  return { step, slot, pair_id: pairId, kind, query_lang: qLang, pos_lang: pLang };
}

/** The metadata of `batches.parquet` (the plan's settings, for a reader of the file alone). */
export function batchesMetadata(
  cfg: { strategy: string; batch_size: number; steps: number },
  seed: number,
): Record<string, string> {
  return {
    'hbt.sampler.strategy': cfg.strategy,
    'hbt.sampler.batch_size': String(cfg.batch_size),
    'hbt.sampler.steps': String(cfg.steps),
    'hbt.sampler.seed': String(seed),
  };
}

/** Write `batches.parquet`; returns the number of rows. */
export async function writeBatches(
  path: string,
  plan: BatchPlan,
  pairs: PairTable,
  meta: { strategy: string; seed: number },
): Promise<number> {
  return writeArtifact(
    path,
    'batches',
    batchColumns(plan, pairs),
    batchesMetadata({ strategy: meta.strategy, batch_size: plan.batchSize, steps: plan.steps }, meta.seed),
  );
}
