import { lstatSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { DataError, statRegularFileSync, UsageError } from '@hbt/core';
import type { DatasetRef } from './config.js';
import { normalizeLang } from './languages.js';

/** One file prep reads: its language (when the file has one) and what it holds. */
export interface InputFile {
  path: string;
  lang: string | null;
  /** e.g. `questions`, `topics`, `qrels`, `corpus`, `triples`, `pairs`. */
  kind: string;
}

/** Strip `.gz` and the extension: `xquad.en.json` → `xquad.en`, `de.jsonl.gz` → `de`. */
export function stem(file: string): string {
  let b = basename(file);
  if (b.endsWith('.gz')) b = b.slice(0, -3);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
}

/**
 * The language a per-language file is named for: the last dot-separated part of its stem (`en.json`,
 * `xquad.en.json`, `portuguese.tsv`). Unknown codes are a {@link DataError} naming the file.
 */
export function langFromFileName(file: string): string {
  const parts = stem(file).split('.');
  const tag = parts[parts.length - 1]!;
  const lang = normalizeLang(tag);
  if (lang === null) {
    throw new DataError(`unknown language code "${tag}" in the file name`, {
      file,
      hint: 'name per-language files <lang>.<ext> with an ISO 639-1 code (en.json, de.json), or give "lang"',
    });
  }
  return lang;
}

/** A language code from the config, normalised; unknown codes are a config error. */
export function configLang(code: string, where: string): string {
  const lang = normalizeLang(code);
  if (lang === null) {
    throw new UsageError(`${where}: unknown language code "${code}"`, {
      hint: 'use ISO 639-1 codes such as en, de, zh',
    });
  }
  return lang;
}

export function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** How messages call a file prep reads. */
export const DATA_FILE = 'data file';

/**
 * What is at `p`: nothing (no entry at all), a folder (or a link to one), or a regular file (or a link to
 * one). Anything else that is there — a dangling or looping symbolic link, a FIFO, a socket, a device — is
 * a {@link DataError} naming it and what it is: prep never passes over a file silently.
 */
export function entryAt(p: string, what = DATA_FILE): 'missing' | 'dir' | 'file' {
  try {
    lstatSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
  }
  if (isDir(p)) return 'dir';
  statRegularFileSync(p, what);
  return 'file';
}

/**
 * The files in a folder whose names pass `keep` (names starting with "." aside), sorted by name. Each
 * must be a regular file (or a link to one): a folder, FIFO, device or broken link with a data file's
 * name is a {@link DataError}, never passed over.
 */
export function listFiles(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && keep(n))
    .sort()
    .map((n) => {
      statRegularFileSync(join(dir, n), DATA_FILE);
      return join(dir, n);
    });
}

/**
 * Per-language files of a dataset: a folder of `<lang>.<ext>` files, or one file whose language is the
 * dataset's `lang` (or its name). Applies the dataset's `languages` filter; two files for one language,
 * a requested language without a file, or no file at all are errors.
 */
export function perLanguageFiles(
  root: string,
  ref: DatasetRef,
  exts: string[],
  kind: string,
  where: string,
): InputFile[] {
  const matchesExt = (n: string) => exts.some((e) => n.endsWith(e));
  let found: InputFile[];
  if (isDir(root)) {
    found = listFiles(root, matchesExt).map((p) => ({ path: p, lang: langFromFileName(p), kind }));
    if (found.length === 0) {
      throw new DataError(`no ${exts.join(' or ')} files in the folder`, {
        file: root,
        hint: `a ${ref.format ?? 'dataset'} folder holds one <lang>${exts[0]} file per language`,
      });
    }
  } else {
    const lang = ref.lang !== undefined ? configLang(ref.lang, `${where}.lang`) : langFromFileName(root);
    found = [{ path: root, lang, kind }];
  }
  const seen = new Map<string, string>();
  for (const f of found) {
    const prev = seen.get(f.lang!);
    if (prev !== undefined) {
      throw new DataError(`two files for language "${f.lang}": ${basename(prev)} and ${basename(f.path)}`, {
        file: root,
        hint: 'keep one file per language in the folder',
      });
    }
    seen.set(f.lang!, f.path);
  }
  return filterLangs(found, ref, where, root);
}

/** Keep the files of the dataset's `languages` (all when unset); a requested language must exist. */
export function filterLangs(files: InputFile[], ref: DatasetRef, where: string, root: string): InputFile[] {
  if (ref.languages === undefined) return files;
  const want = ref.languages.map((l, i) => configLang(l, `${where}.languages[${i}]`));
  const have = new Set(files.map((f) => f.lang));
  for (const l of want) {
    if (!have.has(l)) {
      throw new UsageError(`${where}: language "${l}" is not in ${ref.name}`, {
        file: root,
        hint: `it has: ${[...have].sort().join(', ')}`,
      });
    }
  }
  return files.filter((f) => f.lang === null || want.includes(f.lang));
}
