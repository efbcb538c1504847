import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  openSync,
  readlinkSync,
  readSync,
  type Stats,
  statSync,
} from 'node:fs';
import { type FileHandle, lstat, open, readlink, stat } from 'node:fs/promises';
import { DataError } from './errors.js';

/**
 * Safe reading of files hbt did not write (datasets, configs, model files): only regular files (or
 * symbolic links to them) are read, never a directory, FIFO, socket or device; every read is bounded;
 * errors name the file and what it is, never its contents. Text decoding is in `utf8.ts`, streamed lines
 * in `lines.ts`.
 *
 * @example
 * const buf = await readBoundedFile('model/config.json', { maxBytes: 1 << 20, what: 'model config' });
 * // a FIFO:      DataError "model/config.json: model config is not a regular file (FIFO)"
 * // /dev/zero:   DataError "…: model config is not a regular file (character device)"
 * // too big:     DataError "…: model config is 5.0 MiB, more than the 1.0 MiB hbt reads"
 */

/** What a file system entry is, in words: `regular file`, `directory`, `FIFO`, `socket`, … */
export function describeFileType(st: Stats): string {
  if (st.isFile()) return 'regular file';
  if (st.isDirectory()) return 'directory';
  if (st.isFIFO()) return 'FIFO';
  if (st.isSocket()) return 'socket';
  if (st.isCharacterDevice()) return 'character device';
  if (st.isBlockDevice()) return 'block device';
  if (st.isSymbolicLink()) return 'symbolic link';
  return 'special file';
}

const ONLY_REGULAR = 'hbt reads only regular files (or symbolic links to them); give the file itself';

/**
 * The stats of `path`, which must be a regular file or a symbolic link to one. Anything else is a
 * {@link DataError} naming the path and what it is: no such file, a dangling symbolic link (naming its
 * target), a symbolic link loop, a directory, a FIFO, a socket or a device, a permission problem.
 *
 * @param what how messages call the file, e.g. `"data file"`, `"tokenizer.json"`.
 * @example
 * const st = await statRegularFile('data/en.json', 'data file'); // st.size
 */
export async function statRegularFile(path: string, what = 'file'): Promise<Stats> {
  let st: Stats;
  try {
    st = await stat(path);
  } catch (e) {
    let link: Stats | null = null;
    try {
      link = await lstat(path);
    } catch {}
    let target: string | null = null;
    if (link?.isSymbolicLink()) {
      try {
        target = await readlink(path);
      } catch {}
    }
    throw statError(path, what, e, link, target);
  }
  checkRegular(path, what, st);
  return st;
}

/** {@link statRegularFile}, synchronously (for loaders that are synchronous, such as the config). */
export function statRegularFileSync(path: string, what = 'file'): Stats {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (e) {
    let link: Stats | null = null;
    try {
      link = lstatSync(path);
    } catch {}
    let target: string | null = null;
    if (link?.isSymbolicLink()) {
      try {
        target = readlinkSync(path);
      } catch {}
    }
    throw statError(path, what, e, link, target);
  }
  checkRegular(path, what, st);
  return st;
}

function checkRegular(path: string, what: string, st: Stats): void {
  if (st.isFile()) return;
  throw new DataError(`${what} is not a regular file (${describeFileType(st)})`, {
    file: path,
    hint: ONLY_REGULAR,
  });
}

function statError(
  path: string,
  what: string,
  e: unknown,
  link: Stats | null,
  target: string | null,
): DataError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') {
    return new DataError(`${what} is a symbolic link loop`, { file: path, hint: ONLY_REGULAR });
  }
  if (code === 'ENOENT' && link?.isSymbolicLink()) {
    return new DataError(
      `${what} is a dangling symbolic link${target !== null ? ` (its target ${target} does not exist)` : ''}`,
      { file: path, hint: 'fix or remove the link' },
    );
  }
  if (code === 'ENOENT') return new DataError(`no such ${what}`, { file: path });
  if (code === 'ENOTDIR') {
    return new DataError(`no such ${what} (a parent of the path is not a folder)`, { file: path });
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return new DataError(`cannot read ${what}: permission denied`, { file: path });
  }
  return new DataError(`cannot read ${what} (${code ?? (e as Error).message})`, { file: path });
}

