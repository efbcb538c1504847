import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configSchema, DataError, memoryLogger, readRows, runStage, silentProgress } from '@hbt/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EVAL_STAGE_VERSION, evalKeyConfig, run } from './run.js';
import { evalConfig } from './test-utils/config.js';
import { writeToy } from './test-utils/toy.js';

interface MetricRow {
  dataset: string;
  setting: string;
  query_lang: string;
  doc_lang: string;
  measure: string;
  value: number;
  n_queries: number;
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-eval-run-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function evalToy(ev: Parameters<typeof evalConfig>[0] = {}, train: string[] = []) {
  const inputs = await writeToy(dir);
  const out = join(dir, 'eval');
  const log = memoryLogger();
  const outcome = await run(inputs, evalConfig(ev, train), { outDir: out, log, progress: silentProgress });
  const metrics = await readRows<MetricRow>(join(out, 'metrics.parquet'));
  const perQuery = await readRows<Record<string, string | number>>(join(out, 'per_query.parquet'));
  const get = (setting: string, x: string, y: string, m: string) =>
    metrics.find((r) => r.setting === setting && r.query_lang === x && r.doc_lang === y && r.measure === m);
  return { outcome, metrics, perQuery, get, log };
}

describe('eval stage on the hand-made toy dataset (scores written down in test-utils/toy.ts)', () => {
  it('mono, cross and multi AP, per pair, per query language and macro', async () => {
    const { get } = await evalToy();
    // mono: qa e1 at 1 → 1; qb e3 first of a three-way tie (id descending) → 1; qc d2 after d1 → 1/2; qd skipped.
    expect(get('mono', 'en', 'en', 'AP')).toMatchObject({ value: 1, n_queries: 2 });
    expect(get('mono', 'de', 'de', 'AP')).toMatchObject({ value: 0.5, n_queries: 1 });
    expect(get('mono', '*', '*', 'AP')).toMatchObject({ value: 0.75, n_queries: 3 });
    // cross: qa → d1 at 2 of {d2 .7, d1 .3}; qb has nothing relevant in de (skipped); qc → e2 at 1.
    expect(get('cross', 'en', 'de', 'AP')).toMatchObject({ value: 0.5, n_queries: 1 });
    expect(get('cross', 'de', 'en', 'AP')).toMatchObject({ value: 1, n_queries: 1 });
    expect(get('cross', 'en', '*', 'AP')).toMatchObject({ value: 0.5, n_queries: 1 });
    expect(get('cross', '*', 'en', 'AP')).toMatchObject({ value: 1, n_queries: 1 });
    expect(get('cross', '*', '*', 'AP')).toMatchObject({ value: 0.75, n_queries: 2 });
    // multi: qa ranks e1 .9, d2 .7, e2 .5, d1 .3 → (1/1 + 2/4)/2; qb: d1, then e3 → 1/2;
    // qc: d1 .65, e2 .6, d2 .6 (tie: toy/en/e2 > toy/de/d2) → (1/2 + 2/3)/2.
    expect(get('multi', 'en', '*', 'AP')?.value).toBeCloseTo((0.75 + 0.5) / 2, 12);
    expect(get('multi', 'de', '*', 'AP')?.value).toBeCloseTo((1 / 2 + 2 / 3) / 2, 12);
    expect(get('multi', '*', '*', 'AP')?.value).toBeCloseTo(((0.75 + 0.5) / 2 + (1 / 2 + 2 / 3) / 2) / 2, 12);
    expect(get('multi', '*', '*', 'AP')?.n_queries).toBe(3);
  });

  it('recall, AP@k and graded nDCG', async () => {
    const { get } = await evalToy({ measures: ['R@1', 'R@10', 'AP@2', 'nDCG@10', 'RR', 'P@2'] });
    // multi R@1: qa 1/2, qb 0 (d1 first), qc 0 → en 1/4, de 0.
    expect(get('multi', 'en', '*', 'R@1')?.value).toBe(0.25);
    expect(get('multi', 'de', '*', 'R@1')?.value).toBe(0);
    expect(get('multi', 'en', '*', 'R@10')?.value).toBe(1);
    // AP@2 (divisor |R|): qa (1/1)/2, qb (1/2)/1 → en 1/2; qc (1/2)/2 → de 1/4.
    expect(get('multi', 'en', '*', 'AP@2')?.value).toBeCloseTo(0.5, 12);
    expect(get('multi', 'de', '*', 'AP@2')?.value).toBeCloseTo(0.25, 12);
    // nDCG@10 of qa: gains e1 = 1 at rank 1, d1 = 2 at rank 4; ideal 2, 1.
    const qa = (1 + 2 / Math.log2(5)) / (2 + 1 / Math.log2(3));
    const qb = 1 / Math.log2(3);
    expect(get('multi', 'en', '*', 'nDCG@10')?.value).toBeCloseTo((qa + qb) / 2, 12);
    expect(get('multi', 'de', '*', 'RR')?.value).toBeCloseTo(1 / 2, 12);
    expect(get('multi', 'en', '*', 'P@2')?.value).toBeCloseTo((1 / 2 + 1 / 2) / 2, 12);
  });

  it('rank distance in the multi setting, over queries with ≥ 2 relevant candidates', async () => {
    const { get, perQuery } = await evalToy();
    expect(get('multi', 'en', '*', 'RD')).toMatchObject({ value: 3, n_queries: 1 }); // qa: ranks 1 and 4
    expect(get('multi', 'de', '*', 'RD')).toMatchObject({ value: 1, n_queries: 1 }); // qc: ranks 2 and 3
    expect(get('multi', '*', '*', 'RD')).toMatchObject({ value: 2, n_queries: 2 });
    expect(get('mono', 'en', 'en', 'RD')).toBeUndefined();
    const rd = perQuery.filter((r) => r.measure === 'RD').map((r) => [r.query_id, r.value]);
    expect(rd).toEqual([
      ['toy/de/qc', 1],
      ['toy/en/qa', 3],
    ]);
  });

  it('the chance level of the rank distance beside it: a random ranking of the same pool, same queries', async () => {
    const { get, perQuery, log } = await evalToy();
    // qa and qc: 2 relevant among the pool's 5 candidates. The 10 position pairs of 1..5 have gaps
    // 1 (4 pairs), 2 (3), 3 (2), 4 (1): 20 / 10 = 2 per query, so 2 per language and macro.
    expect(get('multi', 'en', '*', 'RD_chance')).toMatchObject({ value: 2, n_queries: 1 });
    expect(get('multi', 'de', '*', 'RD_chance')).toMatchObject({ value: 2, n_queries: 1 });
    expect(get('multi', '*', '*', 'RD_chance')).toMatchObject({ value: 2, n_queries: 2 });
    expect(get('mono', 'en', 'en', 'RD_chance')).toBeUndefined();
    expect(get('cross', '*', '*', 'RD_chance')).toBeUndefined();
    // Per query, right after each query's RD row.
    const multi = perQuery
      .filter((r) => r.setting === 'multi')
      .map((r) => `${r.query_id} ${r.measure} ${r.value}`);
    expect(multi).toEqual([
      'toy/de/qc AP 0.5833333333333333',
      'toy/de/qc RD 1',
      'toy/de/qc RD_chance 2',
      'toy/en/qa AP 0.75',
      'toy/en/qa RD 3',
      'toy/en/qa RD_chance 2',
      'toy/en/qb AP 0.5',
    ]);
    expect(log.lines.join('\n')).toMatch(/rank distance 2\.0000 \(random ranking 2\.0000\)/);
  });

  it('per_query rows: AP per setting row, sorted; skipped queries counted in stats', async () => {
    const { perQuery, outcome } = await evalToy();
    const ap = perQuery
      .filter((r) => r.measure === 'AP')
      .map((r) => `${r.setting} ${r.query_lang} ${r.doc_lang} ${r.query_id} ${r.value}`);
    expect(ap).toEqual([
      'mono de de toy/de/qc 0.5',
      'mono en en toy/en/qa 1',
      'mono en en toy/en/qb 1',
      'cross de en toy/de/qc 1',
      'cross en de toy/en/qa 0.5',
      'multi de * toy/de/qc 0.5833333333333333',
      'multi en * toy/en/qa 0.75',
      'multi en * toy/en/qb 0.5',
    ]);
    const toy = (outcome.stats as { datasets: Record<string, { settings: Record<string, unknown> }> })
      .datasets.toy!;
    expect(toy.settings).toEqual({
      mono: { n_queries: 3, skipped: 1 },
      cross: { n_queries: 2, skipped: 2 },
      multi: { n_queries: 3, skipped: 1 },
    });
  });

  it('with a card: model_card.md carries the macro averages of every setting', async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'eval-card');
    const config = configSchema.parse({ name: 'toy', data: { train: [{ name: 'toy' }] } });
    await run(
      inputs,
      evalConfig({}, []),
      { outDir: out, log: memoryLogger(), progress: silentProgress },
      { card: { config, weights: 'best', prepDatasets: null, training: { steps_done: 5 } } },
    );
    const card = readFileSync(join(out, 'model_card.md'), 'utf8');
    expect(card).toContain('## Evaluation');
    expect(card).toMatch(/\| measure \| mono \| cross \| multi \|/);
    // mono AP 0.75, cross AP 0.75 (the first test's macro values).
    expect(card).toMatch(/\| AP \| 0\.7500 \| 0\.7500 \| 0\.\d{4} \|/);
    expect(await readdir(out)).toContain('metrics.parquet');
  });

