import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from './errors.js';
import { formatBytes, openRegularFile } from './files.js';
import { decodeUtf8Strict, type OnInvalidUtf8, type Utf8Location } from './utf8.js';

/** One line of a text file. */
export interface TextLine {
  text: string;
  /** 1-based line number. */
  line: number;
}

/** Options of {@link readTextLines}. */
export interface ReadLinesOptions {
  /** Longest line, in bytes; a longer one is a {@link DataError} naming the line and the bound. */
  maxLineBytes: number;
  /** How messages call the file; default `"file"`. */
  what?: string;
  /** Gunzip the bytes first (offsets in messages are then offsets in the gunzipped text). */
  gunzip?: boolean;
  /** Default `'error'`. */
  onInvalid?: OnInvalidUtf8;
  /** Called once for each line with invalid UTF-8 that was replaced or skipped. */
  onInvalidLine?: (where: Utf8Location) => void;
  /** Hint for the invalid-UTF-8 error. */
  invalidHint?: string;
}

const CHUNK = 1 << 20;

/**
 * The lines of a large text file, streamed: never more than one line (at most `maxLineBytes`) plus one
 * read chunk in memory, so a file of any size is read in bounded memory and a file without newlines
 * cannot grow one string without end. Lines end at `\n` (a `\r` before it is dropped); a final empty
 * line is not returned. Regular files only (see `files.ts`), gunzipped when `gunzip` is set. Each line
 * is decoded with {@link decodeUtf8Strict}: invalid UTF-8 is a {@link DataError} naming the file, line
 * and byte offset, or with `onInvalid` `'replace'` (U+FFFD) / `'skip'` (the line is left out) it is
 * reported to `onInvalidLine`.
 *
 * @example
 * for await (const { text, line } of readTextLines('corpus.jsonl', { maxLineBytes: 64 << 20 })) { … }
 */
export async function* readTextLines(path: string, opts: ReadLinesOptions): AsyncGenerator<TextLine> {
  const what = opts.what ?? 'file';
  const { fh } = await openRegularFile(path, what);
  const raw = fh.createReadStream({ highWaterMark: CHUNK, autoClose: true });
  const input: Readable = opts.gunzip ? raw.pipe(createGunzip({ chunkSize: CHUNK })) : raw;
  let line = 0;
  let lineStart = 0; // byte offset of the current line
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const emit = (bytes: Buffer): TextLine | null => {
    line++;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
    const d = decodeUtf8Strict(bytes.subarray(0, end), {
      file: path,
      onInvalid: opts.onInvalid,
      firstLine: line,
      firstOffset: lineStart,
      hint: opts.invalidHint,
    });
    lineStart += bytes.length + 1;
    if (d.first !== null) {
      opts.onInvalidLine?.(d.first);
      if (opts.onInvalid === 'skip') return null;
    }
    return { text: d.text, line };
  };
  const tooLong = (): never => {
    throw new DataError(
      `line ${line + 1} is longer than ${formatBytes(opts.maxLineBytes)} (the longest line hbt reads)`,
      { file: path, hint: 'check that this is the right file (a text file with one record per line)' },
    );
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10, from); nl >= 0; nl = chunk.indexOf(10, from)) {
        if (pendingBytes + nl - from > opts.maxLineBytes) tooLong();
        const piece = chunk.subarray(from, nl);
        const bytes = pendingBytes > 0 ? Buffer.concat([...pending, piece]) : piece;
        pending = [];
        pendingBytes = 0;
        from = nl + 1;
        const t = emit(bytes);
        if (t !== null) yield t;
      }
      if (from < chunk.length) {
        pendingBytes += chunk.length - from;
        if (pendingBytes > opts.maxLineBytes) tooLong();
        pending.push(Buffer.from(chunk.subarray(from)));
      }
    }
  } catch (e) {
    if (e instanceof DataError) throw e;
    throw new DataError(
      `cannot read ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      {
        file: path,
        location: `line ${line + 1}`,
        hint: opts.gunzip ? 'the gzip file may be truncated or damaged; re-fetch it' : undefined,
      },
    );
  } finally {
    raw.destroy();
    input.destroy();
    await fh.close().catch(() => {});
  }
  if (pendingBytes > 0) {
    const t = emit(Buffer.concat(pending));
    if (t !== null) yield t;
  }
}
