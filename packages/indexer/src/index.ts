/**
 * @hbt/indexer — encodes corpora and queries with a trained model, exact top-k search by blocked matrix
 * products with bounded heaps, an optional LanceDB ANN index with measured recall, and the `index` stage
 * (`queries.arrow`, `corpus.arrow`, `run.parquet`).
 *
 * @example
 * import { loadIndexed, runColumns, searchSetting } from '@hbt/indexer';
 * const { queries, corpus } = await loadIndexed('artifacts/variants/a/index', 'artifacts/prep');
 * const { results } = await searchSetting(queries, corpus, { queryLangs: ['de'], docLangs: ['en'] }, { k: 100 });
 * const run = runColumns(results, queries.ids, corpus.ids); // query_id, doc_id, rank, score
 */

export { lanceSearchFiles } from './ann-files.js';
export {
  type LanceIndexKind,
  type LanceSearchInfo,
  type LanceSearchOptions,
  lanceSearch,
} from './ann-lancedb.js';
export { type AnnStats, annSearchAll } from './ann-run.js';
export { ENCODE_CHUNK, type EncodeOptions, encodeTexts } from './encode.js';
export { blockRanges, type EngineName, resolveEngine } from './engines.js';
export { loadIndexed } from './load.js';
export { type CandidateText, candidateTexts, groupRows, readTextTable, type TextTable } from './prep.js';
export { type RecallReport, recallAtK, subsetResult } from './recall.js';
export {
  CORPUS_FILE,
  INDEX_STAGE_VERSION,
  type IndexInputs,
  indexStageSpec,
  QUERIES_FILE,
  run,
  trainedModel,
} from './run.js';
export { RUN_FILE, type RunColumns, readRun, runColumns, writeRun } from './run-table.js';
export {
  DEFAULT_BLOCK_CANDIDATES,
  DEFAULT_BLOCK_QUERIES,
  type SearchOptions,
  type SearchResult,
  searchExact,
} from './search.js';
export {
  type Collection,
  type Setting,
  type SettingResult,
  type SettingSearchOptions,
  searchSetting,
  selectRows,
  settingQueryCount,
} from './setting.js';
export { type EmbeddingBatch, readEmbeddingBatches, writeEmbeddingBatches } from './shard-io.js';
export { encodeShard, shardBase, shardFolder, shardKey } from './shard-job.js';
export {
  listShards,
  mergeShards,
  parseShard,
  type ShardEntry,
  type ShardMeta,
  type ShardSpec,
  shardFileName,
  shardRows,
  writeShard,
} from './shards.js';
export {
  type FileQueries,
  type StreamSearchOptions,
  type StreamSearchResult,
  searchFiles,
} from './stream-search.js';
export { TopK } from './topk.js';
export { compareIds, firstNonFiniteRow, gatherRows, idTieKeys, rowCount, type VectorSet } from './vectors.js';
