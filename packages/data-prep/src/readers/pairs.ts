import { basename } from 'node:path';
import { DataError, decodeUtf8Strict, InvalidUtf8Value, quoteValue, readTable } from '@hbt/core';
import { normalizeLang } from '../languages.js';
import type { Skips } from '../skips.js';
import type { Pair } from '../tables.js';
import { readLines } from '../text-io.js';
import { parseLine } from './ir.js';

/**
 * Ready-made training pairs, JSONL (one object per line, optionally gzipped) or Parquet, one row each:
 *
 * | field | also accepted | |
 * | --- | --- | --- |
 * | `query_text` | `query` | required |
 * | `pos_text` | `positive`, `passage` | required |
 * | `neg_text` | `negative` | optional |
 * | `query_lang` | `lang` | required (ISO 639-1 or an English name) |
 * | `pos_lang` | `lang` | required |
 * | `group_id` | | optional: rows sharing it are translations of one item |
 * | `pair_id` | `id` | optional |
 *
 * So a `train_pairs.parquet` written by prep is itself a valid input. Ids are prefixed with the dataset
 * name; without them a row is `<dataset>/<file name>/<line or row>` and is its own group. A pair id
 * given twice in the files of a dataset (`seen` spans them) is an error naming both places. A missing or
 * empty text or language is invalid (an error, or skipped with `data.on_invalid = "skip"`); an unknown
 * language code is always an error.
 */
export async function readPairsFile(
  file: string,
  dataset: string,
  skips: Skips,
  limit?: number,
  seen: Map<string, string> = new Map(),
): Promise<Pair[]> {
  const out: Pair[] = [];
  const take = (row: Record<string, unknown>, location: string) => {
    const p = toPair(row, file, location, dataset, skips);
    if (!p) return;
    const first = seen.get(p.pair_id);
    if (first !== undefined) {
      throw new DataError(`pair id ${quoteValue(p.pair_id)} appears twice (first at ${first})`, {
        file,
        location,
        hint: 'give each row its own "pair_id" (or none: the file and row name it)',
      });
    }
    seen.set(p.pair_id, `${basename(file)}: ${location}`);
    out.push(p);
  };
  if (file.endsWith('.parquet')) {
    let t: Awaited<ReturnType<typeof readTable>>;
    try {
      t = await readTable(file, { strictStrings: true });
    } catch (e) {
      if (!(e instanceof DataError) || !/not a readable Parquet file/.test(e.message)) throw e;
      throw new DataError('not a readable Parquet file', {
        file,
        location: 'Parquet footer (end of file)',
        hint: 'the file is truncated or not Parquet; re-create it',
      });
    }
    const names = Object.keys(t.columns);
    const n = limit !== undefined ? Math.min(limit, t.numRows) : t.numRows;
    const policy = skips.text(dataset);
    rows: for (let i = 0; i < n; i++) {
      const row: Record<string, unknown> = {};
      for (const c of names) {
        const v = t.columns[c]![i];
        if (!(v instanceof InvalidUtf8Value)) {
          row[c] = v;
          continue;
        }
        // A Parquet file has rows, not lines: the row is the "line" counted in the manifest.
        const d = decodeUtf8Strict(v.bytes, {
          file,
          onInvalid: policy.onInvalid === 'error' ? 'replace' : policy.onInvalid,
        });
        if (policy.onInvalid === 'error') {
          throw new DataError(`invalid UTF-8 in column "${c}"`, {
            file,
            location: `row ${i + 1}`,
            hint: 'write the column as UTF-8, or set data.on_invalid (--on-invalid) to "replace" or "skip"',
          });
        }
        policy.invalidUtf8(file, { line: i + 1, offset: d.first!.offset });
        if (policy.onInvalid === 'skip') continue rows;
        row[c] = d.text;
      }
      take(row, `row ${i + 1}`);
    }
    return out;
  }
  let n = 0;
  for await (const { text, line } of readLines(file, skips.text(dataset))) {
    if (text.trim() === '') continue;
    if (limit !== undefined && n >= limit) break;
    n++;
    take(parseLine(text, file, line), `line ${line}`);
  }
  return out;
}

function pick(row: Record<string, unknown>, names: string[]): unknown {
  for (const n of names) if (row[n] !== undefined && row[n] !== null) return row[n];
  return undefined;
}

function toPair(
  row: Record<string, unknown>,
  file: string,
  location: string,
  dataset: string,
  skips: Skips,
): Pair | null {
  const where = { dataset, file, location };
  const text = (names: string[], required: boolean): string | null | undefined => {
    const v = pick(row, names);
    if (v === undefined) {
      if (required)
        skips.invalid(where, `missing field "${names[0]}"`, {
          hint: `also accepted: ${names.slice(1).join(', ')}`,
        });
      return required ? undefined : null;
    }
    if (typeof v !== 'string' || v.trim() === '') {
      skips.invalid(where, `field "${names[0]}" should be a non-empty string`);
      return undefined;
    }
    return v;
  };
  const lang = (names: string[]): string | undefined => {
    const v = pick(row, names);
    if (typeof v !== 'string' || v.trim() === '') {
      skips.invalid(where, `missing field "${names[0]}"`, {
        hint: `also accepted: ${names.slice(1).join(', ')}`,
      });
      return undefined;
    }
    const l = normalizeLang(v);
    if (l === null) {
      throw new DataError(`unknown language code ${quoteValue(v)} in field "${names[0]}"`, {
        file,
        location,
        hint: 'use ISO 639-1 codes (en, de, zh) or English language names',
      });
    }
    return l;
  };
  const q = text(['query_text', 'query'], true);
  const pos = text(['pos_text', 'positive', 'passage'], true);
  const neg = text(['neg_text', 'negative'], false);
  const ql = lang(['query_lang', 'lang']);
  const pl = lang(['pos_lang', 'lang']);
  if (q == null || pos == null || neg === undefined || ql === undefined || pl === undefined) return null;
  const id = idField(row, ['pair_id', 'id'], file, location);
  const group = idField(row, ['group_id'], file, location);
  const pairId =
    id !== undefined ? `${dataset}/${String(id)}` : `${dataset}/${basename(file)}/${location.split(' ')[1]}`;
  return {
    pair_id: pairId,
    group_id: group !== undefined ? `${dataset}/${String(group)}` : pairId,
    query_text: q,
    query_lang: ql,
    pos_text: pos,
    pos_lang: pl,
    neg_text: neg,
    dataset,
  };
}

/** An optional id field: a string or an integer (anything else is an error naming the field). */
function idField(row: Record<string, unknown>, names: string[], file: string, location: string): unknown {
  const v = pick(row, names);
  if (v === undefined || (typeof v === 'string' && v !== '') || Number.isSafeInteger(v)) return v;
  throw new DataError(
    `field "${names.find((n) => row[n] === v)}" should be a non-empty string or an integer`,
    {
      file,
      location,
    },
  );
}
