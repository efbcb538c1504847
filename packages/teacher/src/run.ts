import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  compareIds,
  DataError,
  type HbtConfig,
  hashJson,
  type Logger,
  type ProgressReporter,
  type ResolvedConfig,
  type RunContext,
  type StageOutcome,
  type StageSpec,
  stageDir,
  UsageError,
  writeTeacherEmbeddings,
  writeTiming,
} from '@hbt/core';
import { type BackendPreference, embedTexts, initBackend, tf } from '@hbt/models';
import { type SourceTexts, sourceTexts } from './source-texts.js';
import { loadTeacher, teacherConfig, teacherModel } from './teacher-model.js';

/** Bump when equal inputs and config would write different embeddings. */
export const TEACHER_STAGE_VERSION = 3; // 2: the validation pairs' source texts too; 3: the speed in .timing.json, not in the manifest

/** The artifact the stage writes (and the trainer's `distill` objective reads). */
export const TEACHER_EMBEDDINGS_FILE = 'embeddings.parquet';

/** Input paths of the teacher stage. */
export interface TeacherInputs {
  /** `<artifacts>/prep/train_pairs.parquet`. */
  train_pairs: string;
  /**
   * `<artifacts>/prep/val_pairs.parquet`, or null: its source texts are embedded too, so that the
   * trainer's validation loss has a distill term.
   */
  val_pairs: string | null;
  /** The teacher model folder (`train.teacher.model`, resolved; see `teacherModel`). */
  model: string;
}

/**
 * The teacher stage: embed every unique source text of the training and validation pairs (the side
 * `distillSource` picks) once with the teacher, and write `embeddings.parquet` into `ctx.outDir`: `text`
 * (unique, sorted in code-point order), `embedding` FixedSizeList<Float32>[dim]. The prompt
 * (`train.teacher.prompt`) is prepended to each text before embedding; the `text` column holds the text
 * without it. Stats: pair and text counts, per-language counts, dim. The speed (`seconds`,
 * `sequences_per_s`) is logged and written to the side file `.timing.json` (`writeTiming`), outside the
 * manifest's stats and hashes, so two identical runs write byte-identical `manifest.json` and
 * `embeddings.parquet`.
 *
 * @example
 * const { spec, inputs } = await teacherStageSpec(rc, { log, progress, backend: 'wasm' });
 * await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
 */
export async function run(inputs: TeacherInputs, config: HbtConfig, ctx: RunContext): Promise<StageOutcome> {
  const t = config.train.teacher;
  if (t === null) throw new UsageError('the teacher stage needs train.teacher (it is null)');
  if (ctx.backend !== null && tf.getBackend() !== ctx.backend)
    await initBackend(ctx.backend as BackendPreference);
  const src = await stageTexts(inputs, t.source_languages);
  const model = await loadTeacher(inputs.model, t.max_length);
  try {
    const dim = model.encoder.dim;
    const backend = tf.getBackend();
    ctx.log.info(
      `teacher: ${src.texts.length} unique source texts of ${src.train.pairs} training and ${src.val?.pairs ?? 0} validation pairs ` +
        `(skipped ${src.train.skippedBoth} training pairs with both sides and ${src.train.skippedNeither} with neither side in ` +
        `${t.source_languages.join(', ')}); model ${inputs.model}, dim ${dim}, on ${backend}`,
    );
    const bar = ctx.progress.start('teacher', src.texts.length, 'seq');
    const t0 = performance.now();
    const vectors = await embedTexts(model, src.texts, {
      batchSize: t.batch_size,
      prefix: t.prompt ?? '',
      progress: bar,
    });
    const seconds = (performance.now() - t0) / 1000;
    const perS = seconds > 0 ? src.texts.length / seconds : null;
    bar.done(perS !== null ? { 'seq/s': perS } : {});
    const bad = vectors.findIndex((x) => !Number.isFinite(x));
    if (bad >= 0) {
      throw new DataError(
        `the teacher gives a non-finite value for source text ${JSON.stringify(src.texts[Math.floor(bad / dim)])}`,
        {
          file: inputs.model,
          hint: 'the teacher weights may be corrupt; check it with `hbt embed --model DIR`',
        },
      );
    }
    const rows = await writeTeacherEmbeddings(
      join(ctx.outDir, TEACHER_EMBEDDINGS_FILE),
      src.texts,
      vectors,
      dim,
      {
        'hbt.backend': backend,
        'hbt.prompt': t.prompt ?? '',
      },
    );
    ctx.log.info(
      `teacher: ${rows} texts in ${seconds.toFixed(1)} s${perS !== null ? `, ${perS.toFixed(1)} sequences/s` : ''} on ${backend}`,
    );
    await writeTiming(ctx.outDir, { backend, texts: rows, seconds, sequences_per_s: perS });
    return {
      rows: { [TEACHER_EMBEDDINGS_FILE]: rows },
      stats: {
        texts: rows,
        pairs_distilled: src.train.pairs,
        pairs_skipped_both_source: src.train.skippedBoth,
        pairs_skipped_no_source: src.train.skippedNeither,
        source_pairs_per_language: src.train.perLanguage,
        val_pairs_distilled: src.val?.pairs ?? null,
        dim,
        prompt: t.prompt,
        max_length: model.maxLength,
        backend,
      },
    };
  } finally {
    model.encoder.dispose();
  }
}

