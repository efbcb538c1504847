import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, memoryLogger, readRows, silentProgress } from '@hbt/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadEvalData } from '../lareqa/data.js';
import { scoreBlock } from '../lareqa/scores.js';
import { run } from '../run.js';
import { writeBitextQa, writeDatasets } from '../test-utils/bitext-qa.js';
import { evalConfig } from '../test-utils/config.js';
import { directions } from './evaluate.js';
import { kNearestMeans } from './margin.js';
import { pairView, poolView } from './views.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-eval-bitext-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface MetricRow {
  dataset: string;
  setting: string;
  query_lang: string;
  doc_lang: string;
  measure: string;
  value: number;
}

/** A seeded stream of numbers in [−1, 1) (xorshift32), for test vectors. */
function numbers(seed: number, n: number): Float32Array {
  let s = seed >>> 0 || 1;
  return Float32Array.from({ length: n }, () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) / 2 ** 32) * 2 - 1;
  });
}

describe('kNearestMeans (ratio-margin neighbourhoods)', () => {
  it('equals the mean of the k largest scores of each row and each column, k capped at the other side', () => {
    const dim = 5;
    for (const [nq, nd, k] of [
      [7, 9, 3],
      [2, 6, 4],
      [9, 1, 4],
    ] as const) {
      const q = numbers(nq * 31 + nd, nq * dim);
      const c = numbers(nd * 17 + 3, nd * dim);
      const s = new Float64Array(nq * nd);
      scoreBlock(q, 0, nq, c, 0, nd, dim, s);
      const top = (xs: number[], kk: number) => {
        const v = [...xs].sort((a, b) => b - a).slice(0, Math.min(kk, xs.length));
        return v.reduce((a, b) => a + b, 0) / v.length;
      };
      const m = kNearestMeans(q, nq, c, nd, dim, k);
      for (let i = 0; i < nq; i++)
        expect(m.query[i]).toBeCloseTo(top(Array.from(s.subarray(i * nd, (i + 1) * nd)), k), 12);
      for (let j = 0; j < nd; j++)
        expect(m.doc[j]).toBeCloseTo(
          top(
            Array.from({ length: nq }, (_, i) => s[i * nd + j]!),
            k,
          ),
          12,
        );
    }
  });
});

describe('bitext views', () => {
  it('a pair over its aligned set; the pool queried by the same groups in every language, own sentence excluded', async () => {
    const inputs = await writeBitextQa(dir);
    const { datasets } = await loadEvalData(inputs, { groupRelevance: new Set(['bt']) });
    const bt = datasets.find((d) => d.name === 'bt')!;
    // zul lacks groups 20–23; x1, x2 exist in yor and zul only.
    const zulEng = pairView(bt, 'zul', 'eng')!;
    expect(zulEng.queryGroups[0]!.ids.length).toBe(20);
    expect(zulEng.docIds.length).toBe(20);
    expect(zulEng.queryGroups[0]!.relevant.every((r) => r.length === 1)).toBe(true);
    expect(pairView(bt, 'yor', 'zul')!.docIds.length).toBe(22);
    expect(pairView(bt, 'pcm', 'xxx')).toBeNull();

    const { view, exclude } = poolView(bt, 5);
    const groups = view.queryGroups.map((g) => new Set(g.groups));
    const all = new Set(view.queryGroups.flatMap((g) => g.groups!));
    expect(all.size).toBe(5);
    for (const g of groups) for (const x of g) expect(all.has(x)).toBe(true);
    expect(view.queryGroups.find((g) => g.lang === 'eng')!.ids.length).toBeGreaterThan(0);
    expect(poolView(bt, 5).view.queryGroups.map((g) => g.ids)).toEqual(view.queryGroups.map((g) => g.ids));
    view.queryGroups.forEach((g, gi) => {
      g.ids.forEach((id, i) => {
        expect(view.docIds[exclude[gi]![i]!]).toBe(id);
      });
    });
    expect(poolView(bt, null).view.docIds.length).toBe(bt.docIds.length);
  });

  it('directions: X → pivot and pivot → X for every language, then configured pairs present in the dataset', async () => {
    const inputs = await writeBitextQa(dir);
    const { datasets } = await loadEvalData(inputs, { groupRelevance: new Set(['bt']) });
    const bt = datasets.find((d) => d.name === 'bt')!;
    expect(
      directions(bt, {
        pivot: 'eng',
        pairs: [
          ['yor', 'zul'],
          ['swa', 'yor'],
        ],
      }).map(([x, y]) => `${x}→${y}`),
    ).toEqual(['pcm→eng', 'eng→pcm', 'yor→eng', 'eng→yor', 'zul→eng', 'eng→zul', 'yor→zul', 'zul→yor']);
    expect(directions(bt, { pivot: 'fra', pairs: [] })).toEqual([]);
  });
});

