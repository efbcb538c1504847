import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Rng } from '@hbt/core';
import { initBackend } from '@hbt/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanceSearchFiles } from './ann-files.js';
import type { EngineName } from './engines.js';
import { recallAtK } from './recall.js';
import { searchExact } from './search.js';
import { type Collection, type Setting, searchSetting } from './setting.js';
import { shardRows, writeShard } from './shards.js';
import { searchFiles } from './stream-search.js';
import { naiveTopK, randomUnit, ternary } from './test-utils/data.js';
import { idTieKeys, type VectorSet } from './vectors.js';

const root = mkdtempSync(join(tmpdir(), 'hbt-stream-'));
beforeAll(async () => {
  await initBackend('wasm');
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Shuffled ids, so that id order (the tie rule) differs from row and shard order. */
function shuffledIds(n: number, seed: number): string[] {
  return Rng.fromSeed(seed).shuffle(Array.from({ length: n }, (_, i) => `d${String(i).padStart(4, '0')}`));
}

/** `c` written as `count` shards of `chunk`-row record batches; returns the shard files in order. */
async function shardFiles(
  name: string,
  c: VectorSet,
  ids: string[],
  count: number,
  chunk: number,
  langs: readonly string[] = ids.map(() => 'en'),
) {
  const n = ids.length;
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const [s, e] = shardRows(n, { index: i, count }, chunk);
    const { file } = await writeShard(
      join(root, name),
      { index: i, count },
      {
        ids: ids.slice(s, e),
        langs: langs.slice(s, e),
        dim: c.dim,
        vectors: c.vectors.slice(s * c.dim, e * c.dim),
      },
      { start: s, end: e, corpusRows: n, key: 'k', chunk },
    );
    files.push(file);
  }
  return files;
}

describe.each<EngineName>(['tfjs', 'js'])(
  'searchFiles (%s engine): memory-budgeted search over shards',
  (engine) => {
    it('equals the in-memory search bit for bit (rows, scores) for any block budget', async () => {
      const q = randomUnit(23, 16, 1);
      const c = randomUnit(403, 16, 2);
      const ids = shuffledIds(403, 3);
      const files = await shardFiles(`rand-${engine}`, c, ids, 3, 40);
      const mem = await searchExact(q, c, { k: 12, engine, tieKeys: idTieKeys(ids) });
      const ref = naiveTopK(q, c, 12, ids);
      for (const blockBytes of [1, 40 * 16 * 4, 3 * 40 * 16 * 4, 1 << 30]) {
        const r = await searchFiles(q, files, { k: 12, engine, blockBytes });
        expect(r.candidates).toBe(403);
        expect(r.k).toBe(12);
        expect(Array.from(r.rows)).toEqual(Array.from(mem.rows));
        expect(Array.from(r.scores)).toEqual(Array.from(mem.scores));
        expect(r.ids.slice(0, 12)).toEqual(ref[0]!.map((x) => ids[x.row]));
      }
      // At the smallest budget one record batch per block: 11 chunks of ≤ 40 rows (shards of 3, 4, 4 chunks).
      expect((await searchFiles(q, files, { k: 12, engine, blockBytes: 1 })).blocks).toBe(11);
    });

    it('breaks exact ties by doc_id across blocks and shards (integer scores)', async () => {
      const q = ternary(15, 5, 4);
      const c = ternary(260, 5, 5);
      const ids = shuffledIds(260, 6);
      const files = await shardFiles(`ties-${engine}`, c, ids, 4, 16);
      const ref = naiveTopK(q, c, 30, ids);
      const r = await searchFiles(q, files, { k: 30, engine, blockBytes: 16 * 5 * 4 });
      for (let i = 0; i < 15; i++) {
        expect(Array.from(r.rows.subarray(i * 30, i * 30 + 30))).toEqual(ref[i]!.map((x) => x.row));
      }
    });

    it('k above the number of rows gives every row', async () => {
      const q = randomUnit(3, 8, 7);
      const c = randomUnit(10, 8, 8);
      const ids = shuffledIds(10, 9);
      const r = await searchFiles(q, await shardFiles(`small-${engine}`, c, ids, 2, 4), {
        k: 50,
        engine,
        blockBytes: 1,
      });
      expect(r.k).toBe(10);
      expect(new Set(Array.from(r.rows.subarray(0, 10)))).toEqual(
        new Set(Array.from({ length: 10 }, (_, i) => i)),
      );
    });
  },
);

describe('searchFiles with filters: the in-memory searchSetting over shards', () => {
  /** Two datasets × three languages, ids shuffled against row order, ternary vectors (exact ties). */
  function collection(n: number, dim: number, seed: number, prefix: string): Collection {
    const rng = Rng.fromSeed(seed);
    const v = seed % 2 ? ternary(n, dim, seed) : randomUnit(n, dim, seed);
    const ids = rng.shuffle(Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`));
    const langs = ids.map((_, i) => ['de', 'en', 'sw'][(i * 7 + seed) % 3]!);
    const datasets = ids.map((_, i) => (i % 5 < 3 ? 'xquad' : 'mlqa'));
    return { ...v, ids, langs, datasets };
  }

  it.each<EngineName>(['tfjs', 'js'])(
    'per-dataset pools, language and dataset filters equal searchSetting (%s engine)',
    async (engine) => {
      const q = collection(37, 6, 21, 'q');
      const c = collection(311, 6, 23, 'd');
      const files = await shardFiles(`filters-${engine}`, c, [...c.ids], 3, 32, c.langs);
      const docDatasets = new Map(c.ids.map((id, i) => [id, c.datasets[i]!]));
      const settings: Setting[] = [
        {},
        { queryLangs: ['de'], docLangs: ['de'] },
        { queryLangs: ['de'], docLangs: ['en'] },
        { queryLangs: ['sw'], docLangs: null },
        { docLangs: ['en', 'sw'], datasets: ['mlqa'] },
      ];
      for (const setting of settings) {
        const mem = await searchSetting(q, c, setting, { k: 15, engine });
        for (const blockBytes of [1, 1 << 30]) {
          const r = await searchFiles(q, files, { k: 15, engine, blockBytes, setting, docDatasets });
          const want = new Map<number, Array<[number, number]>>();
          for (const m of mem.results) {
            m.queryRows.forEach((qi, x) => {
              const rows = Array.from(m.rows.subarray(x * m.k, (x + 1) * m.k));
              want.set(
                qi,
                rows.map((row, o) => [row, m.scores[x * m.k + o]!]),
              );
            });
          }
          expect(Array.from(r.queryRows)).toEqual([...want.keys()].sort((a, b) => a - b));
          for (let qi = 0; qi < 37; qi++) {
            const got = Array.from({ length: r.counts[qi]! }, (_, o) => [
              r.rows[qi * r.k + o]!,
              r.scores[qi * r.k + o]!,
            ]);
            expect(got).toEqual(want.get(qi) ?? []);
            for (let o = 0; o < r.counts[qi]!; o++)
              expect(r.ids[qi * r.k + o]).toBe(c.ids[r.rows[qi * r.k + o]!]);
            for (let o = r.counts[qi]!; o < r.k; o++) expect(r.rows[qi * r.k + o]).toBe(-1);
          }
          expect(r.unmatchedQueries).toBe(mem.unmatchedQueries);
        }
      }
    },
  );

  it('a query dataset without candidates is counted; a doc id without a dataset is an error naming file and row', async () => {
    const q = collection(9, 4, 31, 'q');
    const c = collection(40, 4, 33, 'd');
    const files = await shardFiles('filters-err', c, [...c.ids], 2, 8, c.langs);
    const onlyXquad = new Map(c.ids.map((id) => [id, 'xquad']));
    const datasets = q.datasets.map((d, i) => (i < 2 ? 'other' : d));
    const r = await searchFiles({ ...q, datasets }, files, { k: 5, engine: 'js', docDatasets: onlyXquad });
    expect(r.unmatchedQueries).toBe(datasets.filter((d) => d !== 'xquad').length);
    expect(r.counts[0]).toBe(0);
    expect(r.counts[2]).toBe(datasets[2] === 'xquad' ? 5 : 0);
    const missing = new Map(onlyXquad);
    missing.delete(c.ids[27]!);
    await expect(searchFiles(q, files, { k: 5, engine: 'js', docDatasets: missing })).rejects.toThrow(
      new RegExp(`corpus-00001-of-00002\\.arrow: row \\d+: doc id '${c.ids[27]}' has no dataset`),
    );
    await expect(searchFiles(q, files, { k: 5, engine: 'js' })).rejects.toThrow(/need docDatasets/);
    await expect(
      searchFiles({ dim: q.dim, vectors: q.vectors }, files, { k: 5, setting: { queryLangs: ['de'] } }),
    ).rejects.toThrow(/setting.queryLangs needs queries.langs/);
  });
});

describe('lanceSearchFiles: LanceDB over the same shards', () => {
  it('flat (no index) equals exact search; recall@k against exact is measured', async () => {
    const q = randomUnit(20, 16, 11);
    const c = randomUnit(300, 16, 12);
    const ids = Array.from({ length: 300 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    const files = await shardFiles('lance', c, ids, 3, 32);
    const exact = await searchFiles(q, files, { k: 10, engine: 'js' });
    const { result, info } = await lanceSearchFiles(join(root, 'lance-db'), q, files, {
      k: 10,
      index: 'flat',
    });
    expect(info).toMatchObject({ index: 'flat', rows: 300 });
    expect(Array.from(result.rows)).toEqual(Array.from(exact.rows));
    for (let i = 0; i < result.scores.length; i++) expect(result.scores[i]).toBeCloseTo(exact.scores[i]!, 6);
    const asResult = { ...exact, queryRows: result.queryRows };
    expect(recallAtK(result, asResult, 10).mean).toBe(1);
  });

  it('with an IVF index, recall@10 equals an independent count against the naive top 10', async () => {
    const q = randomUnit(30, 16, 13);
    const c = randomUnit(1200, 16, 14);
    const ids = Array.from({ length: 1200 }, (_, i) => `d${String(i).padStart(4, '0')}`);
    const files = await shardFiles('lance-ivf', c, ids, 2, 256);
    const { result, info } = await lanceSearchFiles(join(root, 'lance-ivf-db'), q, files, {
      k: 10,
      index: 'ivf_pq',
      partitions: 8,
      subVectors: 4,
      nprobes: 2,
      refineFactor: null,
    });
    expect(info.index).toBe('ivf_pq');
    const ref = naiveTopK(q, c, 10, ids);
    let hits = 0;
    for (let i = 0; i < 30; i++) {
      const truth = new Set(ref[i]!.map((x) => x.row));
      for (let j = 0; j < 10; j++) if (truth.has(result.rows[i * 10 + j]!)) hits++;
    }
    const exact = await searchFiles(q, files, { k: 10, engine: 'js' });
    const recall = recallAtK(result, { ...exact, queryRows: result.queryRows }, 10).mean;
    expect(recall).toBeCloseTo(hits / 300, 12);
    expect(recall).toBeGreaterThan(0);
  });
});
