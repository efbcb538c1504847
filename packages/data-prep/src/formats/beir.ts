import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, UsageError } from '@hbt/core';
import { configLang, entryAt, filterLangs, type InputFile, isDir } from '../files.js';
import { normalizeLang } from '../languages.js';
import type { LocatedDataset } from '../locate.js';
import { readQueriesJsonl } from '../readers/ir.js';
import { readIrDataset } from './ir-common.js';
import type { FormatSpec } from './types.js';

/** The qrels splits a BEIR dataset needs: `split`, else test for eval and train for training. */
export function beirSplits(ds: LocatedDataset): { train: string; eval: string } {
  return { train: ds.ref.split ?? 'train', eval: ds.ref.split ?? 'test' };
}

/** BEIR: a folder with corpus.jsonl, queries.jsonl, qrels/<split>.tsv, or one such folder per language. */
function beirFiles(ds: LocatedDataset): InputFile[] {
  if (!isDir(ds.root)) {
    throw new DataError('a BEIR dataset is a folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv)', {
      file: ds.root,
    });
  }
  let folders: Array<{ dir: string; lang: string }>;
  if (findJsonl(ds.root, 'corpus') !== null) {
    if (ds.ref.lang === undefined) {
      throw new UsageError(`${ds.where}: a BEIR folder has one language: set "lang"`, {
        hint: 'or use one subfolder per language, named by its code (en/, de/)',
      });
    }
    folders = [{ dir: ds.root, lang: configLang(ds.ref.lang, `${ds.where}.lang`) }];
  } else {
    folders = [];
    for (const name of subdirs(ds.root)) {
      const lang = normalizeLang(name);
      if (lang === null) continue;
      if (findJsonl(join(ds.root, name), 'corpus') === null) {
        throw new DataError(`no corpus.jsonl in the language folder ${name}/`, {
          file: join(ds.root, name),
          hint: 'each <lang>/ subfolder of a BEIR dataset holds corpus.jsonl, queries.jsonl and qrels/',
        });
      }
      folders.push({ dir: join(ds.root, name), lang });
    }
    if (folders.length === 0) {
      throw new DataError('no corpus.jsonl here nor in any <lang>/ subfolder', { file: ds.root });
    }
  }
  const langFiles = filterLangs(
    folders.map((f) => ({ path: f.dir, lang: f.lang, kind: 'folder' })),
    ds.ref,
    ds.where,
    ds.root,
  );
  const splits = new Set<string>();
  const s = beirSplits(ds);
  if (ds.roles.includes('train')) splits.add(s.train);
  if (ds.roles.includes('eval')) splits.add(s.eval);
  const out: InputFile[] = [];
  for (const { path: dir, lang } of langFiles) {
    const corpus = findJsonl(dir, 'corpus');
    const queries = findJsonl(dir, 'queries');
    if (queries === null) throw new DataError('no queries.jsonl in the BEIR folder', { file: dir });
    out.push({ path: corpus!, lang, kind: 'corpus' }, { path: queries, lang, kind: 'queries' });
    for (const split of [...splits].sort()) {
      const q = join(dir, 'qrels', `${split}.tsv`);
      if (entryAt(q) === 'missing') {
        throw new DataError(`no qrels/${split}.tsv in the BEIR folder`, {
          file: dir,
          hint: 'set "split" to one of the files in qrels/',
        });
      }
      out.push({ path: q, lang, kind: `qrels:${split}` });
    }
  }
  return out;
}

/** `<name>.jsonl` or `<name>.jsonl.gz` in `dir` (whatever it is: a non-file is reported later), or null. */
function findJsonl(dir: string, name: string): string | null {
  for (const n of [`${name}.jsonl`, `${name}.jsonl.gz`]) {
    if (entryAt(join(dir, n)) !== 'missing') return join(dir, n);
  }
  return null;
}

/** Sub-folders (and links to folders) of `dir`, names starting with "." aside. */
function subdirs(dir: string): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && isDir(join(dir, n)))
    .sort();
}

/** `beir`: a BEIR folder (corpus.jsonl, queries.jsonl, qrels/<split>.tsv), or one per language. */
export const BEIR: FormatSpec = {
  name: 'beir',
  layout: 'corpus.jsonl, queries.jsonl, qrels/<split>.tsv (one folder, or <lang>/ subfolders)',
  task: 'trec',
  train: true,
  inDomain: false,
  settings: ['lang', 'languages', 'split', 'limit'],
  discover: beirFiles,
  read: (ds, o) =>
    readIrDataset(ds, o, {
      queriesKind: 'queries',
      qrelsKind: (split) => `qrels:${split}`,
      readQueries: readQueriesJsonl,
      qrelsFormat: 'beir',
      unjudged: 'ignore',
      splits: beirSplits,
    }),
};
