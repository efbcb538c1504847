import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lanceSearch } from './ann-lancedb.js';
import { recallAtK } from './recall.js';
import { type SearchResult, searchExact } from './search.js';
import { naiveTopK, randomUnit } from './test-utils/data.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-ann-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${String(i).padStart(5, '0')}`);

describe('recallAtK', () => {
  const res = (rows: number[], k: number, queryRows: number[]): SearchResult => ({
    k,
    queryRows: Int32Array.from(queryRows),
    rows: Int32Array.from(rows),
    scores: new Float32Array(rows.length),
    engine: 'js',
  });

  it('counts the overlap of the top k (hand-computed)', () => {
    const exact = res([1, 2, 3, 4, 5, 6], 3, [0, 1]);
    const approx = res([3, 9, 1, -1, 6, 4], 3, [0, 1]);
    // q0: {3, 1} of {1, 2, 3} → 2/3; q1: {6, 4} of {4, 5, 6} → 2/3 (the -1 is a miss)
    const r3 = recallAtK(approx, exact, 3);
    expect(Array.from(r3.perQuery)).toEqual([2 / 3, 2 / 3]);
    expect(r3.mean).toBeCloseTo(2 / 3, 12);
    // @1: q0 {3} vs {1} → 0; q1 {-1} vs {4} → 0
    expect(recallAtK(approx, exact, 1).mean).toBe(0);
    // @2: q0 {3, 9} vs {1, 2} → 0; q1 {-1, 6} vs {4, 5} → 0
    expect(recallAtK(approx, exact, 2).mean).toBe(0);
  });

  it('refuses results over different queries', () => {
    expect(() => recallAtK(res([1], 1, [0]), res([1], 1, [1]), 1)).toThrow(/same query rows/);
  });
});

describe('lanceSearch', () => {
  it('flat search (no index) equals exact brute force, rows and scores', async () => {
    const c = randomUnit(600, 16, 21);
    const q = randomUnit(40, 16, 22);
    const { result, info } = await lanceSearch(join(dir, 'flat'), q, c, { k: 10, index: 'flat' });
    expect(info.index).toBe('flat');
    const exact = await searchExact(q, c, { k: 10, engine: 'js' });
    expect(Array.from(result.rows)).toEqual(Array.from(exact.rows));
    expect(Array.from(result.scores)).toEqual(Array.from(exact.scores));
    expect(result.engine).toBe('lancedb');
  });

  it('searches candidate and query subsets, mapping back to full rows', async () => {
    const c = randomUnit(300, 8, 23);
    const q = randomUnit(20, 8, 24);
    const cRows = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 2 === 0);
    const qRows = [19, 4, 7];
    const { result } = await lanceSearch(join(dir, 'subset'), q, c, {
      k: 5,
      index: 'flat',
      candidateRows: cRows,
      queryRows: qRows,
    });
    const ref = naiveTopK(q, c, 5, ids(300), qRows, cRows);
    expect(Array.from(result.queryRows)).toEqual(qRows);
    expect(Array.from(result.rows)).toEqual(ref.flatMap((r) => r.map((x) => x.row)));
  });

  // About 5–15 s on 2 cores: trains a small IVF-PQ index.
  it('IVF-PQ: recall@10 from recallAtK equals an independent count against the naive top 10', async () => {
    const n = 3000;
    const c = randomUnit(n, 32, 25);
    const q = randomUnit(60, 32, 26);
    const { result, info } = await lanceSearch(join(dir, 'pq'), q, c, {
      k: 10,
      index: 'ivf_pq',
      partitions: 16,
      subVectors: 4,
      nprobes: 2,
      refineFactor: null,
    });
    expect(info.index).toBe('ivf_pq');
    expect(info.partitions).toBe(16);
    const exact = await searchExact(q, c, { k: 10, engine: 'js' });
    const measured = recallAtK(result, exact, 10).mean;
    // Independent: overlap with the float64 full-matrix top 10.
    const ref = naiveTopK(q, c, 10, ids(n));
    let hits = 0;
    ref.forEach((top, i) => {
      const truth = new Set(top.map((x) => x.row));
      for (let j = 0; j < 10; j++) if (truth.has(result.rows[i * 10 + j]!)) hits++;
    });
    expect(measured).toBeCloseTo(hits / 600, 12);
    // 2 of 16 partitions and coarse PQ codes on random data: clearly approximate, clearly better than chance.
    expect(measured).toBeLessThan(1);
    expect(measured).toBeGreaterThan(0.05);
    // Returned scores are exact inner products of the returned rows, best first.
    for (let i = 0; i < 60; i++) {
      for (let j = 1; j < 10; j++) {
        if (result.rows[i * 10 + j]! >= 0)
          expect(result.scores[i * 10 + j]!).toBeLessThanOrEqual(result.scores[i * 10 + j - 1]!);
      }
    }
  });

  it('falls back to flat search below minRows', async () => {
    const c = randomUnit(100, 8, 27);
    const q = randomUnit(5, 8, 28);
    const { info, result } = await lanceSearch(join(dir, 'small'), q, c, {
      k: 3,
      index: 'ivf_pq',
      minRows: 1000,
    });
    expect(info.index).toBe('flat');
    const exact = await searchExact(q, c, { k: 3, engine: 'js' });
    expect(Array.from(result.rows)).toEqual(Array.from(exact.rows));
  });
});
