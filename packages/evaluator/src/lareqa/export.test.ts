import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger, readRows, silentProgress } from '@hbt/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMeasures } from '../measures/registry.js';
import { run } from '../run.js';
import { evalConfig } from '../test-utils/config.js';
import { writeToy } from '../test-utils/toy.js';
import { evaluateTrecFiles } from '../trec/files.js';
import { exportTrec } from './export.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-eval-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('exportTrec', () => {
  it('writes one run + qrels pair per setting cell, in hbt order (ties: doc id descending)', async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'trec');
    const { files } = await exportTrec(inputs, { dir: out, settings: ['mono', 'cross', 'multi'], depth: 3 });
    expect(files.sort()).toEqual(
      [
        'toy/cross/de-en',
        'toy/cross/en-de',
        'toy/mono/de-de',
        'toy/mono/en-en',
        'toy/multi/de-all',
        'toy/multi/en-all',
      ].flatMap((b) => [`${b}.qrels`, `${b}.run`]),
    );
    // qb: three-way tie at 0.2 in en, broken by doc id descending: e3, e2, e1.
    const run = readFileSync(join(out, 'toy/mono/en-en.run'), 'utf8').trim().split('\n');
    expect(run.filter((l) => l.startsWith('toy/en/qb'))).toEqual([
      `toy/en/qb Q0 toy/en/e3 1 ${Math.fround(0.2)} hbt`,
      `toy/en/qb Q0 toy/en/e2 2 ${Math.fround(0.2)} hbt`,
      `toy/en/qb Q0 toy/en/e1 3 ${Math.fround(0.2)} hbt`,
    ]);
    // Only queries with a relevant candidate in the cell: qb has none in de.
    const qrels = readFileSync(join(out, 'toy/cross/en-de.qrels'), 'utf8');
    expect(qrels).toBe('toy/en/qa 0 toy/de/d1 2\n');
    expect(readFileSync(join(out, 'toy/multi/en-all.run'), 'utf8').trim().split('\n').length).toBe(6); // depth 3 × 2
  });

  it('trec_eval-style evaluation of the exported files gives the stage metrics', async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'trec');
    await exportTrec(inputs, { dir: out, settings: ['mono', 'cross', 'multi'], depth: null });
    await run(inputs, evalConfig({ measures: ['AP', 'R@1', 'nDCG@10', 'RR'] }), {
      outDir: join(dir, 'eval'),
      log: memoryLogger(),
      progress: silentProgress,
    });
    const rows = await readRows<{
      setting: string;
      query_lang: string;
      doc_lang: string;
      measure: string;
      value: number;
    }>(join(dir, 'eval', 'metrics.parquet'));
    const cells: Array<[string, string, string, string]> = [
      ['mono', 'en', 'en', 'mono/en-en'],
      ['mono', 'de', 'de', 'mono/de-de'],
      ['cross', 'en', 'de', 'cross/en-de'],
      ['cross', 'de', 'en', 'cross/de-en'],
      ['multi', 'en', '*', 'multi/en-all'],
      ['multi', 'de', '*', 'multi/de-all'],
    ];
    const measures = parseMeasures('AP,R@1,nDCG@10,RR');
    for (const [setting, x, y, base] of cells) {
      const e = await evaluateTrecFiles(
        join(out, 'toy', `${base}.qrels`),
        join(out, 'toy', `${base}.run`),
        measures,
      );
      measures.forEach((m, i) => {
        const row = rows.find(
          (r) => r.setting === setting && r.query_lang === x && r.doc_lang === y && r.measure === m.name,
        )!;
        expect(e.means[i]).toBeCloseTo(row.value, 12);
      });
    }
  });
});
