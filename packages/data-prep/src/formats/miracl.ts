import { basename, join } from 'node:path';
import { DataError, UsageError } from '@hbt/core';
import {
  configLang,
  entryAt,
  filterLangs,
  type InputFile,
  isDir,
  langFromFileName,
  listFiles,
} from '../files.js';
import { normalizeLang } from '../languages.js';
import type { LocatedDataset } from '../locate.js';
import { readTopicsTsv } from '../readers/ir.js';
import { readIrDataset } from './ir-common.js';
import type { FormatSpec } from './types.js';

/** MIRACL: `topics.<prefix>-<lang>-<split>.tsv` + `qrels.<prefix>-<lang>-<split>.tsv` + a corpus. */
function miraclFiles(ds: LocatedDataset): InputFile[] {
  const split = ds.ref.split ?? 'dev';
  if (!isDir(ds.root)) {
    throw new DataError('a MIRACL dataset is a folder of topics.*-<lang>-<split>.tsv and qrels.* files', {
      file: ds.root,
    });
  }
  const re = new RegExp(`^topics\\.(.+)-([A-Za-z]+)-${escapeRe(split)}\\.tsv$`);
  const topics: InputFile[] = [];
  for (const p of listFiles(ds.root, (n) => re.test(n))) {
    const m = re.exec(basename(p))!;
    const lang = normalizeLang(m[2]!);
    if (lang === null) {
      throw new DataError(`unknown language code "${m[2]}" in the file name`, { file: p });
    }
    topics.push({ path: p, lang, kind: 'topics' });
  }
  if (topics.length === 0) {
    throw new DataError(`no topics.*-<lang>-${split}.tsv files in the folder`, { file: ds.root });
  }
  if (ds.corpus === null) {
    throw new UsageError(`${ds.where}: MIRACL passages are not in the registry files: give "corpus"`, {
      hint: 'a JSONL file (one language; set "lang" or "languages") or a folder of <lang>.jsonl[.gz] with docid, title, text',
    });
  }
  let selected = filterLangs(topics, ds.ref, ds.where, ds.root);
  const corpusFor = new Map<string, string>();
  if (isDir(ds.corpus)) {
    for (const p of listFiles(ds.corpus, (n) => n.endsWith('.jsonl') || n.endsWith('.jsonl.gz'))) {
      corpusFor.set(langFromFileName(p), p);
    }
  } else {
    const l = ds.ref.lang ?? (ds.ref.languages?.length === 1 ? ds.ref.languages[0] : undefined);
    if (l === undefined) {
      throw new UsageError(
        `${ds.where}: one corpus file covers one language: set "lang" or one "languages"`,
        {
          hint: 'or give "corpus" as a folder of <lang>.jsonl[.gz] files',
        },
      );
    }
    corpusFor.set(configLang(l, `${ds.where}.lang`), ds.corpus);
  }
  if (ds.ref.languages === undefined || ds.ref.lang !== undefined) {
    for (const t of selected.filter((t) => !corpusFor.has(t.lang!))) {
      ds.notRead.push({ path: t.path, reason: `no corpus file for language "${t.lang}"` });
    }
    selected = selected.filter((t) => corpusFor.has(t.lang!));
  }
  const out: InputFile[] = [];
  for (const t of selected) {
    const qrels = join(ds.root, basename(t.path).replace(/^topics\./, 'qrels.'));
    if (entryAt(qrels) === 'missing') {
      throw new DataError(`no qrels file for ${basename(t.path)}`, { file: qrels });
    }
    const corpus = corpusFor.get(t.lang!);
    if (corpus === undefined) {
      throw new DataError(`no corpus file for language "${t.lang}"`, {
        file: ds.corpus,
        hint: `add ${t.lang}.jsonl (docid, title, text) to the corpus folder, or drop "${t.lang}" from "languages"`,
      });
    }
    out.push(t, { path: qrels, lang: t.lang, kind: 'qrels' }, { path: corpus, lang: t.lang, kind: 'corpus' });
  }
  if (out.length === 0) {
    throw new DataError('the corpus covers none of the MIRACL languages', {
      file: ds.corpus,
      hint: `topics exist for: ${topics.map((t) => t.lang).join(', ')}`,
    });
  }
  return out;
}
function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `miracl`: MIRACL topics and graded qrels per language (dev split), with passages given as `corpus`. */
export const MIRACL: FormatSpec = {
  name: 'miracl',
  layout: 'topics.*-<lang>-<split>.tsv + qrels.*-<lang>-<split>.tsv, and "corpus" (JSONL docid, title, text)',
  task: 'trec',
  train: true,
  inDomain: false,
  settings: ['corpus', 'lang', 'languages', 'split', 'limit'],
  discover: miraclFiles,
  read: (ds, o) =>
    readIrDataset(ds, o, {
      queriesKind: 'topics',
      qrelsKind: () => 'qrels',
      readQueries: readTopicsTsv,
      qrelsFormat: 'trec',
      unjudged: 'skip',
      splits: () => ({ train: 'dev', eval: 'dev' }),
    }),
};
