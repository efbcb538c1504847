import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { DataError, UsageError } from '@hbt/core';
import { type AlignedSet, addBitextEval, bitextGroups } from '../build/bitext.js';
import { buildParallelPairs, type ParallelGroup } from '../build/parallel.js';
import { type InputFile, isDir } from '../files.js';
import { configLangForms, normalizeLang3 } from '../lang3.js';
import type { LocatedDataset } from '../locate.js';
import type { Pair } from '../tables.js';
import type { DatasetResult, ProcessOptions } from './types.js';

/** Pairs from parallel groups with the config's pair settings (languages, cap, hard negatives). */
export function parallelPairs(
  ds: LocatedDataset,
  o: ProcessOptions,
  groups: readonly ParallelGroup[],
  crossOnly: boolean,
): Pair[] {
  return buildParallelPairs(ds.name, groups, {
    languages: o.pairLanguages,
    maxPerGroup: o.maxPerGroup,
    hardNegatives: o.hardNegatives,
    crossOnly,
    rng: o.rng,
  });
}

/** Files in language order (code-point order of the codes; files without a language first). */
export function byLang(files: InputFile[]): InputFile[] {
  return [...files].sort((a, b) =>
    (a.lang ?? '') < (b.lang ?? '') ? -1 : (a.lang ?? '') > (b.lang ?? '') ? 1 : 0,
  );
}

/** Keep the pairs whose query and passage languages are both in `data.pairs.languages` (null: all). */
export function filterPairLangs(pairs: Pair[], langs: ReadonlySet<string> | null): Pair[] {
  if (langs === null) return pairs;
  return pairs.filter((p) => langs.has(p.query_lang) && langs.has(p.pos_lang));
}

/**
 * The dataset's `languages` in every accepted form ({@link configLangForms}: `en` is `en` and `eng`,
 * `swh_Latn` is `swa`), or null when it has none (all languages).
 */
export function wantedLangs(ds: LocatedDataset): Set<string> | null {
  if (ds.ref.languages === undefined) return null;
  return new Set(ds.ref.languages.flatMap((l, i) => configLangForms(l, `${ds.where}.languages[${i}]`)));
}

/** Every language of `languages` must be one of `have` (normalised or source codes): else a usage error. */
export function checkWanted(ds: LocatedDataset, have: ReadonlyArray<{ lang: string; source: string }>): void {
  if (ds.ref.languages === undefined) return;
  const known = new Set(have.flatMap((h) => [h.lang, ...configLangFormsOrEmpty(h.source)]));
  for (const [i, l] of ds.ref.languages.entries()) {
    const forms = configLangForms(l, `${ds.where}.languages[${i}]`);
    if (!forms.some((f) => known.has(f))) {
      throw new UsageError(`${ds.where}: language "${l}" is not in ${ds.name}`, {
        file: ds.root,
        hint: `it has: ${[...new Set(have.map((h) => h.lang))].sort().join(', ')}`,
      });
    }
  }
}

function configLangFormsOrEmpty(code: string): string[] {
  try {
    return configLangForms(code, '');
  } catch {
    return [];
  }
}

/** The split a role reads: `split` when set, else `train` for training and `test` for evaluation. */
export function roleSplit(ds: LocatedDataset, role: 'train' | 'eval'): string {
  return ds.ref.split ?? (role === 'train' ? 'train' : 'test');
}

/** The splits the dataset's roles read, sorted. */
export function roleSplits(ds: LocatedDataset): string[] {
  return [...new Set(ds.roles.map((r) => roleSplit(ds, r)))].sort();
}

/**
 * What a bitext dataset gives: the bitext eval tables (eval role; `addBitextEval`) and cross-lingual pairs
 * from the aligned sets (train role; `data.train[].direction`), with per-language sentence counts and the
 * source's language codes for the manifest.
 */
export function bitextResult(
  ds: LocatedDataset,
  o: ProcessOptions,
  evalSets: readonly AlignedSet[],
  trainSets: readonly AlignedSet[],
  pivot: string | null,
): DatasetResult {
  const res: DatasetResult = { eval: {}, read: {}, pairs: [], pivot };
  if (ds.roles.includes('eval')) res.eval = addBitextEval(ds.name, evalSets, o.tables);
  if (ds.roles.includes('train')) {
    res.pairs = parallelPairs(ds, o, bitextGroups(trainSets, ds.ref.direction ?? 'both'), true);
    for (const s of trainSets) {
      for (const c of s.columns)
        res.read[c.lang] = (res.read[c.lang] ?? 0) + c.texts.filter((t) => t !== null).length;
    }
  }
  const source: Record<string, string[]> = {};
  for (const s of [...evalSets, ...trainSets]) {
    for (const c of s.columns) {
      source[c.lang] ??= [];
      const list = source[c.lang]!;
      if (!list.includes(c.source)) list.push(c.source);
    }
  }
  res.extra = {
    source_lang: Object.fromEntries(Object.entries(source).sort(([a], [b]) => (a < b ? -1 : 1))),
    aligned_sets: { eval: evalSets.length, train: trainSets.length },
  };
  return res;
}

/**
 * The source's codes by normalised code, for the manifest: each file's folder name (its language) and the
 * pivot code in a `<kind>:<split>:<pivot>` file kind (`en` → eng).
 */
export function sourceLangs(files: readonly InputFile[]): Record<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (lang: string, source: string) => out.set(lang, (out.get(lang) ?? new Set()).add(source));
  for (const f of files) {
    add(f.lang!, basename(dirname(f.path)));
    const pivot = f.kind.split(':')[2];
    if (pivot !== undefined) add(normalizeLang3(pivot)!, pivot);
  }
  return Object.fromEntries(
    [...out].sort(([a], [b]) => (a < b ? -1 : 1)).map(([l, s]) => [l, [...s].sort()]),
  );
}

/**
 * The language folders of `dir` (one per language, named by its code: `hau`, `hau_Latn`), normalised, in
 * name order, kept to the dataset's `languages` (each of which must be there). A folder whose name is not a
 * language code is a DataError naming it (`hint` says how the folders are named).
 */
export function languageFolders(
  ds: LocatedDataset,
  dir: string,
  hint: string,
): Array<{ lang: string; source: string }> {
  const all = readdirSync(dir)
    .filter((n) => !n.startsWith('.') && isDir(join(dir, n)))
    .sort()
    .map((source) => {
      const lang = normalizeLang3(source);
      if (lang === null) {
        throw new DataError(`unknown language code "${source}" (a folder name)`, {
          file: join(dir, source),
          hint,
        });
      }
      return { lang, source };
    });
  if (all.length === 0) throw new DataError('no language folders', { file: dir, hint });
  checkWanted(ds, all);
  const want = wantedLangs(ds);
  return all.filter((l) => want === null || want.has(l.lang));
}
