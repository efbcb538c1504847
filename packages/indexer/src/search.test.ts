import { Rng } from '@hbt/core';
import { initBackend, tf } from '@hbt/models';
import { fmaDot, loadTopKKernel } from '@hbt/topk-kernel';
import { beforeAll, describe, expect, it } from 'vitest';
import type { EngineName } from './engines.js';
import { searchExact } from './search.js';
import { naiveTopK, randomUnit, ternary } from './test-utils/data.js';
import { idTieKeys } from './vectors.js';

beforeAll(async () => {
  await initBackend('wasm');
});

// `fused` needs the @hbt/topk-kernel addon (built in CI; HBT_TOPK_KERNEL_BUILD=skip leaves it out).
const FUSED = process.env.HBT_TOPK_KERNEL_BUILD !== 'skip' || loadTopKKernel();
const ENGINES: EngineName[] = ['tfjs', 'js', ...(FUSED ? (['fused'] as const) : [])];

/** Shuffled ASCII doc ids, so that id order differs from row order. */
function shuffledIds(n: number, seed: number): string[] {
  return Rng.fromSeed(seed).shuffle(Array.from({ length: n }, (_, i) => `d${String(i).padStart(4, '0')}`));
}

describe.each(ENGINES)('searchExact (%s engine)', (engine) => {
  it('equals a naive full-matrix top-k on random unit vectors (ids exactly, scores to 1e-6)', async () => {
    const q = randomUnit(37, 24, 1);
    const c = randomUnit(301, 24, 2);
    const ids = shuffledIds(301, 3);
    const r = await searchExact(q, c, { k: 10, engine, tieKeys: idTieKeys(ids) });
    const ref = naiveTopK(q, c, 10, ids);
    expect(r.k).toBe(10);
    expect(r.engine).toBe(engine);
    expect(Array.from(r.queryRows)).toEqual(Array.from({ length: 37 }, (_, i) => i));
    for (let i = 0; i < 37; i++) {
      expect(Array.from(r.rows.subarray(i * 10, i * 10 + 10))).toEqual(ref[i]!.map((x) => x.row));
      ref[i]!.forEach((x, j) => {
        expect(Math.abs(r.scores[i * 10 + j]! - x.score)).toBeLessThan(1e-6);
      });
    }
  });

  it('breaks exact score ties by doc_id ascending (integer scores, many ties)', async () => {
    const q = ternary(20, 6, 4);
    const c = ternary(150, 6, 5);
    const ids = shuffledIds(150, 6);
    const r = await searchExact(q, c, { k: 25, engine, tieKeys: idTieKeys(ids) });
    const ref = naiveTopK(q, c, 25, ids);
    let tiedPairs = 0;
    for (let i = 0; i < 20; i++) {
      expect(Array.from(r.rows.subarray(i * 25, i * 25 + 25))).toEqual(ref[i]!.map((x) => x.row));
      expect(Array.from(r.scores.subarray(i * 25, i * 25 + 25))).toEqual(ref[i]!.map((x) => x.score));
      for (let j = 1; j < 25; j++) if (ref[i]![j]!.score === ref[i]![j - 1]!.score) tiedPairs++;
    }
    expect(tiedPairs).toBeGreaterThan(100); // the data really has ties
  });

  it('without tie keys, breaks ties by candidate row ascending', async () => {
    const q = { dim: 2, vectors: new Float32Array([1, 0]) };
    const c = { dim: 2, vectors: new Float32Array([0, 1, 1, 5, 1, 0, 1, -3, 2, 0]) };
    const r = await searchExact(q, c, { k: 5, engine });
    expect(Array.from(r.rows)).toEqual([4, 1, 2, 3, 0]);
    expect(Array.from(r.scores)).toEqual([2, 1, 1, 1, 0]);
  });

  it('gives the same result with tiny blocks as with one block', async () => {
    const q = randomUnit(29, 16, 7);
    const c = randomUnit(113, 16, 8);
    const tieKeys = idTieKeys(shuffledIds(113, 9));
    const one = await searchExact(q, c, { k: 7, engine, tieKeys, blockQueries: 1000, blockCandidates: 1000 });
    for (const [bq, bc] of [
      [3, 5],
      [1, 1],
      [29, 7],
    ] as const) {
      const small = await searchExact(q, c, { k: 7, engine, tieKeys, blockQueries: bq, blockCandidates: bc });
      expect(Array.from(small.rows)).toEqual(Array.from(one.rows));
      expect(Array.from(small.scores)).toEqual(Array.from(one.scores));
    }
  });

  it('searches row subsets (a language filter) like the naive search on the subset', async () => {
    const q = randomUnit(40, 12, 10);
    const c = randomUnit(90, 12, 11);
    const ids = shuffledIds(90, 12);
    const qRows = [39, 3, 17, 8];
    const cRows = Array.from({ length: 90 }, (_, i) => i).filter((i) => i % 3 === 1);
    const r = await searchExact(q, c, {
      k: 5,
      engine,
      queryRows: qRows,
      candidateRows: cRows,
      tieKeys: idTieKeys(ids),
    });
    const ref = naiveTopK(q, c, 5, ids, qRows, cRows);
    expect(Array.from(r.queryRows)).toEqual(qRows);
    qRows.forEach((_, i) => {
      expect(Array.from(r.rows.subarray(i * 5, i * 5 + 5))).toEqual(ref[i]!.map((x) => x.row));
    });
  });

  it('returns every candidate when k exceeds their number, and nothing for no queries', async () => {
    const q = randomUnit(3, 4, 13);
    const c = randomUnit(4, 4, 14);
    const r = await searchExact(q, c, { k: 10, engine });
    expect(r.k).toBe(4);
    expect(r.rows.length).toBe(12);
    for (let i = 0; i < 3; i++) expect(new Set(r.rows.subarray(i * 4, i * 4 + 4)).size).toBe(4);
    const none = await searchExact(q, c, { k: 10, engine, queryRows: [] });
    expect(none.rows.length).toBe(0);
  });
});

