import { DataError } from '@hbt/core/errors';
import { formatBytes } from '@hbt/core/files';
import { quoteValue } from '@hbt/core/quote';
import type { QueryJudgements } from '../measures/judge.js';
import type { JudgedRanking } from '../measures/types.js';
import { judgedLookup } from './judgements.js';
import { QueryDocs } from './query-docs.js';
import type { LineSink } from './regions.js';
import {
  fromLatin1,
  latin1,
  latin1Token,
  newLine,
  RUN_TOKENS,
  rangeEqualsLatin1,
  requireRunFields,
  scanLine,
  skippable,
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

interface QueryState {
  docs: QueryDocs | null;
  judged: JudgedRanking | null;
  judgements: QueryJudgements;
  lastLine: number;
}

export class RunJudge implements LineSink {
  private readonly line = newLine();
  private readonly states = new Map<string, QueryState>();
  private readonly unjudged = new Set<string>();
  /** Queries whose lines stopped (another query followed) and that are not judged yet, oldest first. */
  private readonly waiting = new Set<QueryState>();
  private waitingBytes = 0;
  /** The documents of the last query judged, whose arrays the next query reuses. */
  private spare: QueryDocs | null = null;
  /** The current query's id ('' before the first line: no id is empty). */
  private curQ = '';
  private cur: QueryState | null = null;
  private readonly maxResults: number;
  private readonly retainBytes: number;

  constructor(
    private readonly file: string,
    private readonly judgements: Map<string, QueryJudgements>,
    opts: RunJudgeOptions = {},
  ) {
    this.maxResults = opts.maxResults ?? Number.POSITIVE_INFINITY;
    this.retainBytes = opts.retainBytes ?? Number.POSITIVE_INFINITY;
  }

  lines(b: Uint8Array, s: number, e: number, first: number): number {
    const line = this.line;
    const starts = line.starts;
    const ends = line.ends;
    let no = first - 1;
    for (let i = s; i < e; i = line.next) {
      no++;
      scanLine(b, i, line, RUN_TOKENS);
      if (skippable(b, line)) continue;
      if (line.count < 5) requireRunFields(line, this.file, no);
      const qs = starts[0]!;
      const qe = ends[0]!;
      if (!rangeEqualsLatin1(b, qs, qe, this.curQ)) this.switchQuery(latin1(b, qs, qe), no);
      const score = parseScore(b, starts[4]!, ends[4]!);
      if (Number.isNaN(score)) {
        throw new DataError(`score ${quoteValue(fromLatin1(latin1Token(b, line, 4)))} is not a number`, {
          file: this.file,
          location: `line ${no}`,
          hint: 'the fifth field of a run line is the score, a decimal number',
        });
      }
      const cur = this.cur;
      if (cur !== null) {
        cur.docs!.add(b, starts[2]!, ends[2]!, score, no);
        cur.lastLine = no;
      }
    }
    return no - first + 1;
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

  private switchQuery(q: string, no: number): void {
    this.close();
    this.curQ = q;
    const st = this.states.get(q);
    if (st === undefined) {
      const j = this.judgements.get(q);
      if (j === undefined) {
        this.unjudged.add(q);
        this.cur = null;
        return;
      }
      const fresh: QueryState = {
        docs: (this.spare ?? new QueryDocs(this.file)).reuse(q, judgedLookup(j)),
        judged: null,
        judgements: j,
        lastLine: no,
      };
      this.spare = null;
      this.states.set(q, fresh);
      this.cur = fresh;
      return;
    }
    if (st.docs === null) {
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
  }

  /** The current query's lines stopped: it waits, and the oldest waiting ones are judged past the budget. */
  private close(): void {
    const st = this.cur;
    this.cur = null;
    if (st === null) return;
    this.waiting.add(st);
    this.waitingBytes += st.docs!.bytes();
    for (const old of this.waiting) {
      if (this.waitingBytes <= this.retainBytes) break;
      this.waiting.delete(old);
      this.waitingBytes -= old.docs!.bytes();
      this.judge(old);
    }
  }

  private judge(st: QueryState): void {
    st.judged = st.docs!.finish(st.judgements, this.maxResults);
    this.spare = st.docs;
    st.docs = null;
  }
}
