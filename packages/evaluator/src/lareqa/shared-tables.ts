import { stat } from 'node:fs/promises';
import { readTable, type Table } from '@hbt/core';

/**
 * Tables read once per process: every variant of an experiment reads the same prep artifacts (queries,
 * corpus, qrels), and `hbt eval` over nine variants need not parse them nine times. An entry is keyed by
 * path and columns and used again only while the file's size and modification time are unchanged; the
 * tables are shared, so callers must not modify them. A few entries are kept (the latest).
 *
 * @example
 * const q = await readSharedTable('artifacts/prep/queries.parquet', ['query_id', 'lang']);
 */
export async function readSharedTable(path: string, columns: string[]): Promise<Table> {
  const key = `${path}\0${columns.join('\0')}`;
  const st = await stat(path).catch(() => null);
  const version = st === null ? null : `${st.size}:${st.mtimeMs}:${st.ino}`;
  const hit = cache.get(key);
  if (hit !== undefined && version !== null && hit.version === version) return hit.table;
  // A missing file: readTable says so, with its hint.
  const table = await readTable(path, { columns });
  cache.delete(key);
  if (version !== null) {
    cache.set(key, { version, table });
    while (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  }
  return table;
}

const MAX_ENTRIES = 6;
const cache = new Map<string, { version: string; table: Table }>();
