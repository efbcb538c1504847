import { isUtf8 } from 'node:buffer';
import { DataError } from '@hbt/core/errors';
import { formatBytes } from '@hbt/core/files';
import { invalidUtf8Error, nextInvalid } from '@hbt/core/utf8';
import type { TrecInput } from './source.js';

/**
 * The streaming half of the TREC readers: chunks of bytes in, runs of whole lines out, handed to a
 * {@link LineSink} in place (no copy, no string) — only a line that straddles two chunks is copied, into
 * a carry buffer of at most {@link MAX_LINE_BYTES}. Memory for the reading itself is therefore one chunk
 * plus one line, whatever the file's size, and a file that is not TREC text fails at its first bad line
 * without the rest being read.
 *
 * Each run of lines is checked to be UTF-8 before the sink sees it (natively, at gigabytes per second);
 * invalid UTF-8 is a {@link DataError} naming the file, the line and the byte offset. A last line without
 * a newline is read as if it had one.
 */

/** The longest line read; a longer one is a {@link DataError} (a TREC line is a few dozen bytes). */
export const MAX_LINE_BYTES = 1 << 20;

/** Consumer of whole lines. */
export interface LineSink {
  /**
   * Consume the lines in `b[s, e)`: `e` is just past a newline, and `first` is the 1-based number of the
   * first line. Returns the number of lines consumed (the newlines in the range).
   */
  lines(b: Uint8Array, s: number, e: number, first: number): number;
}

const NON_UTF8_HINT =
  'TREC files are read as UTF-8 text; convert the file to UTF-8 (e.g. iconv -f latin1 -t utf-8)';

/**
 * Feed every line of `input` to `sink`; returns the number of lines. `file` names the input in messages.
 * The input is closed at the end, or when the sink throws.
 *
 * @example
 * const sink = new QrelsSink('qrels.txt');
 * await readLineRegions(await openTrecInput('qrels.txt', 'qrels'), 'qrels.txt', sink);
 */
export async function readLineRegions(
  input: TrecInput,
  file: string,
  sink: LineSink,
  maxLineBytes = MAX_LINE_BYTES,
): Promise<number> {
  const feed = new LineFeeder(file, sink, maxLineBytes);
  try {
    for await (const chunk of input.chunks) feed.chunk(chunk);
    return feed.end();
  } finally {
    input.close();
  }
}

/** The lines of a latin1 string (one char per byte) fed to `sink` at once, checked like a file's. */
export function feedText(text: string, file: string, sink: LineSink): number {
  const feed = new LineFeeder(file, sink, Number.MAX_SAFE_INTEGER);
  feed.chunk(Buffer.from(text, 'latin1'));
  return feed.end();
}

/** Chunks in, whole lines out (see the module comment). */
class LineFeeder {
  private carry = Buffer.allocUnsafe(0);
  private carryLen = 0;
  /** Number of the next line. */
  private line = 1;
  /** Byte offset (in the decompressed text) of the next line. */
  private offset = 0;

  constructor(
    private readonly file: string,
    private readonly sink: LineSink,
    private readonly maxLineBytes: number,
  ) {}

  chunk(chunk: Uint8Array): void {
    let s = 0;
    if (this.carryLen > 0) {
      const nl = chunk.indexOf(10);
      if (nl < 0) {
        this.append(chunk, 0, chunk.length);
        return;
      }
      this.append(chunk, 0, nl + 1);
      const held = this.carryLen;
      this.carryLen = 0;
      this.take(this.carry, 0, held);
      s = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= s) {
      this.take(chunk, s, last + 1);
      s = last + 1;
    }
    if (s < chunk.length) this.append(chunk, s, chunk.length);
  }

  /** The last line, if it has no newline; returns the number of lines. */
  end(): number {
    if (this.carryLen > 0) {
      this.append(NEWLINE, 0, 1);
      const held = this.carryLen;
      this.carryLen = 0;
      this.take(this.carry, 0, held);
    }
    return this.line - 1;
  }

  private take(b: Uint8Array, s: number, e: number): void {
    const region = b.subarray(s, e);
    if (!isUtf8(region)) {
      const bad = nextInvalid(region, 0)[0];
      const lineStart = bad > 0 ? region.lastIndexOf(10, bad - 1) + 1 : 0;
      if (lineStart > 0) this.line += this.sink.lines(b, s, s + lineStart, this.line);
      throw invalidUtf8Error(this.file, { line: this.line, offset: this.offset + bad }, NON_UTF8_HINT);
    }
    this.line += this.sink.lines(b, s, e, this.line);
    this.offset += e - s;
  }

  private append(b: Uint8Array, s: number, e: number): void {
    const need = this.carryLen + (e - s);
    if (need > this.maxLineBytes) {
      throw new DataError(
        `line ${this.line} is longer than ${formatBytes(this.maxLineBytes)} (the longest line hbt reads)`,
        {
          file: this.file,
          hint: 'check that this is a TREC text file (one short line per judgement or result)',
        },
      );
    }
    if (need > this.carry.length) {
      const size = Math.min(Math.max(need, this.carry.length * 2, 256), this.maxLineBytes);
      const next = Buffer.allocUnsafe(size);
      this.carry.copy(next, 0, 0, this.carryLen);
      this.carry = next;
    }
    this.carry.set(b.subarray(s, e), this.carryLen);
    this.carryLen = need;
  }
}

const NEWLINE = Uint8Array.of(10);
