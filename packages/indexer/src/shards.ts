import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, type EmbeddingMatrix, hashFile, UsageError, writeFileAtomic } from '@hbt/core';
import { ENCODE_CHUNK } from './encode.js';
import { readEmbeddingBatches, writeEmbeddingBatches } from './shard-io.js';

/**
 * Sharded corpus encoding: shard `i` of `n` is a deterministic slice of the corpus rows, encoded by its own
 * job into its own file of a shared folder; a later run (or a streamed search) uses all `n` files.
 *
 * - **Slices** are whole encoding chunks (`index.encode_chunk` rows, default {@link ENCODE_CHUNK}; the encoder forms its length-sorted
 *   batches within a chunk), shard i = chunks `[⌊i·C/n⌋, ⌊(i+1)·C/n⌋)` of the C chunks. So a shard encodes
 *   exactly the batches an unsharded run encodes, and n shards give the same floats as one job.
 * - **Files**: `corpus-IIIII-of-NNNNN.arrow` (embeddings, one record batch per chunk) and a `.json` sidecar
 *   ({@link ShardMeta}) written after it, both atomically (temp file + rename): jobs can run at once on one
 *   or many machines sharing the folder, and a crashed job leaves no shard behind.
 * - **Checks** when the shards are used ({@link listShards}): every shard 0…n−1 present, no file of
 *   another split (rows counted twice), sidecars matching their names, the key (model, corpus, config)
 *   and the file hashes.
 */

/** Shard `index` (0-based) of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
}

/** The sidecar of a shard file. */
export interface ShardMeta {
  format: 'hbt-corpus-shard';
  shard: number;
  shards: number;
  /** Corpus rows `[start, end)` in `corpus.parquet` order. */
  start: number;
  end: number;
  /** Rows in the whole corpus. */
  corpusRows: number;
  dim: number;
  /** Hash of what the vectors depend on (model, corpus, encoding config, backend); equal for all shards. */
  key: string;
  /** sha256 of the `.arrow` file. */
  sha256: string;
}

/**
 * Parse `i/n` (0 ≤ i < n), as in `hbt index --shard 3/8`.
 *
 * @example
 * parseShard('3/8'); // { index: 3, count: 8 }
 */
export function parseShard(s: string): ShardSpec {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(s);
  const index = m ? Number(m[1]) : Number.NaN;
  const count = m ? Number(m[2]) : Number.NaN;
  if (!m || !(count >= 1) || !(index < count) || count > 99999) {
    throw new UsageError(`--shard "${s}" is not i/n with 0 ≤ i < n ≤ 99999`, {
      hint: 'shards are numbered from 0: --shard 0/4 … --shard 3/4 (Slurm: $SLURM_ARRAY_TASK_ID/4)',
    });
  }
  return { index, count };
}

/**
 * Rows `[start, end)` of shard `spec` in a corpus of `nRows` rows: whole chunks of {@link ENCODE_CHUNK}.
 * Shards past the last chunk are empty.
 *
 * @example
 * shardRows(40000, { index: 1, count: 2 }); // [16384, 40000] (chunks 1–2 of 3)
 */
export function shardRows(nRows: number, spec: ShardSpec, chunk = ENCODE_CHUNK): [number, number] {
  const chunks = Math.ceil(nRows / chunk);
  const a = Math.floor((spec.index * chunks) / spec.count);
  const b = Math.floor(((spec.index + 1) * chunks) / spec.count);
  return [Math.min(nRows, a * chunk), Math.min(nRows, b * chunk)];
}

/** `corpus-00003-of-00008.arrow` */
export function shardFileName(spec: ShardSpec): string {
  const pad = (x: number) => String(x).padStart(5, '0');
  return `corpus-${pad(spec.index)}-of-${pad(spec.count)}.arrow`;
}

const SHARD_FILE = /^corpus-(\d{5})-of-(\d{5})\.arrow$/;

/**
 * Write one shard (the embeddings of its rows) and then its sidecar into `dir`.
 *
 * @example
 * await writeShard(dir, { index: 0, count: 4 }, emb, { start: 0, end: 16384, corpusRows: 50000, key });
 */
export async function writeShard(
  dir: string,
  spec: ShardSpec,
  m: EmbeddingMatrix,
  where: { start: number; end: number; corpusRows: number; key: string; chunk?: number },
): Promise<{ file: string; meta: ShardMeta }> {
  if (m.ids.length !== where.end - where.start) {
    throw new RangeError(
      `shard ${spec.index}/${spec.count}: ${m.ids.length} rows for [${where.start}, ${where.end})`,
    );
  }
  await mkdir(dir, { recursive: true });
  const file = join(dir, shardFileName(spec));
  await writeEmbeddingBatches(file, m, where.chunk ?? ENCODE_CHUNK);
  const meta: ShardMeta = {
    format: 'hbt-corpus-shard',
    shard: spec.index,
    shards: spec.count,
    start: where.start,
    end: where.end,
    corpusRows: where.corpusRows,
    dim: m.dim,
    key: where.key,
    sha256: await hashFile(file),
  };
  await writeFileAtomic(sidecar(file), `${JSON.stringify(meta, null, 2)}\n`);
  return { file, meta };
}

