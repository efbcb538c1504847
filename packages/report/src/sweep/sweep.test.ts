import { configSchema, exitCodeOf, Rng, UsageError, validate } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../model/build.js';
import { renderReport } from '../render-report.js';
import { summarySchema } from '../summary/schema.js';
import { SWEEP_DATASET, standardSweep, sweepData, sweepVariant } from '../test-utils/sweep.js';
import { matches, objectiveOf, sizeOf } from './axes.js';

const questions = (qs: unknown[]) => configSchema.parse({ report: { questions: qs } }).report.questions;
const metric = { dataset: SWEEP_DATASET, setting: 'cross', measure: 'AP' };
const HYBRID = { 'sampler.strategy': 'hybrid', 'sampler.alpha': 0.5 };
const XY = { 'sampler.strategy': 'x-y', 'train.objective': 'infonce' };
const model = (qs: unknown[] = []) => buildModel(sweepData(standardSweep(), questions(qs)), Rng.fromSeed(7));

describe('sweep axes', () => {
  it('reads the training size, the objective (defensively) and matches selectors', () => {
    const c = configSchema.parse({ sampler: { subset: { fraction: 0.1 } } });
    expect(sizeOf(c)).toEqual({ x: 0.1, unit: 'fraction', label: '10 %' });
    expect(sizeOf(configSchema.parse({}))).toEqual({ x: 1, unit: 'fraction', label: '100 %' });
    expect(sizeOf(configSchema.parse({ sampler: { subset: { groups: 500 } } })).label).toBe('500 groups');
    expect(
      sizeOf(configSchema.parse({ sampler: { subset: { datasets: { a: { fraction: 0.5 } } } } })).label,
    ).toBe('100 %*');
    const withObjective = (o: unknown) => ({ ...c, train: { ...c.train, objective: o } }) as typeof c;
    expect(objectiveOf(c)).toBeNull();
    expect(objectiveOf(withObjective('infonce'))).toBeNull();
    expect(objectiveOf(withObjective('simcse'))).toBe('SimCSE');
    expect(
      objectiveOf(
        withObjective([
          { name: 'infonce', weight: 1 },
          { name: 'distill', weight: 0.5 },
        ]),
      ),
    ).toBe('InfoNCE + 0.5·distillation');
    expect(objectiveOf(withObjective({ something: 'new' }))).toBeNull();
    expect(matches({ 'sampler.subset.fraction': 0.1 }, c)).toBe(true);
    expect(matches({ 'sampler.strategy': 'x-y' }, c)).toBe(false);
    // a config without train.objective trains with the default
    expect(matches({ 'train.objective': 'infonce' }, c)).toBe(true);
  });
});

