import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseMeasures } from '../measures/registry.js';
import { sharedDataPath } from '../test-utils/data.js';
import { evaluateTrecFiles } from './files.js';
import { formatFixed } from './format.js';

/**
 * hbt's measures against trec_eval 10.0's own expected outputs (shared/data/trec_eval-tests): every
 * per-query and averaged value of map, recip_rank, P_10, recall_100, ndcg_cut_10 and ndcg, to the
 * 4 decimals trec_eval prints.
 */
const dir = sharedDataPath('trec_eval-tests');
const MEASURES = parseMeasures('AP,RR,P@10,R@100,nDCG@10,nDCG,AP@10,P@5,R@10');

/** Expected lines `measure qid value` for the measures we compare, from one trec_eval output file. */
function expected(file: string): Map<string, string> {
  const want = new Set(MEASURES.map((m) => m.trecName!));
  const out = new Map<string, string>();
  for (const line of readFileSync(join(dir!, file), 'utf8').split('\n')) {
    const [name, qid, value] = line.trim().split(/\s+/);
    if (name && want.has(name)) out.set(`${name} ${qid}`, value!);
    if (name === 'num_q') out.set(`num_q ${qid}`, value!);
  }
  return out;
}

async function actual(run: string, opts: { complete?: boolean; maxResults?: number }) {
  const e = await evaluateTrecFiles(join(dir!, 'qrels.test'), join(dir!, run), MEASURES, opts);
  const out = new Map<string, string>();
  e.measures.forEach((m, mi) => {
    e.queryIds.forEach((q, qi) => {
      out.set(`${m.trecName} ${q}`, formatFixed(e.perQuery[mi]![qi]!));
    });
    out.set(`${m.trecName} all`, formatFixed(e.means[mi]!));
  });
  out.set('num_q all', String(e.numQueries));
  return out;
}

describe.skipIf(!dir)('trec_eval test files (skipped: shared/data/trec_eval-tests not found)', () => {
  it('out.test.aq: results.test, per query and all', async () => {
    const want = expected('out.test.aq');
    const got = await actual('results.test', {});
    // map_cut is not in all_trec; compare every line trec_eval printed for our measures.
    for (const [k, v] of want) expect(`${k} ${got.get(k)}`).toBe(`${k} ${v}`);
    expect(want.size).toBeGreaterThanOrEqual(4 * 8 + 1);
  });

  it('out.test.aqc: results.trunc with -c (query 302 has no results)', async () => {
    const want = expected('out.test.aqc');
    const got = await actual('results.trunc', { complete: true });
    for (const [k, v] of want) expect(`${k} ${got.get(k)}`).toBe(`${k} ${v}`);
    expect(want.get('map 302')).toBe('0.0000');
    expect(want.get('num_q all')).toBe('3');
  });

  it('out.test.aqcM: results.trunc with -c -M100', async () => {
    const want = expected('out.test.aqcM');
    const got = await actual('results.trunc', { complete: true, maxResults: 100 });
    for (const [k, v] of want) expect(`${k} ${got.get(k)}`).toBe(`${k} ${v}`);
    expect(want.get('map 301')).not.toBe(expected('out.test.aqc').get('map 301'));
  });

  it('without -c averages over the queries in both run and qrels', async () => {
    const e = await evaluateTrecFiles(
      join(dir!, 'qrels.test'),
      join(dir!, 'results.trunc'),
      parseMeasures('AP'),
    );
    expect(e.queryIds).toEqual(['301', '303']);
    expect(e.numQueries).toBe(2);
    expect(e.means[0]).toBeCloseTo((e.perQuery[0]![0]! + e.perQuery[0]![1]!) / 2, 15);
  });
});
