import { UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { evaluate } from './evaluate.js';
import { parseMeasure, parseMeasures } from './registry.js';
import type { JudgedRanking } from './types.js';

/** Relevant documents at ranks 1, 3 and 6 of 10 retrieved (gains 3, 1, 2); a 4th relevant (gain 1) not retrieved. */
const R: JudgedRanking = {
  relevantRanks: [1, 3, 6],
  gains: [3, 1, 2],
  numRelevant: 4,
  idealGains: [3, 2, 1, 1],
  numRetrieved: 10,
};
const value = (name: string, r: JudgedRanking = R) => parseMeasure(name).compute(r);

describe('measures, by hand', () => {
  it('AP over the full ranking and with a cutoff (divisor: number of relevant)', () => {
    expect(value('AP')).toBeCloseTo((1 / 1 + 2 / 3 + 3 / 6) / 4, 15);
    expect(value('AP@5')).toBeCloseTo((1 / 1 + 2 / 3) / 4, 15);
    expect(value('AP@1')).toBeCloseTo(1 / 4, 15);
  });

  it('RR and RR@k', () => {
    expect(value('RR', { ...R, relevantRanks: [4, 7], gains: [1, 1] })).toBe(0.25);
    expect(value('RR@3', { ...R, relevantRanks: [4, 7], gains: [1, 1] })).toBe(0);
    expect(value('RR@4', { ...R, relevantRanks: [4, 7], gains: [1, 1] })).toBe(0.25);
  });

  it('R@k and P@k (P divides by k even past the end of the ranking)', () => {
    expect(value('R@3')).toBe(2 / 4);
    expect(value('R@100')).toBe(3 / 4);
    expect(value('P@5')).toBe(2 / 5);
    expect(value('P@20')).toBe(3 / 20);
  });

  it('nDCG and nDCG@k with graded gains, log2(rank + 1) discount, ideal from the judgements', () => {
    const dcg5 = 3 / Math.log2(2) + 1 / Math.log2(4);
    const idcg5 = 3 / Math.log2(2) + 2 / Math.log2(3) + 1 / Math.log2(4) + 1 / Math.log2(5);
    expect(value('nDCG@5')).toBeCloseTo(dcg5 / idcg5, 15);
    expect(value('nDCG@2')).toBeCloseTo(3 / (3 + 2 / Math.log2(3)), 15);
    const dcg = dcg5 + 2 / Math.log2(7);
    expect(value('nDCG')).toBeCloseTo(dcg / idcg5, 15);
  });

  it('every measure is 0 for a query with nothing relevant', () => {
    const none: JudgedRanking = {
      relevantRanks: [],
      gains: [],
      numRelevant: 0,
      idealGains: [],
      numRetrieved: 5,
    };
    for (const m of ['AP', 'AP@10', 'RR', 'R@10', 'P@10', 'nDCG', 'nDCG@10']) expect(value(m, none)).toBe(0);
  });
});

describe('measure names', () => {
  it('parses ir_measures-style names and maps them to trec_eval names', () => {
    expect(
      parseMeasures('AP, AP@20,RR,RR@10,R@100,P@10,nDCG,nDCG@10').map((m) => [m.name, m.trecName]),
    ).toEqual([
      ['AP', 'map'],
      ['AP@20', 'map_cut_20'],
      ['RR', 'recip_rank'],
      ['RR@10', null],
      ['R@100', 'recall_100'],
      ['P@10', 'P_10'],
      ['nDCG', 'ndcg'],
      ['nDCG@10', 'ndcg_cut_10'],
    ]);
    expect(parseMeasures(['AP', 'AP']).length).toBe(1);
  });

  it('rejects unknown names and missing cutoffs with a UsageError listing the names', () => {
    expect(() => parseMeasure('MAP')).toThrow(UsageError);
    expect(() => parseMeasure('R')).toThrow(/"R" needs a cutoff, e\.g\. R@10/);
    expect(() => parseMeasure('P@0')).toThrow(/unknown measure "P@0"/);
    expect(() => parseMeasure('ndcg@10')).toThrow(/AP, AP@k, RR/);
    expect(() => parseMeasures(' , ')).toThrow(/no measures/);
  });
});

describe('evaluate (typed records)', () => {
  it('sorts by score, breaks ties by doc id descending, ignores input order', () => {
    const e = evaluate(
      [
        { queryId: 'q1', docId: 'a', relevance: 1 },
        { queryId: 'q1', docId: 'z', relevance: 0 },
        { queryId: 'q2', docId: 'x', relevance: 2 },
      ],
      [
        { queryId: 'q1', docId: 'a', score: 1 },
        { queryId: 'q1', docId: 'b', score: 1 }, // tie: "b" > "a", so b is ranked first
        { queryId: 'q1', docId: 'c', score: 5 },
        { queryId: 'q3', docId: 'x', score: 1 }, // no judgements: ignored
      ],
      parseMeasures('RR,P@3'),
    );
    expect(e.queryIds).toEqual(['q1']);
    expect([...e.perQuery[0]!]).toEqual([1 / 3]);
    expect(e.unjudgedQueries).toEqual(['q3']);
    const c = evaluate(
      [
        { queryId: 'q1', docId: 'a', relevance: 1 },
        { queryId: 'q2', docId: 'x', relevance: 2 },
      ],
      [{ queryId: 'q1', docId: 'a', score: 0 }],
      parseMeasures('AP'),
      { complete: true },
    );
    expect(c.queryIds).toEqual(['q1', 'q2']);
    expect(c.means[0]).toBe(0.5);
  });

  it('maxResults keeps the first N of the ordered ranking (trec_eval -M)', () => {
    const qrels = [{ queryId: 'q', docId: 'r', relevance: 1 }];
    const run = [
      { queryId: 'q', docId: 'r', score: 1 },
      { queryId: 'q', docId: 'n1', score: 3 },
      { queryId: 'q', docId: 'n2', score: 2 },
    ];
    expect(evaluate(qrels, run, parseMeasures('AP'), { maxResults: 3 }).means[0]).toBeCloseTo(1 / 3, 15);
    expect(evaluate(qrels, run, parseMeasures('AP'), { maxResults: 2 }).means[0]).toBe(0);
  });

  it('rejects a document retrieved twice, judged twice, or scored NaN', () => {
    const q = [{ queryId: 'q', docId: 'a', relevance: 1 }];
    expect(() =>
      evaluate(
        q,
        [
          { queryId: 'q', docId: 'a', score: 1 },
          { queryId: 'q', docId: 'a', score: 2 },
        ],
        parseMeasures('AP'),
      ),
    ).toThrow(/retrieves document "a" twice/);
    expect(() => evaluate([...q, ...q], [], parseMeasures('AP'))).toThrow(/judge document "a" twice/);
    expect(() => evaluate(q, [{ queryId: 'q', docId: 'a', score: Number.NaN }], parseMeasures('AP'))).toThrow(
      /NaN/,
    );
  });
});