/** Options of {@link readBoundedFile}. */
export interface BoundedReadOptions {
  /** Largest size hbt reads; a bigger file is a {@link DataError} naming its size and the bound. */
  maxBytes: number;
  /** How messages call the file, e.g. `"tokenizer.json"`, `"data file"`. */
  what?: string;
}

/**
 * The bytes of a regular file of at most `maxBytes`. The path is checked with {@link statRegularFile},
 * opened with `O_NONBLOCK` (so opening a FIFO swapped in meanwhile can never block), and checked again on
 * the open descriptor (`fstat`), so what is read is the regular file that was checked. A file that grows
 * past the bound while it is read is refused too.
 *
 * @example
 * const buf = await readBoundedFile('hbt.json', { maxBytes: 16 << 20, what: 'config file' });
 */
export async function readBoundedFile(path: string, opts: BoundedReadOptions): Promise<Buffer> {
  const what = opts.what ?? 'file';
  const { fh, stats: st } = await openRegularFile(path, what);
  try {
    checkSize(path, what, st.size, opts.maxBytes);
    return await readAll(path, what, opts.maxBytes, st.size, (buf, at) =>
      fh.read(buf, at, buf.length - at, null).then((r) => r.bytesRead),
    );
  } finally {
    await fh.close();
  }
}

/**
 * Open a regular file for reading, safely: checked with {@link statRegularFile}, opened with
 * `O_NONBLOCK` (a FIFO swapped in meanwhile cannot block the open), and checked again on the descriptor,
 * so what is read is a regular file. The caller closes the handle (a stream made with
 * `fh.createReadStream()` closes it at its end).
 *
 * @example
 * const { fh, stats } = await openRegularFile('corpus.jsonl', 'data file');
 * for await (const chunk of fh.createReadStream()) { … }
 */
export async function openRegularFile(
  path: string,
  what = 'file',
): Promise<{ fh: FileHandle; stats: Stats }> {
  await statRegularFile(path, what);
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw statError(path, what, e, null, null);
  }
  try {
    const stats = await fh.stat();
    checkRegular(path, what, stats);
    return { fh, stats };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** {@link readBoundedFile}, synchronously. */
export function readBoundedFileSync(path: string, opts: BoundedReadOptions): Buffer {
  const what = opts.what ?? 'file';
  statRegularFileSync(path, what);
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw statError(path, what, e, null, null);
  }
  try {
    const st = fstatSync(fd);
    checkRegular(path, what, st);
    checkSize(path, what, st.size, opts.maxBytes);
    let buf: Buffer = Buffer.allocUnsafe(Math.min(st.size, opts.maxBytes) + 1);
    let n = 0;
    for (;;) {
      if (n === buf.length) buf = grow(path, what, buf, opts.maxBytes);
      const r = readSync(fd, buf, n, buf.length - n, null);
      if (r === 0) break;
      n += r;
    }
    checkSize(path, what, n, opts.maxBytes);
    return buf.subarray(0, n);
  } finally {
    closeQuietly(fd);
  }
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {}
}

async function readAll(
  path: string,
  what: string,
  maxBytes: number,
  size: number,
  readInto: (buf: Buffer, at: number) => Promise<number>,
): Promise<Buffer> {
  let buf: Buffer = Buffer.allocUnsafe(Math.min(size, maxBytes) + 1);
  let n = 0;
  for (;;) {
    if (n === buf.length) buf = grow(path, what, buf, maxBytes);
    const r = await readInto(buf, n);
    if (r === 0) break;
    n += r;
  }
  checkSize(path, what, n, maxBytes);
  return buf.subarray(0, n);
}

/** A buffer twice as big (the file grew while it was read), refused past the bound. */
function grow(path: string, what: string, buf: Buffer, maxBytes: number): Buffer {
  if (buf.length > maxBytes) checkSize(path, what, buf.length, maxBytes);
  const next = Buffer.allocUnsafe(Math.min(buf.length * 2, maxBytes + 1));
  buf.copy(next);
  return next;
}

function checkSize(path: string, what: string, size: number, maxBytes: number): void {
  if (size <= maxBytes) return;
  throw new DataError(`${what} is ${formatBytes(size)}, more than the ${formatBytes(maxBytes)} hbt reads`, {
    file: path,
    hint: 'check that this is the right file; a file this large is not what hbt expects here',
  });
}

/** A byte count for people: `512 B`, `3.0 KiB`, `1.5 MiB`, `2.0 GiB`. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}
