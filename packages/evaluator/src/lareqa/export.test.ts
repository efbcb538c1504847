import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { memoryLogger, readRows, silentProgress } from '@hbt/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseMeasures } from '../measures/registry.js';
import { run } from '../run.js';
import { evalConfig } from '../test-utils/config.js';
import { writeToy } from '../test-utils/toy.js';
import { evaluateTrecFiles } from '../trec/files.js';
import type { EvalInputs } from './data.js';
import { exportTrec, kthLargest } from './export.js';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-eval-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface MetricsRow {
  setting: string;
  query_lang: string;
  doc_lang: string;
  measure: string;
  value: number;
}

/** The eval stage's metrics rows for the toy inputs. */
async function stageMetrics(inputs: EvalInputs, measures: string[]): Promise<MetricsRow[]> {
  await run(inputs, evalConfig({ measures }), {
    outDir: join(dir, 'eval'),
    log: memoryLogger(),
    progress: silentProgress,
  });
  return readRows<MetricsRow>(join(dir, 'eval', 'metrics.parquet'));
}

describe('exportTrec', () => {
  it('writes one run + qrels pair per setting cell, in hbt order (ties: doc id descending)', async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'trec');
    const { files, lines } = await exportTrec(inputs, {
      dir: out,
      settings: ['mono', 'cross', 'multi'],
      depth: 3,
      cut: 'depth',
      gzip: false,
    });
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
    // Scores are written short (the tie keeps one text): see trec/score-text.ts.
    expect(run.filter((l) => l.startsWith('toy/en/qb'))).toEqual([
      'toy/en/qb Q0 toy/en/e3 1 0.2 hbt',
      'toy/en/qb Q0 toy/en/e2 2 0.2 hbt',
      'toy/en/qb Q0 toy/en/e1 3 0.2 hbt',
    ]);
    // Only queries with a relevant candidate in the cell: qb has none in de.
    const qrels = readFileSync(join(out, 'toy/cross/en-de.qrels'), 'utf8');
    expect(qrels).toBe('toy/en/qa 0 toy/de/d1 2\n');
    expect(readFileSync(join(out, 'toy/multi/en-all.run'), 'utf8').trim().split('\n').length).toBe(6); // depth 3 × 2
    const written = files
      .filter((f) => f.endsWith('.run'))
      .reduce((n, f) => n + readFileSync(join(out, f), 'utf8').trim().split('\n').length, 0);
    expect(lines).toBe(written);
  });

  it("cut 'relevant' (the default) ends each list at its last relevant candidate within the depth", async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'cut');
    const res = await exportTrec(inputs, { dir: out, settings: ['mono', 'cross', 'multi'], gzip: false });
    const read = (f: string) =>
      readFileSync(join(out, 'toy', f), 'utf8')
        .trim()
        .split('\n');
    // qa (en) in en: e1 (relevant) is first at 0.9; in the pool: e1 0.9, d2 0.7, e2 0.5, d1 0.3 (relevant).
    expect(read('mono/en-en.run')).toEqual([
      'toy/en/qa Q0 toy/en/e1 1 0.9 hbt',
      'toy/en/qb Q0 toy/en/e3 1 0.2 hbt',
    ]);
    expect(read('multi/en-all.run').filter((l) => l.startsWith('toy/en/qa '))).toEqual([
      'toy/en/qa Q0 toy/en/e1 1 0.9 hbt',
      'toy/en/qa Q0 toy/de/d2 2 0.7 hbt',
      'toy/en/qa Q0 toy/en/e2 3 0.5 hbt',
      'toy/en/qa Q0 toy/de/d1 4 0.3 hbt',
    ]);
    expect(res.truncated).toBe(0);
    // A list with a relevant candidate below the cap is counted; it ends at the last one within the cap
    // (or after the top candidate alone).
    const capped = await exportTrec(inputs, {
      dir: join(dir, 'capped'),
      settings: ['multi'],
      depth: 2,
      gzip: false,
    });
    // Pool ranks: qa e1 1, d1 4; qb e3 2 (after d1 0.8); qc e2 2, d2 3 (d1 0.65, e2 0.6, d2 0.6).
    expect(capped.truncated).toBe(2);
    expect(capped.lines).toBe(1 + 2 + 2);
    const one = await exportTrec(inputs, {
      dir: join(dir, 'one'),
      settings: ['multi'],
      depth: 1,
      gzip: false,
    });
    // qa's e1 is first; qb's and qc's relevant candidates are all below 1: their top candidate only.
    expect(readFileSync(join(dir, 'one', 'toy', 'multi', 'de-all.run'), 'utf8')).toBe(
      'toy/de/qc Q0 toy/de/d1 1 0.65 hbt\n',
    );
    expect(one.lines).toBe(3);
    expect(one.truncated).toBe(3);
  });

  // Cut at depth 1, only the cutoff measures up to 1 are exact (AP, RR, nDCG@10 need deeper lists).
  it.each([
    ['relevant', null, 'AP,R@1,nDCG@10,RR'],
    ['relevant', 1, 'R@1'],
    ['depth', null, 'AP,R@1,nDCG@10,RR'],
  ] as const)(
    'trec_eval-style evaluation of the exported files gives the stage metrics (cut %s, depth %s: %s)',
    async (cut, depth, names) => {
      const inputs = await writeToy(dir);
      const out = join(dir, 'trec');
      // gzip (the default): hbt evaluate reads the .gz files as trec_eval reads them through zcat.
      await exportTrec(inputs, { dir: out, settings: ['mono', 'cross', 'multi'], depth, cut });
      const rows = await stageMetrics(inputs, ['AP', 'R@1', 'nDCG@10', 'RR']);
      const cells: Array<[string, string, string, string]> = [
        ['mono', 'en', 'en', 'mono/en-en'],
        ['mono', 'de', 'de', 'mono/de-de'],
        ['cross', 'en', 'de', 'cross/en-de'],
        ['cross', 'de', 'en', 'cross/de-en'],
        ['multi', 'en', '*', 'multi/en-all'],
        ['multi', 'de', '*', 'multi/de-all'],
      ];
      const measures = parseMeasures(names);
      for (const [setting, x, y, base] of cells) {
        const e = await evaluateTrecFiles(
          join(out, 'toy', `${base}.qrels.gz`),
          join(out, 'toy', `${base}.run.gz`),
          measures,
        );
        measures.forEach((m, i) => {
          const row = rows.find(
            (r) => r.setting === setting && r.query_lang === x && r.doc_lang === y && r.measure === m.name,
          )!;
          expect(e.means[i]).toBeCloseTo(row.value, 12);
        });
      }
    },
  );

  // trec_eval itself is not built here: its independent Python re-implementation stands in (trec_eval's
  // conventions, checked against trec_eval's own test outputs; development machines and CI have python3).
  const python = spawnSync('python3', ['--version']).status === 0;
  it.skipIf(!python)(
    'the trec_eval reference (tooling/scripts/trec_eval_ref.py) reads the exported files as hbt scored them',
    async () => {
      const inputs = await writeToy(dir);
      const out = join(dir, 'ref');
      await exportTrec(inputs, { dir: out, settings: ['mono', 'cross', 'multi'], gzip: false });
      const rows = await stageMetrics(inputs, ['AP', 'RR', 'R@100', 'nDCG@10']);
      const script = join(REPO, 'tooling', 'scripts', 'trec_eval_ref.py');
      const names: Record<string, string> = {
        map: 'AP',
        recip_rank: 'RR',
        recall_100: 'R@100',
        ndcg_cut_10: 'nDCG@10',
      };
      for (const [setting, x, y, base] of [
        ['mono', 'en', 'en', 'mono/en-en'],
        ['cross', 'de', 'en', 'cross/de-en'],
        ['multi', 'de', '*', 'multi/de-all'],
      ] as const) {
        const r = spawnSync(
          'python3',
          [script, join(out, 'toy', `${base}.qrels`), join(out, 'toy', `${base}.run`)],
          {
            encoding: 'utf8',
          },
        );
        expect(r.status, r.stderr).toBe(0);
        for (const line of r.stdout.trim().split('\n')) {
          const [name, , value] = line.split('\t');
          const m = names[name!];
          if (m === undefined) continue;
          const row = rows.find(
            (q) => q.setting === setting && q.query_lang === x && q.doc_lang === y && q.measure === m,
          )!;
          expect(value, `${base} ${name}`).toBe(row.value.toFixed(4));
        }
      }
    },
  );

  it('writes only what is asked: settings, datasets, languages; gzip by default, depth 100', async () => {
    const inputs = await writeToy(dir);
    const out = join(dir, 'only');
    const { files } = await exportTrec(inputs, {
      dir: out,
      settings: ['cross'],
      langs: ['en', 'de'],
      datasets: ['toy'],
    });
    expect(files.sort()).toEqual([
      'toy/cross/de-en.qrels.gz',
      'toy/cross/de-en.run.gz',
      'toy/cross/en-de.qrels.gz',
      'toy/cross/en-de.run.gz',
    ]);
    expect(readdirSync(join(out, 'toy'))).toEqual(['cross']);
    // A real gzip file whose text is the plain export's.
    const plain = join(dir, 'plain');
    await exportTrec(inputs, { dir: plain, settings: ['cross'], gzip: false });
    expect(gunzipSync(readFileSync(join(out, 'toy/cross/en-de.run.gz'))).toString()).toBe(
      readFileSync(join(plain, 'toy/cross/en-de.run'), 'utf8'),
    );
    // Only English queries: the en→de cell, never a de query.
    const en = await exportTrec(inputs, {
      dir: join(dir, 'en'),
      settings: ['mono', 'cross', 'multi'],
      langs: ['en'],
    });
    expect(en.files.sort()).toEqual([
      'toy/mono/en-en.qrels.gz',
      'toy/mono/en-en.run.gz',
      'toy/multi/en-all.qrels.gz',
      'toy/multi/en-all.run.gz',
    ]);
    expect(
      (await exportTrec(inputs, { dir: join(dir, 'none'), settings: ['mono'], datasets: ['other'] })).files,
    ).toEqual([]);
  });

  it('kthLargest agrees with a sort, ties and duplicates included', () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(rnd() * 60);
      const v = Float64Array.from({ length: n }, () => Math.floor(rnd() * 8) / 4);
      const sorted = Array.from(v).sort((a, b) => b - a);
      const k = 1 + Math.floor(rnd() * n);
      expect(kthLargest(v.slice(), k)).toBe(sorted[k - 1]);
    }
  });
});
