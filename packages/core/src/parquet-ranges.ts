import { stat } from 'node:fs/promises';
import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DataError } from './errors.js';
import { PARQUET_STRING_PARSERS, unreadableParquet } from './parquet.js';

/** One row group of a Parquet file: where its rows start, how many, and each column's min and max. */
export interface RowGroupInfo {
  /** File row of its first row. */
  rowStart: number;
  numRows: number;
  /** Per top-level column with statistics: its smallest and largest value in the group. */
  stats: Record<string, { min: unknown; max: unknown }>;
}

/**
 * Reads row ranges of a Parquet file without reading the whole file: only the footer is read on
 * {@link ParquetRowRanges.open}, and {@link ParquetRowRanges.read} fetches the row groups that hold the
 * rows asked for. So memory follows the range, not the file (and a file past the 2 GiB a whole read
 * allows can be read). Strings come back exactly as written, as with `readTable`.
 *
 * @example
 * const f = await ParquetRowRanges.open('variants/default/sample/batches.parquet');
 * f.rowGroups[0]!.stats.step; // { min: 0, max: 1562 }
 * const cols = await f.read(0, 1000, ['step', 'pair_id']); // { step: [0, 0, …], pair_id: ['…', …] }
 */
export class ParquetRowRanges {
  private constructor(
    readonly path: string,
    private readonly file: Awaited<ReturnType<typeof asyncBufferFromFile>>,
    private readonly meta: FileMetaData,
    /** Rows in the file. */
    readonly numRows: number,
    /** The row groups, in file order. */
    readonly rowGroups: readonly RowGroupInfo[],
    /** The file's key/value metadata. */
    readonly metadata: Readonly<Record<string, string>>,
    /** The top-level column names. */
    readonly columns: readonly string[],
  ) {}

  /** Read the footer of `path` (a regular file). Errors name the file. */
  static async open(path: string): Promise<ParquetRowRanges> {
    let isFile = false;
    try {
      isFile = (await stat(path)).isFile();
    } catch {
      throw new DataError('file not found', {
        file: path,
        hint: 'check the path, or run the stage that writes it first',
      });
    }
    if (!isFile) throw new DataError('not a regular file', { file: path });
    try {
      const file = await asyncBufferFromFile(path);
      const meta = await parquetMetadataAsync(file, { parsers: PARQUET_STRING_PARSERS });
      const top = topLevelColumns(meta);
      let rowStart = 0;
      const rowGroups = meta.row_groups.map((g) => {
        const stats: RowGroupInfo['stats'] = {};
        for (const c of g.columns) {
          const name = c.meta_data?.path_in_schema;
          const st = c.meta_data?.statistics;
          if (name?.length !== 1 || !st) continue;
          const min = st.min_value ?? st.min;
          const max = st.max_value ?? st.max;
          if (min !== undefined && max !== undefined) stats[name[0]!] = { min: norm(min), max: norm(max) };
        }
        const info = { rowStart, numRows: Number(g.num_rows), stats };
        rowStart += info.numRows;
        return info;
      });
      const metadata: Record<string, string> = {};
      for (const kv of meta.key_value_metadata ?? []) metadata[kv.key] = kv.value ?? '';
      return new ParquetRowRanges(path, file, meta, Number(meta.num_rows), rowGroups, metadata, top);
    } catch (e) {
      throw unreadableParquet(path, e);
    }
  }

  /** Rows `[rowStart, rowEnd)` of `columns` (each must exist), column by column. */
  async read(
    rowStart: number,
    rowEnd: number,
    columns: readonly string[],
  ): Promise<Record<string, unknown[]>> {
    for (const c of columns) {
      if (!this.columns.includes(c)) {
        throw new DataError(`column "${c}" not found (columns: ${this.columns.join(', ')})`, {
          file: this.path,
        });
      }
    }
    const end = Math.min(rowEnd, this.numRows);
    const out: Record<string, unknown[]> = {};
    for (const c of columns) out[c] = [];
    if (end <= rowStart) return out;
    let rows: Array<Record<string, unknown>>;
    try {
      rows = (await parquetReadObjects({
        file: this.file,
        metadata: this.meta,
        columns: [...columns],
        rowStart,
        rowEnd: end,
        compressors,
        parsers: PARQUET_STRING_PARSERS,
      })) as Array<Record<string, unknown>>;
    } catch (e) {
      throw unreadableParquet(this.path, e);
    }
    for (const c of columns) {
      const col = out[c]!;
      col.length = rows.length;
      for (let i = 0; i < rows.length; i++) col[i] = norm(rows[i]![c]);
    }
    return out;
  }
}

function topLevelColumns(meta: FileMetaData): string[] {
  const names: string[] = [];
  let i = 1;
  const skip = (j: number): number => {
    const n = meta.schema[j]?.num_children ?? 0;
    let k = j + 1;
    for (let c = 0; c < n; c++) k = skip(k);
    return k;
  };
  for (let c = 0; c < (meta.schema[0]?.num_children ?? 0); c++) {
    names.push(meta.schema[i]!.name);
    i = skip(i);
  }
  return names;
}

function norm(v: unknown): unknown {
  return typeof v === 'bigint' ? Number(v) : v;
}
