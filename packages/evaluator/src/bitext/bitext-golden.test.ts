import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger, readRows, silentProgress } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../run.js';
import { BITEXT_QA_DIR, writeBitextQa } from '../test-utils/bitext-qa.js';
import { evalConfig } from '../test-utils/config.js';

// Golden values from tooling/scripts/bitext_check.py (numpy argmax / argsort, sklearn
// average_precision_score and ndcg_score) on the same fixed dim-8 embeddings.
interface Golden {
  margin_k: number;
  pairs_config: Array<[string, string]>;
  bitext: {
    pairs: Record<string, { p1: number; p1_margin: number; n: number; candidates: number }>;
    multi: Record<string, { p1: number; ap: number; rd: number; rd_chance: number; n: number; rd_n: number }>;
    multi_pool: number;
    multi_pairs: Record<string, { rank: number; chance: number; n: number }>;
  };
  qa: Record<string, Record<string, number>>;
  news: Record<string, Record<string, number>>;
}
interface MetricRow {
  dataset: string;
  setting: string;
  query_lang: string;
  doc_lang: string;
  measure: string;
  value: number;
  n_queries: number;
}

const golden = JSON.parse(readFileSync(join(BITEXT_QA_DIR, 'golden.json'), 'utf8')) as Golden;
let dir: string;
let metrics: MetricRow[];
let stats: Record<string, unknown>;
const get = (dataset: string, setting: string, x: string, y: string, m: string) =>
  metrics.find(
    (r) =>
      r.dataset === dataset &&
      r.setting === setting &&
      r.query_lang === x &&
      r.doc_lang === y &&
      r.measure === m,
  );

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-eval-bitext-'));
  const inputs = await writeBitextQa(dir);
  const config = evalConfig({
    measures: ['AP', 'R@1', 'R@10', 'nDCG@10'],
    bitext: {
      measures: ['P@1', 'AP'],
      pivot: 'eng',
      pairs: golden.pairs_config,
      pool_queries: null,
      margin_k: golden.margin_k,
    },
  });
  const out = await run(inputs, config, {
    outDir: join(dir, 'eval'),
    log: memoryLogger(),
    progress: silentProgress,
  });
  stats = out.stats as Record<string, unknown>;
  metrics = await readRows<MetricRow>(join(dir, 'eval', 'metrics.parquet'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bitext task against numpy (tooling/scripts/bitext_check.py)', () => {
  it('P@1 in both directions of every pair with eng and of the configured pair, plain and ratio margin', () => {
    const pairs = Object.entries(golden.bitext.pairs);
    expect(pairs.length).toBe(8);
    for (const [key, g] of pairs) {
      const [x, y] = key.split(' ') as [string, string];
      expect(get('bt', 'cross', x, y, 'P@1'), key).toMatchObject({ n_queries: g.n });
      expect(get('bt', 'cross', x, y, 'P@1')!.value, key).toBeCloseTo(g.p1, 12);
      expect(get('bt', 'cross', x, y, 'P@1_margin')!.value, `${key} margin`).toBeCloseTo(g.p1_margin, 12);
      // The chance level beside it: one relevant among the aligned candidates.
      expect(get('bt', 'cross', x, y, 'P@1_chance')!.value, key).toBeCloseTo(1 / g.candidates, 12);
      expect(get('bt', 'cross', x, y, 'n_candidates')!.value, key).toBe(g.candidates);
    }
    // No pair the config does not ask for (pcm–yor), and no mono rows.
    expect(get('bt', 'cross', 'pcm', 'yor', 'P@1')).toBeUndefined();
    expect(metrics.some((r) => r.dataset === 'bt' && r.setting === 'mono')).toBe(false);
  });

  it('macro averages: into eng, out of eng, and over all directions', () => {
    const p = golden.bitext.pairs;
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const toEng = ['pcm', 'yor', 'zul'].map((x) => p[`${x} eng`]!.p1);
    expect(get('bt', 'cross', '*', 'eng', 'P@1')!.value).toBeCloseTo(mean(toEng), 12);
    const fromEng = ['pcm', 'yor', 'zul'].map((x) => p[`eng ${x}`]!.p1);
    expect(get('bt', 'cross', 'eng', '*', 'P@1')!.value).toBeCloseTo(mean(fromEng), 12);
    expect(get('bt', 'cross', '*', '*', 'P@1')!.value).toBeCloseTo(
      mean(Object.values(p).map((g) => g.p1)),
      12,
    );
  });

  it('the multi-way pool: P@1, AP, rank distance and its chance level per language (own sentence left out)', () => {
    for (const [lang, g] of Object.entries(golden.bitext.multi)) {
      expect(get('bt', 'multi', lang, '*', 'P@1'), lang).toMatchObject({ n_queries: g.n });
      expect(get('bt', 'multi', lang, '*', 'P@1')!.value, lang).toBeCloseTo(g.p1, 12);
      expect(get('bt', 'multi', lang, '*', 'AP')!.value, lang).toBeCloseTo(g.ap, 6);
      expect(get('bt', 'multi', lang, '*', 'RD'), lang).toMatchObject({ n_queries: g.rd_n });
      expect(get('bt', 'multi', lang, '*', 'RD')!.value, lang).toBeCloseTo(g.rd, 9);
      expect(get('bt', 'multi', lang, '*', 'RD_chance')!.value, lang).toBeCloseTo(g.rd_chance, 9);
      expect(get('bt', 'multi', lang, '*', 'n_candidates')!.value, lang).toBe(golden.bitext.multi_pool);
      // No margin scoring in the pool.
      expect(get('bt', 'multi', lang, '*', 'P@1_margin')).toBeUndefined();
    }
    // The pool's language-pair matrix: mean pool rank of the Y translation of X's queries.
    const pairs = Object.entries(golden.bitext.multi_pairs);
    expect(pairs.length).toBe(12); // every ordered pair of the 4 languages
    for (const [key, g] of pairs) {
      const [x, y] = key.split(' ') as [string, string];
      expect(get('bt', 'multi', x, y, 'pool_rank'), key).toMatchObject({ n_queries: g.n });
      expect(get('bt', 'multi', x, y, 'pool_rank')!.value, key).toBeCloseTo(g.rank, 9);
      expect(get('bt', 'multi', x, y, 'pool_rank_chance')!.value, key).toBeCloseTo(g.chance, 9);
      expect(get('bt', 'multi', x, y, 'P@1'), key).toBeUndefined();
    }
    const ds = (stats.datasets as Record<string, Record<string, unknown>>).bt!;
    expect(ds.task).toBe('bitext');
    expect(ds.pool_size).toBe(golden.bitext.multi_pool + 1);
  });
});

