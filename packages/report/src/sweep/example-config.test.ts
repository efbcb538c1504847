import { resolve } from 'node:path';
import { loadConfig, resolveVariants } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { armKeyOf } from '../load.js';
import { lineKeyOf, sizeOf } from './axes.js';

// The example in the sampler and report READMEs: a 10/30/100 % data-size sweep, 3 seeds, two arms.
const EXAMPLE = resolve(import.meta.dirname, '../../../../test-fixtures/sweeps/data-size.json');

describe('test-fixtures/sweeps/data-size.json', () => {
  it('resolves to 2 arms × 3 sizes × 3 seeds, nested sizes set by the variants, and its questions', () => {
    const rc = loadConfig(EXAMPLE);
    const vs = resolveVariants(rc);
    expect(vs).toHaveLength(18);
    expect(new Set(vs.map((v) => v.config.sampler.subset?.fraction))).toEqual(new Set([0.1, 0.3, 1]));
    expect(new Set(vs.map((v) => v.config.seed))).toEqual(new Set([1, 2, 3]));
    // every variant shares prep (data) and the subset seed; seeds of one size and arm are one arm
    expect(new Set(vs.map((v) => JSON.stringify(v.config.data))).size).toBe(1);
    expect(new Set(vs.map((v) => v.config.sampler.subset?.seed))).toEqual(new Set([0]));
    expect(new Set(vs.map((v) => armKeyOf(v.config))).size).toBe(6);
    const meta = (c: (typeof vs)[number]['config']) => ({ armKey: armKeyOf(c), config: c }) as never;
    expect(new Set(vs.map((v) => lineKeyOf(meta(v.config)))).size).toBe(2);
    expect(vs.map((v) => sizeOf(v.config).label).slice(0, 9)).toEqual([
      ...['10 %', '10 %', '10 %'],
      ...['30 %', '30 %', '30 %'],
      ...['100 %', '100 %', '100 %'],
    ]);
    expect(rc.config.report.questions.map((q) => [q.id, q.kind])).toEqual([
      ['hybrid-vs-xy', 'compare'],
      ['bias-vs-xy', 'compare'],
      ['gap-with-data', 'scaling'],
      ['hybrid-with-data', 'scaling'],
    ]);
  });
});
