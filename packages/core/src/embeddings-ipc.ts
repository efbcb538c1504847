import { readFile } from 'node:fs/promises';
import {
  Field,
  FixedSizeList,
  Float32,
  makeData,
  makeVector,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableFromIPC,
  tableToIPC,
  Utf8,
  vectorFromArray,
} from 'apache-arrow';
import { DataError } from './errors.js';
import { writeFileAtomic } from './parquet.js';

/**
 * Embeddings as Arrow IPC (file format): columns `id: Utf8`, `lang: Utf8`,
 * `embedding: FixedSizeList<Float32, dim>`. Reading gives one contiguous row-major `Float32Array`
 * (zero-copy from the file's buffer when aligned).
 *
 * @example
 * await writeEmbeddings('emb.arrow', { ids: ['a'], langs: ['en'], dim: 2, vectors: new Float32Array([1, 0]) });
 * const e = await readEmbeddings('emb.arrow'); // e.vectors.length === 2
 */
export interface EmbeddingMatrix {
  ids: string[];
  langs: string[];
  dim: number;
  /** Row-major [ids.length, dim]. */
  vectors: Float32Array;
}

export function embeddingsToTable(m: EmbeddingMatrix): Table {
  const n = m.ids.length;
  if (m.langs.length !== n || m.vectors.length !== n * m.dim) {
    throw new Error(
      `embeddings: ${n} ids, ${m.langs.length} langs, ${m.vectors.length} floats for dim ${m.dim}`,
    );
  }
  const child = new Field('element', new Float32(), false);
  const listType = new FixedSizeList(m.dim, child);
  const values = makeData({ type: new Float32(), length: n * m.dim, data: m.vectors });
  const embData = makeData({ type: listType, length: n, nullCount: 0, child: values });
  const idVec = vectorFromArray(m.ids, new Utf8());
  const langVec = vectorFromArray(m.langs, new Utf8());
  const schema = new Schema([
    new Field('id', new Utf8(), false),
    new Field('lang', new Utf8(), false),
    new Field('embedding', listType, false),
  ]);
  const struct = makeData({
    type: new Struct(schema.fields),
    length: n,
    nullCount: 0,
    children: [idVec.data[0]!, langVec.data[0]!, makeVector(embData).data[0]!],
  });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}

export async function writeEmbeddings(path: string, m: EmbeddingMatrix): Promise<void> {
  await writeFileAtomic(path, tableToIPC(embeddingsToTable(m), 'file'));
}

export async function readEmbeddings(path: string): Promise<EmbeddingMatrix> {
  let table: Table;
  try {
    table = tableFromIPC(await readFile(path));
  } catch (e) {
    throw new DataError(`not a readable Arrow IPC embeddings file (${(e as Error).message})`, { file: path });
  }
  const emb = table.getChild('embedding');
  const ids = table.getChild('id');
  const langs = table.getChild('lang');
  if (!emb || !ids || !langs) throw new DataError('expected columns id, lang, embedding', { file: path });
  const type = emb.type as FixedSizeList;
  const dim = type.listSize;
  const vectors = new Float32Array(table.numRows * dim);
  let off = 0;
  for (const d of emb.data) {
    const child = d.children[0]!;
    const vals = (child.values as Float32Array).subarray(child.offset, child.offset + d.length * dim);
    vectors.set(vals, off);
    off += vals.length;
  }
  return { ids: ids.toArray() as string[], langs: langs.toArray() as string[], dim, vectors };
}
