import type { DataConfig, Logger, Rng } from '@hbt/core';
import type { EvalLangStats } from '../build/squad.js';
import type { DatasetFormat } from '../config.js';
import type { InputFile } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import type { Skips } from '../skips.js';
import type { EvalTables, Pair } from '../tables.js';

/**
 * How the evaluator evaluates a dataset's tables (`datasets.parquet`, column `task`):
 *
 * - `lareqa`: LAReQA-style QA retrieval (mono / cross / multi settings over parallel questions);
 * - `trec`: ad-hoc retrieval with graded qrels (MIRACL, BEIR);
 * - `bitext`: every sentence is a query and a candidate; relevant = same `group_id`, other language;
 * - `qa`: cross-lingual QA retrieval with qrels (AfriQA: question and its translation → gold passage);
 * - `news`: headline → article, one language (MasakhaNEWS).
 */
export type EvalTask = 'lareqa' | 'trec' | 'bitext' | 'qa' | 'news';

/** The settings of a `data.train[]` / `data.eval[]` entry a format may read (besides name, format, path). */
export type DatasetSetting = Exclude<keyof DataConfig['train'][number], 'name' | 'format' | 'path'>;

/** What prep hands every reader besides the dataset itself. */
export interface ProcessOptions {
  tables: EvalTables;
  skips: Skips;
  log: Logger;
  rng: Rng;
  /** `data.pairs.languages`, every accepted form (null: all). */
  pairLanguages: ReadonlySet<string> | null;
  maxPerGroup: number | null;
  hardNegatives: boolean;
  /** Called after each file is read. */
  onFile: () => void;
}

/** What reading one dataset gave. */
export interface DatasetResult {
  /** Eval counts per language (datasets with the eval role). */
  eval: Record<string, EvalLangStats>;
  /** Items read per language for train-only datasets without passages (Mintaka, triples, sentences…). */
  read: Record<string, number>;
  pairs: Pair[];
  /** The pivot language of the dataset's task (bitext xx ↔ pivot, QA passages), or null. */
  pivot?: string | null;
  /** Extra manifest stats of this dataset (e.g. unretrievable questions, the source language codes). */
  extra?: Record<string, unknown>;
}

/**
 * One input format, all of it in one record: the files it reads, how it reads them, the settings it
 * supports and what it gives. `src/formats/index.ts` lists one per name of the config's format table
 * (`DATASET_FORMATS` in @hbt/core), so a new format is one file here, a line there and a test.
 *
 * @example
 * export const SENTENCES: FormatSpec = {
 *   name: 'sentences', task: null, train: true, inDomain: false, settings: ['lang', 'limit'],
 *   layout: '.txt / .jsonl / .parquet sentences',
 *   discover: (ds) => sentenceFiles(ds),
 *   read: (ds, o) => readSentences(ds, o),
 * };
 */
export interface FormatSpec {
  name: DatasetFormat;
  /** One line on the files it reads (errors and help quote it). */
  layout: string;
  /** Its evaluation task; null when it only gives training pairs (it cannot be in `data.eval`). */
  task: EvalTask | null;
  /** Whether it gives training pairs (it can be in `data.train`). */
  train: boolean;
  /** A train dataset of this format is evaluated too ("in-domain": LAReQA, SQuAD). */
  inDomain: boolean;
  /** The dataset-entry settings it reads; setting any other is a usage error. */
  settings: readonly DatasetSetting[];
  /** The files it will read (called when the dataset is located, so a missing file is found first). */
  discover(ds: LocatedDataset): InputFile[];
  /** Read the located files: eval rows into `o.tables` (eval role), training pairs (train role). */
  read(ds: LocatedDataset, o: ProcessOptions): Promise<DatasetResult>;
}
