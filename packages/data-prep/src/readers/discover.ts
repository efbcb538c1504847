import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, statRegularFileSync, UsageError } from '@hbt/core';
import {
  configLang,
  DATA_FILE,
  entryAt,
  filterLangs,
  type InputFile,
  isDir,
  langFromFileName,
  listFiles,
  perLanguageFiles,
} from '../files.js';
import { normalizeLang } from '../languages.js';
import type { LocatedDataset } from '../locate.js';

/**
 * The files a dataset's reader will read, by format (see the package README for each layout). Called
 * once when the dataset is located, so a missing file is reported before anything runs. Every file
 * returned is a regular file (or a link to one); an entry with a data file's name that is anything else
 * (a folder, a FIFO, a device, a dangling or looping link) is a {@link DataError} naming it.
 */
export function discoverFiles(ds: LocatedDataset): InputFile[] {
  const files = byFormat(ds);
  for (const f of files) statRegularFileSync(f.path, DATA_FILE);
  return files;
}

function byFormat(ds: LocatedDataset): InputFile[] {
  switch (ds.format) {
    case 'lareqa':
    case 'squad':
      return perLanguageFiles(ds.root, ds.ref, ['.json'], 'questions', ds.where);
    case 'triples':
      return perLanguageFiles(ds.root, ds.ref, ['.tsv', '.tsv.gz'], 'triples', ds.where);
    case 'mintaka':
      return [{ path: mintakaFile(ds), lang: null, kind: 'questions' }];
    case 'pairs':
      return pairsFiles(ds);
    case 'miracl':
      return miraclFiles(ds);
    case 'beir':
      return beirFiles(ds);
  }
}

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

function pairsFiles(ds: LocatedDataset): InputFile[] {
  const ok = (n: string) => n.endsWith('.jsonl') || n.endsWith('.jsonl.gz') || n.endsWith('.parquet');
  const files = isDir(ds.root) ? listFiles(ds.root, ok) : [ds.root];
  if (files.length === 0) {
    throw new DataError('no .jsonl, .jsonl.gz or .parquet files in the folder', { file: ds.root });
  }
  for (const f of files) {
    if (!ok(f)) {
      throw new DataError('a pairs file must end in .jsonl, .jsonl.gz or .parquet', { file: f });
    }
  }
  return files.map((path) => ({ path, lang: null, kind: 'pairs' }));
}

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

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
