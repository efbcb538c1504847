import { DataError, quoteValue } from '@hbt/core';
import { parseJsonLine } from '../json.js';
import type { Skips } from '../skips.js';
import { readLines } from '../text-io.js';

/**
 * Readers for ad-hoc retrieval data (MIRACL, BEIR): queries, a passage corpus and graded qrels of one
 * language. Line numbers are 1-based and go into every message.
 */
export interface IrDoc {
  id: string;
  title: string;
  text: string;
}

export interface IrQrel {
  queryId: string;
  docId: string;
  relevance: number;
  location: string;
  file: string;
}

/** A JSONL corpus: one `{docid|_id, title?, text}` object per line. */
export async function readCorpusJsonl(
  file: string,
  dataset: string,
  skips: Skips,
  limit?: number,
): Promise<IrDoc[]> {
  const out: IrDoc[] = [];
  const seen = new Set<string>();
  for await (const { text, line } of readLines(file, skips.text(dataset))) {
    if (text.trim() === '') continue;
    if (limit !== undefined && out.length >= limit) break;
    const o = parseLine(text, file, line);
    const id = idField(o, ['docid', '_id', 'id'], file, line);
    const body = o.text;
    if (typeof body !== 'string') {
      throw new DataError('missing field "text" (a string)', { file, location: `line ${line}` });
    }
    if (seen.has(id))
      throw new DataError(`passage id ${quoteValue(id)} appears twice`, { file, location: `line ${line}` });
    seen.add(id);
    if (body.trim() === '') {
      skips.invalid({ dataset, file, location: `line ${line}` }, 'empty passage text');
      continue;
    }
    out.push({ id, title: typeof o.title === 'string' ? o.title : '', text: body });
  }
  return out;
}

/** BEIR queries.jsonl: `{_id, text}` per line. */
export async function readQueriesJsonl(
  file: string,
  dataset: string,
  skips: Skips,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { text, line } of readLines(file, skips.text(dataset))) {
    if (text.trim() === '') continue;
    const o = parseLine(text, file, line);
    const id = idField(o, ['_id', 'id', 'query_id'], file, line);
    if (typeof o.text !== 'string') {
      throw new DataError('missing field "text" (a string)', { file, location: `line ${line}` });
    }
    if (out.has(id))
      throw new DataError(`query id ${quoteValue(id)} appears twice`, { file, location: `line ${line}` });
    if (o.text.trim() === '') {
      skips.invalid({ dataset, file, location: `line ${line}` }, 'empty query text');
      continue;
    }
    out.set(id, o.text);
  }
  return out;
}

/** Topics TSV (`qid<TAB>text`, as anserini's MIRACL topics). */
export async function readTopicsTsv(
  file: string,
  dataset: string,
  skips: Skips,
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { text, line } of readLines(file, skips.text(dataset))) {
    if (text.trim() === '') continue;
    const tab = text.indexOf('\t');
    if (tab <= 0) {
      throw new DataError('expected "query id<TAB>query text"', { file, location: `line ${line}` });
    }
    const id = text.slice(0, tab);
    const q = text.slice(tab + 1);
    if (out.has(id))
      throw new DataError(`query id ${quoteValue(id)} appears twice`, { file, location: `line ${line}` });
    if (q.trim() === '') {
      skips.invalid({ dataset, file, location: `line ${line}` }, 'empty query text');
      continue;
    }
    out.set(id, q);
  }
  return out;
}

/**
 * Qrels: TREC (`qid Q0 docid rel`, tab or space separated, MIRACL) or BEIR (`query-id corpus-id score`
 * with a header line). Relevance must be an integer.
 */
export async function readQrels(
  file: string,
  layout: 'trec' | 'beir',
  dataset: string,
  skips: Skips,
): Promise<IrQrel[]> {
  const out: IrQrel[] = [];
  for await (const { text, line } of readLines(file, skips.text(dataset))) {
    if (text.trim() === '') continue;
    const cols = text.trim().split(/\s+/);
    if (layout === 'beir' && line === 1 && !/^-?\d+$/.test(cols[2] ?? '')) continue; // header
    const want = layout === 'trec' ? 4 : 3;
    if (cols.length !== want) {
      throw new DataError(
        `expected ${want} columns (${layout === 'trec' ? 'query id, Q0, doc id, relevance' : 'query-id, corpus-id, score'}), found ${cols.length}`,
        { file, location: `line ${line}` },
      );
    }
    const [queryId, docId, rel] =
      layout === 'trec' ? [cols[0]!, cols[2]!, cols[3]!] : [cols[0]!, cols[1]!, cols[2]!];
    if (!/^-?\d+$/.test(rel)) {
      throw new DataError(`relevance ${quoteValue(rel)} is not an integer`, {
        file,
        location: `line ${line}`,
      });
    }
    out.push({ queryId, docId, relevance: Number(rel), location: `line ${line}`, file });
  }
  return out;
}

export function parseLine(text: string, file: string, line: number): Record<string, unknown> {
  const o = parseJsonLine(text, file, line);
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new DataError('expected a JSON object on each line', { file, location: `line ${line}` });
  }
  return o as Record<string, unknown>;
}

function idField(o: Record<string, unknown>, names: string[], file: string, line: number): string {
  for (const n of names) {
    const v = o[n];
    if (typeof v === 'string' && v !== '') return v;
    if (typeof v === 'number') return String(v);
  }
  throw new DataError(`missing field "${names[0]}" (the id)`, { file, location: `line ${line}` });
}
