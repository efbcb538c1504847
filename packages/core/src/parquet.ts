import { isUtf8 } from 'node:buffer';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  Table as ArrowTable,
  Bool,
  type DataType,
  Field,
  FixedSizeList,
  Float32,
  Float64,
  Int32,
  List,
  Schema,
  tableToIPC,
  Utf8,
} from 'apache-arrow';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { ByteWriter, parquetWrite } from 'hyparquet-writer';
import { DataError } from './errors.js';
import { readBoundedFile } from './files.js';
import { quoteValue } from './quote.js';
import {
  ARTIFACT_SCHEMAS,
  type ArtifactName,
  type ColumnSpec,
  columnSpecs,
  SCHEMA_VERSION,
} from './schemas.js';
import { HBT_VERSION } from './version.js';

/**
 * Parquet read/write with hyparquet (reader) and hyparquet-writer (writer): maintained, pure JS, and able
 * to read files from current writers (DuckDB, pyarrow, Spark) including ZSTD, GZIP, BROTLI, LZ4 and SNAPPY
 * pages (via hyparquet-compressors). parquetjs-lite is not used: it cannot read current writers' files
 * ("invalid parquet version") nor ZSTD, and has been unmaintained since 2020.
 *
 * Tables are column-oriented: `{ columnName: values[] }`. `list<float32>` columns take `Float32Array`s
 * (or number arrays) per row and are written as a standard 3-level Parquet LIST of FLOAT; `list<string>`
 * columns take string arrays (a LIST of UTF8).
 *
 * @example
 * await writeArtifact('out/qrels.parquet', 'qrels', { query_id: ['q1'], doc_id: ['d1'], relevance: [1] });
 * const t = await readTable('out/qrels.parquet'); // { numRows: 1, columns: { query_id: ['q1'], … } }
 */
export type Columns = Record<string, ArrayLike<unknown>>;

export interface Table {
  numRows: number;
  columns: Record<string, unknown[]>;
  /** Key/value metadata stored in the file. */
  metadata: Record<string, string>;
}

/** Write a named artifact, checking its columns against the artifact's schema. */
export async function writeArtifact(
  path: string,
  artifact: ArtifactName,
  columns: Columns,
  extraMetadata: Record<string, string> = {},
): Promise<number> {
  const specs = columnSpecs(ARTIFACT_SCHEMAS[artifact]);
  return writeTable(path, specs, columns, artifactMetadata(artifact, extraMetadata));
}

/** The key/value metadata of a named artifact's file: its name and schema version, then `extra`. */
export function artifactMetadata(
  artifact: ArtifactName,
  extra: Record<string, string> = {},
): Record<string, string> {
  return { 'hbt.artifact': artifact, 'hbt.schema_version': String(SCHEMA_VERSION), ...extra };
}

/**
 * Write a table to `path` atomically (temp file, then rename). Returns the number of rows.
 * Throws if a column is missing, lengths differ, or a non-nullable column holds null.
 */
export async function writeTable(
  path: string,
  specs: ColumnSpec[],
  columns: Columns,
  metadata: Record<string, string> = {},
): Promise<number> {
  const n = checkColumns(path, specs, columns);
  const writer = new ByteWriter();
  parquetWrite({
    writer,
    // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer's schema type is loose JSON
    schema: parquetSchemaOf(specs) as any,
    // biome-ignore lint/suspicious/noExplicitAny: column arrays are checked above
    columnData: columnDataOf(specs, columns) as any,
    ...PARQUET_FILE_OPTIONS,
    rowGroupSize: ROW_GROUP_ROWS,
    createdBy: CREATED_BY,
    kvMetadata: kvMetadataOf(specs, metadata),
  });
  await writeFileAtomic(path, new Uint8Array(writer.getBuffer()));
  return n;
}

/** Rows per Parquet row group of every file hbt writes (the last group of a file may be shorter). */
export const ROW_GROUP_ROWS = 100_000;