  it('mono only scores each language alone, with the same values', async () => {
    const { metrics, get } = await evalToy({ settings: ['mono'] });
    expect(new Set(metrics.map((r) => r.setting))).toEqual(new Set(['mono']));
    expect(get('mono', '*', '*', 'AP')).toMatchObject({ value: 0.75, n_queries: 3 });
  });

  it('a dataset without candidates: its queries are skipped and counted, no rows', async () => {
    const inputs = await writeToy(dir, { bareDataset: true });
    const out = join(dir, 'eval');
    const outcome = await run(inputs, evalConfig(), {
      outDir: out,
      log: memoryLogger(),
      progress: silentProgress,
    });
    const metrics = await readRows<MetricRow>(join(out, 'metrics.parquet'));
    expect(metrics.filter((r) => r.dataset === 'bare')).toEqual([]);
    expect(metrics.filter((r) => r.dataset === 'toy').length).toBeGreaterThan(0);
    const bare = (outcome.stats as { datasets: Record<string, { settings: Record<string, unknown> }> })
      .datasets.bare!;
    expect(bare.settings).toEqual({ multi: { n_queries: 0, skipped: 1 } });
  });

  it('in_domain: false leaves out the training datasets', async () => {
    const { metrics, outcome } = await evalToy({ in_domain: false }, ['toy']);
    expect(metrics).toEqual([]);
    expect(outcome.stats?.skipped_datasets).toBe(1);
  });

