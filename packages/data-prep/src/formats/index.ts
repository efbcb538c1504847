import { statRegularFileSync } from '@hbt/core';
import type { DatasetFormat } from '../config.js';
import { DATA_FILE, type InputFile } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { AFRIQA } from './afriqa.js';
import { BEIR } from './beir.js';
import { FLORES_SIB200 } from './flores-sib200.js';
import { LAREQA, SQUAD } from './lareqa.js';
import { MAFAND_MT } from './mafand-mt.js';
import { MASAKHANE_NEWS } from './masakhane-news.js';
import { MINTAKA } from './mintaka.js';
import { MIRACL } from './miracl.js';
import { NTREX } from './ntrex.js';
import { PAIRS } from './pairs.js';
import { PARALLEL } from './parallel.js';
import { SENTENCES } from './sentences.js';
import { TATOEBA } from './tatoeba.js';
import { TRIPLES } from './triples.js';
import type { FormatSpec } from './types.js';

/**
 * Every input format prep reads, by name: one record each (`FormatSpec`: files, reader, settings, task).
 * The names are the config's format table (`DATASET_FORMATS` in @hbt/core): the type below makes a
 * missing or extra record a compile error. Locate, prep, the config check, `hbt data list` and the
 * messages all read this table; nothing else switches on a format.
 *
 * @example
 * FORMATS.ntrex.task; // 'bitext'
 */
export const FORMATS: { readonly [K in DatasetFormat]: FormatSpec & { name: K } } = {
  lareqa: LAREQA as FormatSpec & { name: 'lareqa' },
  squad: SQUAD as FormatSpec & { name: 'squad' },
  mintaka: MINTAKA as FormatSpec & { name: 'mintaka' },
  miracl: MIRACL as FormatSpec & { name: 'miracl' },
  beir: BEIR as FormatSpec & { name: 'beir' },
  triples: TRIPLES as FormatSpec & { name: 'triples' },
  pairs: PAIRS as FormatSpec & { name: 'pairs' },
  parallel: PARALLEL as FormatSpec & { name: 'parallel' },
  sentences: SENTENCES as FormatSpec & { name: 'sentences' },
  ntrex: NTREX as FormatSpec & { name: 'ntrex' },
  'flores-sib200': FLORES_SIB200 as FormatSpec & { name: 'flores-sib200' },
  tatoeba: TATOEBA as FormatSpec & { name: 'tatoeba' },
  'mafand-mt': MAFAND_MT as FormatSpec & { name: 'mafand-mt' },
  afriqa: AFRIQA as FormatSpec & { name: 'afriqa' },
  'masakhane-news': MASAKHANE_NEWS as FormatSpec & { name: 'masakhane-news' },
};

/** The format names, in the config table's order. */
export const FORMAT_NAMES = Object.keys(FORMATS) as DatasetFormat[];

/**
 * The files a dataset's reader will read (its format's `discover`). Called once when the dataset is
 * located, so a missing file is reported before anything runs. Every file returned is a regular file (or
 * a link to one); an entry with a data file's name that is anything else (a folder, a FIFO, a device, a
 * dangling or looping link) is a DataError naming it.
 */
export function discoverFiles(ds: LocatedDataset): InputFile[] {
  const files = FORMATS[ds.format].discover(ds);
  for (const f of files) statRegularFileSync(f.path, DATA_FILE);
  return files;
}

export type { DatasetResult, DatasetSetting, EvalTask, FormatSpec, ProcessOptions } from './types.js';