/**
 * The writer options every hbt Parquet file shares: SNAPPY, and column statistics (min, max, null
 * count) so that readers skip row groups (DuckDB, pyarrow, polars, and hbt's own step-range reads).
 */
export const PARQUET_FILE_OPTIONS = { codec: 'SNAPPY', statistics: true } as const;

/** The Parquet schema elements of `specs` (root first), as hyparquet-writer takes them. */
export function parquetSchemaOf(specs: readonly ColumnSpec[]): Array<Record<string, unknown>> {
  const schema: Array<Record<string, unknown>> = [{ name: 'root', num_children: specs.length }];
  for (const s of specs) {
    const rep = s.nullable ? 'OPTIONAL' : 'REQUIRED';
    switch (s.kind) {
      case 'string':
        schema.push({ name: s.name, type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: rep });
        break;
      case 'int32':
        schema.push({ name: s.name, type: 'INT32', repetition_type: rep });
        break;
      case 'float32':
        schema.push({ name: s.name, type: 'FLOAT', repetition_type: rep });
        break;
      case 'float64':
        schema.push({ name: s.name, type: 'DOUBLE', repetition_type: rep });
        break;
      case 'bool':
        schema.push({ name: s.name, type: 'BOOLEAN', repetition_type: rep });
        break;
      case 'list<float32>':
        schema.push({ name: s.name, repetition_type: rep, num_children: 1, converted_type: 'LIST' });
        schema.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
        schema.push({ name: 'element', type: 'FLOAT', repetition_type: 'REQUIRED' });
        break;
      case 'list<string>':
        schema.push({ name: s.name, repetition_type: rep, num_children: 1, converted_type: 'LIST' });
        schema.push({ name: 'list', repetition_type: 'REPEATED', num_children: 1 });
        schema.push({
          name: 'element',
          type: 'BYTE_ARRAY',
          converted_type: 'UTF8',
          repetition_type: 'REQUIRED',
        });
        break;
    }
  }
  return schema;
}

/** The column values of `columns` (checked) as hyparquet-writer takes them: plain arrays, lists as arrays. */
export function columnDataOf(
  specs: readonly ColumnSpec[],
  columns: Columns,
): Array<{ name: string; data: unknown[]; nullable: boolean }> {
  return specs.map((s) => {
    const data = Array.from(columns[s.name] as ArrayLike<unknown>);
    if (s.kind === 'list<float32>') {
      for (let i = 0; i < data.length; i++) {
        const v = data[i];
        if (v != null) data[i] = Array.from(v as ArrayLike<number>);
      }
    }
    return { name: s.name, data, nullable: s.nullable };
  });
}

/** The file's key/value metadata: `metadata` plus `ARROW:schema` where needed, sorted by key. */
export function kvMetadataOf(
  specs: readonly ColumnSpec[],
  metadata: Record<string, string>,
): Array<{ key: string; value: string }> {
  return Object.entries({ ...metadata, ...arrowSchemaMetadata(specs) })
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, value]) => ({ key, value }));
}

/** The `created_by` of every Parquet file hbt writes (the format's "<application> version <v>"). */
export const CREATED_BY = `hbt version ${HBT_VERSION}`;

/**
 * `ARROW:schema`, the Arrow schema Arrow-based readers (pyarrow, polars) apply to a Parquet file: written
 * when a column is a fixed-size list, so an embedding column reads back as `FixedSizeList<Float32>[d]`
 * rather than a variable list. Base64 of the schema as an Arrow IPC stream, as pyarrow writes it.
 */
