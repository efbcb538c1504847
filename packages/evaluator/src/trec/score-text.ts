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
  const digits = new ScoreDigits();
  digits.fill(scores);
  out.length = scores.length;
  for (let i = 0; i < scores.length; i++) out[i] = digits.text(i);
  return out;
}

/**
 * The texts {@link scoreTexts} gives, kept as digits so that a writer can put them into its buffer
 * without building a string per line (a large export writes millions): text i is `m / 10^d` with m an
 * integer below 2^53 and no trailing zero, negative when the score is, or the score's shortest
 * round-trip text where no rounding qualifies. Reused list after list.
 *
 * @example
 * const digits = new ScoreDigits();
 * digits.fill([0.35824715027659354, 0.33345924512139175]);
 * digits.text(1); // '0.3335'
 * const end = digits.write(1, buffer, pos); // the same 6 bytes
 */
export class ScoreDigits {
  private m = new Float64Array(0);
  private d = new Int32Array(0);
  private neg = new Uint8Array(0);
  /** Shortest round-trip text where no rounding qualifies (m is NaN there). */
  private plain: Array<string | null> = [];

  /** Take the texts of one list of scores in descending order (ties adjacent). */
  fill(scores: ArrayLike<number>): void {
    const n = scores.length;
    if (this.m.length < n) {
      const size = Math.max(n, 2 * this.m.length);
      this.m = new Float64Array(size);
      this.d = new Int32Array(size);
      this.neg = new Uint8Array(size);
    }
    let above = Number.POSITIVE_INFINITY;
    let i = 0;
    while (i < n) {
      const s = scores[i]!;
      let j = i + 1;
      while (j < n && scores[j] === s) j++;
      if (j < n && !(scores[j]! < s))
        throw new RangeError(`scoreTexts: scores not in descending order at ${j}`);
      const v = roundBetween(s, j < n ? scores[j]! : Number.NEGATIVE_INFINITY, above);
      let m = rounded.m;
      let d = rounded.d;
      while (d > 0 && m % 10 === 0) {
        m /= 10;
        d--;
      }
      for (let k = i; k < j; k++) {
        this.m[k] = Number.isNaN(v) ? Number.NaN : m;
        this.d[k] = d;
        this.neg[k] = s < 0 ? 1 : 0;
        this.plain[k] = Number.isNaN(v) ? String(s) : null;
      }
      above = Number.isNaN(v) ? s : v;
      i = j;
    }
  }

  /** Text i as a string. */
  text(i: number): string {
    const m = this.m[i]!;
    return Number.isNaN(m) ? this.plain[i]! : fixedText(m, this.d[i]!, this.neg[i] === 1);
  }

  /** Length of text i in bytes. */
  bytes(i: number): number {
    const m = this.m[i]!;
    if (Number.isNaN(m)) return this.plain[i]!.length;
    const d = this.d[i]!;
    let len = 1;
    for (let x = m; x >= 10; x = Math.floor(x / 10)) len++;
    return (this.neg[i] === 1 && m !== 0 ? 1 : 0) + (d === 0 ? len : Math.max(1, len - d) + 1 + d);
  }

  /** Write text i (ASCII) into `buf` at `pos`; returns the position after it. */
  write(i: number, buf: Uint8Array, pos: number): number {
    let m = this.m[i]!;
    if (Number.isNaN(m)) {
      const t = this.plain[i]!;
      for (let k = 0; k < t.length; k++) buf[pos++] = t.charCodeAt(k);
      return pos;
    }
    const d = this.d[i]!;
    if (this.neg[i] === 1 && m !== 0) buf[pos++] = 45; // -
    let len = 1;
    for (let x = m; x >= 10; x = Math.floor(x / 10)) len++;
    // Integer digits (at least "0"), then the point and d fraction digits (zeros before m's own).
    const intLen = d === 0 ? len : Math.max(1, len - d);
    const end = pos + intLen + (d > 0 ? 1 + d : 0);
    let p = end;
    for (let k = 0; k < d; k++) {
      buf[--p] = 48 + (m % 10);
      m = Math.floor(m / 10);
    }
    if (d > 0) buf[--p] = 46; // .
    for (let k = 0; k < intLen; k++) {
      buf[--p] = 48 + (m % 10);
      m = Math.floor(m / 10);
    }
    return end;
  }
}

/** m and d of the last {@link roundBetween} that found a rounding. */
const rounded = { m: 0, d: 0 };

/**
 * The shortest rounding `±m / 10^d` (≥ {@link MIN_SIGNIFICANT} significant digits) of `s` whose value
 * lies strictly between `lo` and `hi`: its value, with m and d in `rounded`; NaN when none does.
 */
function roundBetween(s: number, lo: number, hi: number): number {
  const a = Math.abs(s);
  if (Number.isFinite(s) && a < 1e15 && s !== 0) {
    let d = Math.max(0, MIN_SIGNIFICANT - 1 - Math.floor(Math.log10(a)));
    for (; d <= 22; d++) {
      const p = POW10[d]!;
      const m = Math.round(a * p);
      if (m >= 2 ** 53) break;
      const v = (s < 0 ? -m : m) / p;
      if (v > lo && v < hi) {
        rounded.m = m;
        rounded.d = d;
        return v;
      }
    }
  }
  return Number.NaN;
}

/**
 * The shortest decimal (≥ {@link MIN_SIGNIFICANT} significant digits) rounding `s` whose value lies
 * strictly between `lo` and `hi`; `s` itself in shortest round-trip form when no rounding does.
 */
export function shortScore(s: number, lo: number, hi: number): { text: string; value: number } {
  const v = roundBetween(s, lo, hi);
  return Number.isNaN(v)
    ? { text: String(s), value: s }
    : { text: fixedText(rounded.m, rounded.d, s < 0), value: v };
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
