import { join } from 'node:path';
import { DataError } from '@hbt/core';
import type { AlignedSet } from '../build/bitext.js';
import { entryAt, type InputFile, isDir, listFiles } from '../files.js';
import { normalizeLang3 } from '../lang3.js';
import type { LocatedDataset } from '../locate.js';
import { readAlignedFiles } from '../readers/aligned.js';
import { bitextResult, checkWanted, wantedLangs } from './common.js';
import type { FormatSpec } from './types.js';

const FILE = /^tatoeba\.([a-z]{3})-eng\.([a-z]{3})$/;

/**
 * XTREME's Tatoeba: `data/tatoeba/v1/tatoeba.<xxx>-eng.<xxx>` and `.eng`, line-aligned, one set per
 * language (named `<xxx>-eng`). `languages` picks the sets by their non-English language. A set with one
 * of its two files missing is a DataError naming the missing file.
 */
function discover(ds: LocatedDataset): InputFile[] {
  const dir = isDir(join(ds.root, 'data', 'tatoeba', 'v1'))
    ? join(ds.root, 'data', 'tatoeba', 'v1')
    : ds.root;
  if (!isDir(dir)) {
    throw new DataError('a Tatoeba dataset is a folder of tatoeba.<xxx>-eng.{<xxx>,eng} files', {
      file: ds.root,
    });
  }
  const pairs = new Map<string, { lang: string; source: string }>();
  for (const p of listFiles(dir, (n) => FILE.test(n))) {
    const source = FILE.exec(p.slice(p.lastIndexOf('/') + 1))![1]!;
    const lang = normalizeLang3(source);
    if (lang === null) {
      throw new DataError(`unknown language code "${source}" in the file name`, {
        file: p,
        hint: 'Tatoeba files are tatoeba.<ISO 639-3 code>-eng.<code>',
      });
    }
    pairs.set(source, { lang, source });
  }
  if (pairs.size === 0) {
    throw new DataError('no tatoeba.<xxx>-eng.<xxx> files in the folder', {
      file: dir,
      hint: 're-fetch: hbt data fetch tatoeba',
    });
  }
  const all = [...pairs.values()].sort((a, b) => (a.source < b.source ? -1 : 1));
  checkWanted(ds, all);
  const want = wantedLangs(ds);
  const out: InputFile[] = [];
  for (const { lang, source } of all) {
    if (want !== null && !want.has(lang)) continue;
    for (const [l, ext] of [
      [lang, source],
      ['eng', 'eng'],
    ] as const) {
      const path = join(dir, `tatoeba.${source}-eng.${ext}`);
      if (entryAt(path) === 'missing') {
        throw new DataError(
          `tatoeba.${source}-eng.${ext} is missing: the ${source}-eng set needs both files`,
          {
            file: path,
            hint: 're-fetch (hbt data fetch tatoeba), or choose other "languages"',
          },
        );
      }
      out.push({ path, lang: l, kind: `pair:${source}` });
    }
  }
  return out;
}

/** `tatoeba`: XTREME's Tatoeba bitext test sets (xx ↔ eng), test data only. */
export const TATOEBA: FormatSpec = {
  name: 'tatoeba',
  layout: 'data/tatoeba/v1/tatoeba.<xxx>-eng.{<xxx>,eng}, line-aligned per language pair',
  task: 'bitext',
  train: false,
  inDomain: false,
  settings: ['languages', 'limit'],
  discover,
  async read(ds, o) {
    const sets: AlignedSet[] = [];
    for (const kind of [...new Set(ds.files.map((f) => f.kind))]) {
      const source = kind.slice(5);
      const files = ds.files
        .filter((f) => f.kind === kind)
        .map((f) => ({ path: f.path, lang: f.lang!, source: f.lang === 'eng' ? 'eng' : source }));
      sets.push(await readAlignedFiles(`${source}-eng`, files, ds.name, o.skips, ds.ref.limit, o.onFile));
    }
    return bitextResult(ds, o, sets, [], 'eng');
  },
};
