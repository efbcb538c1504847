import { basename, join } from 'node:path';
import { DataError } from '@hbt/core';
import { configLang, entryAt, isDir } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readMintaka } from '../readers/mintaka.js';
import { parallelPairs } from './common.js';
import type { FormatSpec } from './types.js';

function mintakaFile(ds: LocatedDataset): string {
  if (!isDir(ds.root)) return ds.root;
  const p = join(ds.root, `mintaka_${ds.ref.split ?? 'dev'}.json`);
  if (entryAt(p) === 'missing') {
    throw new DataError(`no ${basename(p)} in the folder`, {
      file: ds.root,
      hint: 'give the Mintaka JSON file as "path", or set "split"',
    });
  }
  return p;
}

/** `mintaka`: `mintaka_<split>.json`, questions with their translations → cross-lingual pairs only. */
export const MINTAKA: FormatSpec = {
  name: 'mintaka',
  layout: 'mintaka_<split>.json: a list of {id, question, translations}',
  task: null,
  train: true,
  inDomain: false,
  settings: ['split', 'languages', 'limit'],
  discover: (ds) => [{ path: mintakaFile(ds), lang: null, kind: 'questions' }],
  async read(ds, o) {
    const langs = ds.ref.languages
      ? new Set(ds.ref.languages.map((l, i) => configLang(l, `${ds.where}.languages[${i}]`)))
      : null;
    const { groups, questions } = await readMintaka(ds.files[0]!.path, ds.name, langs, o.skips, ds.ref.limit);
    o.onFile();
    return { eval: {}, read: questions, pairs: parallelPairs(ds, o, groups, true) };
  },
};
