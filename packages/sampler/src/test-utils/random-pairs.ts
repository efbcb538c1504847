import { Rng } from '@hbt/core';
import fc from 'fast-check';

/** A `train_pairs`-shaped table in plain columns (what prep writes), for tests. */
export interface PairCols {
  pair_id: string[];
  group_id: string[];
  query_text: string[];
  query_lang: string[];
  pos_text: string[];
  pos_lang: string[];
  neg_text: Array<string | null>;
  dataset: string[];
}

/** How a random dataset is made (see {@link buildPairs}). */
export interface DatasetSpec {
  name: string;
  langs: string[];
  groups: number;
  /** all: every (q, p) of a group's languages; cross: q ≠ p only; mono: q = p only; some: each with p = 0.6. */
  combos: 'all' | 'cross' | 'mono' | 'some';
  /** Passage texts are drawn from this many strings per language: small values make duplicates. */
  vocab: number;
  negatives: boolean;
}

export function emptyCols(): PairCols {
  return {
    pair_id: [],
    group_id: [],
    query_text: [],
    query_lang: [],
    pos_text: [],
    pos_lang: [],
    neg_text: [],
    dataset: [],
  };
}

export type PairRow = { [K in keyof PairCols]: PairCols[K][number] };

export function pushPair(c: PairCols, p: PairRow): void {
  for (const k of Object.keys(c) as Array<keyof PairCols>) (c[k] as unknown[]).push(p[k]);
}

/**
 * Build pair columns from dataset specs with a seeded stream. Group ids repeat across datasets
 * (`g0`, `g1`, …) on purpose: a group is scoped to its dataset.
 */
export function buildPairs(specs: DatasetSpec[], seed: number): PairCols {
  const rng = Rng.fromSeed(seed).derive('test-pairs');
  const c = emptyCols();
  for (const ds of specs) {
    for (let g = 0; g < ds.groups; g++) {
      let present = ds.langs.filter(() => rng.bernoulli(0.7));
      if (present.length === 0) present = [ds.langs[rng.int(ds.langs.length)]!];
      for (const q of present) {
        for (const p of present) {
          const keep =
            ds.combos === 'all' ||
            (ds.combos === 'cross' && q !== p) ||
            (ds.combos === 'mono' && q === p) ||
            (ds.combos === 'some' && rng.bernoulli(0.6));
          if (!keep) continue;
          pushPair(c, {
            pair_id: `${ds.name}:g${g}:${q}-${p}`,
            group_id: `g${g}`,
            query_text: `${q} question ${g}`,
            query_lang: q,
            pos_text: `${p} passage ${rng.int(ds.vocab)}`,
            pos_lang: p,
            neg_text: ds.negatives && rng.bernoulli(0.5) ? `${p} passage ${rng.int(ds.vocab)}` : null,
            dataset: ds.name,
          });
        }
      }
    }
  }
  if (c.pair_id.length === 0) {
    pushPair(c, {
      pair_id: 'only',
      group_id: 'g0',
      query_text: 'q',
      query_lang: 'en',
      pos_text: 'p',
      pos_lang: 'en',
      neg_text: null,
      dataset: specs[0]?.name ?? 'd',
    });
  }
  return c;
}

const LANGS = ['de', 'en', 'fr', 'ja'];

export const datasetSpecArb = (name: string): fc.Arbitrary<DatasetSpec> =>
  fc.record({
    name: fc.constant(name),
    langs: fc.subarray(LANGS, { minLength: 1 }),
    groups: fc.integer({ min: 1, max: 30 }),
    combos: fc.constantFrom('all', 'cross', 'mono', 'some'),
    vocab: fc.integer({ min: 2, max: 60 }),
    negatives: fc.boolean(),
  }) as fc.Arbitrary<DatasetSpec>;

/** One to three datasets named d0, d1, d2. */
export const datasetsArb: fc.Arbitrary<DatasetSpec[]> = fc
  .integer({ min: 1, max: 3 })
  .chain((k) => fc.tuple(...Array.from({ length: k }, (_, i) => datasetSpecArb(`d${i}`))));
