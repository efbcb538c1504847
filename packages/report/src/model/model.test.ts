import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { flatMetrics, metric, perQuery, reportData, variant } from '../test-utils/synthetic.js';
import { groupArms } from './arms.js';
import { buildModel } from './build.js';
import { MetricIndex } from './metric-index.js';

describe('MetricIndex', () => {
  it('computes per-language and macro values from pair rows when coarser rows are missing', () => {
    // cross pairs: de→en 0.2, de→fr 0.4, en→de 0.6, en→fr 0.8, fr→de 0.1, fr→en 0.3
    // per language: de 0.3, en 0.7, fr 0.2; macro (0.3 + 0.7 + 0.2) / 3 = 0.4
    const ix = new MetricIndex([
      metric('x', 'cross', 'de', 'en', 'AP', 0.2),
      metric('x', 'cross', 'de', 'fr', 'AP', 0.4),
      metric('x', 'cross', 'en', 'de', 'AP', 0.6),
      metric('x', 'cross', 'en', 'fr', 'AP', 0.8),
      metric('x', 'cross', 'fr', 'de', 'AP', 0.1),
      metric('x', 'cross', 'fr', 'en', 'AP', 0.3),
    ]);
    expect(ix.perLanguage('x', 'cross', 'de', 'AP')).toBeCloseTo(0.3, 12);
    expect(ix.perLanguage('x', 'cross', 'en', 'AP')).toBeCloseTo(0.7, 12);
    expect(ix.macro('x', 'cross', 'AP')).toBeCloseTo(0.4, 12);
    expect(ix.macro('x', 'mono', 'AP')).toBeNull();
    expect(ix.languages('x')).toEqual(['de', 'en', 'fr']);
  });

  it('prefers the rows the evaluator wrote, and ignores non-finite values', () => {
    const ix = new MetricIndex([
      metric('x', 'mono', 'de', 'de', 'AP', 0.5),
      metric('x', 'mono', 'en', 'en', 'AP', 0.7),
      metric('x', 'mono', '*', '*', 'AP', 0.65, 40), // e.g. computed over queries with other weights
      metric('x', 'multi', 'de', '*', 'RD', Number.NaN),
    ]);
    expect(ix.macro('x', 'mono', 'AP')).toBe(0.65);
    expect(ix.macroQueries('x', 'mono')).toBe(40);
    expect(ix.perLanguage('x', 'mono', 'en', 'AP')).toBe(0.7);
    expect(ix.perLanguage('x', 'multi', 'de', 'RD')).toBeNull();
  });
});

describe('arms', () => {
  it('groups seeds, orders arms like the paper and makes labels unique', () => {
    const m = flatMetrics('mlqa-r', { mono: 0.5, cross: 0.3, multi: 0.2, rd: 10 });
    const arms = groupArms([
      variant({ name: 'h2', strategy: 'hybrid', seed: 2, metrics: m }),
      variant({ name: 'xy', strategy: 'x-y', metrics: m }),
      variant({ name: 'h1', strategy: 'hybrid', seed: 1, metrics: m }),
      variant({ name: 'xx', strategy: 'x-x-mono', metrics: m }),
      variant({ name: 'xx-big', strategy: 'x-x-mono', init: 'ckpt/xlmr', metrics: m }),
    ]);
    expect(arms.map((a) => a.label)).toEqual(['X-X-mono (xx)', 'X-X-mono (xx-big)', 'X-Y', 'Hybrid α=0.5']);
    expect(arms[3]!.variants.map((v) => v.meta.name)).toEqual(['h1', 'h2']);
    expect(arms.map((a) => a.color)).toEqual([0, 1, 2, 3]);
  });
});