/** A validated shard: its file and sidecar. */
export interface ShardEntry {
  file: string;
  meta: ShardMeta;
}

/**
 * The `count` shards of `dir`, in order, after checking them: each of 0…count−1 present with its sidecar,
 * no shard file of another split, sidecars matching their file names, one `key` (when `key` is given,
 * that one), rows tiling `[0, corpusRows)`, and (with `verifyHashes`, the default) each file's sha256.
 * Errors name the shard file and say which job to (re)run.
 *
 * @example
 * const shards = await listShards('artifacts/variants/a/index-shards/1f2e…', 4);
 */
export async function listShards(
  dir: string,
  count: number,
  opts: { key?: string; verifyHashes?: boolean } = {},
): Promise<ShardEntry[]> {
  const names = existsSync(dir) ? await readdir(dir) : [];
  const rerun = (i: number) => `run \`hbt index --shard ${i}/${count}\` (same config, model and backend)`;
  for (const name of names) {
    const m = SHARD_FILE.exec(name);
    if (m && Number(m[2]) !== count) {
      throw new DataError(
        `shard file of a split into ${Number(m[2])} shards, but this run uses ${count}: its rows would be counted twice`,
        { file: join(dir, name), hint: `remove it (or every file of one of the two splits) from ${dir}` },
      );
    }
  }
  const out: ShardEntry[] = [];
  for (let i = 0; i < count; i++) {
    const file = join(dir, shardFileName({ index: i, count }));
    if (!existsSync(file) || !existsSync(sidecar(file))) {
      throw new DataError(`shard ${i}/${count} is missing`, { file, hint: rerun(i) });
    }
    const meta = await readMeta(sidecar(file));
    if (meta.shard !== i || meta.shards !== count) {
      throw new DataError(
        `the sidecar says shard ${meta.shard}/${meta.shards}, the file name ${i}/${count}`,
        {
          file: sidecar(file),
          hint: `a shard file was copied or renamed: ${rerun(i)}`,
        },
      );
    }
    const key = opts.key ?? out[0]?.meta.key;
    if (key !== undefined && meta.key !== key) {
      throw new DataError(`shard ${i}/${count} was encoded with another model, corpus, config or backend`, {
        file,
        location: `key ${meta.key.slice(0, 12)}…, expected ${key.slice(0, 12)}…`,
        hint: rerun(i),
      });
    }
    const prev = out[i - 1]?.meta;
    const expectStart = prev ? prev.end : 0;
    if (meta.start !== expectStart || (prev && prev.corpusRows !== meta.corpusRows)) {
      throw new DataError(
        `shard ${i}/${count} holds rows [${meta.start}, ${meta.end}), expected from ${expectStart}`,
        {
          file,
          hint: rerun(i),
        },
      );
    }
    if (opts.verifyHashes !== false && (await hashFile(file)) !== meta.sha256) {
      throw new DataError(
        `shard ${i}/${count} does not match the sha256 in its sidecar (truncated or changed)`,
        {
          file,
          hint: rerun(i),
        },
      );
    }
    out.push({ file, meta });
  }
  const last = out[count - 1]!.meta;
  if (last.end !== last.corpusRows) {
    throw new DataError(`the shards end at row ${last.end} of ${last.corpusRows}`, {
      file: out[count - 1]!.file,
    });
  }
  return out;
}

/**
 * The shards of {@link listShards}, concatenated in row order into one matrix (the merge step).
 *
 * @example
 * const corpus = await mergeShards(await listShards(dir, 4));
 */
export async function mergeShards(shards: readonly ShardEntry[]): Promise<EmbeddingMatrix> {
  const n = shards.length > 0 ? shards[shards.length - 1]!.meta.end : 0;
  const dim = shards[0]?.meta.dim ?? 0;
  const ids: string[] = [];
  const langs: string[] = [];
  const vectors = new Float32Array(n * dim);
  for (const s of shards) {
    for await (const b of readEmbeddingBatches(s.file)) {
      if (b.dim !== dim) throw new DataError(`dim ${b.dim}, expected ${dim}`, { file: s.file });
      vectors.set(b.vectors, (s.meta.start + b.start) * dim);
      for (let i = 0; i < b.ids.length; i++) {
        ids.push(b.ids[i]!);
        langs.push(b.langs[i]!);
      }
    }
    if (ids.length !== s.meta.end) {
      throw new DataError(
        `holds ${ids.length - s.meta.start} rows, its sidecar says ${s.meta.end - s.meta.start}`,
        {
          file: s.file,
        },
      );
    }
  }
  return { ids, langs, dim, vectors };
}

function sidecar(file: string): string {
  return file.replace(/\.arrow$/, '.json');
}

async function readMeta(path: string): Promise<ShardMeta> {
  let meta: ShardMeta;
  try {
    meta = JSON.parse(await readFile(path, 'utf8')) as ShardMeta;
  } catch (e) {
    throw new DataError(`unreadable shard sidecar (${(e as Error).message})`, { file: path });
  }
  if (meta.format !== 'hbt-corpus-shard') {
    throw new DataError('not an hbt corpus shard sidecar (format field)', { file: path });
  }
  return meta;
}
