import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../model/build.js';
import { renderReport } from '../render-report.js';
import { summarySchema } from '../summary/schema.js';
import { flatMetrics, reportData, variant } from '../test-utils/synthetic.js';
import { bitextRows, qaRows } from '../test-utils/task-rows.js';
import { pivotOf, taskDatasets } from './model.js';

function data() {
  const v = (name: string, strategy: string, seed: number, p1: number) =>
    variant({
      name,
      strategy,
      seed,
      metrics: [
        ...flatMetrics('xquad-r', { mono: 0.5, cross: 0.3, multi: 0.4, rd: 100 }),
        ...bitextRows(p1),
        ...qaRows(p1 - 0.2),
      ],
    });
  return reportData(
    [v('hybrid-1', 'hybrid', 1, 0.6), v('hybrid-2', 'hybrid', 2, 0.8), v('xy-1', 'x-y', 1, 0.5)],
    ['afriqa'],
  );
}

describe('report sections of the eval tasks (bitext, qa, news)', () => {
  const m = buildModel(data(), Rng.fromSeed(3));
  const out = renderReport(m);

  it('finds the task of each dataset from its rows; LAReQA datasets are not tasks', () => {
    expect(taskDatasets(m).map((t) => [t.info.name, t.task])).toEqual([
      ['afriqa', 'qa'],
      ['masakhane-news', 'news'],
      ['ntrex-128', 'bitext'],
    ]);
    expect(
      pivotOf([
        ['pcm', 'eng'],
        ['eng', 'pcm'],
        ['yor', 'eng'],
        ['eng', 'yor'],
      ]),
    ).toBe('eng');
  });

  it('bitext: P@1 per language in both directions per arm, chance beside, margin table, the pool, heatmaps', () => {
    const md = out.markdown.slice(out.markdown.indexOf('## Bitext retrieval'));
    expect(md).toContain('## Bitext retrieval');
    expect(md).toContain('ntrex-128 (zero-shot)');
    // hybrid seeds 0.6 and 0.8 → 0.700 ± 0.141; chance 1/1997.
    const pcm = md.split('\n').find((l) => l.startsWith('| pcm'))!;
    expect(pcm).toContain('0.700 ± 0.141');
    expect(pcm).toContain('0.0005');
    expect(md).toContain('ratio-margin scoring');
    // The margin table's Mean row: hybrid seeds (0.601 / 2 + 0.05, 0.801 / 2 + 0.05) → 0.4005 ± 0.0707.
    expect(md.split('\n').filter((l) => l.startsWith('| **Mean**'))[1]).toContain('0.400 ± 0.071');
    expect(md).toMatch(/multi-way pool \(5,990 candidates per query\)/);
    expect(md).toContain('1997.3');
    expect(out.figures.some((f) => f.id.startsWith('fig-bitext-ntrex-128'))).toBe(true);
    // The pool's pair heatmap: 1 − 300 / 2995.5 = 0.89985 for pcm → eng.
    const pool = out.figures.find((f) => f.id.startsWith('fig-bitext-pool-ntrex-128-hybrid'))!;
    expect(pool.svg).toContain('<title>0.8998</title>');
    expect(out.html).toContain('Bitext retrieval');
  });

  it('qa and news: cells with pool size, chance beside R@k, labelled in-domain / zero-shot', () => {
    const md = out.markdown;
    expect(md).toContain('afriqa (in-domain) — cross-lingual QA retrieval');
    expect(md).toContain('masakhane-news (zero-shot) — news retrieval');
    const hau = md.split('\n').find((l) => l.includes('hau → eng'))!;
    expect(hau).toContain('1200');
    expect(hau).toContain('0.0083'); // R@10 chance 10 / 1200
  });

  it('summary.json carries every task row per arm and validates', () => {
    const s = summarySchema.parse(out.summary);
    expect(s.tasks.map((t) => [t.dataset, t.task, t.in_domain])).toEqual([
      ['afriqa', 'qa', true],
      ['masakhane-news', 'news', false],
      ['ntrex-128', 'bitext', false],
    ]);
    const hybrid = s.tasks[2]!.arms.find(
      (a) => a.rows.length > 0 && a.label.toLowerCase().includes('hybrid'),
    )!;
    const r = hybrid.rows.find(
      (x) => x.setting === 'cross' && x.query_lang === 'pcm' && x.measure === 'P@1',
    )!;
    expect(r.mean).toBeCloseTo(0.7, 12);
    expect(r.n).toBe(2);
    expect(hybrid.rows.some((x) => x.measure === 'RD_chance')).toBe(true);
  });
});
