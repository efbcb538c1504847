import { isUtf8 } from 'node:buffer';
import { DataError } from './errors.js';

/**
 * Strict UTF-8 decoding of input files. Invalid UTF-8 is never turned into U+FFFD silently: by default
 * it is a {@link DataError} naming the file, the line and the byte offset; with `onInvalid: 'replace'`
 * each invalid sequence becomes U+FFFD, with `'skip'` it is left out — and the caller is told how many
 * lines were affected, so it can record the count.
 *
 * Invalid sequences are the WHATWG Encoding Standard's (one per "maximal subpart", as `TextDecoder` and
 * Python's `errors="replace"` count them), so `'replace'` gives exactly `new TextDecoder().decode(buf)`.
 * A byte-order mark at the start of the file is removed.
 *
 * @example
 * decodeUtf8Strict(Buffer.from('a\nb\xff', 'latin1'), { file: 'q.tsv' });
 * // DataError "q.tsv: line 2: invalid UTF-8 (byte offset 3)"
 * decodeUtf8Strict(Buffer.from('a\nb\xff', 'latin1'), { file: 'q.tsv', onInvalid: 'replace' });
 * // { text: 'a\nb\uFFFD', sequences: 1, lines: 1, first: { line: 2, offset: 3 } }
 */

/** What to do with invalid UTF-8: stop (the default), replace each invalid sequence, or leave it out. */
export type OnInvalidUtf8 = 'error' | 'replace' | 'skip';

/** Where invalid UTF-8 is: 1-based line, 0-based byte offset in the file. */
export interface Utf8Location {
  line: number;
  offset: number;
}

/** The result of {@link decodeUtf8Strict}. */
export interface DecodedText {
  text: string;
  /** Invalid sequences replaced or left out (0 when the input is valid). */
  sequences: number;
  /** Lines holding at least one invalid sequence. */
  lines: number;
  /** The first invalid sequence, or null. */
  first: Utf8Location | null;
}

/** Options of {@link decodeUtf8Strict}. */
export interface DecodeOptions {
  /** The file the bytes come from, for messages. */
  file: string;
  /** Default `'error'`. */
  onInvalid?: OnInvalidUtf8;
  /** Line number of the first byte (for a slice of a file); default 1. */
  firstLine?: number;
  /** Byte offset of the first byte in the file; default 0. */
  firstOffset?: number;
  /** What to tell the user to do; default: how to choose replace or skip. */
  hint?: string;
  /** Called with the first invalid sequence of each line that has one (replace and skip only). */
  onInvalidLine?: (where: Utf8Location) => void;
}

const BOM = '\uFEFF';
const DEFAULT_HINT =
  'the file is not UTF-8 (another encoding, or damaged); convert it to UTF-8, or choose "replace" or "skip" for invalid text';

/**
 * Decode `buf` as UTF-8, strictly: see the module comment.
 *
 * @example
 * const { text } = decodeUtf8Strict(await readBoundedFile(f, { maxBytes }), { file: f });
 */
export function decodeUtf8Strict(buf: Uint8Array, opts: DecodeOptions): DecodedText {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  const bom = (opts.firstOffset ?? 0) === 0 ? stripBom : (t: string) => t;
  if (isUtf8(b)) return { text: bom(b.toString('utf8')), sequences: 0, lines: 0, first: null };
  const onInvalid = opts.onInvalid ?? 'error';
  const parts: string[] = [];
  let at = 0;
  let sequences = 0;
  let lines = 0;
  let first: Utf8Location | null = null;
  let line = opts.firstLine ?? 1;
  let lineScanned = 0; // line counted up to this byte
  let lastLine = -1;
  for (let [s, e] = nextInvalid(b, 0); s >= 0; [s, e] = nextInvalid(b, e)) {
    line += countNewlines(b, lineScanned, s);
    lineScanned = s;
    const where = { line, offset: (opts.firstOffset ?? 0) + s };
    if (onInvalid === 'error') throw invalidUtf8Error(opts.file, where, opts.hint);
    first ??= where;
    sequences++;
    if (line !== lastLine) {
      lines++;
      lastLine = line;
      opts.onInvalidLine?.(where);
    }
    parts.push(b.toString('utf8', at, s));
    if (onInvalid === 'replace') parts.push('\uFFFD');
    at = e;
  }
  parts.push(b.toString('utf8', at));
  return { text: bom(parts.join('')), sequences, lines, first };
}

/** The {@link DataError} for invalid UTF-8 at a place in a file. */
export function invalidUtf8Error(file: string, where: Utf8Location, hint = DEFAULT_HINT): DataError {
  return new DataError(`invalid UTF-8 (byte offset ${where.offset})`, {
    file,
    location: `line ${where.line}`,
    hint,
  });
}

function stripBom(s: string): string {
  return s.startsWith(BOM) ? s.slice(1) : s;
}

function countNewlines(b: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = b.indexOf(10, from); i >= 0 && i < to; i = b.indexOf(10, i + 1)) n++;
  return n;
}

/**
 * The next invalid sequence at or after `from`: `[start, end)` byte offsets, or `[-1, -1]` when the rest
 * is valid. One sequence is a "maximal subpart" of the WHATWG UTF-8 decoder: a lead byte with the
 * continuation bytes that were still acceptable, or a lone invalid byte.
 */
export function nextInvalid(b: Uint8Array, from: number): [number, number] {
  const n = b.length;
  let i = from;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      if (c === 0xf4) hi = 0x8f;
    } else return [i, i + 1];
    let j = i + 1;
    for (let k = 0; k < need; k++, j++) {
      const d = j < n ? b[j]! : -1;
      if (d < (k === 0 ? lo : 0x80) || d > (k === 0 ? hi : 0xbf)) return [i, j];
    }
    i = j;
  }
  return [-1, -1];
}
