import { constants, type FileHandle, open } from 'node:fs/promises';
import { endianness } from 'node:os';
import { DataError, writeFileAtomic } from '@hbt/core';
import {
  headerLength,
  invalidSafetensors,
  parseHeader,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './safetensors-header.js';

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): 8 bytes little-endian header length
 * N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`, then the
 * raw little-endian tensor bytes, offsets relative to the end of the header. The header is validated by
 * the reference implementation's rules before any tensor is read (see `safetensors-header.ts`).
 */

/**
 * One tensor, decoded. Float dtypes (F16, BF16, F32, F64) are widened or narrowed to Float32Array, I8,
 * I16 and I32 to Int32Array, I64 to BigInt64Array; the dtypes hbt never computes with (BOOL, U8, U16,
 * U32, U64, F8_E5M2, F8_E4M3) keep their raw little-endian bytes (Uint8Array).
 */
export interface SafeTensor {
  dtype: string;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

/** The float dtypes: decoded to Float32Array. */
export const FLOAT_DTYPES: ReadonlySet<string> = new Set(['F32', 'F16', 'BF16', 'F64']);

/** An open safetensors file whose header has been validated; tensors are read one at a time. */
export interface SafetensorsFile {
  readonly file: string;
  readonly header: SafetensorsHeader;
  /** Read and decode one tensor named in the header. */
  read(name: string): Promise<SafeTensor>;
  close(): Promise<void>;
}

/**
 * Open a `.safetensors` file and validate its header, reading only the header: a regular file is
 * required (a FIFO or device is refused without blocking), and no tensor memory is allocated until
 * {@link SafetensorsFile.read}. Malformed input → {@link DataError} naming the file and the rule.
 *
 * @example
 * const f = await openSafetensors('model/model.safetensors');
 * try {
 *   const w = await f.read('embeddings.word_embeddings.weight');
 * } finally {
 *   await f.close();
 * }
 */
export async function openSafetensors(path: string): Promise<SafetensorsFile> {
  let fh: FileHandle;
  try {
    fh = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (e) {
    throw new DataError(`cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, {
      file: path,
    });
  }
  try {
    const st = await fh.stat();
    if (!st.isFile()) {
      throw new DataError('not a regular file', {
        file: path,
        hint: 'a safetensors file must be a regular file (not a FIFO, device or folder)',
      });
    }
    const size = st.size;
    const n = headerLength(await readAt(fh, 0, Math.min(8, size), path), size, path);
    const header = parseHeader(await readAt(fh, 8, n, path), size - 8 - n, path);
    return {
      file: path,
      header,
      read: async (name) => {
        const e = header.entries.get(name);
        if (!e) throw new DataError(`no tensor "${name}"`, { file: path });
        return readEntry(fh, header.dataStart, e, path);
      },
      close: () => fh.close(),
    };
  } catch (e) {
    await fh.close();
    throw e;
  }
}

/** Read and decode every tensor of a `.safetensors` file (see {@link openSafetensors}). */
export async function readSafetensors(
  path: string,
): Promise<{ tensors: Map<string, SafeTensor>; metadata: Record<string, string> }> {
  const f = await openSafetensors(path);
  try {
    const tensors = new Map<string, SafeTensor>();
    for (const name of f.header.entries.keys()) tensors.set(name, await f.read(name));
    return { tensors, metadata: f.header.metadata };
  } finally {
    await f.close();
  }
}

/** Decode safetensors bytes held in memory; `file` names the source in error messages. */
export function parseSafetensors(
  bytes: Uint8Array,
  file = '<bytes>',
): { tensors: Map<string, SafeTensor>; metadata: Record<string, string> } {
  const n = headerLength(bytes.subarray(0, 8), bytes.length, file);
  const header = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, file);
  const tensors = new Map<string, SafeTensor>();
  for (const e of header.entries.values()) {
    const raw = bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
    tensors.set(e.name, { dtype: e.dtype, shape: e.shape, data: decode(raw, e.dtype, e.count) });
  }
  return { tensors, metadata: header.metadata };
}

const LITTLE_ENDIAN = endianness() === 'LE';

