/**
 * Short score texts for an exported ranking that keep its order exactly.
 *
 * A run file needs scores only to order each query's documents (trec_eval, ir_measures and `hbt evaluate`
 * sort by score descending, ties by doc id descending; the rank column is ignored). The shortest decimal
 * that reads back as the same double has 16–17 digits, most of them noise, and they are what a
 * compressed run file is mostly made of. {@link ScoreTexts} writes each score rounded to the fewest
 * digits (at least {@link MIN_SIGNIFICANT} significant ones) that still order it strictly below the
 * text written for the score above and strictly above the next lower score, so the order, ties
 * included, is the one of the exact scores: every rank-based measure is unchanged. A score is never
 * moved by more than half a unit of its last written digit.
 *
 * Why the bounds suffice: with `v₀ = +∞` and `v_i` in `(s_{i+1}, v_{i−1})`, the exact score `s_i`
 * itself always qualifies (so the rounding can always fall back to it), and `v_{i+1} < v_i` holds by
 * construction. Equal scores get the same text. A text parses to the double the check used: a decimal
 * `m / 10^d` with `m < 2^53` and `d ≤ 22` is one correctly rounded division, as C's `strtod` rounds.
 *
 * @example
 * scoreTexts([0.35824715027659354, 0.33345924512139175, 0.3334592451213917]);
 * // ['0.3582', '0.3335', '0.33346']: the third needs a fifth digit to stay below the second's text
 */

/** Fewest significant digits written. */
export const MIN_SIGNIFICANT = 4;

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** The texts of one list of scores in descending order (ties adjacent); `out` is reused when given. */
export function scoreTexts(scores: ArrayLike<number>, out: string[] = []): string[] {
  const n = scores.length;
  out.length = n;
  let above = Number.POSITIVE_INFINITY;
  let i = 0;
  while (i < n) {
    const s = scores[i]!;
    let j = i + 1;
    while (j < n && scores[j] === s) j++;
    if (j < n && !(scores[j]! < s))
      throw new RangeError(`scoreTexts: scores not in descending order at ${j}`);
    const t = shortScore(s, j < n ? scores[j]! : Number.NEGATIVE_INFINITY, above);
    for (let k = i; k < j; k++) out[k] = t.text;
    above = t.value;
    i = j;
  }
  return out;
}

/**
 * The shortest decimal (≥ {@link MIN_SIGNIFICANT} significant digits) rounding `s` whose value lies
 * strictly between `lo` and `hi`; `s` itself in shortest round-trip form when no rounding does.
 */
export function shortScore(s: number, lo: number, hi: number): { text: string; value: number } {
  const a = Math.abs(s);
  if (Number.isFinite(s) && a < 1e15 && s !== 0) {
    let d = Math.max(0, MIN_SIGNIFICANT - 1 - Math.floor(Math.log10(a)));
    for (; d <= 22; d++) {
      const p = POW10[d]!;
      const m = Math.round(a * p);
      if (m >= 2 ** 53) break;
      const v = (s < 0 ? -m : m) / p;
      if (v > lo && v < hi) return { text: fixedText(m, d, s < 0), value: v };
    }
  }
  return { text: String(s), value: s };
}

/** `m / 10^d` as text, without trailing zeros. */
function fixedText(m: number, d: number, negative: boolean): string {
  let digits = String(m);
  let dec = d;
  while (dec > 0 && digits.endsWith('0')) {
    digits = digits.slice(0, -1);
    dec--;
  }
  if (dec > 0) {
    if (digits.length <= dec) digits = '0'.repeat(dec - digits.length + 1) + digits;
    digits = `${digits.slice(0, digits.length - dec)}.${digits.slice(digits.length - dec)}`;
  }
  return negative && digits !== '0' ? `-${digits}` : digits;
}
