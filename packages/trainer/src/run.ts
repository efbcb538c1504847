import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DataError,
  describeInputs,
  type HbtConfig,
  hashJson,
  type Logger,
  objectiveTerms,
  type ProgressReporter,
  type ResolvedConfig,
  type RunContext,
  readManifest,
  readTeacherEmbeddings,
  renderModelCard,
  resolvePath,
  type StageOutcome,
  type StageSpec,
  stageDir,
  UsageError,
  writeTiming,
} from '@hbt/core';
import { type BackendPreference, initBackend, type Model, tf } from '@hbt/models';
import type { BatchPair } from './batch.js';
import { type Pairs, readPairs, validationBatches } from './data.js';
import { exportModels } from './export.js';
import { type LoopEnv, type TrainHooks, trainLoop } from './loop.js';
import { setupModel } from './model-setup.js';
import { checkTeacherCoverage } from './objectives/distill.js';
import { PlanReader } from './plan-reader.js';
import { writeTrainLog, writeTrainTiming } from './train-log.js';

/** Bump when equal inputs and config would train differently. */
export const TRAIN_STAGE_VERSION = 5; // 2: hand-written backward pass, new dropout masks, graph step on native; 3: dense AdamW on the trained word rows (TrainedRows), compact checkpoints; 4: model folders carry their prompts (config_sentence_transformers.json), a model card and a zero pooler; 5: train.objective (infonce, simcse, distill); the graph step's loss gradient from the objectives' op tape (native: float rounding differs, eager unchanged); learnable_scale runs in the graph on native

/** Input files of the train stage (absolute paths). */
export interface TrainInputs {
  /** `<artifacts>/variants/<v>/sample/batches.parquet`. */
  batches: string;
  /** `<artifacts>/prep/train_pairs.parquet`. */
  train_pairs: string;
  /** `<artifacts>/prep/val_pairs.parquet`, or null (no validation: best/ = the final model). */
  val_pairs: string | null;
  /** Hugging Face folder to start from (`model.init`), or null (from scratch). */
  init: string | null;
  /** The mBERT vocab.txt for tokenizer kind `mbert-vocab` (from scratch), or null. */
  mbert_vocab: string | null;
  /**
   * The teacher stage's `embeddings.parquet` (`text`, `embedding`) for the `distill` objective; null (or
   * absent) when `train.objective` has no distill term.
   */
  teacher?: string | null;
}

/** Whether `train.objective` has a `distill` term. */
export function usesTeacher(config: HbtConfig): boolean {
  return objectiveTerms(config.train.objective).some((t) => t.name === 'distill');
}

/**
 * The train stage: build the encoder (from scratch or `model.init`), train it on the batch plan with
 * InfoNCE and AdamW, and write into `ctx.outDir`:
 * `model/` (final weights) and `best/` (lowest validation loss), both Hugging Face folders;
 * `train_log.parquet`; and `.timing.json` (totals) and `.timing.parquet` (per step: seconds, pairs,
 * pairs/s) — speed, outside the manifest's hashes and the byte-identity guarantee.
 * Checkpoints live in `ctx.workDir`; an interrupted run resumes from the latest one. `hooks` are for
 * tests and debugging only.
 *
 * @example
 * const { spec, inputs } = trainStageSpec(rc, { log, progress, backend: 'wasm', mbertVocab: null });
 * await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
 */