function arrowSchemaMetadata(specs: readonly ColumnSpec[]): Record<string, string> {
  if (!specs.some((s) => s.listSize !== undefined)) return {};
  const element = () => new Field('element', new Float32(), false);
  const type = (s: ColumnSpec): DataType => {
    switch (s.kind) {
      case 'string':
        return new Utf8();
      case 'int32':
        return new Int32();
      case 'float32':
        return new Float32();
      case 'float64':
        return new Float64();
      case 'bool':
        return new Bool();
      case 'list<float32>':
        return s.listSize !== undefined ? new FixedSizeList(s.listSize, element()) : new List(element());
      case 'list<string>':
        return new List(new Field('element', new Utf8(), false));
    }
  };
  const schema = new Schema(specs.map((s) => new Field(s.name, type(s), s.nullable)));
  return { 'ARROW:schema': Buffer.from(tableToIPC(new ArrowTable(schema), 'stream')).toString('base64') };
}

/**
 * Check `columns` against `specs` (every column present, equal lengths, no null in a non-nullable
 * column, list sizes); returns the row count. `firstRow` numbers the rows in errors (a chunk of a file).
 */
export function checkColumns(
  path: string,
  specs: readonly ColumnSpec[],
  columns: Columns,
  firstRow = 0,
): number {
  let n = -1;
  for (const s of specs) {
    const col = columns[s.name];
    if (col === undefined) throw new Error(`${path}: column "${s.name}" is missing`);
    if (n === -1) n = col.length;
    else if (col.length !== n) {
      throw new Error(`${path}: column "${s.name}" has ${col.length} rows, expected ${n}`);
    }
    if (!s.nullable) {
      for (let i = 0; i < col.length; i++) {
        if (col[i] == null)
          throw new Error(`${path}: column "${s.name}" row ${firstRow + i} is null but not nullable`);
      }
    }
    if (s.listSize !== undefined) {
      for (let i = 0; i < col.length; i++) {
        const v = col[i] as ArrayLike<number> | null;
        if (v != null && v.length !== s.listSize)
          throw new Error(
            `${path}: column "${s.name}" row ${firstRow + i} has ${v.length} values, expected ${s.listSize}`,
          );
      }
    }
  }
  for (const k of Object.keys(columns)) {
    if (!specs.some((s) => s.name === k)) throw new Error(`${path}: unexpected column "${k}"`);
  }
  return Math.max(n, 0);
}

/** Options of {@link readTable}. */
export interface ReadTableOptions {
  /** Only these columns (each must exist). */
  columns?: string[];
  /** Largest file read; default (and at most) {@link MAX_PARQUET_BYTES}. */
  maxBytes?: number;
  /**
   * A string whose bytes are not UTF-8 comes back as an {@link InvalidUtf8Value} (for the reader to report
   * with its row and column) instead of being decoded with U+FFFD. For files hbt did not write.
   */
  strictStrings?: boolean;
}

/** A Parquet string that is not valid UTF-8, read with `strictStrings`: its bytes. */
export class InvalidUtf8Value {
  constructor(readonly bytes: Uint8Array) {}
}

// ignoreBOM: a string that begins with U+FEFF (a byte-order mark copied from a source file) is read back
// as written; the default decoder drops it, so the same text would compare unequal across stages.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function plainString(bytes: Uint8Array | undefined): unknown {
  return bytes === undefined ? bytes : utf8.decode(bytes);
}

function strictString(bytes: Uint8Array | undefined): unknown {
  if (bytes === undefined) return bytes;
  return isUtf8(bytes) ? utf8.decode(bytes) : new InvalidUtf8Value(bytes);
}

/** hyparquet's string parser as hbt reads its own files: strings exactly as written (a leading U+FEFF kept). */
export const PARQUET_STRING_PARSERS = { stringFromBytes: plainString as (b: Uint8Array) => string };

/** The largest Parquet file hbt reads whole (Node reads at most 2 GiB into one buffer). */
export const MAX_PARQUET_BYTES = 2 ** 31 - 1;

/**
 * Read a whole Parquet file into columns. Only a regular file of at most `maxBytes` is read (see
 * `files.ts`). Errors name the file; a truncated file is a {@link DataError}.
 */
