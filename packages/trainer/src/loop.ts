import { DataError, type HbtConfig, type Logger, type ProgressReporter, type Rng } from '@hbt/core';
import { type Model, tf, WORD_EMBEDDINGS } from '@hbt/models';
import { AdamW, decaysByDefault, LOGIT_SCALE } from './adamw.js';
import { encoderTexts, type TextOptions, textBatch } from './batch.js';
import {
  clearCheckpoints,
  type LogRow,
  loadCheckpoint,
  saveBest,
  saveCheckpoint,
  type TrainState,
} from './checkpoint.js';
import { clipCoefficient, globalNorm } from './clip.js';
import { GraphStep } from './graph-step.js';
import type { TeacherVectors } from './objectives/distill.js';
import { objectivesOf } from './objectives/registry.js';
import type { Pairs } from './pairs.js';
import { restoreOptimizer, restoreParams, snapshot, trainableParams } from './params.js';
import type { PlanSteps } from './plan-reader.js';
import { lrAt, warmupSteps } from './schedule.js';
import { evalLoss, type LossSetup, lossAndGrads, optimizerGrads } from './step.js';
import type { StepTiming } from './train-log.js';
import { TrainedRows, trainedTokenIds } from './trained-rows.js';

/** Hooks for tests and debugging; not part of the user config. */
export interface TrainHooks {
  /** Debug: replace the loss of this step with NaN (tests the divergence stop). */
  nanAtStep?: number;
  /** Called after every completed step (after any checkpoint of that step). */
  onStep?: (step: number) => void | Promise<void>;
}

/** What the loop needs. */
export interface LoopEnv {
  config: HbtConfig;
  model: Model;
  pairs: Pairs;
  /** Pair rows per step (already cut to max_steps), read by step ranges as the loop goes. */
  plan: PlanSteps;
  val: { pairs: Pairs; batches: number[][] } | null;
  workDir: string;
  fingerprint: string;
  rng: Rng;
  log: Logger;
  progress: ProgressReporter;
  hooks: TrainHooks;
  /** The teacher stage's vectors for the distill objective, or null. */
  teacher: { vectors: TeacherVectors; file: string; sourceLanguages: readonly string[] } | null;
}

export type StopReason = 'completed' | 'early_stopping';

/** What the loop returns; the model holds the final weights. */
export interface LoopResult {
  state: TrainState;
  stopReason: StopReason;
  /** Steps run by this process (not restored from a checkpoint) and their wall time, for speed figures. */
  timing: { steps: number; pairs: number; seconds: number; perStep: StepTiming[] };
  /** Final logit scale (1/τ unless learnable). */
  scale: number;
  resumedFrom: number | null;
}

export { WORD_EMBEDDINGS } from '@hbt/models';

let scaleVars = 0;

/**
 * Train `model` on the plan: one AdamW step per planned batch, validation and best-model snapshots every
 * `validate_every` steps, resumable checkpoints every `checkpoint_every` steps and at the end, early
 * stopping after `patience` validations without improvement. Resumes from the work directory's latest
 * checkpoint when its fingerprint matches. A non-finite loss or gradient norm stops with a
 * {@link DataError}; the last checkpoint stays.
 */
