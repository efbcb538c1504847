import { DataError } from '@hbt/core';
import { showValue } from './show-value.js';

/**
 * The safetensors header rules, as the reference implementation (the Rust `safetensors` crate,
 * `SafeTensors::read_metadata` and `Metadata::validate`) enforces them:
 *
 * 1. 8 bytes little-endian header length N, N ≤ {@link MAX_HEADER_BYTES} and within the file;
 * 2. N bytes of UTF-8 JSON, an object;
 * 3. `__metadata__`, when present, maps strings to strings;
 * 4. every other key is a tensor `{dtype, shape, data_offsets: [begin, end]}` with a known dtype, a shape
 *    of non-negative integers and `end − begin` = product(shape) × dtype size;
 * 5. sorted by offsets, the tensors are contiguous: the first begins at 0, each begins where the previous
 *    ends (no overlap, no gap), and the last ends at the end of the data buffer (the rest of the file).
 *
 * A file that breaks a rule → {@link DataError} naming the file, the tensor and the rule.
 */

/** The largest header the reference implementation accepts (`MAX_HEADER_SIZE`, bytes). */
export const MAX_HEADER_BYTES = 100_000_000;

/** Bytes per element of every dtype the format defines. */
export const DTYPE_SIZES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  F64: 8,
  I64: 8,
  U64: 8,
};

/** One tensor of a header: where its bytes are, relative to the start of the data buffer. */
export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Number of elements (product of the shape). */
  count: number;
  begin: number;
  end: number;
}

/** A validated header. */
export interface SafetensorsHeader {
  /** Byte offset of the data buffer in the file (8 + header length). */
  dataStart: number;
  /** Tensors by name, in data order. */
  entries: Map<string, SafetensorsEntry>;
  metadata: Record<string, string>;
}

/** The error for a file that breaks a rule of the format. */
export function invalidSafetensors(file: string, msg: string): DataError {
  return new DataError(`not a valid safetensors file: ${msg}`, {
    file,
    hint: 'the file is truncated or corrupted; re-export or re-download the checkpoint',
  });
}

/**
 * The header length from the first 8 bytes of a file of `fileSize` bytes (rule 1).
 *
 * @example
 * headerLength(first8, stat.size, 'model.safetensors'); // → N, ≤ 100,000,000 and ≤ size − 8
 */
export function headerLength(first8: Uint8Array, fileSize: number, file: string): number {
  if (fileSize < 8 || first8.length < 8)
    throw invalidSafetensors(file, `${fileSize} bytes, shorter than the 8-byte header length`);
  const n = new DataView(first8.buffer, first8.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(MAX_HEADER_BYTES))
    throw invalidSafetensors(file, `header length ${n} is over the limit of ${MAX_HEADER_BYTES} bytes`);
  if (n > BigInt(fileSize - 8))
    throw invalidSafetensors(file, `header length ${n} goes beyond the file (${fileSize} bytes)`);
  return Number(n);
}

/**
 * Validate a header (rules 2–5): `headerBytes` are the N JSON bytes, `dataLen` the size of the data
 * buffer that follows them.
 *
 * @example
 * const h = parseHeader(bytes.subarray(8, 8 + n), bytes.length - 8 - n, 'model.safetensors');
 * h.entries.get('embeddings.word_embeddings.weight'); // { dtype: 'F32', shape: [V, H], begin, end, … }
 */
export function parseHeader(headerBytes: Uint8Array, dataLen: number, file: string): SafetensorsHeader {
  const bad = (msg: string) => invalidSafetensors(file, msg);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch (e) {
    throw bad(`header is not UTF-8 JSON (${(e as Error).message})`);
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header))
    throw bad('header is not a JSON object');
  let metadata: Record<string, string> = {};
  const list: SafetensorsEntry[] = [];
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') metadata = checkMetadata(value, bad);
    else list.push(checkEntry(name, value, bad));
  }
  list.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let prev: SafetensorsEntry | null = null;
  for (const e of list) {
    const at = `tensor ${showValue(e.name)} data_offsets [${e.begin}, ${e.end}]`;
    if (e.end > dataLen) throw bad(`${at} go beyond the data buffer (${dataLen} bytes)`);
    const start = prev?.end ?? 0;
    if (e.begin < start)
      throw bad(`${at} overlap tensor ${showValue(prev!.name)} [${prev!.begin}, ${prev!.end}]`);
    if (e.begin > start) {
      const after = prev ? `between tensor ${showValue(prev.name)} and ${at}` : `before ${at}`;
      throw bad(`${e.begin - start} bytes ${after} belong to no tensor (tensors must be contiguous)`);
    }
    prev = e;
  }
  const covered = prev?.end ?? 0;
  if (covered !== dataLen)
    throw bad(
      `the tensors cover ${covered} of the ${dataLen} data bytes: the last ${dataLen - covered} belong to no tensor`,
    );
  return { dataStart: 8 + headerBytes.length, entries: new Map(list.map((e) => [e.name, e])), metadata };
}

function checkMetadata(value: unknown, bad: (msg: string) => DataError): Record<string, string> {
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw bad(`"__metadata__" must be an object of strings, got ${showValue(value)}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string')
      throw bad(`"__metadata__" key ${showValue(k)} must map to a string, got ${showValue(v)}`);
    out[k] = v;
  }
  return out;
}

function checkEntry(name: string, value: unknown, bad: (msg: string) => DataError): SafetensorsEntry {
  const at = `tensor ${showValue(name)}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw bad(`${at}: expected an object with dtype, shape and data_offsets, got ${showValue(value)}`);
  const e = value as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
  if (typeof e.dtype !== 'string' || !Object.hasOwn(DTYPE_SIZES, e.dtype))
    throw bad(`${at}: unknown dtype ${showValue(e.dtype)} (known: ${Object.keys(DTYPE_SIZES).join(', ')})`);
  const isIndex = (d: unknown): d is number => Number.isSafeInteger(d) && (d as number) >= 0;
  if (!Array.isArray(e.shape) || !e.shape.every(isIndex))
    throw bad(`${at}: shape must be a list of non-negative integers, got ${showValue(e.shape)}`);
  const offs = e.data_offsets;
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every(isIndex))
    throw bad(`${at}: data_offsets must be [begin, end], non-negative integers, got ${showValue(offs)}`);
  const [begin, end] = offs as [number, number];
  if (end < begin) throw bad(`${at}: data_offsets [${begin}, ${end}] end before they begin`);
  const shape = e.shape as number[];
  const size = DTYPE_SIZES[e.dtype]!;
  let count = 1;
  for (const d of shape) {
    count *= d;
    if (count * size > Number.MAX_SAFE_INTEGER) throw bad(`${at}: shape [${shape}] is too large`);
  }
  if (end - begin !== count * size)
    throw bad(
      `${at}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes, but shape [${shape}] of ${e.dtype} needs ${count * size}`,
    );
  return { name, dtype: e.dtype, shape, count, begin, end };
}
