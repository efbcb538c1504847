import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { searchGrouped } from './grouped.js';
import { type SearchOptions, searchBlocks, searchExact } from './search.js';
import { naiveTopK, randomUnit, ternary } from './test-utils/data.js';
import { TopK } from './topk.js';
import type { VectorSet } from './vectors.js';

// The grouped search uses portable tfjs ops (matMul, max, topk, gather), so it runs here on wasm;
// grouped-native.test.ts repeats the core checks on the native `tensorflow` backend when it loads.
beforeAll(async () => {
  await initBackend('wasm');
});

const ids = (n: number) => Array.from({ length: n }, (_, i) => `d${String(i).padStart(5, '0')}`);

/** Rows and scores of a grouped search and of the plain tfjs search (every score downloaded). */
async function both(q: VectorSet, c: VectorSet, opts: SearchOptions & { groupSize: number }) {
  const grouped = await searchExact(q, c, { ...opts, engine: 'tfjs' });
  const plain = await searchExact(q, c, { ...opts, engine: 'tfjs', groupSize: 0 });
  return { grouped, plain };
}

/** Grouped search through searchBlocks' engine directly, returning its stats. */
async function groupedStats(q: VectorSet, c: VectorSet, k: number, g: number, bq = 64, bc = 100_000) {
  const heaps = new TopK(q.vectors.length / q.dim, k);
  const stats = await searchGrouped(
    q,
    c,
    { k, engine: 'tfjs', blockQueries: bq, blockCandidates: bc, groupSize: g },
    heaps,
  );
  return { stats, heaps };
}

