import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aggregate, evaluateGrouped } from '../measures/evaluate.js';
import { parseMeasures } from '../measures/registry.js';
import { judgeTrecRunText } from './files.js';
import { parseTrecRun } from './parse.js';
import { parseTrecQrels } from './qrels.js';
import { parseScore } from './score.js';

const MEASURES = parseMeasures('AP,RR,P@5,R@10,nDCG@10,nDCG');

describe('TREC readers', () => {
  it('reads qrels and runs: any whitespace, comments, blank lines, extra run fields', () => {
    const q = parseTrecQrels('# comment\n1 0 a 2\n\n1\t0\tb 0\r\n2 0 a -1\n', 'q.txt');
    expect(q.get('1')!.numRelevant).toBe(1);
    expect([...q.get('1')!.idealGains]).toEqual([2]);
    expect(q.get('2')!.numRelevant).toBe(0);
    const r = parseTrecRun('1 Q0 a 1 0.5 tag junk here\n1 Q0 b 2 -1e3\n', 'r.txt');
    expect(r.get('1')).toEqual({ docIds: ['a', 'b'], scores: [0.5, -1000] });
  });

  it('errors name the file and line', () => {
    expect(() => parseTrecQrels('1 0 a 1\n1 0 a\n', 'q.txt')).toThrow(/q\.txt: line 2: expected 4 fields/);
    expect(() => parseTrecQrels('1 0 a x\n', 'q.txt')).toThrow(
      /line 1: relevance "x" is not a finite number/,
    );
    expect(() => parseTrecQrels('1 0 a 1\n1 0 a 0\n', 'q.txt')).toThrow(
      /line 2: document "a" is judged twice/,
    );
    expect(() => parseTrecRun('1 Q0 a 1\n', 'r.txt')).toThrow(/r\.txt: line 1: expected at least 5 fields/);
    expect(() => parseTrecRun('1 Q0 a 1 abc t\n', 'r.txt')).toThrow(/line 1: score "abc" is not a number/);
    const qrels = parseTrecQrels('1 0 a 1\n', 'q.txt');
    expect(() => judgeTrecRunText('1 Q0 a 1 1 t\n1 Q0 b 2 1 t\n1 Q0 a 3 0 t\n', 'r.txt', qrels)).toThrow(
      /r\.txt: line 3 \(first at line 1\): document "a" is retrieved twice for query "1"/,
    );
    expect(() => judgeTrecRunText('1 Q0 a\n', 'r.txt', qrels)).toThrow(/line 1: expected at least 5 fields/);
  });

  it('parseScore equals parseFloat (correctly rounded, like atof)', () => {
    for (const s of [
      '2.129133',
      '-0.5',
      '+3',
      '123456789012345',
      '0.1234567890123456789',
      '1e-7',
      '1.5E3',
      '.5',
      '7.',
    ]) {
      expect(parseScore(Buffer.from(s), 0, s.length)).toBe(Number.parseFloat(s));
    }
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const s = String(x);
        expect(Object.is(parseScore(Buffer.from(s), 0, s.length), Number.parseFloat(s))).toBe(true);
        const f = x.toFixed(6);
        expect(parseScore(Buffer.from(f), 0, f.length)).toBe(Number.parseFloat(f));
      }),
      { numRuns: 500, seed: 3 },
    );
  });

  it('the fast run path judges exactly like parse + judgeRanking (random runs with ties)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            q: fc.constantFrom('q1', 'q2', 'q10', 'é'),
            d: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ü', 'aa'),
            s: fc.integer({ min: 0, max: 5 }),
            rel: fc.integer({ min: -1, max: 3 }),
          }),
          { maxLength: 80 },
        ),
        fc.integer({ min: 1, max: 12 }),
        (rows, max) => {
          const seen = new Set<string>();
          const uniq = rows.filter((r) => !seen.has(`${r.q} ${r.d}`) && seen.add(`${r.q} ${r.d}`));
          const latin1 = (s: string) => Buffer.from(s, 'utf8').toString('latin1');
          const runText = latin1(uniq.map((r) => `${r.q} Q0 ${r.d} 0 ${r.s / 4} t`).join('\n'));
          const qrelsText = latin1(uniq.map((r) => `${r.q} 0 ${r.d} ${r.rel}`).join('\n'));
          const qrels = parseTrecQrels(qrelsText, 'q');
          const slow = evaluateGrouped(qrels, parseTrecRun(runText, 'r'), MEASURES, { maxResults: max });
          const fast = judgeTrecRunText(runText, 'r', qrels, max);
          const viaFast = aggregate(qrels, fast.judged, fast.runQueries, MEASURES, { maxResults: max });
          expect(viaFast.queryIds).toEqual(slow.queryIds);
          expect(viaFast.perQuery.map((a) => [...a])).toEqual(slow.perQuery.map((a) => [...a]));
        },
      ),
      { numRuns: 200, seed: 11 },
    );
  });
});
