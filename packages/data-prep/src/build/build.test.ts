import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import type { Pair } from '../tables.js';
import { buildParallelPairs, type ParallelGroup } from './parallel.js';
import { splitByGroup } from './split.js';

function group(key: string, langs: string[], pool: string[] = []): ParallelGroup {
  return {
    key,
    queries: new Map(langs.map((l) => [l, `q-${key}-${l}`])),
    positives: new Map(
      langs.map((l) => [l, { text: `p-${key}-${l}`, negativePool: pool.map((n) => `${n}-${l}`) }]),
    ),
  };
}
const opts = {
  languages: null,
  maxPerGroup: null,
  hardNegatives: false,
  crossOnly: false,
  rng: Rng.fromSeed(1),
};

describe('buildParallelPairs', () => {
  it('makes every (query language, passage language) combination in sorted order', () => {
    const pairs = buildParallelPairs('d', [group('g', ['es', 'de'])], opts);
    expect(pairs.map((p) => p.pair_id)).toEqual(['d/g/de-de', 'd/g/de-es', 'd/g/es-de', 'd/g/es-es']);
    expect(pairs[1]).toEqual({
      pair_id: 'd/g/de-es',
      group_id: 'd/g',
      query_text: 'q-g-de',
      query_lang: 'de',
      pos_text: 'p-g-es',
      pos_lang: 'es',
      neg_text: null,
      dataset: 'd',
    });
  });

  it('leaves out X-X with crossOnly and unlisted languages with languages', () => {
    const g = [group('g', ['de', 'en', 'es'])];
    expect(
      buildParallelPairs('d', g, { ...opts, crossOnly: true }).map((p) => `${p.query_lang}-${p.pos_lang}`),
    ).toEqual(['de-en', 'de-es', 'en-de', 'en-es', 'es-de', 'es-en']);
    expect(buildParallelPairs('d', g, { ...opts, languages: new Set(['en', 'es']) }).length).toBe(4);
  });

  it('caps each group to a seeded sample that depends only on the seed and the group', () => {
    const groups = [group('a', ['ar', 'de', 'en', 'es']), group('b', ['de', 'en'])];
    const capped = buildParallelPairs('d', groups, { ...opts, maxPerGroup: 3 });
    expect(capped.filter((p) => p.group_id === 'd/a').length).toBe(3);
    expect(capped.filter((p) => p.group_id === 'd/b').length).toBe(3);
    const all = new Set(buildParallelPairs('d', groups, opts).map((p) => p.pair_id));
    expect(capped.every((p) => all.has(p.pair_id))).toBe(true);
    // Same seed, group b alone: same sample for a.
    const aOnly = buildParallelPairs('d', [groups[0]!], { ...opts, maxPerGroup: 3 });
    expect(aOnly.map((p) => p.pair_id)).toEqual(
      capped.filter((p) => p.group_id === 'd/a').map((p) => p.pair_id),
    );
    const seeds = new Set(
      [1, 2, 3, 4, 5, 6].map((s) =>
        buildParallelPairs('d', [groups[0]!], { ...opts, maxPerGroup: 3, rng: Rng.fromSeed(s) })
          .map((p) => p.pair_id)
          .join(),
      ),
    );
    expect(seeds.size).toBeGreaterThan(1);
  });

  it('draws hard negatives from the passage language pool only', () => {
    const pairs = buildParallelPairs('d', [group('g', ['de', 'en'], ['n1', 'n2', 'n3'])], {
      ...opts,
      hardNegatives: true,
    });
    for (const p of pairs)
      expect([`n1-${p.pos_lang}`, `n2-${p.pos_lang}`, `n3-${p.pos_lang}`]).toContain(p.neg_text);
    const none = buildParallelPairs('d', [group('g', ['de'])], { ...opts, hardNegatives: true });
    expect(none[0]!.neg_text).toBeNull();
  });
});

function pairs(dataset: string, groups: number, perGroup: number): Pair[] {
  const out: Pair[] = [];
  for (let g = 0; g < groups; g++) {
    for (let i = 0; i < perGroup; i++) {
      out.push({
        pair_id: `${dataset}/${g}/${i}`,
        group_id: `${dataset}/${g}`,
        query_text: 'q',
        query_lang: 'en',
        pos_text: 'p',
        pos_lang: 'en',
        neg_text: null,
        dataset,
      });
    }
  }
  return out;
}

describe('splitByGroup', () => {
  it('holds out round(fraction x groups) whole groups per dataset', () => {
    const all = [...pairs('a', 40, 3), ...pairs('b', 3, 2)];
    const s = splitByGroup(all, 0.1, Rng.fromSeed(7));
    expect(s.valGroups).toEqual({ a: 4, b: 1 });
    expect(s.groups).toEqual({ a: 40, b: 3 });
    expect(s.val.length).toBe(4 * 3 + 2);
    expect(s.train.length + s.val.length).toBe(all.length);
    const held = new Set(s.val.map((p) => p.group_id));
    expect(s.train.some((p) => held.has(p.group_id))).toBe(false);
    expect(splitByGroup(all, 0.1, Rng.fromSeed(7)).val).toEqual(s.val);
  });

  it('holds out nothing at fraction 0 and never every group', () => {
    expect(splitByGroup(pairs('a', 5, 1), 0, Rng.fromSeed(1)).val).toEqual([]);
    expect(splitByGroup(pairs('a', 1, 4), 0.5, Rng.fromSeed(1)).val).toEqual([]);
    expect(splitByGroup(pairs('a', 2, 1), 0.5, Rng.fromSeed(1)).val.length).toBe(1);
  });
});
