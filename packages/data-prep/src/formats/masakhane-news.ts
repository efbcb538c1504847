import { join } from 'node:path';
import { DataError, quoteValue } from '@hbt/core';
import type { EvalLangStats } from '../build/squad.js';
import { entryAt, type InputFile, isDir } from '../files.js';
import type { LocatedDataset } from '../locate.js';
import { readQuotedTsv } from '../readers/quoted-tsv.js';
import type { Pair } from '../tables.js';
import { filterPairLangs, languageFolders, roleSplit, roleSplits, sourceLangs } from './common.js';
import type { DatasetResult, FormatSpec } from './types.js';

/**
 * MasakhaNEWS: `data/<lang>/<split>.tsv` with the header `category, headline, text, url` (CSV quoting).
 * A language without the split asked for (train of eng, hau and swa is not in the mirror) is listed as not
 * read, or is an error when asked for by name.
 */
function discover(ds: LocatedDataset): InputFile[] {
  const dir = join(ds.root, 'data');
  if (!isDir(dir)) {
    throw new DataError('a MasakhaNEWS dataset is a folder with data/<lang>/<split>.tsv', {
      file: ds.root,
      hint: 're-fetch: hbt data fetch masakhane-news',
    });
  }
  const langs = languageFolders(ds, dir, 'MasakhaNEWS folders are named by ISO 639-3 code (hau)');
  const named = ds.ref.languages !== undefined;
  const out: InputFile[] = [];
  for (const split of roleSplits(ds)) {
    for (const { lang, source } of langs) {
      const path = join(dir, source, `${split}.tsv`);
      if (entryAt(path) === 'file') out.push({ path, lang, kind: split });
      else if (named) {
        throw new DataError(`no ${split}.tsv for ${source}`, {
          file: path,
          hint: 'train.tsv of eng, hau and swa is not in the mirror (over its size limit): leave them out of "languages"',
        });
      } else ds.notRead.push({ path, reason: `no ${split}.tsv for ${source}` });
    }
  }
  if (out.length === 0) throw new DataError('no MasakhaNEWS files for the split(s) asked for', { file: dir });
  return out;
}

interface Article {
  row: number;
  headline: string;
  text: string;
}

async function readArticles(
  ds: LocatedDataset,
  f: InputFile,
  o: Parameters<FormatSpec['read']>[1],
): Promise<Article[]> {
  const records = await readQuotedTsv(f.path, o.skips.text(ds.name));
  const head = records[0]?.fields.join('\t');
  if (head !== 'category\theadline\ttext\turl') {
    throw new DataError(
      `expected the header category<TAB>headline<TAB>text<TAB>url, found ${quoteValue(head ?? '')}`,
      {
        file: f.path,
        location: 'line 1',
        hint: 'a MasakhaNEWS split file; re-fetch it',
      },
    );
  }
  const out: Article[] = [];
  for (const [i, rec] of records.slice(1).entries()) {
    if (ds.ref.limit !== undefined && out.length >= ds.ref.limit) break;
    const where = { dataset: ds.name, file: f.path, location: `line ${rec.line}` };
    if (rec.fields.length === 0) continue;
    const [, headline, text] = rec.fields;
    if (rec.fields.length !== 4 || (headline ?? '').trim() === '' || (text ?? '').trim() === '') {
      o.skips.invalid(where, 'expected 4 fields with a non-empty headline and text');
      continue;
    }
    out.push({ row: i, headline: headline!, text: text! });
  }
  o.onFile();
  return out;
}

/** `masakhane-news`: headline → article, one language at a time (`news` task; mono training pairs). */
export const MASAKHANE_NEWS: FormatSpec = {
  name: 'masakhane-news',
  layout: 'data/<lang>/{train,dev,test}.tsv (category, headline, text, url)',
  task: 'news',
  train: true,
  inDomain: false,
  settings: ['languages', 'split', 'limit'],
  discover,
  async read(ds, o) {
    const res: DatasetResult = { eval: {}, read: {}, pairs: [], pivot: null };
    const evalSplit = roleSplit(ds, 'eval');
    const trainSplit = roleSplit(ds, 'train');
    for (const f of ds.files) {
      const lang = f.lang!;
      const articles = await readArticles(ds, f, o);
      if (ds.roles.includes('eval') && f.kind === evalSplit) {
        // Query = headline, candidate = article text; ids `<ds>/<lang>/<row>` (0-based data row).
        const s: EvalLangStats = { questions: 0, candidates: 0, qrels: 0 };
        for (const a of articles) {
          const id = `${ds.name}/${lang}/${a.row}`;
          o.tables.addQuery({ query_id: id, lang, text: a.headline, group_id: id, dataset: ds.name });
          o.tables.addDoc({ doc_id: id, lang, text: a.text, context: null, group_id: id, dataset: ds.name });
          o.tables.addQrel(id, id, 1);
          s.questions++;
          s.candidates++;
          s.qrels++;
        }
        res.eval[lang] = s;
      }
      if (ds.roles.includes('train') && f.kind === trainSplit) {
        const pairs: Pair[] = articles.map((a) => ({
          pair_id: `${ds.name}/${lang}/${a.row}`,
          group_id: `${ds.name}/${lang}/${a.row}`,
          query_text: a.headline,
          query_lang: lang,
          pos_text: a.text,
          pos_lang: lang,
          neg_text: null,
          dataset: ds.name,
        }));
        res.pairs.push(...filterPairLangs(pairs, o.pairLanguages));
        res.read[lang] = articles.length;
      }
    }
    res.extra = { source_lang: sourceLangs(ds.files) };
    return res;
  },
};
