import { join } from 'node:path';
import { DataError, readEmbeddings, readTable } from '@hbt/core';
import { CORPUS_FILE, QUERIES_FILE } from './run.js';
import type { Collection } from './setting.js';

/**
 * Load an index stage's embeddings as {@link Collection}s, with each row's dataset taken from the prep
 * tables the stage read (`corpus.parquet` / `queries.parquet`), so any setting can be searched again
 * without re-encoding.
 *
 * @example
 * const { queries, corpus } = await loadIndexed('artifacts/variants/a/index', 'artifacts/prep');
 */
export async function loadIndexed(
  indexDir: string,
  prepDir: string,
): Promise<{ queries: Collection; corpus: Collection }> {
  return {
    queries: await loadOne(join(indexDir, QUERIES_FILE), join(prepDir, 'queries.parquet'), 'query_id'),
    corpus: await loadOne(join(indexDir, CORPUS_FILE), join(prepDir, 'corpus.parquet'), 'doc_id'),
  };
}

async function loadOne(embFile: string, prepFile: string, idCol: string): Promise<Collection> {
  const e = await readEmbeddings(embFile);
  const t = await readTable(prepFile, { columns: [idCol, 'dataset'] });
  const ids = t.columns[idCol] as string[] | undefined;
  const ds = t.columns.dataset as string[] | undefined;
  if (!ids || !ds) throw new DataError(`expected columns ${idCol} and dataset`, { file: prepFile });
  const byId = new Map<string, string>();
  for (let i = 0; i < ids.length; i++) byId.set(ids[i]!, ds[i]!);
  const datasets = e.ids.map((id, i) => {
    const d = byId.get(id);
    if (d === undefined) {
      throw new DataError(`id "${id}" of ${embFile} is not in ${prepFile}`, {
        file: embFile,
        location: `row ${i + 1}`,
        hint: 'the index is older than the prep output: re-run `hbt index`',
      });
    }
    return d;
  });
  return { ids: e.ids, langs: e.langs, datasets, dim: e.dim, vectors: e.vectors };
}
