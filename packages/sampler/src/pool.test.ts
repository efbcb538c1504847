import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { BatchGuard } from './guard.js';
import { indexPairs } from './pairs.js';
import { Pool, roundRobinOrder, shuffledOrder } from './pool.js';

// Six pairs; groups A A B C D B; all passages distinct.
const pairs = indexPairs({
  pair_id: ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'],
  group_id: ['A', 'A', 'B', 'C', 'D', 'B'],
  query_lang: ['en', 'en', 'en', 'en', 'en', 'en'],
  pos_lang: ['en', 'en', 'en', 'en', 'en', 'en'],
  pos_text: ['t0', 't1', 't2', 't3', 't4', 't5'],
  dataset: ['d', 'd', 'd', 'd', 'd', 'd'],
});

/** A pool whose epochs come in a fixed order: [0..5], then [5..0], then [0..5], … */
function fixedPool(): Pool {
  let e = 0;
  const orders = [Int32Array.of(0, 1, 2, 3, 4, 5), Int32Array.of(5, 4, 3, 2, 1, 0)];
  return new Pool('d/mono/en', 6, () => orders[e++ % 2]!.slice(), Rng.fromSeed(0));
}

function batch(pool: Pool, guard: BatchGuard, cap: number): { pairs: number[]; epochs: number[] } {
  const out = new Int32Array(cap);
  const ep = new Int32Array(cap);
  guard.begin();
  const n = pool.fill(guard, out, 0, cap, ep);
  return { pairs: Array.from(out.subarray(0, n)), epochs: Array.from(ep.subarray(0, n)) };
}

describe('Pool.fill', () => {
  it('defers clashing pairs within an epoch, drops them at its end (hand-traced)', () => {
    const pool = fixedPool();
    const guard = new BatchGuard(pairs);
    // epoch 0 order 0 1 2 3 4 5: p1 clashes with p0 (group A) and waits.
    expect(batch(pool, guard, 3)).toEqual({ pairs: [0, 2, 3], epochs: [0, 0, 0] });
    expect(batch(pool, guard, 3)).toEqual({ pairs: [1, 4, 5], epochs: [0, 0, 0] });
    // epoch 1 order 5 4 3 2 1 0
    expect(batch(pool, guard, 3)).toEqual({ pairs: [5, 4, 3], epochs: [1, 1, 1] });
    // p2 (B), p1 (A) taken; p0 (A) clashes and is left when epoch 1 ends; epoch 2 (0 1 2 3 4 5)
    // gives p3 (C): p0, p1 (A) and p2 (B) clash.
    expect(batch(pool, guard, 3)).toEqual({ pairs: [2, 1, 3], epochs: [1, 1, 2] });
    const r = pool.report();
    expect(r).toMatchObject({
      epochs_started: 3,
      pairs_drawn: 12,
      dropped_at_epoch_end: 1,
      short_batches: 0,
    });
    // epoch 2 goes on from its cursor with the five pairs it has not given yet.
    const next = batch(pool, guard, 3);
    expect(next.epochs).toEqual([2, 2, 2]);
    expect(new Set(next.pairs.map((p) => pairs.group[p])).size).toBe(3);
  });

  it('a batch is short only when the pool cannot fill it, and starts at most one epoch', () => {
    const pool = fixedPool();
    const guard = new BatchGuard(pairs);
    // 4 groups in the pool: a batch of 5 can hold 4.
    const b = batch(pool, guard, 5);
    expect(b.pairs).toHaveLength(4);
    expect(new Set(b.pairs.map((p) => pairs.group[p])).size).toBe(4);
    expect(pool.report()).toMatchObject({ epochs_started: 1, short_batches: 1 });
    // the next batch takes the rest of epoch 0 (p1, p5), then epoch 1 (5 4 3 2 1 0): p4, p3.
    expect(batch(pool, guard, 5)).toEqual({ pairs: [1, 5, 4, 3], epochs: [0, 0, 1, 1] });
  });
});

describe('roundRobinOrder', () => {
  // groups of sizes 3, 2, 1 (largest first): pairs 10 11 12 | 20 21 | 30
  const items = Int32Array.of(10, 11, 12, 20, 21, 30);
  const starts = Int32Array.of(0, 3, 5, 6);
  const order = roundRobinOrder(items, starts);
  const groupOf = (p: number) => Math.floor(p / 10);

  it('visits every group once per round and every pair once per epoch', () => {
    for (let e = 0; e < 50; e++) {
      const o = Array.from(order(Rng.fromSeed(3).derive('e', e)));
      expect([...o].sort()).toEqual([10, 11, 12, 20, 21, 30]);
      expect(new Set(o.slice(0, 3).map(groupOf))).toEqual(new Set([1, 2, 3]));
      expect(new Set(o.slice(3, 5).map(groupOf))).toEqual(new Set([1, 2]));
      expect(groupOf(o[5]!)).toBe(1);
    }
  });

  it('draws each visit uniformly among the group’s unused pairs', () => {
    // first visit of group 1: each of 10, 11, 12 with probability 1/3; 3,000 epochs → 1000 ± 4.5·25.8
    const counts = new Map<number, number>();
    const first = new Map<number, number>();
    for (let e = 0; e < 3000; e++) {
      const o = Array.from(order(Rng.fromSeed(11).derive('e', e)));
      const p = o.slice(0, 3).find((x) => groupOf(x) === 1)!;
      counts.set(p, (counts.get(p) ?? 0) + 1);
      first.set(groupOf(o[0]!), (first.get(groupOf(o[0]!)) ?? 0) + 1);
    }
    const sd = Math.sqrt(3000 * (1 / 3) * (2 / 3));
    for (const p of [10, 11, 12]) expect(Math.abs(counts.get(p)! - 1000)).toBeLessThan(4.5 * sd);
    for (const g of [1, 2, 3]) expect(Math.abs(first.get(g)! - 1000)).toBeLessThan(4.5 * sd);
  });

  it('rejects groups not sorted by size', () => {
    expect(() => roundRobinOrder(Int32Array.of(1, 2, 3), Int32Array.of(0, 1, 3))).toThrow(/not sorted/);
  });
});

describe('shuffledOrder', () => {
  it('gives a permutation, different per stream', () => {
    const items = Int32Array.from({ length: 20 }, (_, i) => i);
    const a = shuffledOrder(items)(Rng.fromSeed(1));
    const b = shuffledOrder(items)(Rng.fromSeed(2));
    expect([...a].sort((x, y) => x - y)).toEqual([...items]);
    expect([...a]).not.toEqual([...b]);
    expect([...items]).toEqual(Array.from({ length: 20 }, (_, i) => i)); // input untouched
  });
});
