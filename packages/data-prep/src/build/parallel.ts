import type { Rng } from '@hbt/core';
import { sortLangs } from '../languages.js';
import type { Pair } from '../tables.js';

/**
 * One item of a parallel dataset: the same question (its `key`, e.g. the LAReQA question id or the
 * Mintaka id) in several languages, with its positive passage in each language.
 */
export interface ParallelGroup {
  key: string;
  /** Query text by language. */
  queries: Map<string, string>;
  /**
   * Positive by language: its text, a negative given by the data (triples), and the passages a hard
   * negative may be drawn from (the other sentences of the paragraph).
   */
  positives: Map<string, { text: string; negative?: string; negativePool?: readonly string[] }>;
}

export interface ParallelPairOptions {
  /** Languages pairs may use (null: all). */
  languages: ReadonlySet<string> | null;
  /** At most this many (query language, passage language) combinations per group (null: all). */
  maxPerGroup: number | null;
  /** Draw a hard negative from `negativePool` when the data gives none. */
  hardNegatives: boolean;
  /** Leave out same-language combinations (Mintaka: the query and positive would be the same text). */
  crossOnly: boolean;
  /** The stage's seeded generator; every group draws from its own derived stream. */
  rng: Rng;
}

/**
 * Training pairs from parallel groups: for each group, every (query language X, passage language Y)
 * where the group has a query in X and a positive in Y — mono (X = Y) and cross (X ≠ Y) alike, in
 * sorted language order. With `maxPerGroup`, a uniform sample of that many combinations is kept
 * (drawn from `rng.derive(dataset, 'cap', key)`, so it depends only on the seed and the group). With
 * `hardNegatives`, the negative is drawn from `rng.derive(dataset, 'negative', key, X, Y)`.
 *
 * `pair_id` = `<dataset>/<key>/<X>-<Y>`, `group_id` = `<dataset>/<key>`: unique and deterministic.
 *
 * @example
 * buildParallelPairs('mlqa-r', groups, { languages: null, maxPerGroup: 4, hardNegatives: true,
 *   crossOnly: false, rng: Rng.fromSeed(0) });
 */
export function buildParallelPairs(
  dataset: string,
  groups: readonly ParallelGroup[],
  opts: ParallelPairOptions,
): Pair[] {
  const out: Pair[] = [];
  const allowed = (l: string) => opts.languages === null || opts.languages.has(l);
  for (const g of groups) {
    const combos: Array<[string, string]> = [];
    for (const ql of sortLangs(g.queries.keys())) {
      if (!allowed(ql)) continue;
      for (const pl of sortLangs(g.positives.keys())) {
        if (!allowed(pl) || (opts.crossOnly && ql === pl)) continue;
        combos.push([ql, pl]);
      }
    }
    let keep = combos;
    if (opts.maxPerGroup !== null && combos.length > opts.maxPerGroup) {
      const idx = opts.rng
        .derive(dataset, 'cap', g.key)
        .shuffle(combos.map((_, i) => i))
        .slice(0, opts.maxPerGroup)
        .sort((a, b) => a - b);
      keep = idx.map((i) => combos[i]!);
    }
    for (const [ql, pl] of keep) {
      const pos = g.positives.get(pl)!;
      let neg: string | null = pos.negative ?? null;
      if (neg === null && opts.hardNegatives && pos.negativePool && pos.negativePool.length > 0) {
        neg = opts.rng.derive(dataset, 'negative', g.key, ql, pl).choice(pos.negativePool);
      }
      out.push({
        pair_id: `${dataset}/${g.key}/${ql}-${pl}`,
        group_id: `${dataset}/${g.key}`,
        query_text: g.queries.get(ql)!,
        query_lang: ql,
        pos_text: pos.text,
        pos_lang: pl,
        neg_text: neg,
        dataset,
      });
    }
  }
  return out;
}
