import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Rng } from './rng.js';

// Golden streams from an independent Python implementation (tooling/scripts/rng-golden.py).
const golden = JSON.parse(
  readFileSync(new URL('../../../test-fixtures/core/rng-golden.json', import.meta.url), 'utf8'),
) as Record<string, number[]>;

describe('Rng', () => {
  it('matches the reference streams', () => {
    const draw = (r: Rng, n: number) => Array.from({ length: n }, () => r.nextU32());
    expect(draw(Rng.fromSeed(13), 8)).toEqual(golden['seed:13']);
    expect(draw(Rng.fromSeed(0), 8)).toEqual(golden['seed:0']);
    expect(draw(Rng.fromSeed('héllo'), 4)).toEqual(golden['seed:héllo']);
    expect(draw(Rng.fromSeed(13).derive('sampler', 'epoch', 2), 8)).toEqual(
      golden['seed:13/sampler/epoch/2'],
    );
  });

  it('derived streams do not depend on the parent position', () => {
    const a = Rng.fromSeed(5);
    const b = Rng.fromSeed(5);
    for (let i = 0; i < 100; i++) b.nextU32();
    expect(a.derive('x', 1).nextU32()).toBe(b.derive('x', 1).nextU32());
    expect(a.derive('x', 1).nextU32()).not.toBe(a.derive('x', 2).nextU32());
  });

  it('restores from its state', () => {
    const a = Rng.fromSeed(9);
    for (let i = 0; i < 7; i++) a.nextU32();
    const b = Rng.fromState(JSON.parse(JSON.stringify(a.state())));
    expect(Array.from({ length: 5 }, () => b.nextU32())).toEqual(
      Array.from({ length: 5 }, () => a.nextU32()),
    );
  });

  it('int() is unbiased and in range, float() in [0,1)', () => {
    const r = Rng.fromSeed(1);
    const counts = [0, 0, 0];
    for (let i = 0; i < 30000; i++) counts[r.int(3)]!++;
    for (const c of counts) expect(Math.abs(c - 10000)).toBeLessThan(400); // ~4.9 sigma
    for (let i = 0; i < 1000; i++) {
      const f = r.float();
      expect(f >= 0 && f < 1).toBe(true);
    }
    expect(() => r.int(0)).toThrow(RangeError);
  });

  it('shuffle is a permutation and weighted() follows weights', () => {
    const r = Rng.fromSeed(2);
    const a = r.shuffle([1, 2, 3, 4, 5, 6]);
    expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    const hits = [0, 0];
    for (let i = 0; i < 20000; i++) hits[r.weighted([1, 3])]!++;
    expect(hits[1]! / 20000).toBeGreaterThan(0.73);
    expect(hits[1]! / 20000).toBeLessThan(0.77);
  });
});
