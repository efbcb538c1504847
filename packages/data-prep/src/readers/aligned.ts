import { basename } from 'node:path';
import { DataError, quoteValue } from '@hbt/core';
import type { AlignedColumn, AlignedSet } from '../build/bitext.js';
import { normalizeLang3 } from '../lang3.js';
import type { Skips } from '../skips.js';
import { readLines } from '../text-io.js';
import { readQuotedTsv } from './quoted-tsv.js';

/** A line-aligned file of one language. */
export interface AlignedFile {
  path: string;
  lang: string;
  source: string;
}

/**
 * Line-aligned files, one per language: line `i` of every file is the same sentence. The files must have
 * the same number of lines, else a {@link DataError} names the shorter file and the first line it lacks.
 * An empty line leaves that row's sentence out in that language (counted as skipped). Row keys are the
 * 0-based line index; `limit` keeps the first rows.
 */
export async function readAlignedFiles(
  name: string,
  files: readonly AlignedFile[],
  dataset: string,
  skips: Skips,
  limit?: number,
  onFile: () => void = () => {},
): Promise<AlignedSet> {
  const columns: AlignedColumn[] = [];
  const counts: number[] = [];
  for (const f of files) {
    const texts: Array<string | null> = [];
    let lines = 0;
    for await (const { text, line } of readLines(f.path, skips.text(dataset))) {
      lines = line;
      if (limit !== undefined && line > limit) continue;
      while (texts.length < line - 1) texts.push(null); // a line left out for invalid UTF-8
      if (text.trim() === '') {
        skips.skip({ dataset, file: f.path, location: `line ${line}` }, 'empty line in parallel text');
        texts.push(null);
      } else texts.push(text);
    }
    counts.push(lines);
    columns.push({ lang: f.lang, source: f.source, file: f.path, texts });
    onFile();
  }
  for (let i = 1; i < files.length; i++) {
    if (counts[i] !== counts[0]) {
      const short = counts[i]! < counts[0]! ? i : 0;
      const long = short === 0 ? i : 0;
      throw new DataError(
        `${basename(files[short]!.path)} has ${counts[short]} lines but ${basename(files[long]!.path)} has ${counts[long]}: the files are not line-aligned`,
        {
          file: files[short]!.path,
          location: `line ${counts[short]! + 1}`,
          hint: 'line i of every language file must be the same sentence: fix or remove the file',
        },
      );
    }
  }
  const rows = Math.min(counts[0] ?? 0, limit ?? Number.POSITIVE_INFINITY);
  for (const c of columns) while (c.texts.length < rows) c.texts.push(null);
  return { name, columns, keys: Array.from({ length: rows }, (_, i) => String(i)) };
}

/**
 * A TSV with one column per language whose header line names the languages (`en<TAB>hau`, `eng<TAB>swh_Latn`):
 * each record is one aligned row (CSV quoting, as Python's `csv`). A header cell that is not a language
 * code, a language named twice or fewer than two columns is a {@link DataError} naming the file and line 1;
 * a record with another number of fields is invalid (`data.on_invalid`). Row keys are the 0-based record
 * index after the header.
 */
export async function readAlignedTsv(
  name: string,
  file: string,
  dataset: string,
  skips: Skips,
  limit?: number,
): Promise<AlignedSet> {
  const records = await readQuotedTsv(file, skips.text(dataset));
  const header = records[0];
  if (header === undefined)
    throw new DataError('file is empty', { file, hint: 're-fetch or re-create the file' });
  const columns = tsvHeader(file, header.fields);
  const keys: string[] = [];
  for (const rec of records.slice(1)) {
    if (limit !== undefined && keys.length >= limit) break;
    const where = { dataset, file, location: `line ${rec.line}` };
    if (rec.fields.length === 0) {
      skips.skip(where, 'empty line in parallel text');
      continue;
    }
    if (rec.fields.length !== columns.length) {
      skips.invalid(where, `expected ${columns.length} tab-separated fields, found ${rec.fields.length}`, {
        hint: 'one field per language named in the header (quote a field holding a tab)',
      });
      continue;
    }
    keys.push(String(keys.length));
    rec.fields.forEach((t, i) => {
      if (t.trim() === '')
        skips.skip(where, 'empty sentence in parallel text', `column ${columns[i]!.source}`);
      columns[i]!.texts.push(t.trim() === '' ? null : t);
    });
  }
  return { name, columns, keys };
}

/** The languages a TSV header names, normalised (ISO 639-3); anything else is a DataError at line 1. */
export function tsvHeader(file: string, cells: readonly string[]): AlignedColumn[] {
  const hint =
    'the first line names the language of each column, tab-separated (ISO 639-1 or 639-3 codes: en, hau, swh_Latn)';
  if (cells.length < 2) {
    throw new DataError(
      `the header names ${cells.length} column(s): a parallel TSV needs two or more languages`,
      {
        file,
        location: 'line 1',
        hint,
      },
    );
  }
  const seen = new Set<string>();
  return cells.map((cell, i) => {
    const lang = normalizeLang3(cell);
    if (lang === null) {
      throw new DataError(
        `the header does not name its languages: column ${i + 1} is ${quoteValue(cell)}, not a language code`,
        { file, location: 'line 1', hint },
      );
    }
    if (seen.has(lang)) {
      throw new DataError(`the header names language "${lang}" twice`, { file, location: 'line 1', hint });
    }
    seen.add(lang);
    return { lang, source: cell.trim(), file, texts: [] };
  });
}
