// Variant names become folder names under <artifacts>/variants/: every unsafe name is refused, in the
// config schema, by checkVariantName (the CLI's --variant) and by stageDir.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { stageDir } from '../layout.js';
import { loadConfig } from './load.js';
import { configSchema } from './schema.js';
import { checkVariantName, isVariantName } from './variant-name.js';

const UNSAFE = [
  '.',
  '..',
  '',
  '.hidden',
  '-rf',
  '_x',
  'a/b',
  '../x',
  'a\\b',
  'a b',
  'a\0b',
  'ä',
  'x'.repeat(65),
  'name\n',
  '~',
  '*',
];
const SAFE = ['default', 'hybrid', 'x-y', 'x-x-mono', 'alpha0.5', 'A_1', '0', 'a..b', 'x'.repeat(64)];

describe('variant names', () => {
  it.each(UNSAFE.map((n) => [JSON.stringify(n), n]))('%s is refused everywhere', async (_shown, name) => {
    expect(isVariantName(name)).toBe(false);
    expect(configSchema.safeParse({ variants: [{ name }] }).success).toBe(false);
    expect(() => checkVariantName(name, '--variant')).toThrow(UsageError);
    const root = await mkdtemp(join(tmpdir(), 'hbt-variant-'));
    const file = join(root, 'hbt.json');
    await writeFile(file, JSON.stringify({ variants: [{ name }] }));
    expect(() => loadConfig(file)).toThrow(/variants\.0\.name/);
    const rc = { config: configSchema.parse({}), baseDir: root, file, variant: name };
    expect(() => stageDir(rc, 'train')).toThrow(UsageError);
    expect(stageDir(rc, 'prep')).toBe(join(root, 'artifacts', 'prep')); // prep and report are shared
  });

  it.each(SAFE.map((n) => [n]))('%s is accepted', (name) => {
    expect(isVariantName(name)).toBe(true);
    expect(configSchema.safeParse({ variants: [{ name }] }).success).toBe(true);
    expect(() => checkVariantName(name, '--variant')).not.toThrow();
  });

  it('the error names the source and the rule', () => {
    expect(() => checkVariantName('..', '--variant')).toThrow(
      /--variant: "\.\." is not a valid variant name\n {2}hint: a variant name is one folder name/,
    );
  });
});