describe('grouped exact search (tfjs engine, groupSize > 0)', () => {
  it.each([
    // [queries, candidates, k, group size, query block, candidate block]
    [30, 1000, 10, 16, 64, 100_000], // one candidate block, tail of 8 (1000 = 62·16 + 8)
    [30, 997, 25, 8, 7, 300], // several query and candidate blocks, each with a tail
    [12, 500, 1, 4, 5, 500],
    [9, 333, 40, 32, 4, 333], // 10 groups ≤ k: the plain path for the block
    [5, 70, 100, 16, 5, 70], // k above the candidate count
  ])(
    'equals the plain search and a float64 brute force: %i queries × %i candidates, k %i, g %i',
    async (nq, nc, k, g, bq, bc) => {
      const q = randomUnit(nq, 24, nq + nc);
      const c = randomUnit(nc, 24, nc + k);
      const { grouped, plain } = await both(q, c, { k, groupSize: g, blockQueries: bq, blockCandidates: bc });
      expect(Array.from(grouped.rows)).toEqual(Array.from(plain.rows));
      expect(Array.from(grouped.scores)).toEqual(Array.from(plain.scores));
      const ref = naiveTopK(q, c, k, ids(nc));
      const kk = Math.min(k, nc);
      for (let i = 0; i < nq; i++) {
        expect(Array.from(grouped.rows.subarray(i * kk, (i + 1) * kk))).toEqual(ref[i]!.map((x) => x.row));
      }
    },
  );

  it('profile: times its phases and changes nothing in the result', async () => {
    const q = randomUnit(40, 24, 41);
    const c = randomUnit(900, 24, 42);
    const plain = await groupedStats(q, c, 10, 16, 16, 400);
    const heaps = new TopK(40, 10);
    const job = { k: 10, engine: 'tfjs' as const, blockQueries: 16, blockCandidates: 400, groupSize: 16 };
    const stats = await searchGrouped(q, c, { ...job, profile: true }, heaps);
    expect(plain.stats.ms).toBeUndefined();
    expect(Object.keys(stats.ms ?? {}).sort()).toEqual(['download', 'matmul', 'offers', 'select', 'upload']);
    for (const v of Object.values(stats.ms!)) expect(v).toBeGreaterThanOrEqual(0);
    for (let i = 0; i < 40; i++) expect(heaps.sorted(i)).toEqual(plain.heaps.sorted(i));
  });

  it('keeps the tie rule on integer scores with many exact ties (rows and scores equal brute force)', async () => {
    const q = ternary(40, 6, 21);
    const c = ternary(1203, 6, 22);
    for (const [k, g] of [
      [10, 8],
      [50, 16],
      [3, 5],
    ] as const) {
      const { grouped, plain } = await both(q, c, {
        k,
        groupSize: g,
        blockQueries: 16,
        blockCandidates: 500,
      });
      const ref = naiveTopK(q, c, k, ids(1203));
      for (let i = 0; i < 40; i++) {
        expect(Array.from(grouped.rows.subarray(i * k, (i + 1) * k))).toEqual(ref[i]!.map((x) => x.row));
        expect(Array.from(grouped.scores.subarray(i * k, (i + 1) * k))).toEqual(ref[i]!.map((x) => x.score));
      }
      expect(Array.from(grouped.rows)).toEqual(Array.from(plain.rows));
    }
  });

  it('falls back to the whole row on a tie at the boundary, and only then', async () => {
    // Every candidate scores exactly 1 except three winners: all group maxima tie, so the best left-out
    // group ties the k-th result. Without the fallback the result would hold arbitrary selected groups'
    // candidates instead of the lowest positions.
    const dim = 4;
    const n = 400;
    const c = new Float32Array(n * dim);
    for (let i = 0; i < n; i++) c[i * dim] = 1;
    for (const [row, s] of [
      [333, 3],
      [17, 2],
      [250, 2],
    ] as const)
      c[row * dim] = s;
    const q = { dim, vectors: new Float32Array([1, 0, 0, 0, 1, 0.5, 0, 0]) };
    const cand = { dim, vectors: c };
    const k = 12;
    const { stats, heaps } = await groupedStats(q, cand, k, 8);
    expect(stats.groupedBlocks).toBe(1);
    expect(stats.fallbackRows).toBe(2);
    const want = [333, 17, 250, 0, 1, 2, 3, 4, 5, 6, 7, 8];
    for (const qi of [0, 1]) expect(Array.from(heaps.sorted(qi).items)).toEqual(want);
    // A tail candidate (position 10) ties the best left-out group's maximum: the heap's worst entry then
    // equals t, and only the fallback finds the lower position 4 (group 2, left out or not).
    const scores = [5, 0, 4, 0, 1, 0, 1, 0, 1, 0, 1]; // 5 groups of 2 + a tail of 1
    const tie = { dim: 1, vectors: Float32Array.from(scores) };
    const one = { dim: 1, vectors: new Float32Array([1]) };
    const t = await groupedStats(one, tie, 3, 2);
    expect(t.stats.fallbackRows).toBe(1);
    expect(Array.from(t.heaps.sorted(0).items)).toEqual([0, 2, 4]);
    // Random unit vectors: no tie, no fallback — the grouped path really decides these.
    const r = await groupedStats(randomUnit(20, 16, 5), randomUnit(900, 16, 6), 10, 16, 8);
    expect(r.stats.groupedBlocks).toBe(3);
    expect(r.stats.fallbackRows).toBe(0);
  });

  it('merges candidate blocks and restores the heap of a block that falls back', async () => {
    // Block 0 (rows 0–199) is random; block 1 (rows 200–399) is a plateau at the score of block 0's
    // 5th best, so block 1 ties at the boundary and is redone from a restored heap.
    const dim = 8;
    const base = randomUnit(200, dim, 40);
    const q = { dim, vectors: new Float32Array([1, 0, 0, 0, 0, 0, 0, 0]) };
    const first = Array.from({ length: 200 }, (_, i) => base.vectors[i * dim]!).sort((a, b) => b - a);
    const c = new Float32Array(400 * dim);
    c.set(base.vectors);
    for (let i = 200; i < 400; i++) c[i * dim] = first[4]!;
    const cand = { dim, vectors: c };
    const { stats, heaps } = await groupedStats(q, cand, 10, 4, 1, 200);
    expect(stats.groupedBlocks).toBe(2);
    expect(stats.fallbackRows).toBe(1);
    const ref = naiveTopK(q, cand, 10, ids(400));
    expect(Array.from(heaps.sorted(0).items)).toEqual(ref[0]!.map((x) => x.row));
    expect(ref[0]!.map((x) => x.row).filter((r) => r >= 200).length).toBeGreaterThan(0);
  });

  it('takes the plain path for inputs that could overflow, with NaN scores skipped as before', async () => {
    const q = randomUnit(6, 8, 50);
    const c = randomUnit(300, 8, 51);
    c.vectors[7 * 8] = Number.NaN;
    c.vectors[9 * 8] = 1e30;
    const { stats } = await groupedStats(q, c, 5, 8);
    expect(stats.plainBlocks).toBe(1);
    expect(stats.groupedBlocks).toBe(0);
    const { grouped, plain } = await both(q, c, { k: 5, groupSize: 8 });
    expect(Array.from(grouped.rows)).toEqual(Array.from(plain.rows));
    expect(Array.from(grouped.rows)).not.toContain(7);
  });

  it('is off by default on wasm, and leaves no tensors behind', async () => {
    const q = randomUnit(20, 8, 60);
    const c = randomUnit(500, 8, 61);
    const opts = { k: 7, engine: 'tfjs' as const, groupSize: 8, blockQueries: 6, blockCandidates: 130 };
    await searchExact(q, c, opts);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await searchExact(q, c, opts);
    await groupedStats(q, c, 3, 8);
    expect(tf.memory().numTensors).toBe(before);
    const direct = await searchBlocks(q, c, { k: 7, engine: 'tfjs', blockQueries: 6, blockCandidates: 130 });
    const viaDefault = await searchExact(q, c, {
      k: 7,
      engine: 'tfjs',
      blockQueries: 6,
      blockCandidates: 130,
    });
    expect(Array.from(viaDefault.scores)).toEqual(Array.from(direct.scores));
    await expect(searchExact(q, c, { k: 1, engine: 'tfjs', groupSize: -1 })).rejects.toThrow(/groupSize/);
  });
});
