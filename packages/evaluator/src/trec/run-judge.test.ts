import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregate, evaluateGrouped } from '../measures/evaluate.js';
import { parseMeasures } from '../measures/registry.js';
import { judgeTrecRun, PIPE_RETAIN_BYTES } from './files.js';
import { parseTrecRun } from './parse.js';
import { parseTrecQrels } from './qrels.js';
import { feedText } from './regions.js';
import { InterleavedRunError, RunJudge } from './run-judge.js';

/**
 * The streaming judge against the plain reader + `judgeRanking` (full sorts): grouped runs judged query
 * by query (sorted scores, the binary-search path; unsorted, the counting path), interleaved runs read
 * again from a file, and the memory budget of a run read from a pipe.
 */
const tmp = mkdtempSync(join(tmpdir(), 'hbt-trec-judge-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MEASURES = parseMeasures('AP,RR,P@5,R@10,nDCG@10,nDCG');

const row = fc.record({
  q: fc.constantFrom('q1', 'q2', 'q10', '\u00c3\u00a9'),
  d: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', '\u00c3\u00bc', 'aa', 'ab'),
  s: fc.integer({ min: 0, max: 6 }),
  rel: fc.integer({ min: -1, max: 3 }),
});

type Row = { q: string; d: string; s: number; rel: number };

function uniq(rows: Row[]): Row[] {
  const seen = new Set<string>();
  return rows.filter((r) => !seen.has(`${r.q} ${r.d}`) && seen.add(`${r.q} ${r.d}`));
}

describe('the streaming run judge', () => {
  it('equals the plain reader on grouped, sorted, unsorted and interleaved runs read from files', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(row, { maxLength: 60 }),
        fc.constantFrom('grouped-sorted', 'grouped', 'as-drawn'),
        fc.integer({ min: 1, max: 12 }),
        async (rows, order, max) => {
          let u = uniq(rows);
          if (order !== 'as-drawn') {
            u = [...u].sort((a, b) =>
              a.q < b.q ? -1 : a.q > b.q ? 1 : order === 'grouped-sorted' ? b.s - a.s : 0,
            );
          }
          const runText = u.map((r) => `${r.q} Q0 ${r.d} 0 ${r.s / 4} t`).join('\n');
          const qrels = parseTrecQrels(u.map((r) => `${r.q} 0 ${r.d} ${r.rel}`).join('\n'), 'q');
          const path = join(tmp, `r${n++}.run`);
          writeFileSync(path, Buffer.from(runText, 'latin1'));
          const got = await judgeTrecRun(path, qrels, max);
          const viaStream = aggregate(qrels, got.judged, got.runQueries, MEASURES, { maxResults: max });
          const slow = evaluateGrouped(qrels, parseTrecRun(runText, 'r'), MEASURES, { maxResults: max });
          expect(viaStream.queryIds).toEqual(slow.queryIds);
          expect(viaStream.perQuery.map((a) => [...a])).toEqual(slow.perQuery.map((a) => [...a]));
        },
      ),
      { numRuns: 150, seed: 17 },
    );
  });

  it('a query that comes back after being judged is an InterleavedRunError naming it and its lines', () => {
    const qrels = parseTrecQrels('1 0 a 1\n2 0 b 1\n', 'q');
    const text = '1 Q0 a 1 3 t\n1 Q0 c 2 2 t\n2 Q0 b 1 1 t\n1 Q0 d 3 1 t\n';
    const judge = new RunJudge('r.run', qrels, { retainBytes: 0 });
    expect(() => feedText(text, 'r.run', judge)).toThrow(InterleavedRunError);
    expect(() => feedText(text, 'r.run', new RunJudge('r.run', qrels, { retainBytes: 0 }))).toThrow(
      /^r\.run: query "1" comes back at line 4 after other queries \(its lines before ended at line 2\)[\s\S]*hint: a run read from a pipe keeps at most 0 B of unfinished queries: group each query's lines together/,
    );
    // within the budget of a pipe, the same run is judged
    const ok = new RunJudge('r.run', qrels, { retainBytes: PIPE_RETAIN_BYTES });
    feedText(text, 'r.run', ok);
    expect(ok.finish().judged.get('1')!.relevantRanks).toEqual([1]);
  });

  it('a document retrieved twice is a DataError naming both lines, also when the query came back', () => {
    const qrels = parseTrecQrels('1 0 a 1\n2 0 b 1\n', 'q');
    const text = '1 Q0 a 1 3 t\n2 Q0 b 1 1 t\n1 Q0 x 3 1 t\n1 Q0 a 9 0 t\n';
    expect(() => feedText(text, 'r.run', new RunJudge('r.run', qrels))).toThrow(
      /^r\.run: line 4 \(first at line 1\): document "a" is retrieved twice for query "1"/,
    );
  });

  it('ties are broken by document id descending, in byte order', () => {
    // scores 1, 1, 1: trec_eval orders c, b, a; relevant b is at rank 2; é (c3 a9) sorts after z
    const qrels = parseTrecQrels('1 0 b 1\n2 0 z 1\n', 'q');
    const judge = new RunJudge('r', qrels);
    feedText('1 Q0 a 1 1 t\n1 Q0 b 2 1 t\n1 Q0 c 3 1 t\n2 Q0 z 1 5 t\n2 Q0 \u00c3\u00a9 2 5 t\n', 'r', judge);
    const { judged } = judge.finish();
    expect(judged.get('1')!.relevantRanks).toEqual([2]);
    expect(judged.get('2')!.relevantRanks).toEqual([2]);
  });
});
