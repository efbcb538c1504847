/**
 * @hbt/trainer — trains the shared dual encoder on `train.objective` (infonce, simcse, distill or a
 * weighted sum; `src/objectives/`, each written once for the eager and the graph step), AdamW with warmup/decay and clipping, GradCache micro-batches, validation, early stopping,
 * and resumable checkpoints. One stage entry, {@link run}; the pieces are exported for tests and reuse.
 *
 * @example
 * import { run, trainStageSpec } from '@hbt/trainer';
 * const { spec, inputs } = trainStageSpec(rc, { log, progress, backend, mbertVocab });
 * await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
 */
export {
  AdamW,
  type AdamWOptions,
  type AdamWState,
  decaysByDefault,
  type Grad,
  LOGIT_SCALE,
} from './adamw.js';
export { type AdamWConstants, adamwUpdate, type ElementOps } from './adamw-rule.js';
export {
  type BatchPair,
  type Chunk,
  chunkBatch,
  encoderTexts,
  type TextBatch,
  type TextOptions,
  textBatch,
  usedTokenIds,
  type View,
  viewTexts,
  type WordRowIndex,
  wordRowIndex,
} from './batch.js';
export {
  type LogRow,
  loadCheckpoint,
  saveCheckpoint,
  type TensorMap,
  type TrainState,
} from './checkpoint.js';
export { clipCoefficient, globalNorm } from './clip.js';
export { readPlan, validationBatches } from './data.js';
export { exportModels } from './export.js';
export { GraphStep } from './graph-step.js';
export { type LoopResult, type StopReason, type TrainHooks, trainLoop, WORD_EMBEDDINGS } from './loop.js';
export { type InfoNceOptions, infoNce } from './loss.js';
export { type ModelSources, setupModel } from './model-setup.js';
export {
  checkTeacherCoverage,
  type DistillSettings,
  distill,
  type TeacherVectors,
} from './objectives/distill.js';
export { EagerOps } from './objectives/eager-ops.js';
export { GraphOps } from './objectives/graph-ops.js';
export { type InfoNceSettings, infonce } from './objectives/infonce.js';
export {
  type Objective,
  objectiveFeeds,
  totalLoss,
  type ViewEmbeddings,
  viewsOf,
  type WeightedObjective,
} from './objectives/objective.js';
export type { LossOps } from './objectives/ops.js';
export { OBJECTIVES, type ObjectiveContext, objectivesOf } from './objectives/registry.js';
export { type SimCseSettings, simcse } from './objectives/simcse.js';
export { indexPairs, PAIR_COLUMNS, Pairs, readPairs } from './pairs.js';
export { PLAN_READ_ROWS, PlanReader, type PlanSteps } from './plan-reader.js';
export { run, TRAIN_STAGE_VERSION, type TrainInputs, trainStageSpec, usesTeacher } from './run.js';
export { lrAt, type Schedule, warmupSteps } from './schedule.js';
export {
  dropoutSeed,
  evalLoss,
  type LossAndGrads,
  type LossSetup,
  lossAndGrads,
  optimizerGrads,
} from './step.js';
export { writeTrainLog } from './train-log.js';