export async function trainLoop(env: LoopEnv): Promise<LoopResult> {
  const { config, model, plan, log } = env;
  const t = config.train;
  const total = plan.steps;
  const scaleVar = t.learnable_scale
    ? tf.tidy(() =>
        tf.variable(tf.scalar(Math.log(1 / t.temperature)), true, `hbt/${LOGIT_SCALE}/${scaleVars++}`),
      )
    : null;
  const text: TextOptions = {
    queryPrefix: t.query_prefix,
    passagePrefix: t.passage_prefix,
    hardNegatives: t.hard_negatives,
  };
  const lazy = t.embedding_update === 'lazy';
  const sched = { lr: t.lr, total, warmup: warmupSteps(total, t.warmup_fraction) };
  // Dense (torch's AdamW): the optimizer trains the rows the training texts use as one compact parameter;
  // the other rows only decay, in closed form at sync (TrainedRows). Lazy: HostRows, rows used per step.
  const words = lazy ? null : trainedRows(env, model, text);
  const params = trainableParams(model, scaleVar);
  if (words) params.set(WORD_EMBEDDINGS, words.table);
  const nameOfVar = new Map([...params].map(([n, v]) => [v.name, n]));
  const vars = [...params.values()];
  // Lazy: the word table and its moments live on the host, a step touches only the rows it uses.
  const opt = new AdamW(params, {
    beta1: t.adam_beta1,
    beta2: t.adam_beta2,
    epsilon: t.adam_epsilon,
    weightDecay: t.weight_decay,
    decays: decaysByDefault,
    hostLazy: lazy ? [WORD_EMBEDDINGS] : [],
  });
  const setup: LossSetup = {
    encoder: model.encoder,
    tokenizer: model.tokenizer,
    maxLength: model.maxLength,
    microBatch: t.micro_batch,
    objectives: objectivesOf(t.objective, {
      temperature: t.temperature,
      symmetric: t.symmetric,
      logitScale: scaleVar,
      studentDim: model.encoder.dim,
      teacher: env.teacher,
    }),
    wordTable: (ids) => opt.hostRows(WORD_EMBEDDINGS, ids),
    ...(words ? { words } : {}),
  };
  /** Write every parameter into the model's variables (before anything reads the model). */
  const syncModel = (stepsDone: number) => {
    opt.syncParams();
    words?.sync(opt.decayProduct(WORD_EMBEDDINGS, lrsOf(stepsDone, sched)));
  };
  /** The model's own weights (full word table) and the learnable scale: what best/ keeps. */
  const modelParams = trainableParams(model, scaleVar);
  const maxScale = Math.log(100);

  // On the native backend the step runs as one TensorFlow graph where the setup allows (GraphStep).
  const graphStep = await GraphStep.create(setup, opt, lazy);
  const names = setup.objectives.map((o) => `${o.objective.name} × ${o.weight}`).join(' + ');
  if (graphStep)
    log.info(`train: objective ${names}; each step runs as one TensorFlow graph (native backend)`);
  else {
    const why = GraphStep.unsupported(setup);
    const say = `train: objective ${names}; each step runs eagerly (not as one graph: ${why})`;
    if (tf.getBackend() === 'tensorflow') log.warn(say);
    else log.info(say);
  }
  try {
    let state: TrainState = {
      version: 1,
      fingerprint: env.fingerprint,
      step: 0,
      cursor: 0,
      adamSteps: 0,
      rng: env.rng.state(),
      bestStep: null,
      bestValLoss: null,
      badValidations: 0,
      log: [],
    };
    let stopReason: StopReason | null = null;
    let resumedFrom: number | null = null;
    let stale = false;
    const ck = await loadCheckpoint(env.workDir, env.fingerprint, (why) => {
      stale = true;
      log.warn(`${why}; training from scratch`);
    });
    if (stale) await clearCheckpoints(env.workDir);
    if (ck) {
      state = ck.state;
      restoreParams(params, ck.tensors, env.workDir);
      restoreOptimizer(opt, params, ck.tensors, state.adamSteps);
      resumedFrom = state.step;
      log.info(`train: resuming from the checkpoint at step ${state.step} of ${total}`);
      if (stateStopped(state, t.patience)) stopReason = 'early_stopping';
    }
    let lastSaved = ck ? state.step : -1;
    const save = async () => {
      if (state.step === lastSaved) return;
      syncModel(state.step);
      await saveCheckpoint(env.workDir, state, await snapshot(params, opt));
      log.debug(`train: checkpoint of step ${state.step}/${total} written to ${env.workDir}`);
      lastSaved = state.step;
    };

    let warnedMissing = false;
    const validate = (): number => {
      syncModel(state.step);
      const v = env.val!;
      let sum = 0;
      for (const rows of v.batches) sum += evalLoss(setup, textBatch(v.pairs, rows, text));
      for (const o of setup.objectives) {
        const missing = (o.objective as { missingInEval?: () => number }).missingInEval?.() ?? 0;
        if (missing > 0 && !warnedMissing) {
          warnedMissing = true;
          log.warn(
            `train: ${missing} validation pairs have no teacher vector for their source text; the ${o.objective.name} term of the validation loss leaves them out`,
          );
        }
      }
      return sum / v.batches.length;
    };

    const bar = env.progress.start('train', total - state.step, 'step');
    const timing = { steps: 0, pairs: 0, seconds: 0, perStep: [] as StepTiming[] };
    let ema: number | null = null;
    for (let s = state.step; s < total && stopReason === null; s++) {
      const t0 = performance.now();
      const lr = lrAt(s, sched);
      const batch = textBatch(env.pairs, await plan.batch(s), text);
      const diverged = (loss: number, norm: number) => {
        const what = Number.isFinite(loss) ? `gradient norm is ${norm}` : `loss is ${loss}`;
        return new DataError(`training diverged at step ${s}: the ${what}`, {
          hint:
            `the last good checkpoint (step ${lastSaved < 0 ? 'none yet' : lastSaved}) is kept in ${env.workDir}; ` +
            'lower train.lr, keep train.clip_norm on, or check the training pairs of that step',
        });
      };
      let loss: number;
      let norm: number;
      if (graphStep) {
        const r = graphStep.compute(batch, config.seed, s, lr, t.clip_norm);
        loss = env.hooks.nanAtStep === s ? Number.NaN : r.loss;
        norm = r.norm;
        if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
          r.dispose();
          throw diverged(loss, norm);
        }
        r.commit();
      } else {
        const r = lossAndGrads(setup, batch, vars, config.seed, s, lazy);
        const { grads, owned } = optimizerGrads(r, nameOfVar, WORD_EMBEDDINGS);
        loss = env.hooks.nanAtStep === s ? Number.NaN : r.loss;
        norm = globalNorm([...grads.values()].map((g) => (g instanceof tf.Tensor ? g : g.values)));
        if (!Number.isFinite(loss) || !Number.isFinite(norm)) {
          tf.dispose(owned);
          throw diverged(loss, norm);
        }
        opt.apply(grads, lr, clipCoefficient(norm, t.clip_norm));
        tf.dispose(owned);
      }
      if (scaleVar) tf.tidy(() => scaleVar.assign(tf.minimum(scaleVar, maxScale)));
      const dt = (performance.now() - t0) / 1000;
      timing.steps++;
      timing.pairs += batch.numPositives;
      timing.seconds += dt;
      timing.perStep.push({ step: s, seconds: dt, pairs: batch.numPositives });

      const row: LogRow = { step: s, loss, lr, grad_norm: norm, val_loss: null };
      state.step = s + 1;
      state.cursor = s + 1;
      state.adamSteps = opt.steps;
      if (env.val && ((s + 1) % t.validate_every === 0 || s + 1 === total)) {
        row.val_loss = validate();
        if (state.bestValLoss === null || row.val_loss < state.bestValLoss) {
          state.bestStep = s;
          state.bestValLoss = row.val_loss;
          state.badValidations = 0;
          await saveBest(env.workDir, s, await snapshot(modelParams, null));
        } else {
          state.badValidations++;
          if (stateStopped(state, t.patience)) stopReason = 'early_stopping';
        }
        log.info(
          `train: step ${s + 1}/${total} val_loss ${row.val_loss.toFixed(4)} (best ${state.bestValLoss!.toFixed(4)} at step ${state.bestStep! + 1})`,
        );
      }
      state.log.push(row);
      if ((s + 1) % t.checkpoint_every === 0 || s + 1 === total || stopReason !== null) await save();
      ema = ema === null ? batch.numPositives / dt : 0.9 * ema + (0.1 * batch.numPositives) / dt;
      bar.tick(1, { loss: Number(loss.toFixed(4)), 'pairs/s': Number(ema.toFixed(1)) });
      await env.hooks.onStep?.(s);
    }
    bar.done();
    syncModel(state.step); // the model leaves the loop with its final weights in the variables
    if (stopReason === 'early_stopping') {
      log.info(
        `train: early stop after step ${state.step}: no lower validation loss in ${t.patience} validations`,
      );
    }
    const scale = scaleVar ? Math.exp(scaleVar.dataSync()[0]!) : 1 / t.temperature;
    return { state, stopReason: stopReason ?? 'completed', timing, scale, resumedFrom };
  } finally {
    graphStep?.dispose();
    opt.dispose();
    words?.dispose();
    scaleVar?.dispose();
  }
}

/** The learning rates of the first `steps` steps. */
function* lrsOf(steps: number, sched: Parameters<typeof lrAt>[1]): Generator<number> {
  for (let s = 0; s < steps; s++) yield lrAt(s, sched);
}

/**
 * The word rows a dense run trains: every token of every training text as the encoder sees it (prefixed,
 * hard negatives when used, truncated at the model's max length), and the padding row; one streaming pass
 * over the distinct texts.
 */
function trainedRows(env: LoopEnv, model: Model, text: TextOptions): TrainedRows {
  const ids = trainedTokenIds(model.tokenizer, encoderTexts(env.pairs, text), model.maxLength, model.encoder);
  const table = model.encoder.weights.get(WORD_EMBEDDINGS)!;
  env.log.debug(`train: ${ids.length} of ${table.shape[0]} word rows are trained; the others only decay`);
  return TrainedRows.create(table, ids);
}

function stateStopped(state: TrainState, patience: number | null): boolean {
  return patience !== null && state.badValidations >= patience;
}
