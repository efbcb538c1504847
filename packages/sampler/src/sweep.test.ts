import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  loadConfig,
  memoryLogger,
  type ResolvedConfig,
  resolveVariants,
  runStage,
  silentProgress,
} from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { run, sampleStageSpec } from './run.js';
import { buildPairs } from './test-utils/random-pairs.js';
import { tempDir, writePairs } from './test-utils/stage.js';

// A data-size sweep as the CLI runs it: one config, variants = sizes × seeds, the sample stage per
// variant through sampleStageSpec (the cache key the CLI uses), over one shared prep output.
const root = tempDir('sweep');
afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(root, { recursive: true, force: true });
});

function sweepConfig(sizes: number[]): string {
  const variants = sizes.flatMap((f) =>
    [1, 2].map((seed) => ({
      name: `hybrid-${Math.round(f * 100)}pct-s${seed}`,
      set: { seed, 'sampler.subset': { fraction: f } },
    })),
  );
  const file = join(root, 'hbt.json');
  writeFileSync(
    file,
    JSON.stringify({ name: 'sweep', sampler: { strategy: 'hybrid', batch_size: 4, steps: 20 }, variants }),
  );
  return file;
}

async function sampleAll(file: string) {
  const out: Array<{ variant: string; cached: boolean; kept: number }> = [];
  for (const rc of resolveVariants(loadConfig(file)) as ResolvedConfig[]) {
    const { spec, inputs } = sampleStageSpec(rc, { log: memoryLogger(), progress: silentProgress });
    const r = await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
    const sub = r.manifest.stats.subset as { pairs_kept: number };
    out.push({ variant: rc.variant, cached: r.cached, kept: sub.pairs_kept });
  }
  return out;
}

describe('a data-size sweep through the variants', () => {
  it('a second run is fully cached; changing one size re-runs only its variants', async () => {
    mkdirSync(join(root, 'artifacts', 'prep'), { recursive: true });
    await writePairs(
      join(root, 'artifacts', 'prep', 'train_pairs.parquet'),
      buildPairs(
        [{ name: 'par', langs: ['en', 'ha', 'yo'], groups: 40, combos: 'all', vocab: 500, negatives: false }],
        5,
      ),
    );
    const first = await sampleAll(sweepConfig([0.1, 0.3, 1]));
    expect(first.map((r) => r.cached)).toEqual([false, false, false, false, false, false]);
    // sizes grow with the fraction, and both seeds of one size keep the same subset
    expect(first[0]!.kept).toBeLessThan(first[2]!.kept);
    expect(first[2]!.kept).toBeLessThan(first[4]!.kept);
    expect(first[0]!.kept).toBe(first[1]!.kept);
    const second = await sampleAll(sweepConfig([0.1, 0.3, 1]));
    expect(second.every((r) => r.cached)).toBe(true);
    const changed = await sampleAll(sweepConfig([0.1, 0.5, 1]));
    expect(changed.map((r) => [r.variant, r.cached])).toEqual([
      ['hybrid-10pct-s1', true],
      ['hybrid-10pct-s2', true],
      ['hybrid-50pct-s1', false],
      ['hybrid-50pct-s2', false],
      ['hybrid-100pct-s1', true],
      ['hybrid-100pct-s2', true],
    ]);
  });
});
