import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  configSchema,
  type HbtConfig,
  memoryLogger,
  runStage,
  silentProgress,
  writeArtifact,
} from '@hbt/core';
import { run, SAMPLE_STAGE_VERSION } from '../run.js';
import type { PairCols } from './random-pairs.js';

export function tempDir(label: string): string {
  return mkdtempSync(join(tmpdir(), `hbt-sampler-${label}-`));
}

/** Write pair columns as a `train_pairs` artifact. */
export async function writePairs(path: string, cols: PairCols): Promise<string> {
  await writeArtifact(path, 'train_pairs', cols as unknown as Record<string, unknown[]>);
  return path;
}

/** A full resolved config (defaults filled) with sampler overrides and a seed. */
export function configWith(sampler: Record<string, unknown>, seed: number): HbtConfig {
  return configSchema.parse({ seed, sampler });
}

/** Run the sample stage into `dir` through runStage, as the CLI does. */
export async function runSample(dir: string, trainPairs: string, config: HbtConfig) {
  const log = memoryLogger();
  const result = await runStage(
    {
      stage: 'sample',
      stageVersion: SAMPLE_STAGE_VERSION,
      dir,
      config,
      keyConfig: { sampler: config.sampler, seed: config.seed },
      inputs: { train_pairs: trainPairs },
      seed: config.seed,
      backend: null,
      log,
      progress: silentProgress,
    },
    (ctx) => run({ train_pairs: trainPairs }, config, ctx),
  );
  return { ...result, log };
}