describe('eval stage: tasks from datasets.parquet', () => {
  const get = (rows: MetricRow[], ds: string, s: string, x: string, y: string, m: string) =>
    rows.find(
      (r) => r.dataset === ds && r.setting === s && r.query_lang === x && r.doc_lang === y && r.measure === m,
    );

  it('without datasets.parquet every dataset is LAReQA-style (older prep directories): no task rows', async () => {
    const inputs = await writeBitextQa(dir, { withDatasets: false });
    await run(inputs, evalConfig(), {
      outDir: join(dir, 'eval'),
      log: memoryLogger(),
      progress: silentProgress,
    });
    const rows = await readRows<MetricRow>(join(dir, 'eval', 'metrics.parquet'));
    // bt has no qrels: every query skipped, no rows; qa/news without chance or pool rows.
    expect(rows.some((r) => r.dataset === 'bt')).toBe(false);
    expect(rows.some((r) => r.measure.endsWith('_chance') && r.measure !== 'RD_chance')).toBe(false);
    expect(rows.some((r) => r.measure === 'n_candidates')).toBe(false);
    expect(get(rows, 'news', 'cross', '*', '*', 'AP')).toBeUndefined(); // cross has no relevant: skipped
  });

  it('a null pivot takes eval.bitext.pivot; train-only rows skipped, the eval row wins; pool_queries limits the pool; re-runs are byte-identical', async () => {
    const inputs = await writeBitextQa(dir);
    // A train row of bt (pivot zul) before its eval row (pivot null), and a training-only format (no task).
    await writeDatasets(inputs.datasets!, {
      dataset: ['bt', 'bt', 'qa', 'news', 'mintaka'],
      role: ['train', 'eval', 'eval', 'eval', 'train'],
      format: ['parallel', 'parallel', 'afriqa', 'masakhane-news', 'mintaka'],
      task: ['bitext', 'bitext', 'qa', 'news', null],
      pivot: ['zul', null, 'eng', null, null],
      languages: [
        ['eng', 'pcm', 'yor', 'zul'],
        ['eng', 'pcm', 'yor', 'zul'],
        ['eng', 'fra', 'hau', 'swa'],
        ['hau', 'swa'],
        ['en', 'de'],
      ],
    });
    const config = evalConfig({
      bitext: { measures: ['P@1'], pivot: 'pcm', pairs: [], pool_queries: 3, margin_k: null },
    });
    const runOnce = async (out: string) => {
      const log = memoryLogger();
      const res = await run(inputs, config, { outDir: join(dir, out), log, progress: silentProgress });
      return { res, log, bytes: readFileSync(join(dir, out, 'metrics.parquet')) };
    };
    const a = await runOnce('a');
    const rows = await readRows<MetricRow>(join(dir, 'a', 'metrics.parquet'));
    expect(get(rows, 'bt', 'cross', 'eng', 'pcm', 'P@1')).toBeDefined();
    expect(get(rows, 'bt', 'cross', 'yor', 'eng', 'P@1')).toBeUndefined();
    expect(get(rows, 'bt', 'cross', 'eng', 'pcm', 'AP')).toBeUndefined();
    const stats = (a.res.stats as { datasets: Record<string, Record<string, unknown>> }).datasets.bt!;
    expect(stats.pivot).toBe('pcm');
    expect(stats.pool_queries).toBeLessThanOrEqual(12);
    expect(a.log.lines.some((l) => l.includes('(bitext): P@1 pairs'))).toBe(true);
    const b = await runOnce('b');
    expect(b.bytes.equals(a.bytes)).toBe(true);
  });

  it('bad input: an unknown task, a bitext row without group_id — errors naming file, row and field', async () => {
    const inputs = await writeBitextQa(dir);
    const table = (task: string) =>
      writeDatasets(inputs.datasets!, {
        dataset: ['bt'],
        role: ['eval'],
        format: ['parallel'],
        task: [task],
        pivot: ['eng'],
        languages: [['eng']],
      });
    await table('translation');
    const go = () =>
      run(inputs, evalConfig(), { outDir: join(dir, 'eval'), log: memoryLogger(), progress: silentProgress });
    await expect(go()).rejects.toThrow(DataError);
    await expect(go()).rejects.toThrow(
      /datasets\.parquet: row 0, column task: .*"translation".*\n.*tasks: lareqa, trec, bitext, qa, news/,
    );
    // qa's rows have no group_id for its passages: as a bitext dataset that is an error naming the row.
    await writeDatasets(inputs.datasets!, {
      dataset: ['qa'],
      role: ['eval'],
      format: ['afriqa'],
      task: ['bitext'],
      pivot: ['eng'],
      languages: [['eng']],
    });
    await expect(go()).rejects.toThrow(
      /corpus\.parquet: row \d+, column group_id: dataset "qa" takes its relevance from group_id/,
    );
  });
});
