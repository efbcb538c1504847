import { describe, expect, it } from 'vitest';
import { parseScore } from './score.js';
import { MIN_SIGNIFICANT, ScoreDigits, scoreTexts, shortScore } from './score-text.js';

/** The next double below `x` (x > 0 finite). */
function nextDown(x: number): number {
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] = b[0]! + (x > 0 ? -1n : 1n);
  return f[0]!;
}

function lcg(seed: number) {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

/** A descending list with ties, near ties (adjacent doubles, 1e-12 apart) and ordinary gaps. */
function randomList(rnd: () => number): number[] {
  const n = 1 + Math.floor(rnd() * 120);
  const scale = [1, 1e-6, 1e6, 3.7][Math.floor(rnd() * 4)]!;
  const out: number[] = [];
  let x = (rnd() * 2 - 0.5) * scale;
  for (let i = 0; i < n; i++) {
    out.push(x);
    const r = rnd();
    if (r < 0.15) continue; // tie
    if (r < 0.25) x = x > 0 ? nextDown(x) : x - Number.EPSILON * Math.abs(x || 1);
    else if (r < 0.35) x -= 1e-12 * scale;
    else x -= rnd() * 0.01 * scale;
  }
  return out;
}

describe('scoreTexts', () => {
  it('keeps the order of the exact scores, ties included, with short texts (property)', () => {
    const rnd = lcg(11);
    let digits = 0;
    let count = 0;
    for (let trial = 0; trial < 400; trial++) {
      const s = randomList(rnd);
      const t = scoreTexts(s);
      const v = t.map(Number);
      for (let i = 0; i < s.length; i++) {
        const b = Buffer.from(t[i]!);
        // hbt evaluate's reader (and C's strtod) read the same double.
        expect(parseScore(b, 0, b.length)).toBe(v[i]);
        if (i > 0) {
          if (s[i] === s[i - 1]) expect(t[i]).toBe(t[i - 1]);
          else expect(v[i]!).toBeLessThan(v[i - 1]!);
        }
        // Either the exact score or a rounding of it: off by at most half a unit of its fourth
        // significant digit.
        if (v[i] !== s[i]) {
          const dMin = MIN_SIGNIFICANT - 1 - Math.floor(Math.log10(Math.abs(s[i]!)));
          expect(Math.abs(v[i]! - s[i]!)).toBeLessThanOrEqual(0.5 * 10 ** -dMin * (1 + 1e-9));
        }
        digits += t[i]!.length;
        count++;
      }
    }
    // Most texts are short: far below the 17–19 characters of a round-trip double.
    expect(digits / count).toBeLessThan(12);
  });

  it('writes a typical ranking with four significant digits', () => {
    expect(scoreTexts([0.35824715027659354, 0.33345924512139175, 0.3334592451213917, 0.12])).toEqual([
      '0.3582',
      '0.3335',
      '0.33346',
      '0.12',
    ]);
    expect(scoreTexts([1, 1, 0.5, -0.25, -0.2500001])).toEqual(['1', '1', '0.5', '-0.25', '-0.2500001']);
  });

  it('falls back to the exact score where no rounding fits', () => {
    const a = 0.1;
    const b = nextDown(a);
    expect(scoreTexts([a, b]).map(Number)).toEqual([a, b]);
    expect(shortScore(1e300, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY).text).toBe('1e+300');
    expect(shortScore(0, -1, 1).text).toBe('0');
  });

  it('refuses a list that is not in descending order', () => {
    expect(() => scoreTexts([0.1, 0.2])).toThrow(/descending order at 1/);
  });

  it('ScoreDigits writes the bytes of the texts, list after list (property)', () => {
    const rnd = lcg(23);
    const digits = new ScoreDigits();
    const buf = new Uint8Array(64);
    for (let trial = 0; trial < 400; trial++) {
      const list = randomList(rnd).map((x) => (trial % 3 === 0 ? -x : x));
      if (trial % 3 === 0) list.reverse(); // negated: ascending, so reverse
      if (trial % 50 === 0) list.push(-1e300, Number.NEGATIVE_INFINITY); // texts without a rounding
      const texts = scoreTexts(list);
      digits.fill(list);
      list.forEach((_, i) => {
        expect(digits.text(i)).toBe(texts[i]);
        const end = digits.write(i, buf, 3);
        expect(Buffer.from(buf.subarray(3, end)).toString('latin1')).toBe(texts[i]);
        expect(digits.bytes(i)).toBe(texts[i]!.length);
      });
    }
  });
});
