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
  const n = plan.pairs.length;
  const step = new Int32Array(n);
  const slot = new Int32Array(n);
  const pairId = new Array<string>(n);
  const kind = new Array<string>(n);
  const qLang = new Array<string>(n);
  const pLang = new Array<string>(n);
  for (let s = 0; s < plan.steps; s++) {
    const a = plan.offsets[s]!;
    const b = plan.offsets[s + 1]!;
    for (let r = a; r < b; r++) {
      const p = plan.pairs[r]!;
      step[r] = s;
      slot[r] = r - a;
      pairId[r] = pairs.pairId[p]!;
      const q = pairs.qLang[p]!;
      const d = pairs.pLang[p]!;
      kind[r] = q === d ? 'mono' : 'cross';
      qLang[r] = pairs.langs[q]!;
      pLang[r] = pairs.langs[d]!;
    }
  }
  return { step, slot, pair_id: pairId, kind, query_lang: qLang, pos_lang: pLang };
}

/** Write `batches.parquet`; returns the number of rows. */
export async function writeBatches(
  path: string,
  plan: BatchPlan,
  pairs: PairTable,
  meta: { strategy: string; seed: number },
): Promise<number> {
  return writeArtifact(path, 'batches', batchColumns(plan, pairs), {
    'hbt.sampler.strategy': meta.strategy,
    'hbt.sampler.batch_size': String(plan.batchSize),
    'hbt.sampler.steps': String(plan.steps),
    'hbt.sampler.seed': String(meta.seed),
  });
}
