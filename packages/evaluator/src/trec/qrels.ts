import { DataError } from '@hbt/core/errors';
import { quoteValue } from '@hbt/core/quote';
import type { QueryJudgements } from '../measures/judge.js';
import { IdIndex, IdStore } from './id-store.js';
import { TrecJudgements } from './judgements.js';
import { feedText, type LineSink, readLineRegions } from './regions.js';
import {
  fromLatin1,
  hashToken,
  latin1,
  newLine,
  QRELS_TOKENS,
  rangeEqualsLatin1,
  requireQrelsFields,
  scanLine,
  skipBlanks,
  tokenEnd,
  tokenHash,
} from './scan.js';
import { inputName, openTrecInput } from './source.js';

/**
 * The TREC qrels reader: `qid iter docid relevance` lines into per-query judgements, streamed (see
 * `regions.ts`). Ids keep their bytes as latin1 strings (one char per byte, so string order is byte
 * order, as trec_eval's `strcmp`); {@link fromLatin1} turns them back into text for display. Conventions
 * (trec_eval's): fields are separated by any whitespace; lines starting with `#` and blank lines are
 * skipped; the iter column is ignored; relevance is truncated to an integer. A document judged twice for
 * a query is an error.
 */

/**
 * Read a qrels file (`-` for standard input; gzip is decompressed) into per-query judgements.
 *
 * @example
 * const qrels = await readTrecQrels('qrels.test');
 * qrels.get('301')!.numRelevant; // 417
 * @throws DataError naming the file and line.
 */
export async function readTrecQrels(path: string): Promise<Map<string, QueryJudgements>> {
  const name = inputName(path);
  const sink = new QrelsSink(name);
  await readLineRegions(await openTrecInput(path, 'qrels'), name, sink);
  return sink.result();
}

/** {@link readTrecQrels} on text already in memory (latin1: one char per byte). */
export function parseTrecQrels(text: string, file: string): Map<string, QueryJudgements> {
  const sink = new QrelsSink(file);
  feedText(text, file, sink);
  return sink.result();
}

/** Qrels lines → judged documents by query. */
export class QrelsSink implements LineSink {
  private readonly queries = new Map<string, TrecJudgements>();
  /** Every query's judged documents. */
  private readonly store = new IdStore(4096);
  /** The current query's documents, for the duplicate check (its own index if the query came back). */
  private readonly scratch = new IdIndex(this.store, 1024);
  private index = this.scratch;
  private readonly line = newLine();
  private curQ = '';
  /**
   * The current query ('' and a placeholder before the first line: no id is empty). Never undefined: a
   * field that changes type throws away the hot loop's optimised code.
   */
  private cur = new TrecJudgements(this.store);

  constructor(private readonly file: string) {}

  /**
   * The hot loop: one pass over each line's bytes, the fields found by `tokenEnd`/`skipBlanks` and the doc
   * id hashed while it is scanned (as the run reader's); a line that does not have exactly 4 fields is
   * scanned again by {@link badLine} for its error.
   */
  lines(b: Uint8Array, s: number, e: number, first: number): number {
    let no = first - 1;
    let n = 0; // lines read (a counter, so that no new arithmetic runs after the optimised loop)
    let i = s;
    while (i < e) {
      no++;
      n++;
      const ls = i;
      i = skipBlanks(b, i);
      const c = b[i]!;
      if (c === 10 || c === 35) {
        while (b[i] !== 10) i++; // a blank line or a # comment
        i++;
        continue;
      }
      const qs = i;
      const qe = tokenEnd(b, i);
      i = skipBlanks(b, qe);
      if (b[i] === 10) this.badLine(b, ls, no);
      i = skipBlanks(b, tokenEnd(b, i)); // iter
      if (b[i] === 10) this.badLine(b, ls, no);
      const ds = i;
      hashToken(b, i); // the doc id, hashed while scanned
      const de = tokenHash[0]!;
      const h = tokenHash[1]!;
      i = skipBlanks(b, de);
      if (b[i] === 10) this.badLine(b, ls, no);
      const rs = i;
      const re = tokenEnd(b, i);
      i = skipBlanks(b, re);
      if (b[i] !== 10) this.badLine(b, ls, no);
      i++;
      let cur = this.cur;
      if (!rangeEqualsLatin1(b, qs, qe, this.curQ)) cur = this.switchQuery(latin1(b, qs, qe));
      const r = parseRelevance(b, rs, re);
      if (!Number.isFinite(r)) this.badRelevance(b, rs, re, no);
      if (this.index.find(b, ds, de, h) !== -1) this.judgedTwice(b, ds, de, no);
      const entry = this.store.push(b, ds, de, h);
      this.store.values[entry] = r;
      this.index.addFound(entry);
      cur.add(entry, r);
    }
    return n;
  }

  /** The line at `ls` has not 4 fields: scanned again for the error that says how many it has. */
  private badLine(b: Uint8Array, ls: number, no: number): never {
    scanLine(b, ls, this.line, QRELS_TOKENS);
    requireQrelsFields(this.line, this.file, no);
    throw new Error(`unreachable: line ${no} has 4 fields`);
  }

  private badRelevance(b: Uint8Array, s: number, e: number, no: number): never {
    throw new DataError(`relevance ${quoteValue(fromLatin1(latin1(b, s, e)))} is not a finite number`, {
      file: this.file,
      location: `line ${no}`,
      hint: 'relevance is an integer level: 0 not relevant, 1, 2, … relevant',
    });
  }

  private judgedTwice(b: Uint8Array, s: number, e: number, no: number): never {
    throw new DataError(
      `document ${quoteValue(fromLatin1(latin1(b, s, e)))} is judged twice for query ${quoteValue(fromLatin1(this.curQ))}`,
      { file: this.file, location: `line ${no}`, hint: 'keep one judgement per (query, document)' },
    );
  }

  private switchQuery(q: string): TrecJudgements {
    this.curQ = q;
    let cur = this.queries.get(q);
    if (cur === undefined) {
      cur = new TrecJudgements(this.store);
      this.queries.set(q, cur);
      this.scratch.clear();
      this.index = this.scratch;
    } else {
      // the query comes back after others: from now on it keeps an index of its own
      if (cur.ownIndex === null) {
        cur.ownIndex = new IdIndex(this.store, cur.entries.length);
        for (const i of cur.entries) cur.ownIndex.add(i);
      }
      this.index = cur.ownIndex;
    }
    this.cur = cur;
    return cur;
  }

  result(): Map<string, QueryJudgements> {
    for (const j of this.queries.values()) j.seal();
    return this.queries;
  }
}

/**
 * A relevance level from `b[s, e)`, truncated to an integer as trec_eval's `atol` does for integer text;
 * other text goes through `Number` (so `1e2` is 100 and `x` is NaN). Fast path: an optional sign and at
 * most 15 digits.
 */
function parseRelevance(b: Uint8Array, s: number, e: number): number {
  let i = s;
  const neg = b[i] === 45;
  if (neg || b[i] === 43) i++;
  let v = 0;
  const digits = e - i;
  for (; i < e; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
  }
  if (i === e && digits > 0 && digits <= 15) return neg ? -v : v;
  return Math.trunc(Number(latin1(b, s, e)));
}
