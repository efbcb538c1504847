// Slow-ish (≈10 s on 2 cores): the full XQuAD-R structure, 13,090 queries × 13,014 candidates.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger, readEmbeddings, readRows, silentProgress, writeArtifact } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../run.js';
import { evalConfig } from '../test-utils/config.js';
import { FIXTURES } from '../test-utils/data.js';

/**
 * The eval stage against scikit-learn on XQuAD-R: tooling/scripts/make-eval-golden.py built the
 * candidate/query/relevance structure from the LAReQA JSON on its own, drew dim-8 embeddings (numpy seed
 * 0), and stored sklearn's average_precision_score per query for the multilingual pool, numpy rank
 * distances, and per-pair means for mono and cross. hbt reads the same embeddings and must agree.
 */
const dir = join(FIXTURES, 'xquad-r-dim8');

interface Golden {
  multi: { ap: number[]; rank_distance: number[]; r10_by_lang: Record<string, number> };
  pairs: Record<string, { ap: number; r1: number; n: number }>;
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

interface PerQueryRow {
  setting: string;
  query_lang: string;
  doc_lang: string;
  query_id: string;
  measure: string;
  value: number;
}

let work: string;
let golden: Golden;
let queryIds: string[];
let queryLangs: string[];
let metrics: MetricRow[];
let perQuery: PerQueryRow[];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'hbt-eval-golden-'));
  golden = JSON.parse(readFileSync(join(dir, 'golden.json'), 'utf8')) as Golden;
  const relevant = JSON.parse(readFileSync(join(dir, 'relevant.json'), 'utf8')) as Record<string, string[]>;
  const q = await readEmbeddings(join(dir, 'queries.arrow'));
  const c = await readEmbeddings(join(dir, 'corpus.arrow'));
  queryIds = q.ids;
  queryLangs = q.langs;
  const group = (id: string) => id.slice(id.lastIndexOf('/') + 1);
  await writeArtifact(join(work, 'queries.parquet'), 'queries', {
    query_id: q.ids,
    lang: q.langs,
    text: q.ids.map(() => ''),
    group_id: q.ids.map(group),
    dataset: q.ids.map(() => 'xquad-r'),
  });
  await writeArtifact(join(work, 'corpus.parquet'), 'corpus', {
    doc_id: c.ids,
    lang: c.langs,
    text: c.ids.map(() => ''),
    context: c.ids.map(() => null),
    group_id: c.ids.map(() => null),
    dataset: c.ids.map(() => 'xquad-r'),
  });
  const qrels = { query_id: [] as string[], doc_id: [] as string[], relevance: [] as number[] };
  for (const id of q.ids) {
    for (const d of relevant[group(id)]!) {
      qrels.query_id.push(id);
      qrels.doc_id.push(d);
      qrels.relevance.push(1);
    }
  }
  await writeArtifact(join(work, 'qrels.parquet'), 'qrels', qrels);
  const out = join(work, 'eval');
  await run(
    {
      queries: join(work, 'queries.parquet'),
      corpus: join(work, 'corpus.parquet'),
      qrels: join(work, 'qrels.parquet'),
      queryEmbeddings: join(dir, 'queries.arrow'),
      corpusEmbeddings: join(dir, 'corpus.arrow'),
    },
    evalConfig({ measures: ['AP', 'R@1', 'R@10'], per_query: ['AP'] }),
    { outDir: out, log: memoryLogger(), progress: silentProgress },
  );
  metrics = await readRows<MetricRow>(join(out, 'metrics.parquet'));
  perQuery = await readRows<PerQueryRow>(join(out, 'per_query.parquet'));
}, 120_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

const metric = (setting: string, x: string, y: string, measure: string) => {
  const r = metrics.find(
    (m) => m.setting === setting && m.query_lang === x && m.doc_lang === y && m.measure === measure,
  );
  if (!r) throw new Error(`no metrics row ${setting} ${x} ${y} ${measure}`);
  return r;
};

