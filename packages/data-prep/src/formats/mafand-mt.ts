import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import type { AlignedSet } from '../build/bitext.js';
import { entryAt, type InputFile, isDir } from '../files.js';
import { normalizeLang3 } from '../lang3.js';
import type { LocatedDataset } from '../locate.js';
import { readAlignedFiles, readAlignedTsv } from '../readers/aligned.js';
import { bitextResult, checkWanted, roleSplit, roleSplits, wantedLangs } from './common.js';
import type { FormatSpec } from './types.js';

interface LangPair {
  /** `en-hau`, as the folder is named. */
  name: string;
  source: { lang: string; source: string };
  target: { lang: string; source: string };
}

function langPairs(dir: string): LangPair[] {
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && isDir(join(dir, n)))
    .sort()
    .map((name) => {
      const [a, b, ...rest] = name.split('-');
      const sa = normalizeLang3(a ?? '');
      const sb = normalizeLang3(b ?? '');
      if (rest.length > 0 || sa === null || sb === null) {
        throw new DataError(`the folder name "${name}" is not <source>-<target> language codes`, {
          file: join(dir, name),
          hint: 'MAFAND-MT folders are named en-hau, fr-wol, …',
        });
      }
      return { name, source: { lang: sa, source: a! }, target: { lang: sb, source: b! } };
    });
}

/**
 * MAFAND-MT: `data/tsv_files/<src>-<tgt>/<split>.tsv` (header: the two languages; CSV quoting) and the
 * en-swa train split as `data/text_files/en-swa/train.{en,swa}`. Each language pair is one aligned set
 * named by its folder (`en-hau`), the source column (en/fr) first. `languages` picks pairs by their
 * African language; a pair without the split asked for is listed as not read (or an error when asked for
 * by name).
 */
function discover(ds: LocatedDataset): InputFile[] {
  const tsvDir = join(ds.root, 'data', 'tsv_files');
  if (!isDir(tsvDir)) {
    throw new DataError('a MAFAND-MT dataset is a folder with data/tsv_files/<src>-<tgt>/<split>.tsv', {
      file: ds.root,
      hint: 're-fetch: hbt data fetch mafand-mt',
    });
  }
  const pairs = langPairs(tsvDir);
  checkWanted(
    ds,
    pairs.map((p) => p.target),
  );
  const want = wantedLangs(ds);
  const out: InputFile[] = [];
  for (const split of roleSplits(ds)) {
    for (const p of pairs) {
      if (want !== null && !want.has(p.target.lang)) continue;
      const tsv = join(tsvDir, p.name, `${split}.tsv`);
      const text = join(ds.root, 'data', 'text_files', p.name);
      if (entryAt(tsv) !== 'missing')
        out.push({ path: tsv, lang: p.target.lang, kind: `${split}:${p.name}` });
      else if (entryAt(join(text, `${split}.${p.source.source}`)) !== 'missing') {
        for (const s of [p.source, p.target]) {
          const path = join(text, `${split}.${s.source}`);
          if (entryAt(path) === 'missing') {
            throw new DataError(
              `${split}.${s.source} is missing: ${p.name} ${split} needs both language files`,
              {
                file: path,
                hint: 're-fetch: hbt data fetch mafand-mt',
              },
            );
          }
          out.push({ path, lang: s.lang, kind: `${split}:${p.name}` });
        }
      } else if (want !== null) {
        throw new DataError(`${p.name} has no ${split} split`, {
          file: tsv,
          hint: `pairs with a ${split} split: ${pairs
            .filter((q) => entryAt(join(tsvDir, q.name, `${split}.tsv`)) !== 'missing')
            .map((q) => q.target.source)
            .join(', ')}`,
        });
      } else ds.notRead.push({ path: tsv, reason: `${p.name} has no ${split} split` });
    }
  }
  if (out.length === 0)
    throw new DataError('no MAFAND-MT files for the split(s) asked for', { file: tsvDir });
  return out;
}

async function readSplit(
  ds: LocatedDataset,
  split: string,
  o: Parameters<FormatSpec['read']>[1],
): Promise<AlignedSet[]> {
  const sets: AlignedSet[] = [];
  const kinds = [...new Set(ds.files.filter((f) => f.kind.startsWith(`${split}:`)).map((f) => f.kind))];
  for (const kind of kinds) {
    const name = kind.slice(split.length + 1);
    const files = ds.files.filter((f) => f.kind === kind);
    const [src, tgt] = name.split('-') as [string, string];
    let set: AlignedSet;
    if (files.length === 1) {
      set = await readAlignedTsv(name, files[0]!.path, ds.name, o.skips, ds.ref.limit);
      o.onFile();
      // Compared as normalised codes: en-luo's header says eng<TAB>luo.
      const got = set.columns.map((c) => c.lang).join('\t');
      if (got !== `${normalizeLang3(src)}\t${normalizeLang3(tgt)}`) {
        const named = set.columns.map((c) => c.source).join(' and ');
        throw new DataError(`the header names ${named}, but the folder is ${name}`, {
          file: files[0]!.path,
          location: 'line 1',
          hint: `the header line of a ${name} file is ${src}<TAB>${tgt}`,
        });
      }
    } else {
      const aligned = [src, tgt].map((s) => {
        const f = files.find((x) => x.path.endsWith(`.${s}`))!;
        return { path: f.path, lang: f.lang!, source: s };
      });
      set = await readAlignedFiles(name, aligned, ds.name, o.skips, ds.ref.limit, o.onFile);
    }
    sets.push(set);
  }
  return sets;
}

/** `mafand-mt`: MAFAND-MT news translations (en/fr ↔ 16 African languages): cross pairs and bitext. */
export const MAFAND_MT: FormatSpec = {
  name: 'mafand-mt',
  layout:
    'data/tsv_files/<src>-<tgt>/{train,dev,test}.tsv (header: the two languages), data/text_files/en-swa/train.*',
  task: 'bitext',
  train: true,
  inDomain: false,
  settings: ['languages', 'split', 'direction', 'limit'],
  discover,
  async read(ds, o) {
    const bySplit = new Map<string, AlignedSet[]>();
    for (const split of roleSplits(ds)) bySplit.set(split, await readSplit(ds, split, o));
    const evalSets = ds.roles.includes('eval') ? bySplit.get(roleSplit(ds, 'eval'))! : [];
    const trainSets = ds.roles.includes('train') ? bySplit.get(roleSplit(ds, 'train'))! : [];
    const pivots = new Set([...evalSets, ...trainSets].map((s) => s.columns[0]!.lang));
    return bitextResult(ds, o, evalSets, trainSets, pivots.size === 1 ? [...pivots][0]! : null);
  },
};
