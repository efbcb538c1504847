import { basename } from 'node:path';
import { DataError, UsageError } from '@hbt/core';
import type { AlignedSet } from '../build/bitext.js';
import { type InputFile, isDir, listFiles } from '../files.js';
import { normalizeLang3 } from '../lang3.js';
import type { LocatedDataset } from '../locate.js';
import { type AlignedFile, readAlignedFiles, readAlignedTsv } from '../readers/aligned.js';
import { bitextResult, checkWanted, wantedLangs } from './common.js';
import type { FormatSpec } from './types.js';

const isTsv = (n: string) => n.endsWith('.tsv') || n.endsWith('.tsv.gz');

/** `<name>.<lang>` or `<name>.<lang>.txt`: the set name and the language, or null. */
export function splitLangFile(file: string): { name: string; lang: string; source: string } | null {
  let b = basename(file);
  if (b.endsWith('.gz')) b = b.slice(0, -3);
  if (b.endsWith('.txt')) b = b.slice(0, -4);
  const dot = b.lastIndexOf('.');
  if (dot <= 0) return null;
  const source = b.slice(dot + 1);
  const lang = normalizeLang3(source);
  return lang === null ? null : { name: b.slice(0, dot), lang, source };
}

/**
 * Generic parallel text: a TSV file whose header names the languages, or a folder of line-aligned
 * `<name>.<lang>[.txt]` files (all files with one `<name>` are one aligned set; `train.en` + `train.swa`) and
 * such TSVs. Other files in the folder are listed as not read.
 */
function discover(ds: LocatedDataset): InputFile[] {
  if (!isDir(ds.root)) {
    if (!isTsv(ds.root)) {
      throw new DataError('a parallel-text file must be a .tsv whose header names the languages', {
        file: ds.root,
        hint: 'or give a folder of line-aligned <name>.<lang> files (news.en, news.hau)',
      });
    }
    return [{ path: ds.root, lang: null, kind: 'tsv' }];
  }
  const want = wantedLangs(ds);
  const out: InputFile[] = [];
  const sets = new Map<string, Array<{ path: string; lang: string; source: string }>>();
  for (const p of listFiles(ds.root, () => true)) {
    if (isTsv(p)) {
      out.push({ path: p, lang: null, kind: 'tsv' });
      continue;
    }
    const f = splitLangFile(p);
    if (f === null) {
      ds.notRead.push({ path: p, reason: 'neither <name>.<lang>[.txt] nor .tsv' });
      continue;
    }
    const list = sets.get(f.name) ?? [];
    const twin = list.find((x) => x.lang === f.lang);
    if (twin) {
      throw new DataError(
        `two files for language "${f.lang}" in set "${f.name}": ${basename(twin.path)} and ${basename(p)}`,
        {
          file: ds.root,
          hint: 'keep one file per language and set',
        },
      );
    }
    list.push({ path: p, ...f });
    sets.set(f.name, list);
  }
  for (const [name, files] of [...sets].sort(([a], [b]) => (a < b ? -1 : 1))) {
    checkWanted(ds, files);
    const kept = want === null ? files : files.filter((f) => want.has(f.lang));
    if (kept.length < 2) {
      const have = files.map((f) => basename(f.path)).join(', ');
      throw new DataError(
        `set "${name}" has a file for ${kept.length === 1 ? 'one language only' : 'no language asked for'} (${have}): a language file is missing`,
        {
          file: ds.root,
          hint: `add the other language's ${name}.<lang> file (line-aligned), or remove ${have}`,
        },
      );
    }
    for (const f of kept) out.push({ path: f.path, lang: f.lang, kind: `set:${name}` });
  }
  if (out.length === 0) {
    throw new DataError('no parallel text in the folder', {
      file: ds.root,
      hint: 'line-aligned <name>.<lang> files (one per language) or a .tsv whose header names the languages',
    });
  }
  return out;
}

/** Read the located sets: line-aligned file groups and TSVs (their columns filtered by `languages`). */
export async function readParallelSets(
  ds: LocatedDataset,
  o: Parameters<FormatSpec['read']>[1],
): Promise<AlignedSet[]> {
  const names = new Set(ds.files.map((f) => (f.kind === 'tsv' ? `tsv:${f.path}` : f.kind)));
  const named = names.size > 1;
  const want = wantedLangs(ds);
  const sets: AlignedSet[] = [];
  for (const f of ds.files.filter((x) => x.kind === 'tsv')) {
    const stem = basename(f.path).replace(/\.tsv(\.gz)?$/, '');
    const set = await readAlignedTsv(named ? stem : '', f.path, ds.name, o.skips, ds.ref.limit);
    o.onFile();
    if (want !== null) {
      checkWanted(ds, set.columns);
      set.columns = set.columns.filter((c) => want.has(c.lang));
    }
    if (set.columns.length < 2) {
      throw new UsageError(`${ds.where}: "languages" leaves fewer than two columns of ${basename(f.path)}`, {
        file: f.path,
        hint: 'ask for two or more of the languages its header names',
      });
    }
    sets.push(set);
  }
  const lineSets = [...new Set(ds.files.filter((x) => x.kind.startsWith('set:')).map((x) => x.kind))];
  for (const kind of lineSets) {
    const files: AlignedFile[] = ds.files
      .filter((x) => x.kind === kind)
      .map((x) => ({ path: x.path, lang: x.lang!, source: splitLangFile(x.path)!.source }));
    sets.push(
      await readAlignedFiles(named ? kind.slice(4) : '', files, ds.name, o.skips, ds.ref.limit, o.onFile),
    );
  }
  return sets;
}

/** The pivot of a bitext dataset: `pivot` when set, else `eng` when every set has English, else null. */
export function bitextPivot(ds: LocatedDataset, sets: readonly AlignedSet[]): string | null {
  if (ds.ref.pivot !== undefined) {
    const p = normalizeLang3(ds.ref.pivot);
    if (p === null) throw new UsageError(`${ds.where}.pivot: unknown language code "${ds.ref.pivot}"`);
    return p;
  }
  return sets.length > 0 && sets.every((s) => s.columns.some((c) => c.lang === 'eng')) ? 'eng' : null;
}

/** `parallel`: the user's own bitext (FLORES-200, NTREX or anything line-aligned). */
export const PARALLEL: FormatSpec = {
  name: 'parallel',
  layout:
    'line-aligned <name>.<lang>[.txt] files (one per language) or a .tsv whose header names the languages',
  task: 'bitext',
  train: true,
  inDomain: false,
  settings: ['languages', 'direction', 'pivot', 'limit'],
  discover,
  async read(ds, o) {
    const sets = await readParallelSets(ds, o);
    return bitextResult(ds, o, sets, sets, bitextPivot(ds, sets));
  },
};
