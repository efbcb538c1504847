import { constants, fstatSync, readSync, type Stats } from 'node:fs';
import { type FileHandle, open, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from '@hbt/core/errors';
import { describeFileType, openRegularFile, statRegularFile } from '@hbt/core/files';

/**
 * Where a TREC file's bytes come from: a regular file, a FIFO, or standard input (`-`), read as a stream
 * of chunks (never the whole file at once). Gzip input (by its magic bytes, whatever the name) is
 * decompressed in the stream. Directories, devices (`/dev/zero`), sockets and a terminal on standard
 * input are refused with a {@link DataError} naming the path and what it is.
 *
 * @example
 * const src = await openTrecInput('run.txt.gz', 'run');
 * for await (const chunk of src.chunks) { … } // decompressed bytes
 */
export interface TrecInput {
  /** The bytes, in chunks of at most {@link CHUNK_BYTES} (after decompression, at most zlib's chunk). */
  chunks: AsyncIterable<Uint8Array>;
  /** True for a regular file: it can be opened and read again from the start. */
  rereadable: boolean;
  /** Stop reading and release the descriptor (safe to call more than once). */
  close(): void;
}

/** How messages name an input: its path, or `standard input` for `-`. */
export function inputName(path: string): string {
  return path === '-' ? 'standard input' : path;
}

/** Size of one read. */
export const CHUNK_BYTES = 1 << 20;

const ACCEPTED = 'give a TREC file, a FIFO, or - to read standard input (e.g. … | hbt evaluate --run -)';

/**
 * Open `path` (`-` for standard input). `what` names the file in messages (`run`, `qrels`). `stdin` is
 * the stream `-` reads (default `process.stdin`, whose descriptor's type is checked; touched only for
 * `-`).
 */
export async function openTrecInput(path: string, what: string, stdin?: Readable): Promise<TrecInput> {
  if (path === '-') {
    if (stdin === undefined) checkStdin(what);
    const input = stdin ?? process.stdin;
    return gunzipIfNeeded(input, inputName(path), what, false, () => input.destroy());
  }
  let st: Stats;
  try {
    st = await stat(path);
  } catch {
    await statRegularFile(path, what); // throws the precise error: no such file, dangling link, loop, …
    throw new DataError(`cannot read ${what}`, { file: path });
  }
  if (st.isFIFO()) {
    const stream = (await openFifo(path, what)).createReadStream({ highWaterMark: CHUNK_BYTES });
    return gunzipIfNeeded(stream, path, what, false, () => stream.destroy());
  }
  if (!st.isFile()) {
    throw new DataError(`${what} is not a regular file or a pipe (${describeFileType(st)})`, {
      file: path,
      hint: ACCEPTED,
    });
  }
  const { fh, stats } = await openRegularFile(path, what);
  let closed = false;
  const close = () => {
    if (!closed) fh.close().catch(() => {});
    closed = true;
  };
  try {
    const magic = Buffer.alloc(2);
    readSync(fh.fd, magic, 0, 2, 0);
    const gzip = magic[0] === 0x1f && magic[1] === 0x8b;
    // zlib may still hold a chunk when the next is read: fresh buffers for it, one reused buffer else
    const size = Math.min(CHUNK_BYTES, stats.size + 1); // a small file needs no 1 MiB buffer
    return gunzipIfNeeded(
      fileChunks(fh.fd, size, !gzip, () => closed),
      path,
      what,
      true,
      close,
    );
  } catch (e) {
    close();
    throw readError(e, path, what);
  }
}

/**
 * A regular file's chunks, read synchronously (no thread-pool round trip per chunk; a regular file does
 * not block). With `reuse`, every chunk is the same buffer: each must be consumed before the next.
 */
async function* fileChunks(
  fd: number,
  size: number,
  reuse: boolean,
  closed: () => boolean,
): AsyncGenerator<Buffer> {
  let buf = Buffer.allocUnsafe(size);
  for (;;) {
    if (closed()) return;
    const n = readSync(fd, buf, 0, buf.length, null);
    if (n === 0) return;
    yield buf.subarray(0, n);
    if (!reuse) buf = Buffer.allocUnsafe(size);
  }
}

/** A FIFO is opened blocking (the open waits for a writer, as `cat` does) and checked again once open. */
async function openFifo(path: string, what: string): Promise<FileHandle> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY);
  } catch (e) {
    throw new DataError(
      `cannot open ${what} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      {
        file: path,
      },
    );
  }
  const st = await fh.stat();
  if (!st.isFIFO()) {
    await fh.close();
    throw new DataError(`${what} changed while it was opened (now a ${describeFileType(st)})`, {
      file: path,
    });
  }
  return fh;
}

function checkStdin(what: string): void {
  let st: Stats;
  try {
    st = fstatSync(0);
  } catch {
    throw new DataError(`cannot read ${what} from standard input: it is closed`, { hint: ACCEPTED });
  }
  if (st.isFile() || st.isFIFO() || st.isSocket()) return;
  const kind = process.stdin.isTTY ? 'a terminal' : `a ${describeFileType(st)}`;
  throw new DataError(`cannot read ${what} from standard input: it is ${kind}`, { hint: ACCEPTED });
}

/** The chunks of `raw`, gunzipped when its first bytes are gzip's magic number (1f 8b). */
async function gunzipIfNeeded(
  raw: AsyncIterable<Buffer>,
  path: string,
  what: string,
  rereadable: boolean,
  destroy: () => void,
): Promise<TrecInput> {
  const it = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  let first: IteratorResult<Buffer>;
  try {
    first = await it.next();
    while (!first.done && first.value.length < 2) {
      // a pipe may deliver one byte first: join it with the next chunk before looking at the magic
      const next = await it.next();
      if (next.done) break;
      first = { done: false, value: Buffer.concat([first.value, next.value]) };
    }
  } catch (e) {
    destroy();
    throw readError(e, path, what);
  }
  const head = first.done ? null : first.value;
  async function* plain(): AsyncGenerator<Uint8Array> {
    if (head) yield head;
    for (let r = await it.next(); !r.done; r = await it.next()) yield r.value;
  }
  const guarded = (src: AsyncIterable<Uint8Array>) => rethrowAsDataError(src, path, what);
  if (head === null || head[0] !== 0x1f || head[1] !== 0x8b) {
    return { chunks: guarded(plain()), rereadable, close: destroy };
  }
  const gunzip = Readable.from(plain()).pipe(createGunzip({ chunkSize: 256 << 10 }));
  return {
    chunks: guarded(gunzip),
    rereadable,
    close: () => {
      gunzip.destroy();
      destroy();
    },
  };
}

async function* rethrowAsDataError(
  src: AsyncIterable<Uint8Array>,
  path: string,
  what: string,
): AsyncGenerator<Uint8Array> {
  try {
    yield* src;
  } catch (e) {
    throw readError(e, path, what);
  }
}

function readError(e: unknown, path: string, what: string): DataError {
  if (e instanceof DataError) return e;
  const err = e as NodeJS.ErrnoException;
  const gz = typeof err.code === 'string' && err.code.startsWith('Z_');
  return new DataError(
    gz ? `${what} is not valid gzip (${err.message})` : `cannot read ${what} (${err.code ?? err.message})`,
    { file: path, hint: gz ? 'the gzip file may be truncated or damaged' : undefined },
  );
}
