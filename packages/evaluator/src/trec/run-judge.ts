import { DataError } from '@hbt/core/errors';
import { formatBytes } from '@hbt/core/files';
import { quoteValue } from '@hbt/core/quote';
import type { QueryJudgements } from '../measures/judge.js';
import type { JudgedRanking } from '../measures/types.js';
import { judgedLookup } from './judgements.js';
import { QueryDocs } from './query-docs.js';
import type { LineSink } from './regions.js';
import {
  bytesEqual,
  fromLatin1,
  hashToken,
  latin1,
  requireRunFields,
  skipBlanks,
  tokenEnd,
  tokenHash,
} from './scan.js';
import { parseScore } from './score.js';

/**
 * Judging a TREC run (`qid Q0 docid rank score [tag …]`) while it streams by: each line is scanned in
 * place (no string per line), its score parsed from the bytes, and its document added to its query's
 * {@link QueryDocs} — only for queries that have judgements; other queries' lines are checked and
 * counted, as trec_eval ignores them.
 *
 * Memory: a query's documents are kept while its lines may still come. When the next query starts, the
 * finished one is judged (its ranks kept, its documents dropped) as soon as the unfinished queries hold
 * more than `retainBytes` — so a run whose queries are grouped (as runs are written) is judged in the
 * memory of one query, whatever its size. If a query's lines come back after it was judged, the run is
 * interleaved: {@link InterleavedRunError}, upon which a caller that can read the input again does so
 * with `retainBytes: Infinity` (every judged query kept until the end, about 40 bytes per line).
 */

export interface RunJudgeOptions {
  /** Keep only the first N documents of each ordered ranking (trec_eval `-M`). Default: all. */
  maxResults?: number;
  /** Bytes of unfinished queries kept before the oldest is judged (default: Infinity, keep all). */
  retainBytes?: number;
}

/** The judged rankings of a run. */
export interface JudgedRun {
  /** Judged ranking of every run query that has qrels. */
  judged: Map<string, JudgedRanking>;
  /** Every query id of the run (judged ones first, each once). */
  runQueries: string[];
}

/** A query's lines came back after it had been judged, when unfinished queries were not all kept. */
export class InterleavedRunError extends DataError {}

/**
 * One judged query of the run. Fields never change type (no nulls): the hot loop's optimised code
 * depends on their types, and a change would throw it away while a million lines wait.
 */
class QueryState {
  /** Its documents while `open`; after it is judged, memory another query reuses (not to be read). */
  docs: QueryDocs;
  open = true;
  judged: JudgedRanking | undefined = undefined;

  constructor(
    docs: QueryDocs,
    readonly judgements: QueryJudgements,
    public lastLine: number,
  ) {
    this.docs = docs;
  }
}

export class RunJudge implements LineSink {
  private readonly states = new Map<string, QueryState>();
  private readonly unjudged = new Set<string>();
  /** Queries whose lines stopped (another query followed) and that are not judged yet, oldest first. */
  private readonly waiting = new Set<QueryState>();
  private waitingBytes = 0;
  /** Judged queries' memory, for the next queries' documents. */
  private readonly spare: QueryDocs[] = [];
  /** The current query's id: `curQ[0, curLen)` (empty before the first line: no id is empty). */
  private curQ = new Uint8Array(64);
  private curLen = 0;
  /** The current query, if `curJudged` (it has judgements; else its lines are only checked). */
  private cur: QueryState;
  private curJudged = false;
  private readonly maxResults: number;
  private readonly retainBytes: number;

  constructor(
    private readonly file: string,
    private readonly judgements: Map<string, QueryJudgements>,
    opts: RunJudgeOptions = {},
  ) {
    this.maxResults = opts.maxResults ?? Number.POSITIVE_INFINITY;
    this.retainBytes = opts.retainBytes ?? Number.POSITIVE_INFINITY;
    this.cur = new QueryState(
      new QueryDocs(file),
      { relevance: new Map(), numRelevant: 0, idealGains: new Float64Array(0) },
      0,
    );
  }

