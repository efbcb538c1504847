import { DataError } from '@hbt/core/errors';
import { type QueryJudgements, ranksOf, toJudged } from '../measures/judge.js';
import type { JudgedRanking } from '../measures/types.js';
import { fromLatin1, parseScore } from './parse.js';
import {
  compareRanges,
  hashRange,
  newLine,
  rangeEquals,
  requireRunFields,
  scanLine,
  skippable,
  token,
  withFinalNewline,
} from './scan.js';

/**
 * The fast path of `hbt evaluate`: judge a whole TREC run file against prepared qrels without creating a
 * string per line. Each line's doc id stays a (start, end) range of the file's text; relevance is looked
 * up through a per-query open-addressing table keyed by the id's FNV-1a hash (verified by comparing the
 * characters), and duplicate documents are found the same way. Same results as `parseTrecRun` +
 * `judgeRanking`, several times faster on million-line runs.
 */

/** Judged queries' doc ids in a hash table: slot → index into `docs` (−1 empty). */
interface JudgedTable {
  mask: number;
  slots: Int32Array;
  hashes: Int32Array;
  docs: string[];
  levels: Float64Array;
}

function buildTable(j: QueryJudgements): JudgedTable {
  const docs = [...j.relevance.keys()];
  let size = 8;
  while (size < docs.length * 2) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const hashes = new Int32Array(docs.length);
  const levels = new Float64Array(docs.length);
  docs.forEach((d, i) => {
    const h = hashRange(d, 0, d.length);
    hashes[i] = h;
    levels[i] = j.relevance.get(d)!;
    let s = h & (size - 1);
    while (slots[s] !== -1) s = (s + 1) & (size - 1);
    slots[s] = i;
  });
  return { mask: size - 1, slots, hashes, docs, levels };
}

/** Growable columns of the run's lines. */
class Columns {
  n = 0;
  query: Int32Array;
  start: Int32Array;
  end: Int32Array;
  hash: Int32Array;
  lineNo: Int32Array;
  score: Float64Array;
  level: Float64Array;

  /** `capacity`: the expected number of lines (the arrays grow when it is short). */
  constructor(capacity: number) {
    const n = Math.max(1024, capacity);
    this.query = new Int32Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.hash = new Int32Array(n);
    this.lineNo = new Int32Array(n);
    this.score = new Float64Array(n);
    this.level = new Float64Array(n);
  }

  push(q: number, s: number, e: number, h: number, no: number, score: number, level: number): void {
    if (this.n === this.query.length) this.grow();
    const i = this.n++;
    this.query[i] = q;
    this.start[i] = s;
    this.end[i] = e;
    this.hash[i] = h;
    this.lineNo[i] = no;
    this.score[i] = score;
    this.level[i] = level;
  }

  private grow(): void {
    const g = <T extends Int32Array | Float64Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(a.length * 2);
      b.set(a);
      return b;
    };
    this.query = g(this.query);
    this.start = g(this.start);
    this.end = g(this.end);
    this.hash = g(this.hash);
    this.lineNo = g(this.lineNo);
    this.score = g(this.score);
    this.level = g(this.level);
  }
}

export interface JudgedRun {
  /** Judged ranking of every run query that has qrels. */
  judged: Map<string, JudgedRanking>;
  /** Every query id of the run, in order of first appearance. */
  runQueries: string[];
}

/**
 * Judge every query of a TREC run text (latin1-decoded) that has judgements.
 * @throws DataError for a malformed line, a score that is not a number, or a document retrieved twice.
 */
