import { openArtifactAppender, type ProgressReporter, ROW_GROUP_ROWS, type SamplerConfig } from '@hbt/core';
import type { PairTable } from './pairs.js';
import type { BatchPlanner } from './planner.js';
import { type PlanStats, PlanTally } from './stats.js';
import { batchesMetadata, stepColumns } from './write.js';

/** Slots planned per chunk by default: one Parquet row group's worth. */
export const PLAN_CHUNK_SLOTS = ROW_GROUP_ROWS;

/** Options of {@link streamPlan}. */
export interface StreamPlanOptions {
  /** Steps planned and handed to the writer at a time (default: {@link PLAN_CHUNK_SLOTS} ÷ batch size). */
  chunkSteps?: number;
  progress?: ProgressReporter;
}

/**
 * Plan `cfg.steps` steps with `planner` and write them to `path` as the `batches` artifact, a chunk of
 * steps at a time: each chunk is planned into one reused buffer, counted into the manifest stats
 * ({@link PlanTally}) and appended to the Parquet file, which writes every complete row group as it
 * goes. So memory holds the pair table, the pools, one chunk and one row group — not the plan: the
 * number of steps is limited only by the disk (and by `step` being an int32).
 *
 * The file is byte-identical to `writeBatches(planBatches(…))` for the same pairs, config and seed, for
 * any `chunkSteps` (the row groups are cut by row count, not by chunk). On an error (a short batch under
 * `on_short_batch: error`) nothing is left at `path`.
 *
 * @example
 * const planner = new BatchPlanner(pairs, config.sampler, config.seed);
 * const { rows, stats } = await streamPlan('out/batches.parquet', planner, pairs, config.sampler, config.seed);
 */
export async function streamPlan(
  path: string,
  planner: BatchPlanner,
  pairs: PairTable,
  cfg: SamplerConfig,
  seed: number,
  opts: StreamPlanOptions = {},
): Promise<{ rows: number; stats: PlanStats }> {
  const { steps, batch_size: bs } = cfg;
  const chunk = opts.chunkSteps ?? Math.max(1, Math.floor(PLAN_CHUNK_SLOTS / bs));
  if (!Number.isInteger(chunk) || chunk < 1)
    throw new Error(`streamPlan: chunkSteps ${chunk} is not a positive integer`);
  if (planner.step !== 0) throw new Error(`streamPlan: the planner is at step ${planner.step}, not 0`);
  const rows = new Int32Array(chunk * bs);
  const offsets = new Int32Array(chunk + 1);
  const tally = new PlanTally(pairs, cfg);
  const out = await openArtifactAppender(path, 'batches', batchesMetadata(cfg, seed));
  const bar = opts.progress?.start('sample', steps, 'batches');
  try {
    for (let first = 0; first < steps; first += chunk) {
      const k = Math.min(chunk, steps - first);
      let row = 0;
      for (let i = 0; i < k; i++) {
        const step = planner.next(rows, row);
        tally.add(step, rows.subarray(row, row + step.size));
        row += step.size;
        offsets[i + 1] = row;
      }
      out.append(stepColumns(pairs, first, offsets.subarray(0, k + 1), rows));
      bar?.tick(k);
    }
    const n = await out.finish();
    bar?.done();
    return { rows: n, stats: tally.stats(planner) };
  } catch (e) {
    await out.abort();
    throw e;
  }
}
