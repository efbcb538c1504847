import { basename, dirname, join } from 'node:path';
import { DataError, quoteValue } from '@hbt/core';
import type { AlignedSet } from '../build/bitext.js';
import { entryAt, type InputFile, isDir } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readQuotedTsv } from '../readers/quoted-tsv.js';
import type { Skips } from '../skips.js';
import { bitextResult, languageFolders, roleSplit, roleSplits } from './common.js';
import type { FormatSpec } from './types.js';

/**
 * SIB-200 (FLORES-200 sentences with a topic): `data/annotated/<lang_Script>/<split>.tsv` with the header
 * `index_id, category, text`; rows of one `index_id` are translations of one sentence (a multi-way set
 * per split). `languages` picks the language folders (`swh_Latn` or `swa`, `zho_Hant` or `zho-Hant`).
 */
function discover(ds: LocatedDataset): InputFile[] {
  const dir = isDir(join(ds.root, 'data', 'annotated')) ? join(ds.root, 'data', 'annotated') : ds.root;
  if (!isDir(dir)) {
    throw new DataError('a SIB-200 dataset is a folder of <lang_Script>/<split>.tsv', { file: ds.root });
  }
  const langs = languageFolders(ds, dir, 'SIB-200 folders are named <ISO 639-3>_<Script> (hau_Latn)');
  // English first: it is the sets' source column (`direction: source-target` = eng → xx).
  langs.sort((a, b) => (a.lang === 'eng' ? -1 : b.lang === 'eng' ? 1 : 0));
  const out: InputFile[] = [];
  for (const split of roleSplits(ds)) {
    for (const { lang, source } of langs) {
      const path = join(dir, source, `${split}.tsv`);
      if (entryAt(path) === 'missing') {
        throw new DataError(`no ${split}.tsv for ${source}`, {
          file: path,
          hint: 'SIB-200 splits are train, dev and test; set "split"',
        });
      }
      out.push({ path, lang, kind: split });
    }
  }
  return out;
}

async function readSplit(
  ds: LocatedDataset,
  files: InputFile[],
  skips: Skips,
  onFile: () => void,
): Promise<AlignedSet> {
  const byLang: Array<{ lang: string; source: string; file: string; rows: Map<string, string> }> = [];
  const keys = new Set<string>();
  for (const f of files) {
    const records = await readQuotedTsv(f.path, skips.text(ds.name));
    const head = records[0]?.fields.join('\t');
    if (head !== 'index_id\tcategory\ttext') {
      throw new DataError(
        `expected the header index_id<TAB>category<TAB>text, found ${quoteValue(head ?? '')}`,
        {
          file: f.path,
          location: 'line 1',
          hint: 'a SIB-200 split file; re-fetch it',
        },
      );
    }
    const rows = new Map<string, string>();
    for (const rec of records.slice(1)) {
      if (ds.ref.limit !== undefined && rows.size >= ds.ref.limit) break;
      const where = { dataset: ds.name, file: f.path, location: `line ${rec.line}` };
      const [id, , text] = rec.fields;
      if (rec.fields.length !== 3 || !/^\d+$/.test(id ?? '') || (text ?? '').trim() === '') {
        skips.invalid(where, 'expected index_id (a number), category and a non-empty text');
        continue;
      }
      if (rows.has(id!)) {
        skips.invalid(where, `index_id ${id} appears twice`);
        continue;
      }
      rows.set(id!, text!);
      keys.add(id!);
    }
    byLang.push({ lang: f.lang!, source: basename(dirname(f.path)), file: f.path, rows });
    onFile();
  }
  const sorted = [...keys].sort((a, b) => Number(a) - Number(b));
  return {
    name: '',
    keys: sorted,
    columns: byLang.map((c) => ({
      lang: c.lang,
      source: c.source,
      file: c.file,
      texts: sorted.map((k) => c.rows.get(k) ?? null),
    })),
  };
}

/** `flores-sib200`: FLORES-200 sentences of SIB-200, bitext in any direction (test/dev) and a small train split. */
export const FLORES_SIB200: FormatSpec = {
  name: 'flores-sib200',
  layout: 'data/annotated/<lang_Script>/{train,dev,test}.tsv (index_id, category, text)',
  task: 'bitext',
  train: true,
  inDomain: false,
  settings: ['languages', 'split', 'direction', 'limit'],
  discover,
  async read(ds, o) {
    const evalSplit = roleSplit(ds, 'eval');
    const trainSplit = roleSplit(ds, 'train');
    const sets = new Map<string, AlignedSet>();
    for (const split of roleSplits(ds)) {
      const files = ds.files.filter((f) => f.kind === split);
      sets.set(split, await readSplit(ds, files, o.skips, o.onFile));
    }
    const evalSets = ds.roles.includes('eval') ? [sets.get(evalSplit)!] : [];
    const trainSets = ds.roles.includes('train') ? [sets.get(trainSplit)!] : [];
    const hasEng = [...sets.values()].every((s) => s.columns.some((c) => c.lang === 'eng'));
    return bitextResult(ds, o, evalSets, trainSets, hasEng ? 'eng' : null);
  },
};