export function judgeTrecRunText(
  input: string,
  file: string,
  judgements: Map<string, QueryJudgements>,
  maxResults = Number.POSITIVE_INFINITY,
): JudgedRun {
  const text = withFinalNewline(input);
  const queryIndex = new Map<string, number>();
  const queries: string[] = [];
  const tables: Array<JudgedTable | null> = [];
  const cols = new Columns(Math.ceil(text.length / 32)); // run lines are rarely shorter than 32 bytes
  const line = newLine();
  let curQ = '';
  let cur = -1;
  let no = 0;
  for (let i = 0; i < text.length; i = line.next) {
    no++;
    scanLine(text, i, line);
    if (skippable(text, line)) continue;
    requireRunFields(line, file, no);
    const qs = line.starts[0]!;
    const qe = line.ends[0]!;
    if (cur === -1 || !rangeEquals(text, qs, qe, curQ)) {
      curQ = text.slice(qs, qe);
      let q = queryIndex.get(curQ);
      if (q === undefined) {
        q = queries.length;
        queryIndex.set(curQ, q);
        queries.push(curQ);
        const j = judgements.get(curQ);
        tables.push(j ? buildTable(j) : null);
      }
      cur = q;
    }
    const table = tables[cur]!;
    if (table === null) continue; // not judged: ignored, as trec_eval does
    const ds = line.starts[2]!;
    const de = line.ends[2]!;
    const h = hashRange(text, ds, de);
    let level = 0;
    for (let s = h & table.mask; table.slots[s] !== -1; s = (s + 1) & table.mask) {
      const d = table.slots[s]!;
      if (table.hashes[d] === h && rangeEquals(text, ds, de, table.docs[d]!)) {
        level = table.levels[d]!;
        break;
      }
    }
    const score = parseScore(text, line.starts[4]!, line.ends[4]!);
    if (Number.isNaN(score)) {
      throw new DataError(`score "${fromLatin1(token(text, line, 4))}" is not a number`, {
        file,
        location: `line ${no}`,
      });
    }
    cols.push(cur, ds, de, h, no, score, level);
  }
  const judged = new Map<string, JudgedRanking>();
  for (const [q, lines] of groupByQuery(cols, queries.length)) {
    const qid = queries[q]!;
    checkDuplicates(text, file, qid, cols, lines);
    judged.set(qid, judgeLines(text, cols, lines, judgements.get(qid)!, maxResults));
  }
  return { judged, runQueries: queries };
}

/** Line indices of each query, in file order (a counting sort on the query column). */
function groupByQuery(cols: Columns, numQueries: number): Map<number, Int32Array> {
  const counts = new Int32Array(numQueries + 1);
  for (let i = 0; i < cols.n; i++) counts[cols.query[i]! + 1]!++;
  for (let q = 0; q < numQueries; q++) counts[q + 1]! += counts[q]!;
  const order = new Int32Array(cols.n);
  const fill = counts.slice(0, numQueries);
  for (let i = 0; i < cols.n; i++) order[fill[cols.query[i]!]!++] = i;
  const out = new Map<number, Int32Array>();
  for (let q = 0; q < numQueries; q++) {
    if (counts[q + 1]! > counts[q]!) out.set(q, order.subarray(counts[q]!, counts[q + 1]!));
  }
  return out;
}

function checkDuplicates(text: string, file: string, qid: string, cols: Columns, lines: Int32Array): void {
  let size = 8;
  while (size < lines.length * 2) size *= 2;
  const mask = size - 1;
  const slots = new Int32Array(size).fill(-1);
  for (const i of lines) {
    const h = cols.hash[i]!;
    let s = h & mask;
    for (; slots[s] !== -1; s = (s + 1) & mask) {
      const o = slots[s]!;
      if (
        cols.hash[o] === h &&
        compareRanges(text, cols.start[o]!, cols.end[o]!, cols.start[i]!, cols.end[i]!) === 0
      ) {
        const doc = text.slice(cols.start[i]!, cols.end[i]!);
        throw new DataError(
          `document "${fromLatin1(doc)}" is retrieved twice for query "${fromLatin1(qid)}"`,
          {
            file,
            location: `line ${cols.lineNo[i]} (first at line ${cols.lineNo[o]})`,
            hint: 'a run lists each document at most once per query',
          },
        );
      }
    }
    slots[s] = i;
  }
}

function judgeLines(
  text: string,
  cols: Columns,
  lines: Int32Array,
  j: QueryJudgements,
  maxResults: number,
): JudgedRanking {
  const n = lines.length;
  const scores = new Float64Array(n);
  const relIdx: number[] = [];
  const gains: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = lines[k]!;
    scores[k] = cols.score[i]!;
    const level = cols.level[i]!;
    if (level > 0) {
      relIdx.push(k);
      gains.push(level);
    }
  }
  const ranks = ranksOf(relIdx, scores, (c, d) => {
    const a = lines[c]!;
    const b = lines[d]!;
    return compareRanges(text, cols.start[a]!, cols.end[a]!, cols.start[b]!, cols.end[b]!) > 0;
  });
  return toJudged(j, ranks, gains, n, maxResults);
}
