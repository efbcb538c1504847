import { DataError } from '@hbt/core/errors';
import { quoteValue } from '@hbt/core/quote';
import type { QueryRun } from '../measures/evaluate.js';
import { feedText, type LineSink, readLineRegions } from './regions.js';
import {
  fromLatin1,
  latin1Token,
  newLine,
  RUN_TOKENS,
  requireRunFields,
  scanLine,
  skippable,
} from './scan.js';
import { parseScore } from './score.js';
import { inputName, openTrecInput } from './source.js';

/**
 * A TREC run (`qid Q0 docid rank score [tag …]`) read whole, grouped by query: every document id as a
 * string. For small runs and tests; `hbt evaluate` judges runs as they stream by instead (`run-judge.ts`),
 * and gives the same results. Ids are latin1 strings (one char per byte); conventions as trec_eval's:
 * any whitespace separates fields, `#` lines and blank lines are skipped, the rank column and anything
 * after the score are ignored. A document retrieved twice for a query is an error.
 */

/**
 * Read a run file (`-` for standard input; gzip is decompressed) grouped by query.
 *
 * @example
 * const run = await readTrecRun('results.test');
 * run.get('301')!.docIds.length; // 1000
 * @throws DataError naming the file and line.
 */
export async function readTrecRun(path: string): Promise<Map<string, QueryRun>> {
  const name = inputName(path);
  const sink = new RunLinesSink(name);
  await readLineRegions(await openTrecInput(path, 'run'), name, sink);
  return sink.result();
}

/** {@link readTrecRun} on text already in memory (latin1: one char per byte). */
export function parseTrecRun(text: string, file: string): Map<string, QueryRun> {
  const sink = new RunLinesSink(file);
  feedText(text, file, sink);
  return sink.result();
}

class RunLinesSink implements LineSink {
  private readonly out = new Map<string, QueryRun & { seen: Set<string> }>();
  private readonly line = newLine();

  constructor(private readonly file: string) {}

  lines(b: Uint8Array, s: number, e: number, first: number): number {
    const line = this.line;
    let no = first - 1;
    for (let i = s; i < e; i = line.next) {
      no++;
      scanLine(b, i, line, RUN_TOKENS);
      if (skippable(b, line)) continue;
      requireRunFields(line.count, this.file, no);
      const q = latin1Token(b, line, 0);
      let cur = this.out.get(q);
      if (!cur) {
        cur = { docIds: [], scores: [], seen: new Set() };
        this.out.set(q, cur);
      }
      const doc = latin1Token(b, line, 2);
      const score = parseScore(b, line.starts[4]!, line.ends[4]!);
      const where = { file: this.file, location: `line ${no}` };
      if (Number.isNaN(score)) {
        throw new DataError(
          `score ${quoteValue(fromLatin1(latin1Token(b, line, 4)))} is not a number`,
          where,
        );
      }
      if (cur.seen.has(doc)) {
        throw new DataError(
          `document ${quoteValue(fromLatin1(doc))} is retrieved twice for query ${quoteValue(fromLatin1(q))}`,
          { ...where, hint: 'a run lists each document at most once per query' },
        );
      }
      cur.seen.add(doc);
      cur.docIds.push(doc);
      cur.scores.push(score);
    }
    return no - first + 1;
  }

  result(): Map<string, QueryRun> {
    const res = new Map<string, QueryRun>();
    for (const [q, r] of this.out) res.set(q, { docIds: r.docIds, scores: r.scores });
    return res;
  }
}
