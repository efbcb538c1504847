// Run the train stage the way the CLI does (trainStageSpec + runStage) on a toy experiment folder.
import { join } from 'node:path';
import {
  configSchema,
  type HbtConfig,
  memoryLogger,
  type ResolvedConfig,
  runStage,
  silentProgress,
} from '@hbt/core';
import { initBackend } from '@hbt/models';
import type { TrainHooks } from '../loop.js';
import { run, trainStageSpec } from '../run.js';
import { TEST_BACKEND } from './fixtures.js';

/** The smoke config: a tiny from-scratch model that trains in seconds on wasm or cpu. */
export function smokeConfig(
  over: { train?: Record<string, unknown>; model?: Record<string, unknown> } = {},
): HbtConfig {
  return configSchema.parse({
    seed: 5,
    model: {
      hidden: 32,
      layers: 1,
      heads: 2,
      max_length: 16,
      dropout: 0.1,
      tokenizer: { kind: 'wordpiece', vocab_size: 300 },
      ...over.model,
    },
    train: {
      lr: 3e-3,
      warmup_fraction: 0.1,
      checkpoint_every: 4,
      validate_every: 8,
      val_batch_size: 8,
      ...over.train,
    },
  });
}

export function resolved(root: string, config: HbtConfig): ResolvedConfig {
  return { config, baseDir: root, file: join(root, 'hbt.json'), variant: 'default' };
}

/** Train in `root` (see writeToyArtifacts); returns the manifest and the log lines. */
export async function trainIn(
  root: string,
  config: HbtConfig,
  opts: { hooks?: TrainHooks; force?: boolean; backend?: string } = {},
) {
  const backend = await initBackend((opts.backend ?? TEST_BACKEND) as 'wasm');
  const log = memoryLogger();
  const { spec, inputs } = trainStageSpec(resolved(root, config), {
    log,
    progress: silentProgress,
    backend,
    mbertVocab: null,
    ...(opts.force !== undefined ? { force: opts.force } : {}),
  });
  const r = await runStage(spec, (ctx) => run(inputs, config, ctx, opts.hooks ?? {}));
  return { ...r, lines: log.lines, dir: spec.dir };
}
