import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fmaDot, fmaf } from './fma.js';

const golden = JSON.parse(readFileSync(new URL('../test/fmaf-golden.json', import.meta.url), 'utf8')) as {
  cases: Array<[number, number, number, number]>;
};
const f = new Float32Array(1);
const u = new Uint32Array(f.buffer);
const fromBits = (b: number) => {
  u[0] = b;
  return f[0]!;
};
const toBits = (x: number) => {
  f[0] = x;
  return u[0]!;
};

describe('fmaf', () => {
  it('equals glibc fmaf bit for bit on 762 cases, midpoint and cancellation cases included', () => {
    expect(golden.cases.length).toBe(762);
    const wrong = golden.cases.filter(
      ([a, b, c, r]) => toBits(fmaf(fromBits(a), fromBits(b), fromBits(c))) !== r,
    );
    expect(wrong).toEqual([]);
  });

  it('differs from a float64 sum rounded to float32 where that rounds twice', () => {
    const a = Math.fround(1 + 2 ** -12);
    const c = 2 ** -60;
    expect(Math.fround(a * a + c)).toBe(Math.fround(1 + 2 ** -11)); // tie to even: wrong
    expect(fmaf(a, a, c)).toBe(Math.fround(1 + 2 ** -11 + 2 ** -23)); // above the midpoint: right
  });

  it('fmaDot is the chain from +0, in order', () => {
    const q = Float32Array.of(1, 2, 3);
    const c = Float32Array.of(0.5, -1, 2);
    expect(fmaDot(q, 0, c, 0, 3)).toBe(fmaf(3, 2, fmaf(2, -1, fmaf(1, 0.5, 0))));
    expect(Object.is(fmaDot(q, 0, new Float32Array(3), 0, 3), 0)).toBe(true);
  });
});