describe('arms, lines and α sweeps of a sweep', () => {
  it('groups seeds into arms per size and objective, arms into lines across sizes, hybrid arms by α', () => {
    const m = model();
    expect(m.arms.map((a) => [a.label, a.variants.length])).toEqual([
      ['X-X-mono · 100 %', 3],
      ['X-Y · 10 %', 3],
      ['X-Y · 30 %', 3],
      ['X-Y · 100 %', 3],
      ['SimCSE (X-Y) · 100 %', 3],
      ['Mixed · 100 %', 3],
      ['Hybrid α=0.25 · 100 %', 3],
      ['Hybrid α=0.5 · 10 %', 3],
      ['Hybrid α=0.5 · 30 %', 3],
      ['Hybrid α=0.5 · 100 %', 3],
      ['Hybrid α=0.75 · 100 %', 3],
    ]);
    expect(m.sweeps.hasSizes).toBe(true);
    expect(m.sweeps.unit).toBe('fraction');
    expect(m.sweeps.lines.map((l) => [l.label, l.arms.map((a) => a.size.x)])).toEqual([
      ['X-X-mono', [1]],
      ['X-Y', [0.1, 0.3, 1]],
      ['SimCSE (X-Y)', [1]],
      ['Mixed', [1]],
      ['Hybrid α=0.25', [1]],
      ['Hybrid α=0.5', [0.1, 0.3, 1]],
      ['Hybrid α=0.75', [1]],
    ]);
    expect(m.sweeps.alpha.map((s) => [s.label, s.size.label, s.arms.map((a) => a.alpha)])).toEqual([
      ['Hybrid', '100 %', [0.25, 0.5, 0.75]],
    ]);
    // significance: the plain hybrid arms against baselines of their own size only; SimCSE is a baseline
    const pairs = new Set(m.significance.map((r) => `${r.hybrid} | ${r.baseline}`));
    expect(pairs.has('Hybrid α=0.5 · 10 % | X-Y · 10 %')).toBe(true);
    expect(pairs.has('Hybrid α=0.5 · 10 % | X-Y · 100 %')).toBe(false);
    expect(pairs.has('Hybrid α=0.5 · 100 % | SimCSE (X-Y) · 100 %')).toBe(true);
  });

  it('the learning curve of a line is its seed mean per size (hand values: X-Y cross AP = 0.30 + 0.10 f + mean offset)', () => {
    const m = model();
    const xy = m.sweeps.lines.find((l) => l.label === 'X-Y')!;
    const meanOffset = (0 + 0.01 + 0.02 + 0.03 + 0.04 + 0 + 0.01 + 0.02 + 0.03 + 0.04 + 0 + 0.01) / 12;
    const got = xy.arms.map((a) => m.stat(a, SWEEP_DATASET, 'cross', 'AP'));
    got.forEach((s, i) => {
      expect(s.mean).toBeCloseTo(0.3 + 0.1 * [0.1, 0.3, 1][i]! + meanOffset, 12);
      expect(s.n).toBe(3);
      expect(s.std).toBeCloseTo(0.002, 12); // the seed jitter −0.002, 0, +0.002
    });
  });
});