export async function run(
  inputs: TrainInputs,
  config: HbtConfig,
  ctx: RunContext,
  hooks: TrainHooks = {},
): Promise<StageOutcome> {
  if (ctx.backend !== null && tf.getBackend() !== ctx.backend)
    await initBackend(ctx.backend as BackendPreference);
  const t = config.train;
  const pairs = await readPairs(inputs.train_pairs);
  const planFile = await PlanReader.open(inputs.batches, pairs);
  const plan = planFile.cursor(t.max_steps);
  let val: { pairs: Awaited<ReturnType<typeof readPairs>>; batches: number[][] } | null = null;
  if (inputs.val_pairs !== null) {
    const vp = await readPairs(inputs.val_pairs);
    const batches = validationBatches(vp, {
      batchSize: t.val_batch_size,
      maxPairs: t.val_max_pairs,
      seed: config.seed,
      kind: t.val_pairs,
    });
    if (batches.length > 0) val = { pairs: vp, batches };
  }
  if (val === null)
    ctx.log.warn('train: no validation pairs, so no validation loss and best/ is the final model');
  const fileInputs = Object.fromEntries(Object.entries(inputs).filter(([, p]) => p !== null)) as Record<
    string,
    string
  >;
  const fingerprint = hashJson({
    stage: TRAIN_STAGE_VERSION,
    model: config.model,
    train: config.train,
    seed: config.seed,
    inputs: (await describeInputs(fileInputs)).map((i) => [i.name, i.hash]),
    backend: tf.getBackend(),
  });

  const teacher = usesTeacher(config) ? await loadTeacher(inputs, config, pairs) : null;
  const model: Model = await setupModel(
    config,
    { init: inputs.init, mbertVocab: inputs.mbert_vocab },
    pairs,
    ctx.log,
  );
  try {
    const params = model.encoder.trainableVariables().reduce((n, v) => n + v.size, 0);
    ctx.log.info(
      `train: ${plan.steps} steps on ${tf.getBackend()}, ${params.toLocaleString('en')} parameters, ` +
        `vocabulary ${model.tokenizer.vocabSize}, ${val ? `${val.batches.length} validation batches` : 'no validation'}`,
    );
    const r = await trainLoop({
      config,
      model,
      pairs,
      plan,
      val,
      workDir: ctx.workDir,
      fingerprint,
      rng: ctx.rng,
      log: ctx.log,
      progress: ctx.progress,
      hooks,
      teacher,
    });
    const st = r.state;
    const last = st.log[st.log.length - 1];
    const stats = {
      steps_planned: planFile.steps,
      steps_done: st.step,
      stop_reason: r.stopReason,
      best_step: st.bestStep,
      best_val_loss: st.bestValLoss,
      first_loss: st.log[0]?.loss ?? null,
      last_loss: last?.loss ?? null,
      pairs_trained: planFile.slots(0, st.step),
      validation_batches: val?.batches.length ?? 0,
      validation_pairs: val?.batches.reduce((n, b) => n + b.length, 0) ?? 0,
      backend: tf.getBackend(),
      parameters: params,
      vocab_size: model.tokenizer.vocabSize,
      tokenizer: inputs.init !== null ? 'checkpoint' : config.model.tokenizer.kind,
      logit_scale: r.scale,
    };
    const prepDatasets = ((await readManifest(dirname(inputs.train_pairs)))?.stats.datasets ??
      null) as Record<string, unknown> | null;
    await exportModels(model, ctx.outDir, ctx.workDir, st.bestStep, st.step - 1, {
      prompts: { query: t.query_prefix, document: t.passage_prefix },
      card: (weights) =>
        renderModelCard({
          config,
          weights,
          prepDatasets,
          training: stats,
          evaluationNote:
            '`hbt eval` measures the model the index stage used (`best/`) and writes this card with its measures to `eval/model_card.md` in the variant’s folder.',
        }),
    });
    const rows = await writeTrainLog(join(ctx.outDir, 'train_log.parquet'), st.log);
    await writeTrainTiming(join(ctx.outDir, '.timing.parquet'), r.timing.perStep);
    const pairsPerS = r.timing.seconds > 0 ? r.timing.pairs / r.timing.seconds : null;
    await writeTiming(ctx.outDir, {
      backend: tf.getBackend(),
      steps: r.timing.steps,
      pairs: r.timing.pairs,
      seconds: r.timing.seconds,
      steps_per_s: r.timing.seconds > 0 ? r.timing.steps / r.timing.seconds : null,
      pairs_per_s: pairsPerS,
      resumed_from_step: r.resumedFrom,
    });
    if (pairsPerS !== null) {
      ctx.log.info(
        `train: ${r.timing.steps} steps in ${r.timing.seconds.toFixed(1)} s, ${pairsPerS.toFixed(1)} pairs/s`,
      );
    }
    return { rows: { 'train_log.parquet': rows }, stats };
  } finally {
    model.encoder.dispose();
  }
}