describe('AfriQA-like qa and news tasks against scikit-learn', () => {
  for (const task of ['qa', 'news'] as const) {
    it(`${task}: AP, R@1, R@10, nDCG@10 and the pool size of every cell`, () => {
      const cells = Object.entries(golden[task]);
      expect(cells.length).toBeGreaterThan(task === 'qa' ? 9 : 1);
      for (const [key, g] of cells) {
        const [setting, x, y] = key.split(' ') as [string, string, string];
        expect(get(task, setting, x, y, 'AP'), key).toMatchObject({ n_queries: g.n });
        for (const m of ['AP', 'R@1', 'R@10', 'nDCG@10', 'n_candidates'])
          expect(get(task, setting, x, y, m)!.value, `${key} ${m}`).toBeCloseTo(g[m]!, 9);
        // Chance levels beside the recall measures: min(k, n) / n.
        expect(get(task, setting, x, y, 'R@10_chance')!.value).toBeCloseTo(
          Math.min(10, g.n_candidates!) / g.n_candidates!,
          12,
        );
      }
      // Every per-language cell of the stage is one of the reference's (and none is missing).
      const rows = metrics.filter(
        (r) =>
          r.dataset === task &&
          r.measure === 'AP' &&
          r.query_lang !== '*' &&
          (r.setting === 'multi' || r.doc_lang !== '*'),
      );
      expect(rows.map((r) => `${r.setting} ${r.query_lang} ${r.doc_lang}`).sort()).toEqual(
        cells.map(([k]) => k).sort(),
      );
    });
  }
  it('news is mono only', () => {
    expect(metrics.filter((r) => r.dataset === 'news').every((r) => r.setting === 'mono')).toBe(true);
  });
});
