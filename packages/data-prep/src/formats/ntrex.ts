import { basename, join } from 'node:path';
import { DataError } from '@hbt/core';
import { type InputFile, isDir, listFiles } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readAlignedFiles } from '../readers/aligned.js';
import { bitextResult, checkWanted, wantedLangs } from './common.js';
import { splitLangFile } from './parallel.js';
import type { FormatSpec } from './types.js';

const FILE = /^newstest2019-(src|ref)\.[^.]+\.txt$/;

/**
 * NTREX-128: `NTREX-128/newstest2019-src.eng.txt` (the English source) and `newstest2019-ref.<lang>.txt`
 * (its translations), 1,997 lines each, line-aligned: one multi-way set. English is always kept (the
 * pivot); `languages` picks the others.
 */
function discover(ds: LocatedDataset): InputFile[] {
  const dir = isDir(join(ds.root, 'NTREX-128')) ? join(ds.root, 'NTREX-128') : ds.root;
  if (!isDir(dir)) {
    throw new DataError('an NTREX-128 dataset is a folder of newstest2019-{src,ref}.<lang>.txt files', {
      file: ds.root,
    });
  }
  const found = listFiles(dir, (n) => FILE.test(n)).map((p) => {
    const f = splitLangFile(p);
    if (f === null) {
      throw new DataError(`unknown language code in the file name ${basename(p)}`, {
        file: p,
        hint: 'NTREX files are newstest2019-ref.<ISO 639-3 code>[-Script].txt',
      });
    }
    return { path: p, lang: f.lang, source: f.source };
  });
  if (!found.some((f) => f.lang === 'eng')) {
    throw new DataError('no newstest2019-src.eng.txt (the English source) in the folder', {
      file: dir,
      hint: 're-fetch: hbt data fetch ntrex-128',
    });
  }
  checkWanted(ds, found);
  const want = wantedLangs(ds);
  const kept = found.filter((f) => f.lang === 'eng' || want === null || want.has(f.lang));
  // English (the source) first: it is the set's source column.
  kept.sort((a, b) => (a.lang === 'eng' ? -1 : b.lang === 'eng' ? 1 : a.lang < b.lang ? -1 : 1));
  return kept.map((f) => ({ path: f.path, lang: f.lang, kind: `ntrex:${f.source}` }));
}

/** `ntrex`: NTREX-128, test data only (bitext; never train on it). */
export const NTREX: FormatSpec = {
  name: 'ntrex',
  layout: 'NTREX-128/newstest2019-src.eng.txt + newstest2019-ref.<lang>.txt, line-aligned',
  task: 'bitext',
  train: false,
  inDomain: false,
  settings: ['languages', 'limit'],
  discover,
  async read(ds, o) {
    const files = ds.files.map((f) => ({ path: f.path, lang: f.lang!, source: f.kind.slice(6) }));
    const set = await readAlignedFiles('', files, ds.name, o.skips, ds.ref.limit, o.onFile);
    return bitextResult(ds, o, [set], [], 'eng');
  },
};
