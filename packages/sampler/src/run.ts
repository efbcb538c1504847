import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DataError,
  type HbtConfig,
  type Logger,
  type ProgressReporter,
  type ResolvedConfig,
  type RunContext,
  type StageOutcome,
  type StageSpec,
  stageDir,
} from '@hbt/core';
import { readPairTable } from './pairs.js';
import { streamPlan } from './plan-stream.js';
import { BatchPlanner } from './planner.js';
import { type SubsetReport, selectSubset } from './subset.js';

/** Bump when the plan for equal inputs and config changes. */
export const SAMPLE_STAGE_VERSION = 1;
export const BATCHES_FILE = 'batches.parquet';

export interface SampleInputs {
  /** Path of `train_pairs.parquet`. */
  train_pairs: string;
}

/**
 * The sample stage: read the training pairs, plan `config.sampler.steps` batches and write
 * `batches.parquet` into `ctx.outDir`, streamed: a {@link BatchPlanner} plans a chunk of steps at a time
 * and each chunk is appended to the file (see `streamPlan`), so memory does not grow with the steps. The plan is a pure function of (pairs, `config.sampler`,
 * `config.seed`); `ctx.rng` is not used, so the same plan comes out however the stage is run. With
 * `sampler.subset` the plan is made over the kept groups only (see `selectSubset`), and the manifest's
 * `stats.subset` records what was kept per dataset (null without a subset).
 *
 * @example
 * await runStage(spec, (ctx) => run({ train_pairs: 'artifacts/prep/train_pairs.parquet' }, config, ctx));
 */
export async function run(inputs: SampleInputs, config: HbtConfig, ctx: RunContext): Promise<StageOutcome> {
  const cfg = config.sampler;
  const all = await readPairTable(inputs.train_pairs);
  let pairs = all;
  let subset: SubsetReport | null = null;
  if (cfg.subset !== undefined) {
    ({ pairs, report: subset } = selectSubset(all, cfg.subset, inputs.train_pairs));
    for (const [name, d] of Object.entries(subset.datasets)) {
      ctx.log.info(
        `sample: subset of ${name}: ${d.groups_kept} of ${d.groups_total} groups, ${d.pairs_kept} of ${d.pairs_total} pairs`,
      );
      if (d.capped) {
        ctx.log.warn(
          `sampler.subset asks for ${'groups' in d.size ? d.size.groups : ''} groups of ${name}, which has ${d.groups_total}: all are kept`,
        );
      }
    }
  }
  ctx.log.info(
    `sample: ${pairs.n} pairs, ${pairs.datasets.length} dataset(s), languages ${pairs.langs.join(' ')}; ` +
      `${cfg.steps} steps × ${cfg.batch_size}, strategy ${cfg.strategy}` +
      (cfg.strategy === 'hybrid' ? ` (α = ${cfg.alpha})` : ''),
  );
  if (pairs.negEqualsPos > 0) {
    ctx.log.warn(
      `${pairs.negEqualsPos} pair(s) have neg_text equal to pos_text; those negatives are ignored`,
    );
  }
  const planner = new BatchPlanner(pairs, cfg, config.seed, { source: inputs.train_pairs });
  for (const w of planner.warnings) ctx.log.warn(w);
  const { rows, stats } = await streamPlan(join(ctx.outDir, BATCHES_FILE), planner, pairs, cfg, config.seed, {
    progress: ctx.progress,
  });
  if (stats.short_batches > 0) {
    const ex = stats.short_batch_examples.map((e) => `step ${e.step}: ${e.size} slots from ${e.pool}`);
    ctx.log.warn(
      `${stats.short_batches} of ${cfg.steps} batches are short (fewer than ${cfg.batch_size} slots: the pool ` +
        `cannot fill them without repeating a group or passage), e.g. ${ex.join('; ')}`,
    );
  }
  const fb = stats.fallbacks;
  if (fb.mono_for_cross + fb.cross_for_mono > 0) {
    ctx.log.info(
      `sample: ${fb.mono_for_cross} mono batch(es) from datasets without cross pairs, ` +
        `${fb.cross_for_mono} cross batch(es) from datasets without mono pairs`,
    );
  }
  ctx.log.info(
    `sample: ${rows} slots, mono fraction ${stats.mono_fraction.toFixed(4)}, ` +
      `${stats.epochs_consumed.toFixed(3)} epochs of the pairs used`,
  );
  return { stats: { ...stats, subset }, rows: { [BATCHES_FILE]: rows } };
}

/**
 * The `runStage` spec of the sample stage for one variant. Cache key: `{ sampler, seed }` and the hash
 * of `train_pairs` (default `<artifacts>/prep/train_pairs.parquet`).
 *
 * @example
 * const { spec, inputs } = sampleStageSpec(rc, { log, progress });
 * await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
 */
export function sampleStageSpec(
  rc: ResolvedConfig,
  env: { log: Logger; progress: ProgressReporter; force?: boolean; trainPairs?: string },
): { spec: StageSpec; inputs: SampleInputs } {
  const trainPairs = env.trainPairs ?? join(stageDir(rc, 'prep'), 'train_pairs.parquet');
  if (!existsSync(trainPairs)) {
    throw new DataError('training pairs not found', {
      file: trainPairs,
      hint: 'run `hbt prep --config …` first (or pass --pairs FILE)',
    });
  }
  const { config } = rc;
  return {
    inputs: { train_pairs: trainPairs },
    spec: {
      stage: 'sample',
      stageVersion: SAMPLE_STAGE_VERSION,
      dir: stageDir(rc, 'sample'),
      config,
      keyConfig: { sampler: config.sampler, seed: config.seed },
      inputs: { train_pairs: trainPairs },
      seed: config.seed,
      backend: null,
      log: env.log,
      progress: env.progress,
      ...(env.force !== undefined ? { force: env.force } : {}),
    },
  };
}
