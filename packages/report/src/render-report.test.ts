import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { buildModel } from './model/build.js';
import { renderReport } from './render-report.js';
import { summarySchema } from './summary/schema.js';
import { flatMetrics, reportData, variant } from './test-utils/synthetic.js';

const one = (name: string, strategy: string, ap: number, init: string | null = null, dataset = 'mlqa-r') =>
  variant({
    name,
    strategy,
    init,
    metrics: flatMetrics(dataset, { mono: ap, cross: ap / 2, multi: ap / 3, rd: 100 * ap }),
  });

describe('renderReport', () => {
  it('with one seed per arm prints n=1 and no interval, and bolds the best arm', () => {
    const out = renderReport(
      buildModel(reportData([one('a', 'x-x-mono', 0.6), one('b', 'hybrid', 0.9)]), Rng.fromSeed(1)),
    );
    const row = out.markdown.split('\n').find((l) => l.startsWith('| Hybrid α=0.5 | '))!;
    // mono 0.9, cross 0.45, multi 0.3, all best (higher than X-X-mono's 0.6 / 0.3 / 0.2)
    expect(row).toBe('| Hybrid α=0.5 | **0.900** (n=1) | **0.450** (n=1) | **0.300** (n=1) |');
    const rd = out.markdown.split('\n').find((l) => l.startsWith('| X-X-mono | ') && l.includes('60.0'))!;
    expect(rd).toBe('| X-X-mono | **60.0** (n=1) |'); // rank distance: lower is better
    expect(out.markdown).not.toMatch(/NaN|undefined|Infinity/);
    expect(out.html).not.toMatch(/NaN|undefined|Infinity/);
    const summary = summarySchema.parse(out.summary);
    expect(summary.arms[1]!.datasets[0]!.settings.mono.mAP).toEqual({
      mean: 0.9,
      std: null,
      ci_low: null,
      ci_high: null,
      n: 1,
    });
    expect(summary.variants[0]!.datasets[0]!.settings.multi.rank_distance).toBeCloseTo(60, 12);
    expect(summary.variants[0]!.datasets[0]!.settings.mono.rank_distance).toBeNull();
  });

  it('warns about from-scratch models only when one is in the experiment', () => {
    const scratch = renderReport(buildModel(reportData([one('a', 'x-y', 0.5)]), Rng.fromSeed(1)));
    expect(scratch.markdown).toContain('Models trained from scratch do not transfer zero-shot');
    const pretrained = renderReport(
      buildModel(reportData([one('a', 'x-y', 0.5, 'ckpt/labse')]), Rng.fromSeed(1)),
    );
    expect(pretrained.markdown).not.toContain('Models trained from scratch');
    expect(pretrained.markdown).toContain('`ckpt/labse`');
  });

  it('says why there is no significance test without a hybrid arm', () => {
    const out = renderReport(
      buildModel(reportData([one('a', 'x-y', 0.5), one('b', 'x-x-mono', 0.4)]), Rng.fromSeed(1)),
    );
    expect(out.markdown).toContain(
      'No significance test: it needs a hybrid arm and at least one baseline arm.',
    );
    expect(out.summary.significance).toEqual([]);
  });

  it('escapes names from the data in HTML and makes one heatmap per arm and dataset', () => {
    const out = renderReport(
      buildModel(
        reportData([one('a', 'x-y', 0.5, null, 'qa<b>'), one('b', 'hybrid', 0.6, null, 'qa<b>')]),
        Rng.fromSeed(1),
      ),
    );
    expect(out.html).not.toContain('qa<b>');
    expect(out.html).toContain('qa&lt;b&gt;');
    expect(out.figures.map((f) => f.id)).toEqual([
      'bars-map-qa-b',
      'bars-rank-distance',
      'heatmap-qa-b-x-y',
      'heatmap-qa-b-hybrid-a-0-5',
    ]);
    for (const f of out.figures) expect(f.svg).toContain('xmlns="http://www.w3.org/2000/svg"');
  });

  it('leaves the paper tables out when report.paper is false', () => {
    const data = reportData([one('a', 'x-y', 0.5)]);
    data.options.paper = false;
    const out = renderReport(buildModel(data, Rng.fromSeed(1)));
    expect(out.markdown).not.toContain('Paper Table');
    expect(renderReport(buildModel(reportData([one('a', 'x-y', 0.5)]), Rng.fromSeed(1))).markdown).toContain(
      'Paper Table 7',
    );
  });
});