  /**
   * The hot loop (a million lines in a few tens of milliseconds): one pass over each line's bytes, the
   * fields found by `tokenEnd`/`skipBlanks`, the doc id hashed while it is scanned, the tag and anything
   * after it skipped.
   */
  lines(b: Uint8Array, s: number, e: number, first: number): number {
    let no = first - 1;
    let i = s;
    let n = 0; // lines read (a counter, so that no new arithmetic runs after the optimised loop)
    while (i < e) {
      no++;
      n++;
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
      if (b[i] === 10) requireRunFields(1, this.file, no);
      i = skipBlanks(b, tokenEnd(b, i)); // Q0
      if (b[i] === 10) requireRunFields(2, this.file, no);
      const ds = i;
      hashToken(b, i); // the doc id, hashed while scanned
      const de = tokenHash[0]!;
      const h = tokenHash[1]!;
      i = skipBlanks(b, de);
      if (b[i] === 10) requireRunFields(3, this.file, no);
      i = skipBlanks(b, tokenEnd(b, i)); // rank
      if (b[i] === 10) requireRunFields(4, this.file, no);
      const ss = i;
      i = tokenEnd(b, i);
      const se = i;
      while (b[i] !== 10) i++; // the tag and anything after it
      i++;
      if (qe - qs !== this.curLen || !bytesEqual(b, qs, qe, this.curQ, 0, this.curLen))
        this.switchQuery(b, qs, qe, no);
      const score = parseScore(b, ss, se);
      if (Number.isNaN(score)) this.badScore(b, ss, se, no);
      if (this.curJudged) {
        const cur = this.cur;
        const docs = cur.docs;
        docs.setScore(docs.add(b, ds, de, h, no), score);
        cur.lastLine = no;
      }
    }
    return n;
  }

  private badScore(b: Uint8Array, s: number, e: number, no: number): never {
    throw new DataError(`score ${quoteValue(fromLatin1(latin1(b, s, e)))} is not a number`, {
      file: this.file,
      location: `line ${no}`,
      hint: 'the fifth field of a run line is the score, a decimal number',
    });
  }

  /** Judge what is left; the rankings of every judged query of the run. */
  finish(): JudgedRun {
    this.close();
    for (const st of this.waiting) this.judge(st);
    this.waiting.clear();
    const judged = new Map<string, JudgedRanking>();
    for (const [q, st] of this.states) judged.set(q, st.judged!);
    return { judged, runQueries: [...this.states.keys(), ...this.unjudged] };
  }

  private switchQuery(b: Uint8Array, qs: number, qe: number, no: number): void {
    this.close();
    const q = latin1(b, qs, qe);
    if (qe - qs > this.curQ.length) this.curQ = new Uint8Array(2 * (qe - qs));
    this.curQ.set(b.subarray(qs, qe));
    this.curLen = qe - qs;
    const st = this.states.get(q);
    if (st === undefined) {
      const j = this.judgements.get(q);
      if (j === undefined) {
        this.unjudged.add(q);
        return;
      }
      const docs = (this.spare.pop() ?? new QueryDocs(this.file)).reuse(q, judgedLookup(j));
      this.cur = new QueryState(docs, j, no);
      this.states.set(q, this.cur);
      this.curJudged = true;
      return;
    }
    if (!st.open) {
      throw new InterleavedRunError(
        `query ${quoteValue(fromLatin1(q))} comes back at line ${no} after other queries (its lines before ended at line ${st.lastLine}), and was already judged to save memory`,
        {
          file: this.file,
          hint: `a run read from a pipe keeps at most ${formatBytes(this.retainBytes)} of unfinished queries: group each query's lines together (sort -s -k1,1), or give the run as a file`,
        },
      );
    }
    this.waiting.delete(st);
    this.waitingBytes -= st.docs.bytes();
    this.cur = st;
    this.curJudged = true;
  }

  /** The current query's lines stopped: it waits, and the oldest waiting ones are judged past the budget. */
  private close(): void {
    if (!this.curJudged) return;
    this.curJudged = false;
    const st = this.cur;
    this.waiting.add(st);
    this.waitingBytes += st.docs.bytes();
    for (const old of this.waiting) {
      if (this.waitingBytes <= this.retainBytes) break;
      this.waiting.delete(old);
      this.waitingBytes -= old.docs.bytes();
      this.judge(old);
    }
  }

  private judge(st: QueryState): void {
    st.judged = st.docs.finish(st.judgements, this.maxResults);
    st.open = false;
    this.spare.push(st.docs);
  }
}