  it('a query without an embedding is a DataError naming the file, and nothing is written', async () => {
    const inputs = await writeToy(dir, { skipQueryEmbedding: 'toy/en/qb' });
    const stageDir = join(dir, 'variants', 'default', 'eval');
    const attempt = runStage(
      {
        stage: 'eval',
        stageVersion: EVAL_STAGE_VERSION,
        dir: stageDir,
        config: evalConfig(),
        keyConfig: evalKeyConfig(evalConfig()),
        inputs: { ...inputs },
        seed: null,
        backend: null,
        log: memoryLogger(),
        progress: silentProgress,
      },
      (ctx) => run(inputs, evalConfig(), ctx),
    );
    await expect(attempt).rejects.toThrow(DataError);
    await expect(attempt).rejects.toThrow(/queries\.arrow: no embedding for query_id "toy\/en\/qb"/);
    expect(await readdir(join(dir, 'variants', 'default'))).not.toContain('eval');
  });

  it('through runStage: byte-identical outputs, cached on the second run', async () => {
    const inputs = await writeToy(dir);
    const spec = (name: string) => ({
      stage: 'eval',
      stageVersion: EVAL_STAGE_VERSION,
      dir: join(dir, name),
      config: evalConfig(),
      keyConfig: evalKeyConfig(evalConfig()),
      inputs: { ...inputs },
      seed: null,
      backend: null,
      log: memoryLogger(),
      progress: silentProgress,
    });
    const a = await runStage(spec('a'), (ctx) => run(inputs, evalConfig(), ctx));
    const b = await runStage(spec('b'), (ctx) => run(inputs, evalConfig(), ctx));
    expect([a.cached, b.cached]).toEqual([false, false]);
    for (const f of ['metrics.parquet', 'per_query.parquet', 'manifest.json']) {
      expect(readFileSync(join(dir, 'a', f)).equals(readFileSync(join(dir, 'b', f)))).toBe(true);
    }
    const again = await runStage(spec('a'), () => {
      throw new Error('must not run');
    });
    expect(again.cached).toBe(true);
  });
});
