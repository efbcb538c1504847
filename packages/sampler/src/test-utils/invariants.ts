import type { SamplerConfig } from '@hbt/core';
import type { BatchPlan } from '../plan.js';
import type { PairCols } from './random-pairs.js';

/**
 * Check a plan against the sampler's invariants using only the plain string columns of the pairs (not
 * the planner's interned indices). Returns the violations found (empty when the plan is sound).
 */
export function violations(plan: BatchPlan, c: PairCols, cfg: SamplerConfig): string[] {
  const out: string[] = [];
  const bad = (m: string) => {
    if (out.length < 20) out.push(m);
  };
  const n = c.pair_id.length;
  const isMono = (i: number) => c.query_lang[i] === c.pos_lang[i];
  const hasMono = new Map<string, boolean>();
  const hasCross = new Map<string, boolean>();
  for (let i = 0; i < n; i++) {
    const d = c.dataset[i]!;
    if (isMono(i)) hasMono.set(d, true);
    else hasCross.set(d, true);
  }
  // passage texts a pair brings into a batch (a negative equal to its own positive counts once)
  const texts = (i: number) => {
    const t = [c.pos_text[i]!];
    const ng = c.neg_text[i];
    if (ng !== null && ng !== '' && ng !== undefined && ng !== t[0]) t.push(ng);
    return t;
  };

  if (plan.offsets[0] !== 0 || plan.offsets[plan.steps] !== plan.pairs.length)
    bad('offsets do not cover the rows');
  const short = new Set<number>();
  for (let s = 0; s < plan.steps; s++) {
    const rows = Array.from(plan.pairs.subarray(plan.offsets[s], plan.offsets[s + 1]));
    const size = rows.length;
    if (size < 1 || size > cfg.batch_size) bad(`step ${s}: size ${size}`);
    if (size < cfg.batch_size) short.add(s);
    if (rows.some((i) => i < 0 || i >= n)) bad(`step ${s}: pair index out of range`);
    const ds = new Set(rows.map((i) => c.dataset[i]));
    if (ds.size !== 1) bad(`step ${s}: ${ds.size} datasets in one batch`);
    const dsName = c.dataset[rows[0]!]!;
    // guard
    const groups = new Set(rows.map((i) => `${c.dataset[i]}\u0000${c.group_id[i]}`));
    if (groups.size !== size) bad(`step ${s}: a group_id appears twice`);
    const allTexts = rows.flatMap(texts);
    if (new Set(allTexts).size !== allTexts.length) bad(`step ${s}: a passage text appears twice`);
    // kinds
    const kind = plan.kinds[s];
    const qLangs = new Set(rows.map((i) => c.query_lang[i]));
    const pLangs = new Set(rows.map((i) => c.pos_lang[i]));
    if (kind === 0) {
      if (!rows.every(isMono) || qLangs.size !== 1 || pLangs.size !== 1)
        bad(`step ${s}: mono batch not single-language`);
    } else if (kind === 1) {
      if (rows.some(isMono)) bad(`step ${s}: cross batch has a slot with query_lang == pos_lang`);
    } else if (cfg.strategy !== 'mixed') bad(`step ${s}: mixed batch under ${cfg.strategy}`);
    if (cfg.strategy === 'mixed' && kind !== 2) bad(`step ${s}: non-mixed batch under mixed`);
    if (cfg.strategy === 'x-x-mono' && kind !== 0) bad(`step ${s}: x-x-mono gave a non-mono batch`);
    if (cfg.strategy === 'x-y' && kind === 0 && hasCross.get(dsName))
      bad(`step ${s}: x-y gave mono from ${dsName}`);
    if (kind === 1 && cfg.strategy === 'hybrid' && cfg.alpha === 1 && hasMono.get(dsName))
      bad(`step ${s}: α=1 gave cross`);
    if (kind === 0 && cfg.strategy === 'hybrid' && cfg.alpha === 0 && hasCross.get(dsName))
      bad(`step ${s}: α=0 gave mono`);
    const dsLangs = new Set<string>();
    for (let i = 0; i < n; i++)
      if (c.dataset[i] === dsName) dsLangs.add(c.query_lang[i]!).add(c.pos_lang[i]!);
    if (dsLangs.size === 1 && kind === 1) bad(`step ${s}: a one-language dataset gave a cross batch`);
    // a short batch is maximal: every other pair of its pool clashes with it
    if (size < cfg.batch_size) {
      const lang = c.query_lang[rows[0]!];
      const inPool = (i: number) =>
        c.dataset[i] === dsName &&
        (kind === 2 || (kind === 1 ? !isMono(i) : isMono(i) && c.query_lang[i] === lang));
      const taken = new Set(rows);
      const ts = new Set(allTexts);
      for (let i = 0; i < n; i++) {
        if (!inPool(i) || taken.has(i)) continue;
        const clash = groups.has(`${c.dataset[i]}\u0000${c.group_id[i]}`) || texts(i).some((t) => ts.has(t));
        if (!clash) {
          bad(`step ${s}: short batch (${size}) but pair ${c.pair_id[i]} could join it`);
          break;
        }
      }
    }
  }
  const reported = new Set(plan.shortSteps);
  if (reported.size !== short.size || [...short].some((s) => !reported.has(s)))
    bad('shortSteps differ from short batches');
  if (short.size > 0 && cfg.on_short_batch === 'error') bad('short batch planned under on_short_batch=error');

  // epochs: within one (pool, epoch) no pair twice; epochs of a pool never go back
  const seen = new Map<string, Set<number>>();
  const lastEpoch = new Map<number, number>();
  for (let s = 0; s < plan.steps; s++) {
    const pool = plan.poolOf[s]!;
    for (let r = plan.offsets[s]!; r < plan.offsets[s + 1]!; r++) {
      const e = plan.epochs[r]!;
      if (e < (lastEpoch.get(pool) ?? 0)) bad(`step ${s}: pool ${pool} went back to epoch ${e}`);
      lastEpoch.set(pool, e);
      const key = `${pool}/${e}`;
      let set = seen.get(key);
      if (!set) {
        set = new Set();
        seen.set(key, set);
      }
      if (set.has(plan.pairs[r]!))
        bad(`step ${s}: pair ${c.pair_id[plan.pairs[r]!]} used twice in epoch ${e} of pool ${pool}`);
      set.add(plan.pairs[r]!);
    }
  }
  // per pool: every completed epoch used (pool size − dropped) pairs
  plan.pools.forEach((rep, pi) => {
    // the last epoch may have started in the final batch without giving it a pair
    const last = lastEpoch.get(pi) ?? -1;
    if (rep.epochs_started !== last + 1 && rep.epochs_started !== last + 2) {
      bad(`pool ${rep.pool}: ${rep.epochs_started} epochs reported, ${last + 1} seen`);
    }
    let dropped = 0;
    for (let e = 0; e < rep.epochs_started - 1; e++)
      dropped += rep.pairs - (seen.get(`${pi}/${e}`)?.size ?? 0);
    if (dropped !== rep.dropped_at_epoch_end)
      bad(`pool ${rep.pool}: dropped ${dropped}, reported ${rep.dropped_at_epoch_end}`);
  });
  return out;
}