export async function readTable(path: string, opts: ReadTableOptions = {}): Promise<Table> {
  const maxBytes = Math.min(opts.maxBytes ?? MAX_PARQUET_BYTES, MAX_PARQUET_BYTES);
  let buf: Buffer;
  try {
    buf = await readBoundedFile(path, { maxBytes, what: 'Parquet file' });
  } catch (e) {
    // A missing file (no hint yet) gets one; anything else (a FIFO, too big) is already explained.
    if (!(e instanceof DataError) || e.where.hint !== undefined) throw e;
    throw new DataError(e.reason, {
      file: path,
      hint: 'check the path, or run the stage that writes it first',
    });
  }
  // hyparquet merges a partial parsers object with its defaults.
  const parsers = {
    stringFromBytes: (opts.strictStrings ? strictString : plainString) as (b: Uint8Array) => string,
  };
  const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer;
  try {
    const meta = parquetMetadata(file);
    const names = meta.schema
      .slice(1)
      .filter((_, i, arr) => isTopLevel(meta.schema, i + 1, arr.length))
      .map((e) => e.name);
    const wanted = opts.columns ?? names;
    for (const c of wanted) {
      if (!names.includes(c)) {
        throw new DataError(`column "${c}" not found (columns: ${names.join(', ')})`, { file: path });
      }
    }
    const rows = await parquetReadObjects({ file, columns: wanted, compressors, metadata: meta, parsers });
    const columns: Record<string, unknown[]> = {};
    for (const c of wanted) columns[c] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as Record<string, unknown>;
      for (const c of wanted) columns[c]![i] = normalise(r[c]);
    }
    const metadata: Record<string, string> = {};
    for (const kv of meta.key_value_metadata ?? []) metadata[kv.key] = kv.value ?? '';
    return { numRows: rows.length, columns, metadata };
  } catch (e) {
    throw unreadableParquet(path, e);
  }
}

/**
 * The error for a Parquet file that cannot be read: a {@link DataError} as it is, anything else as a
 * DataError naming the file with hyparquet's own words about the structure (bounded; a JSON column's
 * parse error would quote the file).
 */
export function unreadableParquet(path: string, e: unknown): DataError {
  if (e instanceof DataError) return e;
  const why =
    e instanceof SyntaxError ? 'a JSON value does not parse' : quoteValue((e as Error).message, 120);
  return new DataError(`not a readable Parquet file (${why})`, {
    file: path,
    hint: 'the file may be truncated or corrupt; re-create it',
  });
}

/** Read a Parquet file as row objects. */
export async function readRows<T = Record<string, unknown>>(
  path: string,
  opts: { columns?: string[] } = {},
): Promise<T[]> {
  const t = await readTable(path, opts);
  const names = Object.keys(t.columns);
  const out: T[] = new Array(t.numRows);
  for (let i = 0; i < t.numRows; i++) {
    const r: Record<string, unknown> = {};
    for (const c of names) r[c] = t.columns[c]![i];
    out[i] = r as T;
  }
  return out;
}

function isTopLevel(schema: ReadonlyArray<{ num_children?: number }>, index: number, _len: number): boolean {
  // Walk the flattened schema tree from the root, marking direct children of the root.
  let i = 1;
  const rootChildren = schema[0]?.num_children ?? 0;
  for (let c = 0; c < rootChildren; c++) {
    if (i === index) return true;
    i = skip(schema, i);
  }
  return false;
}

function skip(schema: ReadonlyArray<{ num_children?: number }>, i: number): number {
  const n = schema[i]?.num_children ?? 0;
  let j = i + 1;
  for (let c = 0; c < n; c++) j = skip(schema, j);
  return j;
}

function normalise(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  return v;
}

/** Write bytes to `path` via a temp file in the same directory and a rename. */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`;
  const { writeFile } = await import('node:fs/promises');
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