describe('sizes in two units', () => {
  it('keeps the curves in the unit most arms use and says which arms are left off', () => {
    const seeds = [1, 2];
    const spec = (f: number | undefined, groups?: number) => ({
      strategy: 'x-y' as const,
      seeds,
      ap: () => 0.3,
      ...(f !== undefined ? { fraction: f } : {}),
      ...(groups !== undefined ? { groups } : {}),
    });
    const vs = [spec(0.1), spec(0.5), spec(1), spec(undefined, 40)].flatMap((sp, i) =>
      seeds.map((s) => sweepVariant(sp, s, `v${i}-s${s}`)),
    );
    const m = buildModel(sweepData(vs), Rng.fromSeed(1));
    expect(m.sweeps.unit).toBe('fraction');
    expect(m.sweeps.lines[0]!.arms.map((a) => a.size.label)).toEqual(['10 %', '50 %', '100 %']);
    expect(m.sweeps.offAxis.map((a) => a.size.label)).toEqual(['40 groups']);
    expect(m.notes.join('\n')).toMatch(/X-Y · 40 groups` is sized the other way and left off/);
  });
});

describe('research questions', () => {
  it('compare: a − b at the largest common size, over queries, with the verdict', () => {
    const [a] = model([
      {
        id: 'h-vs-xy',
        text: 'Does hybrid beat x-y?',
        kind: 'compare',
        a: HYBRID,
        b: XY,
        metric,
      },
    ]).answers;
    expect(a!.labels).toEqual({ a: 'Hybrid α=0.5 · 100 %', b: 'X-Y · 100 %' });
    expect(a!.result!.basis).toBe('queries');
    expect(a!.result!.n).toBe(24);
    expect(a!.result!.diff).toBeCloseTo(0.47 - 0.4, 12);
    expect(a!.result!.ciLow).toBeCloseTo(0.07, 12); // every query differs by exactly 0.07
    expect(a!.result!.ciHigh).toBeCloseTo(0.07, 12);
    expect(a!.verdict).toBe('favours-a');
  });

  it('compare: a difference with mean zero is "no difference", and the text says the interval includes zero', () => {
    const m = model([
      {
        id: 'mixed',
        text: 'Does mixed differ from x-x-mono?',
        kind: 'compare',
        a: { 'sampler.strategy': 'mixed' },
        b: { 'sampler.strategy': 'x-x-mono' },
        metric,
      },
    ]);
    const a = m.answers[0]!;
    expect(a.result!.diff).toBeCloseTo(0, 12);
    expect(a.result!.ciLow!).toBeLessThan(0);
    expect(a.result!.ciHigh!).toBeGreaterThan(0);
    expect(a.verdict).toBe('no-difference');
    const text = renderReport(m).markdown;
    expect(text).toContain('**No difference shown between Mixed · 100 % and X-X-mono · 100 %.**');
    expect(text).toMatch(/which includes zero/);
  });

  it('compare at a named size; a measure without per-query values uses the seeds basis', () => {
    const [a] = model([
      {
        id: 'small',
        text: 'At 10 %?',
        kind: 'compare',
        a: { 'sampler.strategy': 'hybrid' },
        b: XY,
        size: 0.1,
        metric: { ...metric, measure: 'R@1' },
      },
    ]).answers;
    expect(a!.labels).toEqual({ a: 'Hybrid α=0.5 · 10 %', b: 'X-Y · 10 %' });
    expect(a!.result!.basis).toBe('seeds');
    expect(a!.result!.n).toBe(3);
    expect(a!.result!.p).toBeNull();
    expect(a!.result!.diff).toBeCloseTo(0.335 - 0.31, 12);
  });

  it('scaling: the gap a − b from the smallest to the largest size (hand value 0.05 · 0.9 = 0.045), and one arm alone', () => {
    const m = model([
      {
        id: 'gap',
        text: 'Does the gap grow with data?',
        kind: 'scaling',
        a: HYBRID,
        b: XY,
        metric,
      },
      {
        id: 'xy-grows',
        text: 'Does x-y improve with data?',
        kind: 'scaling',
        a: XY,
        metric,
      },
    ]);
    const [gap, one] = m.answers;
    expect(gap!.result!.diff).toBeCloseTo(0.045, 12);
    expect(gap!.sizes.map((s) => s.size.label)).toEqual(['10 %', '30 %', '100 %']);
    expect(gap!.sizes.map((s) => s.gap!.diff)).toEqual([
      expect.closeTo(0.025, 12),
      expect.closeTo(0.035, 12),
      expect.closeTo(0.07, 12),
    ]);
    expect(gap!.verdict).toBe('favours-a');
    expect(one!.result!.diff).toBeCloseTo(0.09, 12);
    expect(one!.verdict).toBe('favours-a');
    const md = renderReport(m).markdown;
    expect(md).toContain('**As the training data grows, the gap moves in favour of Hybrid α=0.5.**');
    expect(md).toContain('**X-Y gets better as the training data grows.**');
  });

  it('alpha: the best and the worst α, best − worst over queries', () => {
    const m = model([
      { id: 'alpha', text: 'Which α?', kind: 'alpha', a: { 'sampler.strategy': 'hybrid' }, metric },
    ]);
    const a = m.answers[0]!;
    expect(a.cells.map((c) => c.alpha)).toEqual([0.25, 0.5, 0.75]);
    expect([a.best, a.worst]).toEqual([0.5, 0.75]);
    expect(a.result!.diff).toBeCloseTo(0.05, 12);
    expect(a.verdict).toBe('favours-a');
    // RD: lower is better, so the best α is the one with the lowest rank distance (α=0.75: 28)
    const rd = model([
      {
        id: 'alpha-rd',
        text: 'Which α for bias?',
        kind: 'alpha',
        a: { 'sampler.strategy': 'hybrid' },
        metric: { ...metric, setting: 'multi', measure: 'RD' },
      },
    ]).answers[0]!;
    expect([rd.best, rd.worst]).toEqual([0.75, 0.25]);
    expect(rd.result!.diff).toBeCloseTo(28 - 32, 9);
  });

  it('a difference the query-level interval shows but the seeds do not is "seed-dependent"', () => {
    // a − b = 0.01 on every seed-averaged query; per seed 0.01 + 0.048 (seed − 2): −0.038, 0.01, 0.058
    const seeds = [1, 2, 3];
    const a = { strategy: 'hybrid', alpha: 0.5, seeds, ap: () => 0.31, jitterScale: 25 } as const;
    const b = { strategy: 'x-y', seeds, ap: () => 0.3 } as const;
    const vs = [
      ...seeds.map((s) => sweepVariant(a, s, `h-s${s}`)),
      ...seeds.map((s) => sweepVariant(b, s, `xy-s${s}`)),
    ];
    const m = buildModel(
      sweepData(
        vs,
        questions([
          {
            id: 'q',
            text: 'q',
            kind: 'compare',
            a: { 'sampler.strategy': 'hybrid' },
            b: { 'sampler.strategy': 'x-y' },
            metric,
          },
        ]),
      ),
      Rng.fromSeed(1),
    );
    const ans = m.answers[0]!;
    expect(ans.result!.diff).toBeCloseTo(0.01, 12);
    expect(ans.result!.ciLow).toBeCloseTo(0.01, 12);
    const s = ans.result!.acrossSeeds!;
    expect(s.n).toBe(3);
    expect(s.diff).toBeCloseTo(0.01, 12);
    // t(0.975, 2) = 4.302653 (scipy.stats.t.ppf), s = 0.048: half width 4.302653 · 0.048 / √3
    expect(s.ciHigh! - s.diff).toBeCloseTo((4.302653 * 0.048) / Math.sqrt(3), 5);
    expect(ans.verdict).toBe('seed-dependent');
    expect(renderReport(m).markdown).toContain(
      '**Not shown across training runs: on these queries Hybrid α=0.5 is better than X-Y, but not beyond the variation between seeds.**',
    );
  });

  it('a question whose arms are absent is "not answered", saying why', () => {
    const [a] = model([
      {
        id: 'none',
        text: 'Distillation?',
        kind: 'compare',
        a: { 'train.objective': 'distill' },
        b: { 'sampler.strategy': 'x-y' },
        metric,
      },
    ]).answers;
    expect(a!.verdict).toBe('not-answered');
    expect(a!.missing).toBe('no arm matches a');
  });

  it('an ambiguous selector or an unknown dataset is a usage error naming the question (exit 2)', () => {
    const run = (qs: unknown[]) => {
      try {
        model(qs);
      } catch (e) {
        return e;
      }
      return null;
    };
    const amb = run([
      {
        id: 'amb',
        text: 'x',
        kind: 'compare',
        a: { 'sampler.strategy': 'hybrid' },
        b: XY,
        metric,
      },
    ]);
    expect(amb).toBeInstanceOf(UsageError);
    expect(exitCodeOf(amb)).toBe(2);
    expect((amb as Error).message).toMatch(
      /report\.questions\[0\] \("amb"\)\.a matches 3 arms at size 1: Hybrid α=0\.25/,
    );
    const ds = run([
      {
        id: 'ds',
        text: 'x',
        kind: 'compare',
        a: { 'sampler.strategy': 'mixed' },
        b: { 'sampler.strategy': 'x-x-mono' },
        metric: { ...metric, dataset: 'nope' },
      },
    ]);
    expect(exitCodeOf(ds)).toBe(2);
    expect((ds as Error).message).toMatch(
      /report\.questions\[0\] \("ds"\)\.metric\.dataset: no metrics for dataset "nope"/,
    );
  });

  it('the config refuses malformed questions with exit 2, naming the key', () => {
    const bad: Array<[unknown, RegExp]> = [
      [[{ id: 'Q 1', text: 't', kind: 'compare', a: { x: 1 }, b: { y: 1 } }], /report\.questions\.0\.id/],
      [[{ id: 'q', text: 't', kind: 'nope', a: { x: 1 } }], /report\.questions\.0/],
      [[{ id: 'q', text: 't', kind: 'compare', a: {}, b: { y: 1 } }], /report\.questions\.0\.a: .*selector/],
      [
        [{ id: 'q', text: 't', kind: 'alpha', a: { x: 1 }, metric: { setting: 'bilingual' } }],
        /report\.questions\.0\.metric\.setting/,
      ],
      [
        [
          { id: 'q', text: 't', kind: 'alpha', a: { x: 1 } },
          { id: 'q', text: 'u', kind: 'alpha', a: { x: 1 } },
        ],
        /report\.questions: question ids must be unique/,
      ],
    ];
    for (const [qs, msg] of bad) {
      let err: unknown;
      try {
        validate({ report: { questions: qs } }, 'hbt.json');
      } catch (e) {
        err = e;
      }
      expect(exitCodeOf(err)).toBe(2);
      expect((err as Error).message).toMatch(msg);
    }
  });
});

describe('rendering a sweep', () => {
  const qs = [
    {
      id: 'h-vs-xy',
      text: 'Does hybrid beat x-y?',
      kind: 'compare',
      a: HYBRID,
      b: XY,
      metric,
    },
    {
      id: 'gap',
      text: 'Does the gap grow with data?',
      kind: 'scaling',
      a: HYBRID,
      b: XY,
      metric,
    },
    { id: 'alpha', text: 'Which α?', kind: 'alpha', a: { 'sampler.strategy': 'hybrid' }, metric },
  ];

  it('report.md has the answers, learning-curve and α tables; report.html the curves with bands; summary.json validates', () => {
    const out = renderReport(model(qs));
    expect(out.markdown).toContain('## Research questions');
    expect(out.markdown).toContain('### Does hybrid beat x-y?');
    expect(out.markdown).toContain('**Hybrid α=0.5 · 100 % is better than X-Y · 100 %.**');
    expect(out.markdown).toContain('## Learning curves: training size');
    expect(out.markdown).toContain('## The α sweep');
    expect(out.markdown).not.toMatch(/NaN|undefined|Infinity/);
    const curve = out.figures.find((f) => f.id === `curve-${SWEEP_DATASET}-cross-ap`)!;
    expect(curve.svg).toMatch(/fill-opacity="0.15"/); // the CI band over seeds
    expect(curve.svg).toContain('10 %');
    expect(out.figures.some((f) => f.id === `alpha-${SWEEP_DATASET}-cross-ap`)).toBe(true);
    expect(out.html).toContain('id="question-h-vs-xy"');
    const s = summarySchema.parse(out.summary);
    expect(s.questions.map((q) => [q.id, q.verdict, q.excludes_zero])).toEqual([
      ['h-vs-xy', 'favours-a', true],
      ['gap', 'favours-a', true],
      ['alpha', 'favours-a', true],
    ]);
    expect(s.questions[0]!.answer).toMatch(
      /^\*\*Hybrid α=0\.5 · 100 % is better than X-Y · 100 %\.\*\* On zs-set/,
    );
    const size = s.curves.find((c) => c.kind === 'size' && c.setting === 'cross' && c.measure === 'AP')!;
    expect(size.lines.find((l) => l.label === 'Hybrid α=0.5')!.points.map((p) => p.x)).toEqual([0.1, 0.3, 1]);
    expect(s.arms.find((a) => a.label === 'SimCSE (X-Y) · 100 %')).toMatchObject({
      objective: 'SimCSE',
      size: { x: 1, unit: 'fraction', label: '100 %' },
    });
  });

  it('is deterministic: equal inputs and seed give equal bytes', () => {
    const a = renderReport(model(qs));
    const b = renderReport(model(qs));
    expect(b.markdown).toBe(a.markdown);
    expect(b.html).toBe(a.html);
  });
});
