import type { Logger, ProgressReporter, ResolvedConfig, StageRunResult } from '@hbt/core';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import {
  type BackendArgs,
  type ConfigArgs,
  chooseBackend,
  emitJson,
  handle,
  resolveCli,
  stageJson,
  withBackendOption,
  withConfigOptions,
} from '../common.js';

/**
 * `hbt teacher`: the teacher-embedding stage alone (`hbt train` runs it before training each variant
 * that distils). Embeds the source texts of the training pairs with `train.teacher.model` into
 * `variants/<v>/teacher/embeddings.parquet`, cached by content.
 */
export const teacherCommand: CommandModule<object, ConfigArgs & BackendArgs> = {
  command: 'teacher',
  describe: describeCommand('teacher'),
  builder: (y) =>
    withBackendOption(withConfigOptions(y))
      .example('$0 teacher -c hbt.json', 'teacher embeddings for every variant that distils')
      .example('$0 teacher -c hbt.json --variant distilled --backend wasm', '')
      .epilog(
        'A variant distils when train.objective includes "distill" (see packages/teacher/README.md). A teacher ' +
          '"variant:<name>" must have been trained first (`hbt train` orders variants by their teachers).',
      ) as never,
  handler: handle(async (argv: ConfigArgs & BackendArgs) => {
    const { rc, variants, log, progress } = await resolveCli(argv);
    const { resolveVariants, UsageError } = await import('@hbt/core');
    const { initBackendInfo } = await import('@hbt/models');
    const { trainOrder, usesDistill } = await import('@hbt/teacher');
    const chosen = new Set(variants.map((v) => v.variant));
    const todo = trainOrder(resolveVariants(rc)).filter(
      (v) => chosen.has(v.variant) && usesDistill(v.config),
    );
    if (todo.length === 0) {
      throw new UsageError(
        `no ${argv.variant !== undefined ? `variant "${argv.variant}"` : 'variant'} trains with the distill objective, so none needs a teacher`,
        { file: rc.file, hint: 'set train.objective to include "distill" and train.teacher.model' },
      );
    }
    const info = await initBackendInfo(chooseBackend(argv.backend, rc.config.backend));
    log.info(`backend: ${info.name}${info.nativePackage ? ` (${info.nativePackage})` : ''}`);
    const out = [];
    for (const v of todo) {
      const { dir, result } = await runTeacherStage(v, {
        log,
        progress,
        backend: info.name,
        force: argv.force,
      });
      out.push(stageJson(v.variant, dir, result));
    }
    emitJson(argv, { command: 'teacher', backend: info.name, variants: out });
  }),
};

/**
 * Run the teacher stage of one variant (cached by content) and log what it did. Used by `hbt teacher`
 * and by `hbt train` before each distilling variant.
 */
export async function runTeacherStage(
  v: ResolvedConfig,
  env: { log: Logger; progress: ProgressReporter; backend: string; force: boolean },
): Promise<{ dir: string; embeddings: string; result: StageRunResult }> {
  const { runStage } = await import('@hbt/core');
  const { run, teacherEmbeddingsPath, teacherStageSpec } = await import('@hbt/teacher');
  const { spec, inputs } = await teacherStageSpec(v, env);
  const result = await runStage(spec, (ctx) => run(inputs, v.config, ctx));
  if (!result.cached) {
    const s = result.manifest.stats as Record<string, unknown>;
    env.log.info(`teacher [${v.variant}]: ${s.texts} source texts, dim ${s.dim} → ${spec.dir}`);
  }
  return { dir: spec.dir, embeddings: teacherEmbeddingsPath(v), result };
}
