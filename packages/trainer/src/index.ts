/**
 * @hbt/trainer — trains the shared dual encoder: InfoNCE over cosine scores with in-batch (and hard)
 * negatives, AdamW with warmup/decay and clipping, GradCache micro-batches, validation, early stopping,
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
export {
  type Chunk,
  chunkBatch,
  type TextBatch,
  type TextOptions,
  textBatch,
  usedTokenIds,
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
export { type Pairs, readPairs, readPlan, validationBatches } from './data.js';
export { exportModels } from './export.js';
export { GraphStep } from './graph-step.js';
export { type LoopResult, type StopReason, type TrainHooks, trainLoop, WORD_EMBEDDINGS } from './loop.js';
export { type InfoNceOptions, infoNce } from './loss.js';
export { type ModelSources, setupModel } from './model-setup.js';
export { run, TRAIN_STAGE_VERSION, type TrainInputs, trainStageSpec } from './run.js';
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
