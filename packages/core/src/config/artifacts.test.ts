// Where the artifacts folder may live: never the config's folder, never a file, never over an input.
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { loadConfig, resolveVariants } from './load.js';

async function experiment(config: Record<string, unknown>, files: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-art-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true });
    await writeFile(join(dir, name), text);
  }
  const file = join(dir, 'hbt.json');
  await writeFile(file, JSON.stringify(config));
  return { dir, file };
}

function usageError(f: () => unknown): UsageError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    expect((e as Error).message).toMatch(/^.*artifacts: /);
    expect((e as Error).message).toContain('hint: artifacts must be a folder of its own');
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

const train = (path: string) => ({ train: [{ name: 't', format: 'lareqa', path }] });

describe('the artifacts folder', () => {
  it('the issue repro: artifacts "." with the data in prep/ is refused', async () => {
    const { file } = await experiment(
      { name: 'g', artifacts: '.', data: train('prep') },
      { 'prep/en.json': '{}' },
    );
    expect(usageError(() => loadConfig(file)).message).toMatch(/is the config's own folder/);
  });

  it.each([
    ['the config file itself', 'hbt.json', /is a file, not a folder/],
    ['a file', 'notes.txt', /is a file, not a folder/],
    ['below a file', 'notes.txt/out', /lies under .*notes\.txt, which is a file/],
    ['the config folder, spelled another way', 'sub/..', /is the config's own folder/],
    ['the folder above the config', '..', /holds the input .*hbt\.json \(config file\)/],
    ['the data folder', 'data', /holds the input .*data \(data\.train\[0\]\.path\)/],
    ['inside the data folder', 'data/artifacts', /lies inside the input .*data \(data\.train\[0\]\.path\)/],
    ['a folder holding the data folder', 'inputs', /holds the input/],
    ['the folder of a section file', 'conf', /holds the input .*sampler\.json \(config file\)/],
    ['a symlink to the data folder', 'link', /holds the input/],
    ['inside the model.init folder', 'model/out', /lies inside the input .*model \(model\.init\)/],
  ])('%s is refused', async (_what, artifacts, why) => {
    const { dir, file } = await experiment(
      {
        artifacts,
        data: { ...train('data'), eval: [{ name: 'e', format: 'lareqa', path: 'inputs/eval' }] },
        sampler: 'conf/sampler.json',
        model: { init: 'model' },
      },
      {
        'notes.txt': 'n',
        'data/en.json': '{}',
        'inputs/eval/en.json': '{}',
        'conf/sampler.json': '{}',
        'model/config.json': '{}',
      },
    );
    await symlink(join(dir, 'data'), join(dir, 'link'));
    expect(usageError(() => loadConfig(file)).message).toMatch(why);
  });

  it('--set artifacts=. and a variant that moves artifacts onto the data are refused too', async () => {
    const { file } = await experiment(
      { data: train('data'), variants: [{ name: 'v', set: { artifacts: 'data' } }] },
      { 'data/en.json': '{}' },
    );
    usageError(() => loadConfig(file, ['artifacts=.']));
    const rc = loadConfig(file);
    expect(usageError(() => resolveVariants(rc)).message).toMatch(/holds the input/);
  });

  it.each([
    ['the default', {}],
    ['a sibling folder', { artifacts: 'out' }],
    ['an absolute folder elsewhere', { artifacts: join(tmpdir(), 'hbt-art-elsewhere', 'x') }],
    ['a folder outside the config folder', { artifacts: '../hbt-art-sibling-out' }],
  ])('%s is accepted', async (_what, over) => {
    const { file } = await experiment({ data: train('data'), ...over }, { 'data/en.json': '{}' });
    expect(() => loadConfig(file)).not.toThrow();
  });
});
