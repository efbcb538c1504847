import { addSquadEval, squadGroups } from '../build/squad.js';
import { perLanguageFiles } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readSquadFile } from '../readers/lareqa.js';
import { byLang, parallelPairs } from './common.js';
import type { DatasetResult, FormatSpec, ProcessOptions } from './types.js';

/** LAReQA / SQuAD: a folder of `<lang>.json` (or `*.<lang>.json`), one SQuAD JSON per language. */
async function read(ds: LocatedDataset, o: ProcessOptions, mode: 'lareqa' | 'squad'): Promise<DatasetResult> {
  const res: DatasetResult = { eval: {}, read: {}, pairs: [] };
  const files = [];
  for (const f of byLang(ds.files)) {
    files.push(await readSquadFile(f.path, f.lang!, mode, ds.name, o.skips, ds.ref.limit));
    o.onFile();
  }
  if (ds.roles.includes('eval')) res.eval = addSquadEval(ds.name, files, mode, o.tables, o.skips);
  if (ds.roles.includes('train')) res.pairs = parallelPairs(ds, o, squadGroups(files), false);
  return res;
}

const common = {
  task: 'lareqa',
  train: true,
  inDomain: true,
  settings: ['lang', 'languages', 'limit'],
  discover: (ds: LocatedDataset) => perLanguageFiles(ds.root, ds.ref, ['.json'], 'questions', ds.where),
} as const;

/** `lareqa`: SQuAD JSON with `sentence_breaks`; candidates are sentences (LAReQA's semantics). */
export const LAREQA: FormatSpec = {
  ...common,
  name: 'lareqa',
  layout: 'a folder of <lang>.json (SQuAD JSON with sentence_breaks)',
  read: (ds, o) => read(ds, o, 'lareqa'),
};

/** `squad`: SQuAD JSON without sentence fields; the paragraph is the candidate. */
export const SQUAD: FormatSpec = {
  ...common,
  name: 'squad',
  layout: 'a folder of <lang>.json (SQuAD JSON)',
  read: (ds, o) => read(ds, o, 'squad'),
};
