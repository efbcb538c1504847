import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HbtError } from '../errors.js';
import { mutationOf } from '../test-utils/mutate.js';
import { loadConfig, resolveVariants } from './load.js';

// Seeded mutations of a real experiment's config (truncation, byte flips, invalid UTF-8, wrong JSON
// types, huge numbers, empty): loading it ends in a resolved config or a clear HbtError (exit 2 for a
// config problem), never a crash (TypeError, RangeError) — whether the damage is in the config file or
// in a section file it points to.
const EXP = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../apps/mlqa-to-xquad');
const SECTIONS = ['data', 'sampler', 'model', 'train', 'index', 'eval', 'report', 'variants'];

const dir = mkdtempSync(join(tmpdir(), 'hbt-cfg-fuzz-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const main = JSON.parse(readFileSync(join(EXP, 'hbt.json'), 'utf8')) as Record<string, unknown>;
/** The experiment with every section inline, as one file. */
const inline: Record<string, unknown> = { ...main, $schema: undefined };
for (const s of SECTIONS) inline[s] = JSON.parse(readFileSync(join(EXP, main[s] as string), 'utf8'));

async function check(file: string, what: string): Promise<void> {
  try {
    for (const v of resolveVariants(loadConfig(file))) expect(v.config.name).toBeDefined();
  } catch (e) {
    if (!(e instanceof HbtError)) throw new Error(`${what}: not a clear error: ${(e as Error).stack}`);
    expect([1, 2]).toContain(e.exitCode);
    expect(e.message.length, e.message).toBeLessThan(1200);
  }
}

describe('config loading under fuzzing', () => {
  it('300 mutations of a whole config file', async () => {
    const file = join(dir, 'hbt.json');
    await fc.assert(
      fc.asyncProperty(mutationOf(Buffer.from(JSON.stringify(inline, null, 2)), 'json'), async (m) => {
        writeFileSync(file, m.bytes);
        await check(file, m.what);
      }),
      { seed: 13, numRuns: 300 },
    );
  });

  it('300 mutations of a section file (model.json)', async () => {
    const file = join(dir, 'split.json');
    writeFileSync(file, JSON.stringify({ ...inline, model: 'model.json' }));
    await fc.assert(
      fc.asyncProperty(mutationOf(readFileSync(join(EXP, 'config', 'model.json')), 'json'), async (m) => {
        writeFileSync(join(dir, 'model.json'), m.bytes);
        await check(file, m.what);
      }),
      { seed: 14, numRuns: 300 },
    );
  });
});
