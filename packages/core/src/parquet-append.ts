import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import {
  artifactMetadata,
  type Columns,
  CREATED_BY,
  checkColumns,
  columnDataOf,
  kvMetadataOf,
  PARQUET_FILE_OPTIONS,
  parquetSchemaOf,
  ROW_GROUP_ROWS,
} from './parquet.js';
import { ARTIFACT_SCHEMAS, type ArtifactName, type ColumnSpec, columnSpecs } from './schemas.js';

/**
 * Writes a Parquet table in pieces, in bounded memory: {@link ParquetAppender.append} takes any number
 * of rows, whole row groups of {@link ROW_GROUP_ROWS} rows are encoded and written to a temp file as soon
 * as they are complete, and {@link ParquetAppender.finish} writes the last (shorter) group and the footer
 * and renames the temp file into place. Memory holds at most one row group of values and its encoded
 * bytes, plus the footer's per-group metadata.
 *
 * The bytes equal {@link writeTable}'s for the same rows, however they are split into `append` calls:
 * both cut the rows into the same row groups and encode them with the same schema and options.
 * Nothing is at `path` until `finish` succeeds; {@link ParquetAppender.abort} removes the temp file.
 *
 * @example
 * const w = await ParquetAppender.open('out/batches.parquet', columnSpecs(ARTIFACT_SCHEMAS.batches));
 * try {
 *   for (const chunk of chunks) w.append(chunk); // { step: Int32Array, slot: Int32Array, pair_id: string[], … }
 *   await w.finish(); // rows written
 * } catch (e) {
 *   await w.abort();
 *   throw e;
 * }
 */
export class ParquetAppender {
  private readonly pending: unknown[][];
  private pendingRows = 0;
  private rows = 0;
  private done = false;

  private constructor(
    readonly path: string,
    private readonly specs: readonly ColumnSpec[],
    private readonly tmp: string,
    private readonly fd: number,
    private readonly pq: ParquetWriter,
  ) {
    this.pending = specs.map(() => []);
  }

  /** Open a writer for `path` (its folder is created); `metadata` goes into the footer. */
  static async open(
    path: string,
    specs: readonly ColumnSpec[],
    metadata: Record<string, string> = {},
  ): Promise<ParquetAppender> {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.tmp-${process.pid}-${Math.floor(performance.now() * 1000)}`;
    const fd = openSync(tmp, 'w');
    const pq = new ParquetWriter({
      writer: fileByteWriter(fd),
      // biome-ignore lint/suspicious/noExplicitAny: hyparquet-writer's schema type is loose JSON
      schema: parquetSchemaOf(specs) as any,
      ...PARQUET_FILE_OPTIONS,
      createdBy: CREATED_BY,
      kvMetadata: kvMetadataOf(specs, metadata),
    });
    return new ParquetAppender(path, specs, tmp, fd, pq);
  }

  /** Rows appended so far. */
  get rowCount(): number {
    return this.rows;
  }

  /** Append rows (every column of the schema, equal lengths); writes each row group it completes. */
  append(columns: Columns): void {
    if (this.done) throw new Error(`${this.path}: append after finish or abort`);
    const n = checkColumns(this.path, this.specs, columns, this.rows);
    const data = columnDataOf(this.specs, columns);
    let from = 0;
    while (from < n) {
      const take = Math.min(n - from, ROW_GROUP_ROWS - this.pendingRows);
      for (let c = 0; c < data.length; c++) {
        const col = data[c]!.data;
        const dst = this.pending[c]!;
        for (let i = from; i < from + take; i++) dst.push(col[i]);
      }
      this.pendingRows += take;
      from += take;
      if (this.pendingRows === ROW_GROUP_ROWS) this.flushGroup();
    }
    this.rows += n;
  }

  /** Write the last row group and the footer, then move the file into place; returns the row count. */
  async finish(): Promise<number> {
    if (this.done) throw new Error(`${this.path}: finish after finish or abort`);
    try {
      if (this.pendingRows > 0) this.flushGroup();
      this.pq.finish();
      closeSync(this.fd);
      this.done = true;
      await rename(this.tmp, this.path);
      return this.rows;
    } catch (e) {
      await this.abort();
      throw e;
    }
  }

  /** Drop what was written (the temp file); `path` is left as it was. */
  async abort(): Promise<void> {
    if (!this.done) {
      this.done = true;
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
    }
    await rm(this.tmp, { force: true });
  }

  private flushGroup(): void {
    const columnData = this.specs.map((s, c) => ({
      name: s.name,
      data: this.pending[c]!,
      nullable: s.nullable,
    }));
    // biome-ignore lint/suspicious/noExplicitAny: column arrays are checked in append
    this.pq.write({ columnData: columnData as any, rowGroupSize: ROW_GROUP_ROWS });
    for (let c = 0; c < this.pending.length; c++) this.pending[c] = [];
    this.pendingRows = 0;
  }
}

/** Open a {@link ParquetAppender} for a named artifact (its schema and the hbt metadata, as `writeArtifact`). */
export function openArtifactAppender(
  path: string,
  artifact: ArtifactName,
  extraMetadata: Record<string, string> = {},
): Promise<ParquetAppender> {
  return ParquetAppender.open(
    path,
    columnSpecs(ARTIFACT_SCHEMAS[artifact]),
    artifactMetadata(artifact, extraMetadata),
  );
}

/** A hyparquet-writer byte writer that hands its bytes to `fd` after each row group and at the end. */
function fileByteWriter(fd: number): ByteWriter {
  const w = new ByteWriter(1 << 20);
  const flush = () => {
    let off = 0;
    while (off < w.index) off += writeSync(fd, new Uint8Array(w.buffer, off, w.index - off));
    w.index = 0;
  };
  Object.assign(w, { flush, finish: flush });
  return w;
}
