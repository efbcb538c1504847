import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realMirror, runPrep, tempDir } from './test-utils/prep.js';

// Counts on the real XQuAD-R and MLQA-R files, against the numbers in the LAReQA README / SOURCE.md
// (an independent reference). Slow-ish (a few seconds): the whole prep of both datasets runs once.
const mirror = realMirror();

const XQUAD_R_CANDIDATES: Record<string, number> = {
  ar: 1222,
  de: 1276,
  el: 1234,
  en: 1180,
  es: 1215,
  hi: 1244,
  ru: 1219,
  th: 852,
  tr: 1167,
  vi: 1209,
  zh: 1196,
};
const MLQA_R: Record<string, [questions: number, candidates: number]> = {
  ar: [517, 2545],
  de: [512, 2362],
  en: [1148, 6264],
  es: [500, 1787],
  hi: [507, 2426],
  vi: [511, 2828],
  zh: [504, 2322],
};

describe.skipIf(mirror === null)(
  'prep on the real XQuAD-R and MLQA-R (needs ../shared/data or HBT_DATA_MIRROR)',
  () => {
    let dir = '';
    let cleanup = () => {};
    let inst: DuckDBInstance;
    const rows = async (q: string) => {
      const con = await inst.connect();
      try {
        return (await con.runAndReadAll(q)).getRowObjectsJson() as Record<string, unknown>[];
      } finally {
        con.closeSync();
      }
    };
    const file = (f: string) => `read_parquet('${join(dir, f)}')`;

    beforeAll(async () => {
      const t = tempDir();
      cleanup = t.cleanup;
      const res = await runPrep(
        { mirror, train: [{ name: 'mlqa-r' }], eval: [{ name: 'xquad-r' }], pairs: { hard_negatives: true } },
        t.dir,
        t.dir,
      );
      dir = res.dir;
      inst = await DuckDBInstance.create(':memory:');
    }, 120_000);
    afterAll(() => {
      inst?.closeSync();
      cleanup();
    });

    it('XQuAD-R: 11 languages x 1190 questions and the LAReQA candidate counts (13,014)', async () => {
      const q = await rows(
        `SELECT lang, count(*)::INT AS n FROM ${file('queries.parquet')} WHERE dataset = 'xquad-r' GROUP BY lang ORDER BY lang`,
      );
      expect(q).toEqual(Object.keys(XQUAD_R_CANDIDATES).map((lang) => ({ lang, n: 1190 })));
      const c = await rows(
        `SELECT lang, count(*)::INT AS n FROM ${file('corpus.parquet')} WHERE dataset = 'xquad-r' GROUP BY lang ORDER BY lang`,
      );
      expect(Object.fromEntries(c.map((r) => [r.lang, r.n]))).toEqual(XQUAD_R_CANDIDATES);
      expect(c.reduce((s, r) => s + (r.n as number), 0)).toBe(13014);
    });

    it('XQuAD-R: every question has exactly one relevant candidate per language (11 in the pool)', async () => {
      const r = await rows(
        `SELECT min(n)::INT AS lo, max(n)::INT AS hi, min(langs)::INT AS llo, max(langs)::INT AS lhi, count(*)::INT AS queries
       FROM (SELECT q.query_id, count(*) AS n, count(DISTINCT c.lang) AS langs
             FROM ${file('qrels.parquet')} q JOIN ${file('corpus.parquet')} c USING (doc_id)
             WHERE c.dataset = 'xquad-r' GROUP BY q.query_id)`,
      );
      expect(r).toEqual([{ lo: 11, hi: 11, llo: 11, lhi: 11, queries: 13090 }]);
    });

    it('MLQA-R: questions and candidates per language', async () => {
      const q = await rows(
        `SELECT lang, count(*)::INT AS n FROM ${file('queries.parquet')} WHERE dataset = 'mlqa-r' GROUP BY lang ORDER BY lang`,
      );
      const c = await rows(
        `SELECT lang, count(*)::INT AS n FROM ${file('corpus.parquet')} WHERE dataset = 'mlqa-r' GROUP BY lang ORDER BY lang`,
      );
      expect(Object.fromEntries(q.map((r) => [r.lang, r.n]))).toEqual(
        Object.fromEntries(Object.entries(MLQA_R).map(([l, [n]]) => [l, n])),
      );
      expect(Object.fromEntries(c.map((r) => [r.lang, r.n]))).toEqual(
        Object.fromEntries(Object.entries(MLQA_R).map(([l, [, n]]) => [l, n])),
      );
    });

    it('MLQA-R: a question is relevant to its answer sentence in each language its id appears in', async () => {
      // 1148 ids: 820 in 4 languages, 263 in 3, 65 in 2 (SOURCE.md), so qrels = 820*16 + 263*9 + 65*4.
      const r = await rows(
        `SELECT count(*)::INT AS n FROM ${file('qrels.parquet')} WHERE query_id LIKE 'mlqa-r/%'`,
      );
      expect(r).toEqual([{ n: 820 * 16 + 263 * 9 + 65 * 4 }]);
    });

    it('training pairs: the same combinations, split by group with no group on both sides', async () => {
      const r = await rows(
        `SELECT (SELECT count(*) FROM ${file('train_pairs.parquet')})::INT + (SELECT count(*) FROM ${file('val_pairs.parquet')})::INT AS pairs,
              (SELECT count(*) FROM ${file('train_pairs.parquet')} t JOIN (SELECT DISTINCT group_id FROM ${file('val_pairs.parquet')}) v USING (group_id))::INT AS leaked,
              (SELECT count(DISTINCT group_id) FROM ${file('val_pairs.parquet')})::INT AS val_groups`,
      );
      // round(0.05 * 1148) = 57 held-out groups.
      expect(r).toEqual([{ pairs: 820 * 16 + 263 * 9 + 65 * 4, leaked: 0, val_groups: 57 }]);
    });
  },
);
