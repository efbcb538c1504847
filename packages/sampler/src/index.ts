/**
 * @hbt/sampler — plans training batches: strategies x-x-mono, x-y, hybrid(α) and mixed, dataset
 * mixing, a group and passage duplicate guard, epochs per pool, nested training subsets (`sampler.subset`).
 * Writes the `batches` artifact.
 *
 * @example
 * import { indexPairs, planBatches, planStats } from '@hbt/sampler';
 * const plan = planBatches(indexPairs(columns), config.sampler, config.seed);
 * planStats(plan, pairs, config.sampler).mono_fraction;
 */
export { BatchGuard } from './guard.js';
export {
  indexPairs,
  PAIR_COLUMNS,
  type PairColumns,
  type PairTable,
  PairTableBuilder,
  readPairTable,
} from './pairs.js';
export {
  BATCH_KINDS,
  type BatchKind,
  type BatchPlan,
  MAX_SLOTS,
  type PlanOptions,
  planBatches,
} from './plan.js';
export { PLAN_CHUNK_SLOTS, type StreamPlanOptions, streamPlan } from './plan-stream.js';
export { BatchPlanner, type PlannedStep } from './planner.js';
export { type EpochOrder, Pool, type PoolReport, roundRobinOrder, shuffledOrder } from './pool.js';
export { buildPools, type DatasetPools } from './pools.js';
export { BATCHES_FILE, run, SAMPLE_STAGE_VERSION, type SampleInputs, sampleStageSpec } from './run.js';
export { type PlanStats, PlanTally, planStats } from './stats.js';
export { type DatasetSubset, rankGroups, type SubsetReport, selectSubset } from './subset.js';
export { datasetWeights } from './weights.js';
export { batchColumns, batchesMetadata, stepColumns, writeBatches } from './write.js';