describe.runIf(FUSED)("searchExact (fused engine): the kernel's own rule", () => {
  it('is what auto picks, and its scores are the fma chain bit for bit, through row subsets and tie keys', async () => {
    const q = randomUnit(45, 40, 11);
    const c = randomUnit(700, 40, 12);
    const ids = shuffledIds(700, 13);
    const candidateRows = Array.from({ length: 350 }, (_, i) => 2 * i + 1);
    const r = await searchExact(q, c, { k: 20, tieKeys: idTieKeys(ids), candidateRows, threads: 2 });
    expect(r.engine).toBe('fused');
    for (let i = 0; i < 45; i++) {
      const want = candidateRows
        .map((row) => ({ row, score: fmaDot(q.vectors, i * 40, c.vectors, row * 40, 40), id: ids[row]! }))
        .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1))
        .slice(0, 20);
      expect(Array.from(r.rows.subarray(i * 20, i * 20 + 20))).toEqual(want.map((x) => x.row));
      expect(Array.from(r.scores.subarray(i * 20, i * 20 + 20))).toEqual(want.map((x) => x.score));
    }
  });

  it('gives the same bits with one thread as with three, on any tfjs backend', async () => {
    const q = randomUnit(100, 33, 21);
    const c = randomUnit(900, 33, 22);
    const one = await searchExact(q, c, { k: 50, engine: 'fused', threads: 1 });
    const three = await searchExact(q, c, { k: 50, engine: 'fused', threads: 3, blockQueries: 32 });
    expect(Buffer.from(three.scores.buffer).equals(Buffer.from(one.scores.buffer))).toBe(true);
    expect(Array.from(three.rows)).toEqual(Array.from(one.rows));
  });
});

describe('searchExact on worker threads (runs the built dist/search-worker.js)', () => {
  it.each(ENGINES)('gives the in-thread result on 2 and 3 threads (%s engine)', async (engine) => {
    const q = randomUnit(45, 16, 30);
    const c = randomUnit(220, 16, 31);
    const tieKeys = idTieKeys(shuffledIds(220, 32));
    const opts = { k: 6, engine, tieKeys, blockQueries: 4, blockCandidates: 50 };
    const one = await searchExact(q, c, { ...opts, threads: 1 });
    for (const threads of [2, 3]) {
      let ticked = 0;
      const par = await searchExact(q, c, {
        ...opts,
        threads,
        progress: { tick: (n = 1) => (ticked += n), done() {} },
      });
      expect(Array.from(par.rows)).toEqual(Array.from(one.rows));
      expect(Array.from(par.scores)).toEqual(Array.from(one.scores));
      expect(ticked).toBe(45);
    }
  });
});

describe('searchExact checks and hygiene', () => {
  it('leaves no tfjs tensors behind', async () => {
    const q = randomUnit(50, 8, 15);
    const c = randomUnit(70, 8, 16);
    await searchExact(q, c, { k: 3, engine: 'tfjs', blockQueries: 7, blockCandidates: 9 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++)
      await searchExact(q, c, { k: 3, engine: 'tfjs', blockQueries: 7, blockCandidates: 9 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects mismatched dimensions and bad rows', async () => {
    const q = randomUnit(2, 4, 17);
    await expect(searchExact(q, randomUnit(3, 5, 18), { k: 1 })).rejects.toThrow(/dim/);
    await expect(searchExact(q, randomUnit(3, 4, 18), { k: 1, candidateRows: [3] })).rejects.toThrow(
      /outside/,
    );
    await expect(searchExact(q, randomUnit(3, 4, 18), { k: 1, blockQueries: 0 })).rejects.toThrow(
      /blockQueries/,
    );
  });
});