describe('buildModel', () => {
  const xx = (seed: number, mono: number) =>
    variant({
      name: `xx-${seed}`,
      strategy: 'x-x-mono',
      seed,
      metrics: flatMetrics('mlqa-r', { mono, cross: 0.2, multi: 0.1, rd: 30 }),
    });

  it('gives mean, std and t-interval over seeds', () => {
    // seeds 0.5 and 0.7: mean 0.6, std √0.02 = 0.141421…, half-width t(0.975, 1) · std / √2
    const m = buildModel(reportData([xx(1, 0.5), xx(2, 0.7)]), Rng.fromSeed(1));
    const s = m.stat(m.arms[0]!, 'mlqa-r', 'mono', 'AP');
    expect(s.mean).toBeCloseTo(0.6, 12);
    expect(s.std).toBeCloseTo(Math.sqrt(0.02), 12);
    const half = (12.706204736174694 * Math.sqrt(0.02)) / Math.sqrt(2);
    expect(s.low).toBeCloseTo(0.6 - half, 8);
    expect(s.high).toBeCloseTo(0.6 + half, 8);
    expect(m.langStat(m.arms[0]!, 'mlqa-r', 'multi', 'de', 'RD').mean).toBe(30);
  });

  it('flags in-domain datasets from data.train and lists them first', () => {
    const v = variant({
      name: 'a',
      strategy: 'x-y',
      metrics: [
        ...flatMetrics('xquad-r', { mono: 0.1, cross: 0.1, multi: 0.1, rd: 1 }),
        ...flatMetrics('MLQA-R', { mono: 0.2, cross: 0.2, multi: 0.2, rd: 2 }),
      ],
    });
    const m = buildModel(reportData([v], ['mlqa-r']), Rng.fromSeed(1));
    expect(m.datasets.map((d) => [d.name, d.inDomain, d.paper])).toEqual([
      ['MLQA-R', true, 'mlqa-r'],
      ['xquad-r', false, 'xquad-r'],
    ]);
    expect(m.fromScratch).toBe(true);
  });

  it('tests hybrid against each baseline on seed-averaged per-query values', () => {
    const pq = (seed: number, vals: number[]) =>
      vals.map((v, i) => perQuery('mlqa-r', 'mono', 'en', 'en', `q${i}`, 'AP', v + (seed === 2 ? 0.1 : 0)));
    const base = [0.2, 0.4, 0.3, 0.5, 0.1, 0.6, 0.35, 0.25];
    const mk = (name: string, strategy: string, seed: number, vals: number[]) =>
      variant({
        name,
        strategy,
        seed,
        metrics: [metric('mlqa-r', 'mono', 'en', 'en', 'AP', 0.3)],
        perQuery: pq(seed, vals),
      });
    const m = buildModel(
      reportData([
        mk('xx1', 'x-x-mono', 1, base),
        mk('xx2', 'x-x-mono', 2, base),
        mk(
          'xy1',
          'x-y',
          1,
          base.map((v) => v + 0.35),
        ),
        mk(
          'h1',
          'hybrid',
          1,
          base.map((v) => v + 0.3),
        ),
        mk(
          'h2',
          'hybrid',
          2,
          base.map((v) => v + 0.3),
        ),
      ]),
      Rng.fromSeed(3),
    );
    expect(m.significance).toHaveLength(2);
    const [vsXX, vsXY] = m.significance;
    // X-X-mono seeds differ by 0.1 → seed mean = base + 0.05; hybrid seed mean = base + 0.35 → Δ = 0.3 for
    // every query. 8 queries, 2^8 = 256 ≤ 500 patterns → exact; only all-plus and all-minus reach |Δ| → p = 2/256
    expect(vsXX!.baseline).toBe('X-X-mono');
    expect(vsXX!.result.diff).toBeCloseTo(0.3, 12);
    expect(vsXX!.result.meanB).toBeCloseTo(base.reduce((a, b) => a + b, 0) / 8 + 0.05, 12);
    expect(vsXX!.result.exact).toBe(true);
    expect(vsXX!.result.p).toBe(2 / 256);
    // X-Y (one seed) equals the hybrid seed mean query by query → Δ = 0, p = 1
    expect(vsXY!.baseline).toBe('X-Y');
    expect(vsXY!.result.diff).toBeCloseTo(0, 12);
    expect(vsXY!.result.p).toBe(1);
    // Holm over the two tests: min(1, 2 · 2/256) and max(that, 1 · 1)
    expect(vsXX!.pHolm).toBeCloseTo(4 / 256, 12);
    expect(vsXY!.pHolm).toBe(1);
  });

  it('drops units missing in one seed and says when per-query files are absent', () => {
    const mk = (name: string, strategy: string, seed: number, ids: string[], pqOn = true) =>
      variant({
        name,
        strategy,
        seed,
        metrics: [metric('mlqa-r', 'mono', 'en', 'en', 'AP', 0.3)],
        perQuery: pqOn ? ids.map((id) => perQuery('mlqa-r', 'mono', 'en', 'en', id, 'AP', 0.5)) : null,
      });
    const m = buildModel(
      reportData([
        mk('h1', 'hybrid', 1, ['a', 'b', 'c']),
        mk('h2', 'hybrid', 2, ['a', 'b']),
        mk('xx', 'x-x-mono', 1, ['a', 'b', 'c']),
        mk('xy', 'x-y', 1, ['a'], false),
      ]),
      Rng.fromSeed(3),
    );
    expect(m.significance).toHaveLength(1);
    expect(m.significance[0]!.result.n).toBe(2); // 'c' is missing in seed 2 of hybrid
    expect(m.significance[0]!.unmatched).toBe(1);
    expect(m.notes.join(' ')).toMatch(/No per_query file for `xy`/);
    expect(m.notes.join(' ')).toMatch(/no train_log/);
  });
});
