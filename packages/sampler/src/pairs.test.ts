import { DataError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { indexPairs } from './pairs.js';

const base = () => ({
  pair_id: ['a', 'b', 'c', 'd'],
  group_id: ['g1', 'g1', 'g2', 'g1'],
  query_lang: ['en', 'de', 'en', 'zh'],
  pos_lang: ['de', 'de', 'en', 'zh'],
  pos_text: ['Hallo.', 'Hallo.', 'Hello.', '你好'],
  neg_text: [null, 'Hello.', 'Hello.', null] as Array<string | null>,
  dataset: ['x', 'x', 'x', 'w'],
});

describe('indexPairs', () => {
  it('interns datasets and languages in sorted order, groups per dataset, texts across pos and neg', () => {
    const t = indexPairs(base());
    expect(t.n).toBe(4);
    expect(t.datasets).toEqual(['w', 'x']);
    expect(Array.from(t.dataset)).toEqual([1, 1, 1, 0]);
    expect(t.langs).toEqual(['de', 'en', 'zh']);
    expect(Array.from(t.qLang)).toEqual([1, 0, 1, 2]);
    expect(Array.from(t.pLang)).toEqual([0, 0, 1, 2]);
    // g1 in dataset x and g1 in dataset w are different groups
    expect(t.nGroups).toBe(3);
    expect(t.group[0]).toBe(t.group[1]);
    expect(t.group[3]).not.toBe(t.group[0]);
    // "Hello." is row 1's negative and row 2's positive: one text
    expect(t.neg[1]).toBe(t.pos[2]);
    // row 2's negative equals its own positive: ignored and counted
    expect(t.neg[2]).toBe(-1);
    expect(t.negEqualsPos).toBe(1);
    expect(t.nTexts).toBe(3);
  });

  it('rejects an empty table, a duplicate pair_id and a missing field, naming the row', () => {
    const empty = {
      ...base(),
      pair_id: [],
      group_id: [],
      query_lang: [],
      pos_lang: [],
      pos_text: [],
      dataset: [],
    };
    expect(() => indexPairs(empty, 'tp.parquet')).toThrow(/tp.parquet: the training pair table is empty/);
    const dup = base();
    dup.pair_id[3] = 'a';
    expect(() => indexPairs(dup, 'tp.parquet')).toThrow(/pair_id "a" appears twice \(rows 0 and 3\)/);
    const missing = base() as Record<string, unknown[]>;
    missing.pos_lang![2] = null;
    let err: unknown;
    try {
      indexPairs(missing as unknown as ReturnType<typeof base>, 'tp.parquet');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect(String((err as Error).message)).toMatch(/tp.parquet: row 2: field "pos_lang" is null/);
  });
});
