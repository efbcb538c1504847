import { basename } from 'node:path';
import { DataError, InvalidUtf8Value, readTable, UsageError } from '@hbt/core';
import { type InputFile, isDir, listFiles, stem } from '../files.js';
import { normalizeLang3 } from '../lang3.js';
import { normalizeLang } from '../languages.js';
import type { LocatedDataset } from '../locate.js';
import { parseLine } from '../readers/ir.js';
import type { Pair } from '../tables.js';
import { readLines } from '../text-io.js';
import { filterPairLangs } from './common.js';
import type { FormatSpec, ProcessOptions } from './types.js';

const EXTS = ['.txt', '.txt.gz', '.jsonl', '.jsonl.gz', '.parquet'];
const ok = (n: string) => EXTS.some((e) => n.endsWith(e));

/** A language as the user wrote it: ISO 639-1 when it is one (`en`), else ISO 639-3 (`hau`, `swh` → `swa`). */
function userLang(code: string): string | null {
  return normalizeLang(code) ?? normalizeLang3(code);
}

/**
 * Plain sentences: a `.txt` (one per line), `.jsonl` (a `text` field) or `.parquet` (a `text` column) file,
 * or a folder of them. The language is `lang`, else each file's name (`hau.txt`, `news.en.jsonl`).
 */
function discover(ds: LocatedDataset): InputFile[] {
  const files = isDir(ds.root) ? listFiles(ds.root, ok) : [ds.root];
  if (files.length === 0) throw new DataError(`no ${EXTS.join(', ')} files in the folder`, { file: ds.root });
  return files.map((path) => {
    if (!ok(path)) throw new DataError(`a sentences file ends in ${EXTS.join(', ')}`, { file: path });
    let lang: string | null;
    if (ds.ref.lang !== undefined) {
      lang = userLang(ds.ref.lang);
      if (lang === null) throw new UsageError(`${ds.where}.lang: unknown language code "${ds.ref.lang}"`);
    } else {
      const tag = stem(path).split('.').pop()!;
      lang = userLang(tag);
      if (lang === null) {
        throw new DataError(
          `no language: set "lang", or name the file <lang>${EXTS[0]} ("${tag}" is not a language code)`,
          {
            file: path,
          },
        );
      }
    }
    return { path, lang, kind: 'sentences' };
  });
}

async function readSentences(f: InputFile, ds: LocatedDataset, o: ProcessOptions): Promise<Pair[]> {
  const out: Pair[] = [];
  const name = basename(f.path);
  const add = (text: unknown, location: string, n: number) => {
    const where = { dataset: ds.name, file: f.path, location };
    if (typeof text !== 'string' || text.trim() === '') {
      o.skips.invalid(where, 'no sentence (a missing or empty "text")');
      return;
    }
    const id = `${ds.name}/${name}/${n}`;
    out.push({
      pair_id: id,
      group_id: id,
      query_text: text,
      query_lang: f.lang!,
      pos_text: text,
      pos_lang: f.lang!,
      neg_text: null,
      dataset: ds.name,
    });
  };
  const limit = ds.ref.limit ?? Number.POSITIVE_INFINITY;
  if (f.path.endsWith('.parquet')) {
    const t = await readTable(f.path, { strictStrings: true });
    const col = t.columns.text;
    if (col === undefined) {
      throw new DataError('no "text" column', {
        file: f.path,
        hint: `columns: ${Object.keys(t.columns).join(', ')}`,
      });
    }
    for (let i = 0; i < Math.min(t.numRows, limit); i++) {
      const v = col[i];
      add(v instanceof InvalidUtf8Value ? null : v, `row ${i}`, i);
    }
    return out;
  }
  const jsonl = f.path.endsWith('.jsonl') || f.path.endsWith('.jsonl.gz');
  for await (const { text, line } of readLines(f.path, o.skips.text(ds.name))) {
    if (out.length >= limit) break;
    if (text.trim() === '') {
      if (!jsonl) o.skips.skip({ dataset: ds.name, file: f.path, location: `line ${line}` }, 'empty line');
      continue;
    }
    add(jsonl ? parseLine(text, f.path, line).text : text, `line ${line}`, line);
  }
  return out;
}

/**
 * `sentences`: inputs for SimCSE (Gao et al. 2021): each sentence becomes a training pair whose query and
 * positive are the same text in the same language (`pair_id` = `group_id` = `<ds>/<file>/<line or row>`),
 * so the sampler can batch them. Only the `simcse` objective makes sense on them (two dropout masks of one
 * text); InfoNCE on them would learn nothing but the identity.
 */
export const SENTENCES: FormatSpec = {
  name: 'sentences',
  layout:
    '.txt (one sentence per line), .jsonl ("text") or .parquet ("text" column), with "lang" or <lang>.<ext>',
  task: null,
  train: true,
  inDomain: false,
  settings: ['lang', 'limit'],
  discover,
  async read(ds, o) {
    const pairs: Pair[] = [];
    const read: Record<string, number> = {};
    for (const f of ds.files) {
      const got = await readSentences(f, ds, o);
      read[f.lang!] = (read[f.lang!] ?? 0) + got.length;
      for (const p of got) pairs.push(p);
      o.onFile();
    }
    return { eval: {}, read, pairs: filterPairLangs(pairs, o.pairLanguages) };
  },
};
