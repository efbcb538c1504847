import { describe, expect, it } from 'vitest';
import { formatFixed } from './format.js';

describe('formatFixed', () => {
  it('rounds like C printf("%.4f") (values checked with Python\'s "%.4f")', () => {
    const cases: Array<[number, string]> = [
      [1 / 32, '0.0312'], // exact half-way: to even (toFixed would say 0.0313)
      [0.00005, '0.0001'],
      [0.5, '0.5000'],
      [0.12345, '0.1235'],
      [0.99995, '1.0000'],
      [0.99994999, '0.9999'],
      [2.5e-5, '0.0000'],
      [0.0312500001, '0.0313'],
      [1 / 3, '0.3333'],
      [3 / 64, '0.0469'],
      [0.16785, '0.1678'],
      [1, '1.0000'],
      [0, '0.0000'],
    ];
    for (const [x, s] of cases) expect(`${x} ${formatFixed(x)}`).toBe(`${x} ${s}`);
  });
});
