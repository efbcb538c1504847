import { DataError } from '@hbt/core/errors';
/**
 * The hand-written line scanner the TREC readers share: whitespace-separated tokens of one line of a
 * latin1-decoded file, without creating strings.
 */

/** Token boundaries of one line: `starts[i]`, `ends[i]` for the first `count` tokens (at most 6 kept). */
export interface Line {
  starts: Int32Array;
  ends: Int32Array;
  count: number;
  /** Index just past the line's newline. */
  next: number;
}

export function newLine(): Line {
  return { starts: new Int32Array(6), ends: new Int32Array(6), count: 0, next: 0 };
}

/** Character classes: 0 = part of a token, 1 = blank (space, tab, CR, VT, FF, like C's isspace), 2 = newline. */
const CLASS = new Uint8Array(65536);
for (const c of [32, 9, 13, 11, 12]) CLASS[c] = 1;
CLASS[10] = 2;

/** `text`, with a newline appended when it does not end with one (what {@link scanLine} needs). */
export function withFinalNewline(text: string): string {
  return text.length === 0 || text.charCodeAt(text.length - 1) === 10 ? text : `${text}\n`;
}

/**
 * Scan the line starting at `i` into `line`. `text` must end with a newline ({@link withFinalNewline}):
 * the loops then need no bounds checks, which halves the time on million-line files.
 */
export function scanLine(text: string, i: number, line: Line): void {
  let count = 0;
  for (;;) {
    let c = CLASS[text.charCodeAt(i)]!;
    while (c === 1) c = CLASS[text.charCodeAt(++i)]!;
    if (c === 2) break;
    const s = i;
    do c = CLASS[text.charCodeAt(++i)]!;
    while (c === 0);
    if (count < 6) {
      line.starts[count] = s;
      line.ends[count] = i;
    }
    count++;
  }
  line.count = count;
  line.next = i + 1;
}

/** True for blank lines and `#` comments. */
export function skippable(text: string, line: Line): boolean {
  return line.count === 0 || text.charCodeAt(line.starts[0]!) === 35;
}

export function token(text: string, line: Line, i: number): string {
  return text.slice(line.starts[i]!, line.ends[i]!);
}

/** 32-bit FNV-1a of `text[s, e)` (as code units). */
export function hashRange(text: string, s: number, e: number): number {
  let h = 0x811c9dc5;
  for (let i = s; i < e; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Whether `text[s, e)` equals `str`. */
export function rangeEquals(text: string, s: number, e: number, str: string): boolean {
  return e - s === str.length && text.startsWith(str, s);
}

/** Byte-order comparison of two ranges of `text` (like `strcmp` on latin1 bytes). */
export function compareRanges(text: string, s1: number, e1: number, s2: number, e2: number): number {
  const n = Math.min(e1 - s1, e2 - s2);
  for (let i = 0; i < n; i++) {
    const d = text.charCodeAt(s1 + i) - text.charCodeAt(s2 + i);
    if (d !== 0) return d;
  }
  return e1 - s1 - (e2 - s2);
}

/** A TREC run line needs at least `qid Q0 docid rank score`; else a DataError naming the file and line. */
export function requireRunFields(line: Line, file: string, no: number): void {
  if (line.count < 5) {
    throw new DataError(`expected at least 5 fields "qid Q0 docid rank score [tag]", found ${line.count}`, {
      file,
      location: `line ${no}`,
      hint: 'a TREC run line reads like "301 Q0 FBIS3-10082 1 12.5 myrun"',
    });
  }
}