async function readEntry(
  fh: FileHandle,
  dataStart: number,
  e: SafetensorsEntry,
  file: string,
): Promise<SafeTensor> {
  if (e.dtype === 'F32' && LITTLE_ENDIAN) {
    // Read straight into the result (the common case: no copy, no per-element decode).
    const out = new Float32Array(e.count);
    await readInto(fh, new Uint8Array(out.buffer), dataStart + e.begin, file);
    return { dtype: e.dtype, shape: e.shape, data: out };
  }
  const raw = await readAt(fh, dataStart + e.begin, e.end - e.begin, file);
  return { dtype: e.dtype, shape: e.shape, data: decode(raw, e.dtype, e.count) };
}

async function readAt(fh: FileHandle, pos: number, len: number, file: string): Promise<Uint8Array> {
  const buf = new Uint8Array(len);
  await readInto(fh, buf, pos, file);
  return buf;
}

/** Fill `buf` from `pos`; a file that ends early (changed while reading) → DataError. */
async function readInto(fh: FileHandle, buf: Uint8Array, pos: number, file: string): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const len = Math.min(buf.length - done, 1 << 30); // one read call takes at most 2 GiB
    const { bytesRead } = await fh.read(buf, done, len, pos + done);
    if (bytesRead === 0)
      throw invalidSafetensors(
        file,
        `the file ended after ${pos + done} bytes (did it change while being read?)`,
      );
    done += bytesRead;
  }
}

function decode(raw: Uint8Array, dtype: string, count: number): SafeTensor['data'] {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      if (LITTLE_ENDIAN) new Uint8Array(out.buffer).set(raw);
      else for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
      return out;
    }
    case 'F64': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat64(i * 8, true);
      return out;
    }
    case 'F16': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = halfToFloat(dv.getUint16(i * 2, true));
      return out;
    }
    case 'BF16': {
      const out = new Float32Array(count);
      const f = new Float32Array(1);
      const u = new Uint32Array(f.buffer);
      for (let i = 0; i < count; i++) {
        u[0] = dv.getUint16(i * 2, true) << 16;
        out[i] = f[0]!;
      }
      return out;
    }
    case 'I64': {
      const out = new BigInt64Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getBigInt64(i * 8, true);
      return out;
    }
    case 'I32': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt32(i * 4, true);
      return out;
    }
    case 'I16': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt16(i * 2, true);
      return out;
    }
    case 'I8': {
      const out = new Int32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getInt8(i);
      return out;
    }
    default:
      return raw.slice();
  }
}

function halfToFloat(h: number): number {
  const s = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return s * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? Number.NaN : s * Number.POSITIVE_INFINITY;
  return s * 2 ** (e - 15) * (1 + m / 1024);
}

/**
 * Encode float32 / int32 tensors as safetensors bytes. Names are written in sorted order with
 * 8-byte-aligned data, so equal inputs give byte-identical files.
 */
export function serializeSafetensors(
  tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>,
  metadata: Record<string, string> = { format: 'pt' },
): Uint8Array {
  const names = [...tensors.keys()].sort();
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const name of names) {
    const t = tensors.get(name)!;
    const count = t.shape.reduce((a, b) => a * b, 1);
    if (count !== t.data.length)
      throw new Error(`tensor ${name}: shape [${t.shape}] does not match ${t.data.length} values`);
    const dtype = t.data instanceof Float32Array ? 'F32' : 'I32';
    header[name] = { dtype, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  let json = JSON.stringify(header);
  while ((8 + Buffer.byteLength(json)) % 8 !== 0) json += ' ';
  const hbytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + hbytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(hbytes.length), true);
  out.set(hbytes, 8);
  let pos = 8 + hbytes.length;
  for (const name of names) {
    const d = tensors.get(name)!.data;
    const dv = new DataView(out.buffer, pos, d.byteLength);
    if (d instanceof Float32Array) for (let i = 0; i < d.length; i++) dv.setFloat32(i * 4, d[i]!, true);
    else for (let i = 0; i < d.length; i++) dv.setInt32(i * 4, d[i]!, true);
    pos += d.byteLength;
  }
  return out;
}

/** Write a safetensors file atomically (see {@link serializeSafetensors}). */
export async function writeSafetensors(
  path: string,
  tensors: Map<string, { shape: number[]; data: Float32Array | Int32Array }>,
  metadata?: Record<string, string>,
): Promise<void> {
  await writeFileAtomic(path, serializeSafetensors(tensors, metadata));
}