/** Every pair as a {@link BatchPair}, one at a time (texts decoded as the check reaches them). */
function* batchPairs(pairs: Pairs): Generator<BatchPair> {
  for (let i = 0; i < pairs.size; i++) {
    yield {
      pair_id: pairs.pairId(i),
      query_text: pairs.queryText(i),
      query_lang: pairs.queryLang(i),
      pos_text: pairs.posText(i),
      pos_lang: pairs.posLang(i),
    };
  }
}

/** The teacher vectors of a distill run, checked against every training pair before training starts. */
async function loadTeacher(
  inputs: TrainInputs,
  config: HbtConfig,
  pairs: Pairs,
): Promise<LoopEnv['teacher']> {
  const file = inputs.teacher ?? null;
  const teacherConfig = config.train.teacher;
  if (file === null || teacherConfig === null) {
    throw new UsageError('train.objective: "distill" needs a teacher (train.teacher) and its embeddings', {
      ...(file !== null ? { file } : {}),
      hint: 'set train.teacher.model and run `hbt teacher` first (hbt run does)',
    });
  }
  const vectors = await readTeacherEmbeddings(file);
  const sourceLanguages = teacherConfig.source_languages;
  checkTeacherCoverage(batchPairs(pairs), { teacher: vectors, sourceLanguages, file });
  return { vectors, file, sourceLanguages };
}

/**
 * The `runStage` spec of the train stage for one variant. Cache key: `{ model, train, seed }`, the
 * backend, and the hashes of batches, train_pairs, val_pairs (when present), the init checkpoint folder
 * and the mBERT vocab (when used). `mbertVocab` is resolved by the caller (CLI: data mirror / cache).
 *
 * @example
 * const { spec, inputs } = trainStageSpec(rc, { log, progress, backend: await initBackend('auto'), mbertVocab });
 */
export function trainStageSpec(
  rc: ResolvedConfig,
  env: {
    log: Logger;
    progress: ProgressReporter;
    backend: string;
    mbertVocab: string | null;
    /** The teacher stage's embeddings.parquet (default: `embeddings.parquet` of the variant's teacher stage). */
    teacher?: string | null;
    force?: boolean;
  },
): { spec: StageSpec; inputs: TrainInputs } {
  const { config } = rc;
  const prep = stageDir(rc, 'prep');
  const batches = join(stageDir(rc, 'sample'), 'batches.parquet');
  const trainPairs = join(prep, 'train_pairs.parquet');
  const valPairs = join(prep, 'val_pairs.parquet');
  for (const [f, cmd] of [
    [trainPairs, 'hbt prep'],
    [batches, 'hbt sample'],
  ] as const) {
    if (!existsSync(f))
      throw new DataError('input not found', { file: f, hint: `run \`${cmd} --config …\` first` });
  }
  const init = config.model.init !== null ? resolvePath(rc, config.model.init) : null;
  if (init !== null && !existsSync(init)) {
    throw new DataError('model.init: no such folder', {
      file: init,
      hint: 'paths in the config are relative to the config file',
    });
  }
  const usesVocab = init === null && config.model.tokenizer.kind === 'mbert-vocab';
  const inputs: TrainInputs = {
    batches,
    train_pairs: trainPairs,
    val_pairs: existsSync(valPairs) ? valPairs : null,
    init,
    mbert_vocab: usesVocab ? env.mbertVocab : null,
    teacher: usesTeacher(config)
      ? (env.teacher ?? join(stageDir(rc, 'teacher'), 'embeddings.parquet'))
      : null,
  };
  if (inputs.teacher && !existsSync(inputs.teacher)) {
    throw new DataError('the distill objective’s teacher embeddings are not there', {
      file: inputs.teacher,
      hint: 'run `hbt teacher --config …` first (hbt run does)',
    });
  }
  return {
    inputs,
    spec: {
      stage: 'train',
      stageVersion: TRAIN_STAGE_VERSION,
      dir: stageDir(rc, 'train'),
      config,
      keyConfig: { model: config.model, train: config.train, seed: config.seed },
      inputs: Object.fromEntries(Object.entries(inputs).filter(([, p]) => p !== null)) as Record<
        string,
        string
      >,
      seed: config.seed,
      backend: env.backend,
      log: env.log,
      progress: env.progress,
      ...(env.force !== undefined ? { force: env.force } : {}),
    },
  };
}
