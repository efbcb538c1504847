import { describe, expect, it } from 'vitest';
import { fmaDot } from './fma.js';
import { kernelIsas, loadTopKKernel, topKInnerProduct, topKKernelUnavailableReason } from './index.js';

// The addon is optional (it needs a C++ compiler at build time); CI builds it, and a missing build
// fails here rather than skipping, unless HBT_TOPK_KERNEL_BUILD=skip says it was left out on purpose.
const expectKernel = process.env.HBT_TOPK_KERNEL_BUILD !== 'skip';

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
}

function randomRows(n: number, dim: number, seed: number): Float32Array {
  const r = lcg(seed);
  const a = new Float32Array(n * dim);
  for (let i = 0; i < a.length; i++) a[i] = r();
  return a;
}

/** Brute force with the JavaScript score rule: every query's k best, score desc then index asc. */
function reference(q: Float32Array, c: Float32Array, dim: number, k: number) {
  const nq = q.length / dim;
  const nc = c.length / dim;
  const scores = new Float32Array(nq * k).fill(Number.NaN);
  const items = new Int32Array(nq * k).fill(-1);
  const sizes = new Int32Array(nq);
  for (let i = 0; i < nq; i++) {
    const all: Array<[number, number]> = [];
    for (let j = 0; j < nc; j++) {
      const s = fmaDot(q, i * dim, c, j * dim, dim);
      if (!Number.isNaN(s)) all.push([s, j]);
    }
    all.sort((x, y) => (x[0] !== y[0] ? (y[0] > x[0] ? 1 : -1) : x[1] - y[1]));
    const n = Math.min(k, all.length);
    for (let t = 0; t < n; t++) {
      scores[i * k + t] = all[t]![0];
      items[i * k + t] = all[t]![1];
    }
    sizes[i] = n;
  }
  return { scores, items, sizes };
}

const same = (a: { buffer: ArrayBufferLike }, b: { buffer: ArrayBufferLike }) =>
  Buffer.compare(Buffer.from(a.buffer as ArrayBuffer), Buffer.from(b.buffer as ArrayBuffer)) === 0;

describe.runIf(expectKernel || loadTopKKernel())('topKInnerProduct', () => {
  it('loads', () => {
    expect(topKKernelUnavailableReason()).toBe('');
    expect(kernelIsas()).toContain('scalar');
  });

  const shapes: Array<[nq: number, nc: number, dim: number, k: number]> = [
    [1, 1, 1, 1],
    [37, 500, 17, 10], // partial query panels and candidate tiles
    [70, 1000, 64, 100], // compactions
    [33, 60, 130, 100], // k > candidates
    [5, 3000, 8, 1],
  ];
  for (const [nq, nc, dim, k] of shapes) {
    it(`equals the JavaScript rule and brute force, every ISA and thread count: ${nq}×${nc}×${dim}, k=${k}`, async () => {
      const q = randomRows(nq, dim, nq + 1);
      const c = randomRows(nc, dim, nc + 2);
      const want = reference(q, c, dim, k);
      for (const isa of kernelIsas()) {
        for (const threads of [1, 2, 3]) {
          const got = await topKInnerProduct(q, c, { dim, k, threads, isa });
          expect(same(got.sizes, want.sizes), `${isa} ${threads} sizes`).toBe(true);
          expect(same(got.items, want.items), `${isa} ${threads} items`).toBe(true);
          expect(same(got.scores, want.scores), `${isa} ${threads} scores`).toBe(true);
        }
      }
    });
  }

  it('handles every tile remainder: 1 to 25 candidates, 1 to 65 queries', async () => {
    for (let nc = 1; nc <= 25; nc++) {
      const nq = 1 + ((nc * 7) % 65);
      const q = randomRows(nq, 5, 100 + nc);
      const c = randomRows(nc, 5, 200 + nc);
      const want = reference(q, c, 5, 3);
      for (const isa of kernelIsas()) {
        const got = await topKInnerProduct(q, c, { dim: 5, k: 3, threads: 2, isa });
        expect(same(got.items, want.items), `${isa} nc=${nc}`).toBe(true);
        expect(same(got.scores, want.scores), `${isa} nc=${nc}`).toBe(true);
      }
    }
  });

  it('breaks ties by candidate index, across compactions', async () => {
    // 400 candidates, only 5 distinct vectors: every score is tied 80 ways.
    const dim = 16;
    const base = randomRows(5, dim, 9);
    const c = new Float32Array(400 * dim);
    for (let j = 0; j < 400; j++) c.set(base.subarray((j % 5) * dim, ((j % 5) + 1) * dim), j * dim);
    const q = randomRows(40, dim, 10);
    const want = reference(q, c, dim, 100);
    for (const isa of kernelIsas()) {
      const got = await topKInnerProduct(q, c, { dim, k: 100, threads: 2, isa });
      expect(same(got.items, want.items), isa).toBe(true);
      expect(same(got.scores, want.scores), isa).toBe(true);
    }
  });

  it('keeps NaN out, ranks infinities, and scores zero vectors +0', async () => {
    const dim = 4;
    const c = new Float32Array(20 * dim);
    c.set([1, 0, 0, 0], 0); // 1
    c.set([Number.NaN, 0, 0, 0], 4); // NaN: never listed
    c.set([Number.POSITIVE_INFINITY, 0, 0, 0], 8); // +inf
    c.set([Number.NEGATIVE_INFINITY, 0, 0, 0], 12); // -inf
    // rows 4..19 are zero vectors: +0 each
    const q = Float32Array.of(1, 1, 1, 1, 0, 0, 0, 0);
    const want = reference(q, c, dim, 30);
    for (const isa of kernelIsas()) {
      const got = await topKInnerProduct(q, c, { dim, k: 30, isa });
      expect(Array.from(got.sizes), isa).toEqual([19, 17]); // 0 × ±inf is NaN too
      expect(Array.from(got.items.subarray(0, 3)), isa).toEqual([2, 0, 4]);
      expect(got.items[18], isa).toBe(3); // -inf last
      expect(same(got.items, want.items), isa).toBe(true);
      expect(same(got.scores, want.scores), isa).toBe(true);
    }
  });

  it('rejects bad arguments with what to do', async () => {
    const q = new Float32Array(8);
    await expect(topKInnerProduct(q, new Float32Array(6), { dim: 4, k: 1 })).rejects.toThrow(
      /whole rows of 4/,
    );
    await expect(topKInnerProduct(q, q, { dim: 4, k: 0 })).rejects.toThrow(/k must be a positive integer/);
    await expect(topKInnerProduct(q, q, { dim: 4, k: 1, threads: 0 })).rejects.toThrow(/threads/);
    await expect(topKInnerProduct(q, q, { dim: 4, k: 1, isa: 'neon' as never })).rejects.toThrow(
      /isa 'neon' is not available/,
    );
  });
});
