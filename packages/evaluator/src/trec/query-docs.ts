import { DataError } from '@hbt/core/errors';
import { quoteValue } from '@hbt/core/quote';
import { type QueryJudgements, ranksOf, toJudged } from '../measures/judge.js';
import type { JudgedRanking } from '../measures/types.js';
import { grow, IdIndex, IdStore } from './id-store.js';
import type { JudgedLookup } from './judgements.js';
import { fromLatin1, latin1 } from './scan.js';

/**
 * The retrieved documents of one judged query while its run lines are read: what trec_eval's measures
 * and checks need, and nothing more — each document's id bytes and score in an {@link IdStore} (for the
 * duplicate check, and for breaking score ties by id), the line it came from (for messages), and the
 * positions and gains of the relevant ones. About 40 bytes per document; {@link finish} turns it into a
 * {@link JudgedRanking} (the relevant documents' ranks), after which the memory can be reused.
 *
 * Ranks follow trec_eval: score descending, ties by document id descending (byte order). When the
 * scores came in non-increasing order (as runs are usually written) the ranks are read off by binary
 * search; otherwise {@link ranksOf} counts them without sorting the ids.
 *
 * @example
 * const q = new QueryDocs('run.txt').reuse('301', judgedLookup(judgements));
 * q.setScore(q.add(bytes, docStart, docEnd, hashBytes(bytes, docStart, docEnd), 1), 12.5);
 * const judged = q.finish(judgements, Number.POSITIVE_INFINITY);
 */
export class QueryDocs {
  qid = '';
  /** The query's relevant documents (in the qrels' store; value = relevance): a small index. */
  private readonly relevant = new IdIndex(new IdStore(0), 64);
  /** The documents retrieved so far (value = score), indexed for the duplicate check. */
  private readonly docs = new IdStore(256);
  private readonly docIndex = new IdIndex(this.docs, 256);
  private lineNos = new Float64Array(256);
  private relIdx: number[] = [];
  private relGain: number[] = [];
  private descending = true;
  private last = Number.POSITIVE_INFINITY;

  constructor(private readonly file: string) {}

  /** Start (over) for query `qid`, keeping the memory already grown. */
  reuse(qid: string, judged: JudgedLookup): this {
    this.qid = qid;
    this.relevant.clear(judged.store);
    const levels = judged.store.values;
    for (const i of judged.entries) if (levels[i]! > 0) this.relevant.add(i);
    this.docs.clear();
    this.docIndex.clear();
    this.relIdx = [];
    this.relGain = [];
    this.descending = true;
    this.last = Number.POSITIVE_INFINITY;
    return this;
  }

  /**
   * Add the document whose id is `b[s, e)`, with hash `h` (`hashBytes`); returns its index, for
   * {@link setScore}. (The score is not an argument: a double passed to a call that is not inlined is
   * boxed, an allocation per line.)
   * @throws DataError if the query already retrieved it.
   */
  add(b: Uint8Array, s: number, e: number, h: number, lineNo: number): number {
    const seen = this.docIndex.find(b, s, e, h);
    if (seen !== -1) this.duplicate(b, s, e, lineNo, seen);
    const i = this.docs.push(b, s, e, h);
    this.docIndex.addFound(i);
    if (i === this.lineNos.length) this.lineNos = grow(this.lineNos, i + 1);
    this.lineNos[i] = lineNo;
    const j = this.relevant.find(b, s, e, h);
    if (j !== -1) {
      const level = this.relevant.store.values[j]!;
      if (level > 0) {
        this.relIdx.push(i);
        this.relGain.push(level);
      }
    }
    return i;
  }

  /** The score of document `i` (just added). */
  setScore(i: number, score: number): void {
    this.docs.values[i] = score;
    if (score > this.last) this.descending = false;
    this.last = score;
  }

  /** Bytes held (what counts against the reader's memory budget). */
  bytes(): number {
    const indexes = this.docIndex.bytes() + this.relevant.bytes();
    return this.docs.bytes() + indexes + this.lineNos.length * 8 + this.relIdx.length * 16;
  }

  /** The judged ranking: the relevant documents' ranks, cut at `maxResults` (trec_eval `-M`). */
  finish(j: QueryJudgements, maxResults: number): JudgedRanking {
    const n = this.docs.n;
    const ranks = this.descending
      ? this.sortedRanks()
      : ranksOf(this.relIdx, this.docs.values.subarray(0, n), this.idGreater);
    return toJudged(j, ranks, this.relGain, n, maxResults);
  }

  /** Whether doc c's id sorts after doc d's (so c comes first among equal scores). */
  private readonly idGreater = (c: number, d: number): boolean => this.docs.compare(c, d) > 0;

  /** Ranks when the scores are non-increasing: #higher scores by binary search, then the tied ids. */
  private sortedRanks(): Int32Array {
    const scores = this.docs.values;
    const n = this.docs.n;
    const ranks = new Int32Array(this.relIdx.length);
    for (let r = 0; r < ranks.length; r++) {
      const d = this.relIdx[r]!;
      const x = scores[d]!;
      let lo = 0; // first index with score <= x (at most d)
      let hi = d;
      while (lo < hi) {
        const m = (lo + hi) >>> 1;
        if (scores[m]! > x) lo = m + 1;
        else hi = m;
      }
      let before = lo;
      for (let c = lo; c < n && scores[c] === x; c++) if (c !== d && this.idGreater(c, d)) before++;
      ranks[r] = before + 1;
    }
    return ranks;
  }

  private duplicate(b: Uint8Array, s: number, e: number, lineNo: number, first: number): never {
    const doc = quoteValue(fromLatin1(latin1(b, s, e)));
    throw new DataError(`document ${doc} is retrieved twice for query ${quoteValue(fromLatin1(this.qid))}`, {
      file: this.file,
      location: `line ${lineNo} (first at line ${this.lineNos[first]})`,
      hint: 'a run lists each document at most once per query',
    });
  }
}
