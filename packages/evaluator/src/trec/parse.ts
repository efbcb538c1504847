import { readFile } from 'node:fs/promises';
import { DataError } from '@hbt/core/errors';
import type { QueryRun } from '../measures/evaluate.js';
import { prepareJudgements, type QueryJudgements } from '../measures/judge.js';
import { newLine, requireRunFields, scanLine, skippable, token, withFinalNewline } from './scan.js';

/**
 * Readers for TREC qrels (`qid iter docid relevance`) and runs (`qid Q0 docid rank score [tag …]`).
 *
 * Speed matters (runs have millions of lines): a file is read as one buffer, decoded as latin1 (one
 * byte = one code unit, so string order is byte order, as trec_eval's `strcmp`), and split by hand.
 * Ids keep their bytes; `fromLatin1` turns them back into UTF-8 text for display.
 *
 * Conventions (trec_eval's): fields are separated by any whitespace; lines starting with `#` and blank
 * lines are skipped; the iter and rank columns are ignored; run lines may carry extra fields after the
 * tag. A document judged twice for a query, or retrieved twice, is an error.
 */

/** Read a qrels file into per-query judgements. @throws DataError naming the file and line. */
export async function readTrecQrels(path: string): Promise<Map<string, QueryJudgements>> {
  return parseTrecQrels(await readLatin1(path), path);
}

/** Read a run file grouped by query. @throws DataError naming the file and line. */
export async function readTrecRun(path: string): Promise<Map<string, QueryRun>> {
  return parseTrecRun(await readLatin1(path), path);
}

export async function readLatin1(path: string): Promise<string> {
  try {
    return (await readFile(path)).toString('latin1');
  } catch (e) {
    throw new DataError(`cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, {
      file: path,
    });
  }
}

/** Text decoded as latin1 back to the string its bytes spell in UTF-8 (ASCII is returned as is). */
export function fromLatin1(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: checking for non-ASCII bytes
  return /^[\x00-\x7f]*$/.test(s) ? s : Buffer.from(s, 'latin1').toString('utf8');
}

export function parseTrecQrels(input: string, file: string): Map<string, QueryJudgements> {
  const text = withFinalNewline(input);
  const rel = new Map<string, Map<string, number>>();
  const line = newLine();
  let curQ = '';
  let cur: Map<string, number> | undefined;
  let no = 0;
  for (let i = 0; i < text.length; i = line.next) {
    no++;
    scanLine(text, i, line);
    if (skippable(text, line)) continue;
    if (line.count !== 4) {
      throw new DataError(`expected 4 fields "qid iter docid relevance", found ${line.count}`, {
        file,
        location: `line ${no}`,
        hint: 'a TREC qrels line reads like "301 0 FBIS3-10082 1"',
      });
    }
    const q = token(text, line, 0);
    if (cur === undefined || q !== curQ) {
      curQ = q;
      cur = rel.get(q);
      if (!cur) {
        cur = new Map();
        rel.set(q, cur);
      }
    }
    const doc = token(text, line, 2);
    const relText = token(text, line, 3);
    const r = Number(relText);
    if (!Number.isFinite(r)) {
      throw new DataError(`relevance "${fromLatin1(relText)}" is not a number`, {
        file,
        location: `line ${no}`,
      });
    }
    if (cur.has(doc)) {
      throw new DataError(`document "${fromLatin1(doc)}" is judged twice for query "${fromLatin1(q)}"`, {
        file,
        location: `line ${no}`,
        hint: 'keep one judgement per (query, document)',
      });
    }
    cur.set(doc, Math.trunc(r));
  }
  const out = new Map<string, QueryJudgements>();
  for (const [q, m] of rel) out.set(q, prepareJudgements(m));
  return out;
}

export function parseTrecRun(input: string, file: string): Map<string, QueryRun> {
  const text = withFinalNewline(input);
  const out = new Map<string, QueryRun & { seen: Set<string> }>();
  const line = newLine();
  let curQ = '';
  let cur: (QueryRun & { seen: Set<string> }) | undefined;
  let no = 0;
  for (let i = 0; i < text.length; i = line.next) {
    no++;
    scanLine(text, i, line);
    if (skippable(text, line)) continue;
    requireRunFields(line, file, no);
    const qs = line.starts[0]!;
    const qe = line.ends[0]!;
    if (cur === undefined || qe - qs !== curQ.length || !text.startsWith(curQ, qs)) {
      curQ = text.slice(qs, qe);
      cur = out.get(curQ);
      if (!cur) {
        cur = { docIds: [], scores: [], seen: new Set() };
        out.set(curQ, cur);
      }
    }
    const doc = token(text, line, 2);
    const score = parseScore(text, line.starts[4]!, line.ends[4]!);
    if (Number.isNaN(score)) {
      throw new DataError(`score "${fromLatin1(token(text, line, 4))}" is not a number`, {
        file,
        location: `line ${no}`,
      });
    }
    const before = cur.seen.size;
    cur.seen.add(doc);
    if (cur.seen.size === before) {
      throw new DataError(
        `document "${fromLatin1(doc)}" is retrieved twice for query "${fromLatin1(curQ)}"`,
        {
          file,
          location: `line ${no}`,
          hint: 'a run lists each document at most once per query',
        },
      );
    }
    cur.docIds.push(doc);
    cur.scores.push(score);
  }
  const res = new Map<string, QueryRun>();
  for (const [q, r] of out) res.set(q, { docIds: r.docIds, scores: r.scores });
  return res;
}

const POW10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * Parse a decimal score exactly as C's `atof` would (correctly rounded). Fast path: at most 15 digits and
 * no exponent, where `digits / 10^f` is one correctly rounded division of two exact doubles; anything
 * else goes to `parseFloat`. NaN for text that is not a number.
 */
export function parseScore(text: string, s: number, e: number): number {
  let i = s;
  let neg = false;
  let c = text.charCodeAt(i);
  if (c === 45 /* - */ || c === 43 /* + */) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = -1;
  for (; i < e; i++) {
    c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      digits++;
      if (frac >= 0) frac++;
    } else if (c === 46 /* . */ && frac < 0) frac = 0;
    else break;
  }
  if (i === e && digits > 0 && digits <= 15) {
    const v = frac > 0 ? mant / POW10[frac]! : mant;
    return neg ? -v : v;
  }
  return Number.parseFloat(text.slice(s, e));
}
