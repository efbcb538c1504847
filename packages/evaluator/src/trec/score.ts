import { latin1 } from './scan.js';

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parse the decimal score in bytes `b[s, e)` as C's `atof` would (correctly rounded). Fast path: at most
 * 15 digits and no exponent, where `digits / 10^f` is one correctly rounded division of two exact
 * doubles; anything else goes to `parseFloat`. NaN for text that is not a number.
 *
 * @example
 * const b = Buffer.from('12.5');
 * parseScore(b, 0, b.length); // 12.5
 */
export function parseScore(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = b[i]!;
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    c = b[i]!;
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 /* . */ && frac < 0) frac = 0;
    else break;
  }
  if (i === e && digits > 0 && digits <= 15) {
    const v = frac > 0 ? mant / POW10[frac]! : mant;
    return neg ? -v : v;
  }
  return Number.parseFloat(latin1(b, s, e));
}
