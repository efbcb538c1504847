import { readFile } from 'node:fs/promises';
import { DataError, writeFileAtomic } from '@hbt/core';

/**
 * The safetensors format (https://huggingface.co/docs/safetensors): 8 bytes little-endian header length
 * N, N bytes of JSON `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`, then the
 * raw little-endian tensor bytes, offsets relative to the end of the header.
 */

/** One tensor, decoded. Float dtypes (F16, BF16, F32, F64) are widened or narrowed to Float32Array. */
export interface SafeTensor {
  dtype: string;
  shape: number[];
  data: Float32Array | Int32Array | BigInt64Array | Uint8Array;
}

const SIZES: Record<string, number> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};

/** Read and decode a `.safetensors` file. Malformed input → {@link DataError} naming the file. */
export async function readSafetensors(
  path: string,
): Promise<{ tensors: Map<string, SafeTensor>; metadata: Record<string, string> }> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (e) {
    throw new DataError(`cannot read: ${(e as Error).message}`, { file: path });
  }
  return parseSafetensors(bytes, path);
}

/** Decode safetensors bytes; `file` names the source in error messages. */
export function parseSafetensors(
  bytes: Uint8Array,
  file = '<bytes>',
): { tensors: Map<string, SafeTensor>; metadata: Record<string, string> } {
  const bad = (msg: string) =>
    new DataError(`not a valid safetensors file: ${msg}`, {
      file,
      hint: 'the file is truncated or corrupted; re-export or re-download the checkpoint',
    });
  if (bytes.length < 8) throw bad(`${bytes.length} bytes, shorter than the 8-byte header length`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = dv.getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8))
    throw bad(`header length ${n} goes beyond the file (${bytes.length} bytes)`);
  const headerLen = Number(n);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)));
  } catch (e) {
    throw bad(`header is not JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw bad('header is not a JSON object');
  const base = 8 + headerLen;
  const dataLen = bytes.length - base;
  const tensors = new Map<string, SafeTensor>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = (entry ?? {}) as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof e?.dtype !== 'string' || !(e.dtype in SIZES))
      throw bad(`tensor "${name}": unknown dtype ${JSON.stringify(e?.dtype)}`);
    if (!Array.isArray(e.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0))
      throw bad(`tensor "${name}": bad shape ${JSON.stringify(e.shape)}`);
    const offs = e.data_offsets;
    if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => Number.isInteger(o) && o >= 0)) {
      throw bad(`tensor "${name}": bad data_offsets ${JSON.stringify(offs)}`);
    }
    const [begin, end] = offs as [number, number];
    if (begin > end || end > dataLen)
      throw bad(`tensor "${name}": offsets [${begin}, ${end}] out of range (data is ${dataLen} bytes)`);
    const shape = e.shape as number[];
    const count = shape.reduce((a, b) => a * b, 1);
    const size = SIZES[e.dtype]!;
    if (end - begin !== count * size)
      throw bad(
        `tensor "${name}": ${end - begin} bytes for shape [${shape}] of ${e.dtype} (needs ${count * size})`,
      );
    tensors.set(name, {
      dtype: e.dtype,
      shape,
      data: decode(bytes.subarray(base + begin, base + end), e.dtype, count),
    });
  }
  return { tensors, metadata };
}

function decode(raw: Uint8Array, dtype: string, count: number): SafeTensor['data'] {
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  switch (dtype) {
    case 'F32': {
      const out = new Float32Array(count);
      for (let i = 0; i < count; i++) out[i] = dv.getFloat32(i * 4, true);
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
