import { describe, expect, it } from 'vitest';
import { validate } from '../load.js';
import { objectiveTerms } from './objective.js';

const withObjective = (objective: unknown) => ({ train: { objective } });

describe('train.objective', () => {
  it('defaults to infonce with weight 1', () => {
    const c = validate({}, 'hbt.json');
    expect(c.train.objective).toBe('infonce');
    expect(objectiveTerms(c.train.objective)).toEqual([{ name: 'infonce', weight: 1 }]);
  });

  it('takes a name or a weighted list, with each objective’s defaults', () => {
    expect(objectiveTerms(validate(withObjective('simcse'), 'hbt.json').train.objective)).toEqual([
      { name: 'simcse', weight: 1, temperature: 0.05 },
    ]);
    const c = validate(
      withObjective([
        { name: 'infonce', weight: 1 },
        { name: 'simcse', weight: 0.5, temperature: 0.1 },
        { name: 'distill' },
      ]),
      'hbt.json',
    );
    expect(objectiveTerms(c.train.objective)).toEqual([
      { name: 'infonce', weight: 1 },
      { name: 'simcse', weight: 0.5, temperature: 0.1 },
      { name: 'distill', weight: 1 },
    ]);
  });

  it.each([
    ['foo', /train\.objective: unknown objective "foo" \(objectives: infonce, simcse, distill\)/],
    [[{ name: 'infonce' }, { name: 'mse' }], /train\.objective: entry 1: unknown objective "mse"/],
    [[{ weight: 1 }], /entry 0 has no "name"/],
    [[{ name: 'simcse', weight: -1 }], /train\.objective\.0\.weight: .*>0/],
    [[{ name: 'simcse', weight: 0 }], /train\.objective\.0\.weight/],
    [[{ name: 'infonce', temperature: 0.1 }], /train\.objective\.0: unknown key\(s\) "temperature"/],
    [[{ name: 'infonce' }, { name: 'infonce', weight: 2 }], /each objective may appear once/],
    [[], /train\.objective/],
    [3, /expected an objective name/],
  ])('rejects %j naming it', (objective, message) => {
    expect(() => validate(withObjective(objective), 'hbt.json')).toThrow(message);
  });
});