describe('XQuAD-R with fixed embeddings vs scikit-learn', () => {
  it('multi: per-query AP equals average_precision_score (1e-6)', () => {
    const ap = new Map(
      perQuery.filter((r) => r.setting === 'multi' && r.measure === 'AP').map((r) => [r.query_id, r]),
    );
    expect(ap.size).toBe(13090);
    let worst = 0;
    queryIds.forEach((id, i) => {
      const r = ap.get(id)!;
      expect(r.query_lang).toBe(queryLangs[i]);
      expect(r.doc_lang).toBe('*');
      worst = Math.max(worst, Math.abs(r.value - golden.multi.ap[i]!));
    });
    expect(worst).toBeLessThan(1e-6);
  });

  it('multi: mAP per language and macro equal the means of the sklearn values', () => {
    const langs = [...new Set(queryLangs)].sort();
    const perLang = langs.map((l) => {
      const v = golden.multi.ap.filter((_, i) => queryLangs[i] === l);
      return v.reduce((a, b) => a + b, 0) / v.length;
    });
    langs.forEach((l, i) => {
      const row = metric('multi', l, '*', 'AP');
      expect(row.n_queries).toBe(1190);
      expect(Math.abs(row.value - perLang[i]!)).toBeLessThan(1e-6);
      expect(Math.abs(metric('multi', l, '*', 'R@10').value - golden.multi.r10_by_lang[l]!)).toBeLessThan(
        1e-9,
      );
    });
    const macro = metric('multi', '*', '*', 'AP');
    expect(macro.n_queries).toBe(13090);
    expect(Math.abs(macro.value - perLang.reduce((a, b) => a + b, 0) / langs.length)).toBeLessThan(1e-6);
  });

  it('multi: rank distance per query and per language equals numpy', () => {
    const rd = new Map(perQuery.filter((r) => r.measure === 'RD').map((r) => [r.query_id, r.value]));
    expect(rd.size).toBe(13090);
    queryIds.forEach((id, i) => {
      expect(rd.get(id)).toBe(golden.multi.rank_distance[i]);
    });
    for (const l of new Set(queryLangs)) {
      const v = golden.multi.rank_distance.filter((_, i) => queryLangs[i] === l);
      expect(metric('multi', l, '*', 'RD').value).toBeCloseTo(v.reduce((a, b) => a + b, 0) / v.length, 9);
    }
  });

  it("multi: the rank distance's chance level is (k − 1)(n + 1)/(k + 1) and matches the reference's random ranking", () => {
    // Every XQuAD-R question has 11 relevant candidates (one per language) among the pool's 13,014.
    const exact = (10 * 13015) / 12;
    const chance = perQuery.filter((r) => r.measure === 'RD_chance');
    expect(chance.length).toBe(13090);
    expect(chance.every((r) => r.value === exact)).toBe(true);
    for (const l of new Set(queryLangs)) {
      expect(metric('multi', l, '*', 'RD_chance')).toMatchObject({ n_queries: 1190 });
      expect(metric('multi', l, '*', 'RD_chance').value).toBeCloseTo(exact, 9);
    }
    const macro = metric('multi', '*', '*', 'RD_chance');
    expect(macro.n_queries).toBe(13090);
    // The PyTorch reference (shared/reference/README.md) gives "random ranking … rank distance 10844", one
    // random ranking's value. The range of 11 of 13,014 random positions has variance
    // 2(k − 1)(n + 1)(n − k)/((k + 1)²(k + 2)), so that macro mean over 13,090 queries has a standard
    // error of about 11.75: the exact expectation must lie within 3 of them.
    const se = Math.sqrt((2 * 10 * 13015 * (13014 - 11)) / (12 * 12 * 13) / 13090);
    expect(se).toBeCloseTo(11.75, 2);
    expect(Math.abs(macro.value - 10844)).toBeLessThan(3 * se);
  });

  it('mono and cross: every language pair equals sklearn (AP) and numpy (R@1)', () => {
    const pairs = Object.entries(golden.pairs);
    expect(pairs.length).toBe(121);
    for (const [key, g] of pairs) {
      const [x, y] = key.split(' ') as [string, string];
      const setting = x === y ? 'mono' : 'cross';
      const ap = metric(setting, x, y, 'AP');
      expect(ap.n_queries).toBe(g.n);
      expect(Math.abs(ap.value - g.ap)).toBeLessThan(1e-9);
      expect(Math.abs(metric(setting, x, y, 'R@1').value - g.r1)).toBeLessThan(1e-9);
    }
    const mono = pairs.filter(([k]) => k.split(' ')[0] === k.split(' ')[1]).map(([, g]) => g.ap);
    const cross = pairs.filter(([k]) => k.split(' ')[0] !== k.split(' ')[1]).map(([, g]) => g.ap);
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    expect(Math.abs(metric('mono', '*', '*', 'AP').value - mean(mono))).toBeLessThan(1e-9);
    expect(Math.abs(metric('cross', '*', '*', 'AP').value - mean(cross))).toBeLessThan(1e-9);
    // Per query language (the paper's Tables 3–6 rows): mean over the 10 target languages.
    const en = pairs.filter(([k]) => k.startsWith('en ') && k !== 'en en').map(([, g]) => g.ap);
    expect(en.length).toBe(10);
    expect(Math.abs(metric('cross', 'en', '*', 'AP').value - mean(en))).toBeLessThan(1e-9);
  });
});
