import { join } from 'node:path';
import { DataError, UsageError, validate } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { locateDatasets, prepInputFiles } from './locate.js';
import { FIXTURES, REPO } from './test-utils/prep.js';

const locate = (data: unknown, baseDir = FIXTURES) =>
  locateDatasets(validate({ data }, join(baseDir, 'hbt.json')).data, baseDir);

describe('locateDatasets', () => {
  it('resolves paths against the config folder and lists the files read', () => {
    const { datasets } = locate({
      train: [{ name: 'tiny', format: 'lareqa', path: 'lareqa', languages: ['EN', 'de'] }],
    });
    expect(datasets[0]).toMatchObject({
      name: 'tiny',
      format: 'lareqa',
      roles: ['train', 'eval'],
      from: 'path',
    });
    expect(datasets[0]!.files.map((f) => f.lang)).toEqual(['de', 'en']);
    expect(prepInputFiles({ datasets })).toEqual({
      'tiny/de.json': join(FIXTURES, 'lareqa', 'de.json'),
      'tiny/en.json': join(FIXTURES, 'lareqa', 'en.json'),
    });
  });

  it('says how to fetch a registry dataset that is neither cached nor mirrored', () => {
    expect(() => locate({ eval: [{ name: 'xquad-r' }], cache: join(REPO, 'no-such-cache') })).toThrow(
      /dataset "xquad-r" is not fetched[\s\S]*hbt data fetch xquad-r/,
    );
    expect(() => locate({ eval: [{ name: 'xquad-r' }] })).toThrow(DataError);
  });

  it('rejects config mistakes as usage errors', () => {
    expect(() => locate({ eval: [{ name: 'mine', path: 'lareqa' }] })).toThrow(/needs a "format"/);
    expect(() => locate({ eval: [{ name: 'mintaka', path: 'mintaka' }] })).toThrow(/cannot be in data.eval/);
    expect(() =>
      locate({
        train: [{ name: 'tiny', format: 'lareqa', path: 'lareqa' }],
        eval: [{ name: 'tiny', format: 'lareqa', path: 'lareqa', languages: ['en'] }],
      }),
    ).toThrow(/different settings/);
    expect(() =>
      locate({ eval: [{ name: 'tiny', format: 'lareqa', path: 'lareqa', languages: ['qq'] }] }),
    ).toThrow(UsageError);
    expect(() =>
      locate({ eval: [{ name: 'tiny', format: 'lareqa', path: 'lareqa', languages: ['fr'] }] }),
    ).toThrow(/language "fr" is not in tiny[\s\S]*it has: de, en, es/);
    expect(() => locate({ eval: [{ name: 'mbert-vocab' }] })).toThrow(/not a dataset prep reads/);
  });

  it('merges a dataset listed for both training and evaluation', () => {
    const ref = { name: 'tiny', format: 'lareqa', path: 'lareqa' };
    const { datasets } = locate({ train: [ref], eval: [ref] });
    expect(datasets.length).toBe(1);
    expect(datasets[0]!.roles).toEqual(['train', 'eval']);
  });
});