/**
 * The `runStage` spec of the teacher stage for one variant, in `<artifacts>/variants/<v>/teacher/`.
 * Cache key: the stage version, the content hash of the teacher folder (its files), the hash of the
 * source texts (not of the whole `train_pairs.parquet`: a change to the translations alone keeps the
 * cache), the prompt, `max_length`, `batch_size` and the backend (vectors agree across batch sizes and
 * backends only up to float rounding). Missing inputs, a missing teacher or no source pair → an error
 * before anything runs.
 *
 * @example
 * const { spec, inputs } = await teacherStageSpec(rc, { log, progress, backend: 'tensorflow' });
 */
export async function teacherStageSpec(
  rc: ResolvedConfig,
  env: { log: Logger; progress: ProgressReporter; backend: string; force?: boolean },
): Promise<{ spec: StageSpec; inputs: TeacherInputs }> {
  const t = teacherConfig(rc);
  const trainPairs = join(stageDir(rc, 'prep'), 'train_pairs.parquet');
  if (!existsSync(trainPairs))
    throw new DataError('input not found', { file: trainPairs, hint: 'run `hbt prep --config …` first' });
  const valPairs = join(stageDir(rc, 'prep'), 'val_pairs.parquet');
  const model = teacherModel(rc);
  const inputs: TeacherInputs = {
    train_pairs: trainPairs,
    val_pairs: existsSync(valPairs) ? valPairs : null,
    model: model.dir,
  };
  const src = await stageTexts(inputs, t.source_languages);
  return {
    inputs,
    spec: {
      stage: 'teacher',
      stageVersion: TEACHER_STAGE_VERSION,
      dir: stageDir(rc, 'teacher'),
      config: rc.config,
      keyConfig: {
        texts: hashJson(src.texts),
        prompt: t.prompt,
        max_length: t.max_length,
        batch_size: t.batch_size,
      },
      inputs: { teacher: model.dir },
      seed: null,
      backend: env.backend,
      log: env.log,
      progress: env.progress,
      ...(env.force !== undefined ? { force: env.force } : {}),
    },
  };
}

/**
 * The texts the stage embeds: the source texts of the training pairs (at least one is required) and of
 * the validation pairs, when there are any, unique and sorted in code-point order.
 */
async function stageTexts(
  inputs: TeacherInputs,
  sourceLanguages: readonly string[],
): Promise<{ texts: string[]; train: SourceTexts; val: SourceTexts | null }> {
  const train = await sourceTexts(inputs.train_pairs, sourceLanguages);
  const val =
    inputs.val_pairs !== null
      ? await sourceTexts(inputs.val_pairs, sourceLanguages, { required: false })
      : null;
  const texts = val === null ? train.texts : [...new Set([...train.texts, ...val.texts])].sort(compareIds);
  return { texts, train, val };
}

/** `<artifacts>/variants/<v>/teacher/embeddings.parquet`: what the trainer's distill objective reads. */
export function teacherEmbeddingsPath(rc: ResolvedConfig): string {
  return join(stageDir(rc, 'teacher'), TEACHER_EMBEDDINGS_FILE);
}
