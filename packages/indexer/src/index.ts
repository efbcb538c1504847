/**
 * @hbt/indexer — encodes corpora and queries with a trained model, exact top-k search by blocked matrix
 * products with bounded heaps, an optional LanceDB ANN index with measured recall, and the `index` stage
 * (`queries.arrow`, `corpus.arrow`, `run.parquet`).
 *
 * @example
 * import { readEmbeddings } from '@hbt/core';
 * import { runColumns, searchSetting } from '@hbt/indexer';
 * const q = await readEmbeddings('…/index/queries.arrow');  // plus datasets from prep/queries.parquet
 * const { results } = await searchSetting({ ...q, datasets }, { ...c, datasets: cds },
 *   { queryLangs: ['de'], docLangs: ['en'] }, { k: 100 });
 * const run = runColumns(results, q.ids, c.ids);             // query_id, doc_id, rank, score
 */
export {
  type LanceIndexKind,
  type LanceSearchInfo,
  type LanceSearchOptions,
  lanceSearch,
} from './ann-lancedb.js';
export { type AnnStats, annSearchAll } from './ann-run.js';
export { encodeTexts, type EncodeOptions } from './encode.js';
export { blockRanges, type EngineName, resolveEngine } from './engines.js';
export { type CandidateText, candidateTexts, groupRows, readTextTable, type TextTable } from './prep.js';
export { loadIndexed } from './load.js';
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
export { readRun, RUN_FILE, type RunColumns, runColumns, writeRun } from './run-table.js';
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
} from './setting.js';
export { TopK } from './topk.js';
export { compareIds, firstNonFiniteRow, gatherRows, idTieKeys, rowCount, type VectorSet } from './vectors.js';
