import { Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { renderReport } from '../render-report.js';
import { metric, perQuery, reportData, variant } from '../test-utils/synthetic.js';
import { buildModel } from './build.js';
import { atChance, ChanceLevels, chanceOverUnits, whichAtChance } from './chance.js';
import { MetricIndex } from './metric-index.js';
import type { MetricRow, PerQueryRow } from './types.js';

describe('at chance: within 5 % of the chance level', () => {
  it('is a closed band on both sides, and false for what cannot be compared', () => {
    expect(atChance(105, 100)).toBe(true);
    expect(atChance(95, 100)).toBe(true);
    expect(atChance(105.01, 100)).toBe(false);
    expect(atChance(94.99, 100)).toBe(false);
    expect(atChance(Number.NaN, 100)).toBe(false);
    expect(atChance(0, 0)).toBe(false);
    expect(whichAtChance({ level: 1, hybridAt: true, baselineAt: true })).toBe('both');
    expect(whichAtChance({ level: 1, hybridAt: false, baselineAt: true })).toBe('baseline');
    expect(whichAtChance({ level: 1, hybridAt: true, baselineAt: false })).toBe('hybrid');
    expect(whichAtChance({ level: 1, hybridAt: false, baselineAt: false })).toBe('neither');
  });

  it('averages the units’ chance levels within strata, then over strata, like the compared means', () => {
    expect(
      chanceOverUnits([
        { stratum: 'de', chance: 10 },
        { stratum: 'de', chance: 20 },
        { stratum: 'en', chance: 30 },
      ]),
    ).toBe(22.5);
    expect(
      chanceOverUnits([
        { stratum: 'de', chance: 10 },
        { stratum: 'en', chance: null },
      ]),
    ).toBeNull();
    expect(chanceOverUnits([])).toBeNull();
  });
});

describe('ChanceLevels: the pool’s chance level from the metrics', () => {
  const rows = (chance: number | null): MetricRow[] => [
    metric('x', 'multi', 'de', '*', 'RD', 40),
    metric('x', 'multi', 'en', '*', 'RD', 50),
    ...(chance === null
      ? []
      : [
          metric('x', 'multi', 'de', '*', 'RD_chance', chance),
          metric('x', 'multi', 'en', '*', 'RD_chance', chance + 2),
          metric('x', 'multi', '*', '*', 'RD_chance', chance + 1),
        ]),
  ];
  it('per language and macro, from the first variant; names variants without it or with another pool', () => {
    const c = new ChanceLevels(
      [
        { name: 'a', index: new MetricIndex(rows(100)) },
        { name: 'old', index: new MetricIndex(rows(null)) },
        { name: 'other', index: new MetricIndex(rows(200)) },
      ],
      ['x'],
    );
    expect(c.of('x', 'de')).toBe(100);
    expect(c.of('x', 'en')).toBe(102);
    expect(c.of('x', null)).toBe(101);
    expect(c.of('y', null)).toBeNull();
    expect(c.notes).toEqual([
      'No rank-distance chance level (`RD_chance`) in the metrics of `old` for x: they were written before eval stage version 2; re-run `hbt eval` to see it.',
      'Variants `other` report another rank-distance chance level for x than the first variant (a different candidate pool); the report shows the first one.',
    ]);
  });
});

describe('significance of the rank distance against its chance level', () => {
  // 8 queries in one language, chance 100 each; hybrid's RD is the baseline's minus `gap` on every query.
  const arm = (name: string, strategy: string, rd: (i: number) => number): ReturnType<typeof variant> => {
    const pq: PerQueryRow[] = [];
    for (let i = 0; i < 8; i++) {
      pq.push(perQuery('x', 'multi', 'en', '*', `q${i}`, 'RD', rd(i)));
      pq.push(perQuery('x', 'multi', 'en', '*', `q${i}`, 'RD_chance', 100));
    }
    const mean = pq.filter((r) => r.measure === 'RD').reduce((s, r) => s + r.value, 0) / 8;
    return variant({
      name,
      strategy,
      metrics: [
        metric('x', 'multi', 'en', '*', 'RD', mean),
        metric('x', 'multi', 'en', '*', 'RD_chance', 100),
      ],
      perQuery: pq,
    });
  };
  const noise = [0.4, -0.3, 0.2, 0.1, -0.2, 0.3, -0.1, -0.4]; // sums to 0
  const model = (hybridRd: number, baseRd: number) =>
    buildModel(
      reportData([
        arm('h', 'hybrid', (i) => hybridRd + noise[i]!),
        arm('b', 'x-x-mono', (i) => baseRd - noise[i]!),
      ]),
      Rng.fromSeed(5),
    );

  it('a significant difference between two arms at chance is marked “both at chance”, not as an effect', () => {
    const m = model(98, 103);
    const r = m.significance.find((s) => s.measure === 'RD')!;
    // Every query favours hybrid: the exact test gives the smallest two-sided p, 2 / 2^8.
    expect(r.result.diff).toBeCloseTo(-5, 12);
    expect(r.result.p).toBe(2 / 256);
    expect(r.chance).toEqual({ level: 100, hybridAt: true, baselineAt: true });
    const out = renderReport(m);
    const row = out.markdown.split('\n').find((l) => l.startsWith('| x (zero-shot) | multilingual | RD |'))!;
    // (the bootstrap interval between Δ and p is left out: it depends on the resampling stream)
    expect(row).toMatch(
      /^\| x \(zero-shot\) \| multilingual \| RD \| Hybrid α=0\.5 \| X-X-mono \| 8 \(8 queries\) \| 98\.0 \/ 103\.0 \(chance 100\.0\) \| −5\.0 \(both within ±5 % of chance\) \| \[[^\]]+\] \| 0\.008 \(both at chance, exact\) \| 0\.008 \|$/,
    );
    expect(out.summary.significance.find((s) => s.measure === 'RD')).toMatchObject({
      chance_level: 100,
      at_chance: 'both',
      p: 2 / 256,
    });
  });

  it('a difference from an arm at chance to one well below it is an effect, and says which arm is at chance', () => {
    const m = model(60, 103);
    const r = m.significance.find((s) => s.measure === 'RD')!;
    expect(r.chance).toEqual({ level: 100, hybridAt: false, baselineAt: true });
    const row = renderReport(m)
      .markdown.split('\n')
      .find((l) => l.startsWith('| x (zero-shot) | multilingual | RD |'))!;
    expect(row).toContain('| 60.0 / 103.0 (chance 100.0; baseline at chance) | −43.0 (hybrid) |');
    expect(row).toContain('| **0.008** (exact) | **0.008** |');
  });

  it('without per-query chance levels (an older eval) the row has no chance check', () => {
    const strip = (v: ReturnType<typeof variant>) => ({
      ...v,
      perQuery: v.perQuery!.filter((q) => q.measure !== 'RD_chance'),
    });
    const m = buildModel(
      reportData([strip(arm('h', 'hybrid', () => 98)), strip(arm('b', 'x-x-mono', () => 103))]),
      Rng.fromSeed(5),
    );
    expect(m.significance.find((s) => s.measure === 'RD')!.chance).toBeNull();
    expect(renderReport(m).summary.significance[0]).toMatchObject({ chance_level: null, at_chance: null });
  });
});
