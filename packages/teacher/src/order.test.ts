import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HbtConfig, UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { trainOrder } from './order.js';
import { usesDistill } from './teacher-model.js';
import { experiment } from './test-utils/fixtures.js';

const teacherOf = (name: string) => ({ 'train.teacher': { model: `variant:${name}` } });

/** The variants, each training with `train.objective` "distill". */
async function variants(list: Array<[string, Record<string, unknown>]>) {
  const root = await mkdtemp(join(tmpdir(), 'hbt-teacher-order-'));
  const vs = await experiment(root, { variants: list.map(([name, set]) => ({ name, set })) });
  return vs.map((v) => ({ ...v, config: withObjective(v.config, 'distill') }));
}

function withObjective(config: HbtConfig, objective: unknown): HbtConfig {
  return { ...config, train: { ...config.train, objective } } as HbtConfig;
}

describe('trainOrder', () => {
  it('puts each teacher variant before its students, otherwise keeps the declared order', async () => {
    const vs = await variants([
      ['c', teacherOf('b')],
      ['a', {}],
      ['b', teacherOf('d')],
      ['d', { 'train.teacher': { model: 'models/labse' } }],
    ]);
    expect(trainOrder(vs).map((v) => v.variant)).toEqual(['d', 'b', 'c', 'a']);
    const plain = await variants([
      ['x', {}],
      ['y', {}],
    ]);
    expect(trainOrder(plain).map((v) => v.variant)).toEqual(['x', 'y']);
  });

  it('names an unknown teacher variant', async () => {
    const vs = await variants([['a', teacherOf('nope')]]);
    expect(() => trainOrder(vs)).toThrow(UsageError);
    expect(() => trainOrder(vs)).toThrow(
      /variant "a": train.teacher.model names variant "nope", which does not exist/,
    );
  });

  it('names a cycle, and a variant that is its own teacher', async () => {
    const vs = await variants([
      ['a', teacherOf('b')],
      ['b', teacherOf('c')],
      ['c', teacherOf('a')],
    ]);
    expect(() => trainOrder(vs)).toThrow(/cycle: a → b → c → a/);
    const self = await variants([['a', teacherOf('a')]]);
    expect(() => trainOrder(self)).toThrow(/cycle: a → a/);
  });
});

describe('usesDistill', () => {
  it('follows train.objective', async () => {
    const [v] = await variants([['t', { 'train.teacher': { model: 'm' } }]]);
    const t = v!.config;
    expect(usesDistill(withObjective(t, 'infonce'))).toBe(false);
    expect(usesDistill(withObjective(t, 'distill'))).toBe(true);
    const sum = [
      { name: 'infonce', weight: 1 },
      { name: 'distill', weight: 2 },
    ];
    expect(usesDistill(withObjective(t, sum))).toBe(true);
  });
});
