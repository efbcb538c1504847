// A second training run replaces the first run's train directory: everything in it, `.timing.json` and
// `.timing.parquet` included, is listed in its manifest, so hbt knows the folder is its own.
import { mkdtemp, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { writeToyArtifacts } from './test-utils/fixtures.js';
import { smokeConfig, trainIn } from './test-utils/stage.js';

it('a forced rerun replaces the train directory it wrote', async () => {
  const root = await mkdtemp(join(tmpdir(), 'hbt-train-rerun-'));
  await writeToyArtifacts(root, { pairs: 16, valPairs: 8, steps: 4, batch: 4 });
  const config = smokeConfig({ train: { checkpoint_every: 2, validate_every: 100 } });
  const first = await trainIn(root, config);
  expect(first.manifest.side_files).toEqual(['.timing.json', '.timing.parquet']);
  const again = await trainIn(root, config, { force: true });
  expect(again.cached).toBe(false);
  expect(again.manifest.key).toBe(first.manifest.key);
  expect((await readdir(join(root, 'artifacts', 'variants', 'default'))).sort()).toEqual(['sample', 'train']);
}, 120_000);
