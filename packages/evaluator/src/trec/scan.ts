import { DataError } from '@hbt/core/errors';

/**
 * The hand-written line scanner the TREC readers share: whitespace-separated tokens of one line of a
 * file's bytes, without creating strings. Ids stay bytes (compared like trec_eval's `strcmp`); a token
 * becomes a string only where it must (`latin1Token`: one char per byte, so string order is byte order).
 */

/** Token boundaries of one line: `starts[i]`, `ends[i]` for the first `count` tokens. */
export interface Line {
  starts: Int32Array;
  ends: Int32Array;
  /** Number of tokens, counted up to the scan's `maxTokens` (a line with more says `maxTokens`). */
  count: number;
  /** Index just past the line's newline. */
  next: number;
}

export function newLine(): Line {
  return { starts: new Int32Array(8), ends: new Int32Array(8), count: 0, next: 0 };
}

/**
 * Scan the line starting at `i` into `line`: the boundaries of its first `maxTokens` (at most 8) tokens,
 * then straight on to the newline. Tokens are separated by blanks — space, tab, CR, VT, FF, as C's
 * `isspace` — and every other byte, control bytes included, belongs to a token.
 *
 * The bytes from `i` on must contain a newline (the readers hand over only whole lines, see
 * `regions.ts`): the loops then need no bounds checks. The common byte of a token is above 32, so the
 * inner loop tests that first and looks closer only at the rare byte ≤ 32.
 */
export function scanLine(b: Uint8Array, i: number, line: Line, maxTokens: number): void {
  const { starts, ends } = line;
  let count = 0;
  let c = b[i]!;
  for (;;) {
    while (c === 32 || c === 9 || c === 13 || c === 11 || c === 12) c = b[++i]!;
    if (c === 10) break;
    if (count === maxTokens) {
      while (b[i] !== 10) i++;
      break;
    }
    starts[count] = i;
    for (;;) {
      c = b[++i]!;
      if (c > 32) continue;
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 11 || c === 12) break;
    }
    ends[count] = i;
    count++;
  }
  line.count = count;
  line.next = i + 1;
}

/** Index of the first byte at or after `i` that is not a blank (space, tab, CR, VT, FF). */
export function skipBlanks(b: Uint8Array, i: number): number {
  let c = b[i]!;
  while (c === 32 || (c >= 9 && c <= 13 && c !== 10)) c = b[++i]!;
  return i;
}

/** Index just past the token that starts at `i`: of the first blank or newline after it. */
export function tokenEnd(b: Uint8Array, i: number): number {
  let c: number;
  do c = b[++i]!;
  while (c > 32 || c < 9 || (c > 13 && c < 32));
  return i;
}

/** True for blank lines and `#` comments. */
export function skippable(b: Uint8Array, line: Line): boolean {
  return line.count === 0 || b[line.starts[0]!] === 35;
}

/** Token `i` of the line as a latin1 string (one char per byte). */
export function latin1Token(b: Uint8Array, line: Line, i: number): string {
  return latin1(b, line.starts[i]!, line.ends[i]!);
}

/** Node's native latin1 decoder (what `buf.toString('latin1', s, e)` calls, without its argument checks). */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice: (s: number, e: number) => string })
  .latin1Slice;

/** `b[s, e)` as a latin1 string (one char per byte). */
export function latin1(b: Uint8Array, s: number, e: number): string {
  return latin1Slice.call(b, s, e);
}

/** Text decoded as latin1 back to the string its bytes spell in UTF-8 (ASCII is returned as is). */
export function fromLatin1(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for non-ASCII bytes
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'latin1').toString('utf8');
}

/** Whether `b[s, e)` holds the bytes of the latin1 string `str`. */
export function rangeEqualsLatin1(b: Uint8Array, s: number, e: number, str: string): boolean {
  if (e - s !== str.length) return false;
  for (let i = 0; i < str.length; i++) if (b[s + i] !== str.charCodeAt(i)) return false;
  return true;
}

/** Where {@link hashToken} leaves its results: `[end, hash]`. */
export const tokenHash = new Int32Array(2);

/**
 * Scan the token that starts at `i` (at least one byte) and hash it on the way, in one pass: its end (the
 * first blank or newline after it) goes to `tokenHash[0]`, its 32-bit FNV-1a (equal to {@link hashBytes}
 * of the token) to `tokenHash[1]` — no object per call, for the readers' hot loops.
 */
export function hashToken(b: Uint8Array, i: number): void {
  let h = 0x811c9dc5;
  let c = b[i]!;
  do {
    h = Math.imul(h ^ c, 0x01000193);
    c = b[++i]!;
  } while (c > 32 || c < 9 || (c > 13 && c < 32));
  tokenHash[0] = i;
  tokenHash[1] = h;
}

/** 32-bit FNV-1a of `b[s, e)`. */
export function hashBytes(b: Uint8Array, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h | 0;
}

/** 32-bit FNV-1a of a latin1 string's char codes: equals {@link hashBytes} of its bytes. */
export function hashLatin1(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Whether `a[as, ae)` and `b[bs, be)` hold the same bytes. */
export function bytesEqual(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
): boolean {
  if (ae - as !== be - bs) return false;
  for (let i = 0; i < ae - as; i++) if (a[as + i] !== b[bs + i]) return false;
  return true;
}

/** Byte-order comparison of `a[as, ae)` and `b[bs, be)` (like `strcmp`). */
export function compareBytes(
  a: Uint8Array,
  as: number,
  ae: number,
  b: Uint8Array,
  bs: number,
  be: number,
): number {
  const n = Math.min(ae - as, be - bs);
  for (let i = 0; i < n; i++) {
    const d = a[as + i]! - b[bs + i]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

/** Tokens a run line is scanned for: `qid Q0 docid rank score` (the tag and anything after are skipped). */
export const RUN_TOKENS = 5;

/** Tokens a qrels line is scanned for: one more than its 4, to tell a line with too many. */
export const QRELS_TOKENS = 5;

/** A TREC run line needs at least `qid Q0 docid rank score`; else a DataError naming the file and line. */
export function requireRunFields(count: number, file: string, no: number): void {
  if (count < 5) {
    throw new DataError(`expected at least 5 fields "qid Q0 docid rank score [tag]", found ${count}`, {
      file,
      location: `line ${no}`,
      hint: 'a TREC run line reads like "301 Q0 FBIS3-10082 1 12.5 myrun"',
    });
  }
}

/** A TREC qrels line has exactly `qid iter docid relevance`; else a DataError naming the file and line. */
export function requireQrelsFields(line: Line, file: string, no: number): void {
  if (line.count !== 4) {
    const found = line.count === QRELS_TOKENS ? `${QRELS_TOKENS} or more` : String(line.count);
    throw new DataError(`expected 4 fields "qid iter docid relevance", found ${found}`, {
      file,
      location: `line ${no}`,
      hint: 'a TREC qrels line reads like "301 0 FBIS3-10082 1"',
    });
  }
}
