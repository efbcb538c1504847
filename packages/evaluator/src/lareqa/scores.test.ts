import { describe, expect, it } from 'vitest';
import { blockRows, scoreBlock } from './scores.js';

describe('scoreBlock', () => {
  it('equals plain dot products for every row/column remainder (rows 1–9, candidates 1–5)', () => {
    const dim = 3;
    const q = Float32Array.from({ length: 10 * dim }, (_, i) => ((i * 37) % 11) - 5);
    const c = Float32Array.from({ length: 8 * dim }, (_, i) => ((i * 53) % 7) / 4 - 1);
    for (let rows = 1; rows <= 9; rows++) {
      for (let n = 1; n <= 5; n++) {
        const out = new Float64Array(rows * n);
        scoreBlock(q, 1, rows, c, 2, 2 + n, dim, out);
        for (let i = 0; i < rows; i++) {
          for (let j = 0; j < n; j++) {
            let s = 0;
            for (let k = 0; k < dim; k++) s += q[(1 + i) * dim + k]! * c[(2 + j) * dim + k]!;
            expect(out[i * n + j]).toBe(s);
          }
        }
      }
    }
  });

  it('blocks hold about 32 MiB of scores, at least 4 rows, a multiple of 4', () => {
    expect(blockRows(13014)).toBe(320);
    expect(blockRows(10)).toBe(1024);
    expect(blockRows(100_000_000)).toBe(4);
  });
});
