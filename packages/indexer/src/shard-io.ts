import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { DataError, type EmbeddingMatrix, embeddingsToTable } from '@hbt/core';
import { type FixedSizeList, type RecordBatch, RecordBatchFileWriter, RecordBatchReader } from 'apache-arrow';

interface AsyncBatchReader extends AsyncIterable<RecordBatch> {
  open(): Promise<unknown>;
}

/**
 * Embeddings files written and read in record batches, so that a search can stream a file of any size
 * through a bounded buffer. The format is `writeEmbeddings`' (Arrow IPC file: `id`, `lang`, `embedding`
 * FixedSizeList<Float32, dim>) with one record batch per `batchRows` rows: `readEmbeddings` reads these
 * files whole, and these functions read any embeddings file batch by batch.
 */

/** One record batch of an embeddings file: rows `[start, start + ids.length)` of the file. */
export interface EmbeddingBatch extends EmbeddingMatrix {
  /** Row number of the batch's first row in the file. */
  start: number;
}

/**
 * Write `m` to `path` atomically (a temp file beside it, then a rename) as record batches of `batchRows`
 * rows. An empty matrix gives a file with one empty batch (its schema still names the dimension).
 *
 * @example
 * await writeEmbeddingBatches('shard.arrow', { ids, langs, dim: 128, vectors }, 16384);
 */
export async function writeEmbeddingBatches(
  path: string,
  m: EmbeddingMatrix,
  batchRows: number,
): Promise<void> {
  if (!Number.isInteger(batchRows) || batchRows < 1) {
    throw new RangeError(`batchRows must be a positive integer, got ${batchRows}`);
  }
  const n = m.ids.length;
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const fh = await open(tmp, 'w');
  try {
    const writer = new RecordBatchFileWriter();
    const pump = (async () => {
      for await (const chunk of writer) await fh.write(chunk);
    })();
    for (let s = 0; s < Math.max(n, 1); s += batchRows) {
      const e = Math.min(n, s + batchRows);
      const t = embeddingsToTable({
        ids: m.ids.slice(s, e),
        langs: m.langs.slice(s, e),
        dim: m.dim,
        vectors: m.vectors.subarray(s * m.dim, e * m.dim),
      });
      for (const b of t.batches) writer.write(b);
    }
    writer.finish();
    await pump;
    await fh.sync();
    await fh.close();
    await rename(tmp, path);
  } catch (e) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
}

/**
 * The record batches of an embeddings file, one at a time (only the current batch is in memory).
 * Vectors are copied out of the file buffer into their own `Float32Array`.
 *
 * @example
 * for await (const b of readEmbeddingBatches('shard.arrow')) console.log(b.start, b.ids.length);
 */
export async function* readEmbeddingBatches(path: string): AsyncGenerator<EmbeddingBatch> {
  const fh = await open(path, 'r').catch((e: Error) => {
    throw new DataError(`cannot open the embeddings file (${e.message})`, { file: path });
  });
  try {
    // With a FileHandle, `from` gives a promise of an async file reader (its typings pick the sync overload).
    const opened = RecordBatchReader.from(fh as never) as unknown as Promise<AsyncBatchReader>;
    const reader = await opened
      .then(async (r) => {
        await r.open();
        return r;
      })
      .catch((e: Error) => {
        throw new DataError(`not a readable Arrow IPC embeddings file (${e.message})`, { file: path });
      });
    let start = 0;
    for await (const batch of reader) {
      const emb = batch.getChild('embedding');
      const ids = batch.getChild('id');
      const langs = batch.getChild('lang');
      if (!emb || !ids || !langs) throw new DataError('expected columns id, lang, embedding', { file: path });
      const dim = (emb.type as FixedSizeList).listSize;
      const vectors = new Float32Array(batch.numRows * dim);
      let off = 0;
      for (const d of emb.data) {
        const child = d.children[0]!;
        const from = child.offset;
        vectors.set((child.values as Float32Array).subarray(from, from + d.length * dim), off);
        off += d.length * dim;
      }
      yield { start, ids: ids.toArray() as string[], langs: langs.toArray() as string[], dim, vectors };
      start += batch.numRows;
    }
  } finally {
    await fh.close();
  }
}
