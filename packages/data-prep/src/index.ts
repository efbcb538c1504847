/**
 * @hbt/data-prep — the dataset registry, `hbt data fetch` (download or mirror copy, checksum-verified,
 * cached), readers for every input format as a registry of records (`FORMATS`: LAReQA/SQuAD JSON, Mintaka,
 * MIRACL, BEIR, TSV triples, JSONL/Parquet pairs, parallel text, sentences, NTREX-128, SIB-200, Tatoeba,
 * MAFAND-MT, AfriQA, MasakhaNEWS), language codes, and the prep stage that writes corpus, queries, qrels,
 * train_pairs, val_pairs and datasets.
 */

export { evalTexts, excludeEvalText, leakKey } from './build/leak.js';
export { buildParallelPairs, type ParallelGroup, type ParallelPairOptions } from './build/parallel.js';
export { type PairSplit, splitByGroup } from './build/split.js';
export {
  type DataConfig,
  type DatasetFormat,
  type DatasetRef,
  type DatasetRole,
  EVAL_FORMATS,
  IN_DOMAIN_FORMATS,
} from './config.js';
export {
  datasetCacheDir,
  defaultCacheRoot,
  FETCH_MARKER,
  type FetchedFile,
  type FetchOptions,
  type FetchResult,
  fetchDataset,
} from './fetch.js';
export { type InputFile, langFromFileName } from './files.js';
export {
  type DatasetResult,
  type DatasetSetting,
  type EvalTask,
  FORMAT_NAMES,
  FORMATS,
  type FormatSpec,
  type ProcessOptions,
} from './formats/index.js';
export { findSyntaxError, lineColumn, parseJson } from './json.js';
export { configLangForms, normalizeLang3 } from './lang3.js';
export { knownLanguages, languageName, normalizeLang, sortLangs } from './languages.js';
export { type LocatedDataset, locateDatasets, type PrepInputs, prepInputFiles } from './locate.js';
export { readSquadFile, type SquadFile, type SquadParagraph, type SquadQuestion } from './readers/lareqa.js';
export { type DatasetEntry, findDataset, getDataset, REGISTRY, type RegistryFile } from './registry.js';
export { PREP_OUTPUTS, PREP_STAGE, PREP_STAGE_VERSION, prepKeyConfig, run } from './run.js';
export { type SkipRecord, Skips } from './skips.js';
export type { Pair } from './tables.js';
