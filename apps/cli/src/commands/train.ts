import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ResolvedConfig } from '@hbt/core';
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
import { runTeacherStage } from './teacher.js';

type TrainArgs = ConfigArgs & BackendArgs;

const MBERT_VOCAB = 'mbert_modified_vocab.txt';

/**
 * `hbt train`: train the dual encoder of every variant (or `--variant`) from its batch plan; a variant
 * distilled from another variant's model trains after that one, and each distilling variant first runs
 * its teacher stage (`hbt teacher`, cached by content; `--force` re-trains but does not re-embed). A thin
 * handler: resolves the backend (`--backend`, else $HBT_BACKEND, else the config's `backend`) and the
 * mBERT vocabulary (fetch cache, else data mirror), then runs the stage with its content-hash cache. An
 * interrupted run resumes from its last checkpoint when started again.
 */
export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train',
  describe: describeCommand('train'),
  builder: (y) =>
    withBackendOption(withConfigOptions(y))
      .example('$0 train -c hbt.json', 'train every variant; rerun after a crash to resume')
      .example('$0 train -c hbt.json --variant hybrid --backend wasm --set train.lr=1e-4', '') as never,
  handler: handle(async (argv: TrainArgs) => {
    const { rc, variants, log, progress } = await resolveCli(argv);
    const { resolveVariants, runStage } = await import('@hbt/core');
    const { initBackendInfo } = await import('@hbt/models');
    const { trainOrder, usesDistill } = await import('@hbt/teacher');
    const { run, trainStageSpec } = await import('@hbt/trainer');
    const info = await initBackendInfo(chooseBackend(argv.backend, rc.config.backend));
    log.info(`backend: ${info.name}${info.nativePackage ? ` (${info.nativePackage})` : ''}`);
    for (const s of info.skipped) log.debug(`skipped ${s}`);
    const out = [];
    // A variant distilled from "variant:<name>" trains after <name>; each distilling variant gets its
    // teacher stage (cached by content) right before its training.
    const chosen = new Set(variants.map((v) => v.variant));
    for (const v of trainOrder(resolveVariants(rc)).filter((x) => chosen.has(x.variant))) {
      const teacher = usesDistill(v.config)
        ? (await runTeacherStage(v, { log, progress, backend: info.name, force: false })).embeddings
        : null;
      const env = {
        log,
        progress,
        backend: info.name,
        mbertVocab: needsVocab(v) ? await findMbertVocab(v) : null,
        teacher,
        force: argv.force,
      };
      const { spec, inputs } = trainStageSpec(v, env);
      const r = await runStage(spec, (ctx) => run(inputs, v.config, ctx));
      if (!r.cached) {
        const s = r.manifest.stats as Record<string, unknown>;
        const best =
          s.best_val_loss === null
            ? 'no validation'
            : `best val_loss ${Number(s.best_val_loss).toFixed(4)} at step ${Number(s.best_step) + 1}`;
        log.info(`train [${v.variant}]: ${s.steps_done} steps (${s.stop_reason}), ${best} → ${spec.dir}`);
      }
      out.push(stageJson(v.variant, spec.dir, r));
    }
    emitJson(argv, { command: 'train', backend: info.name, variants: out });
  }),
};

function needsVocab(rc: ResolvedConfig): boolean {
  return rc.config.model.init === null && rc.config.model.tokenizer.kind === 'mbert-vocab';
}

/**
 * The mBERT vocab.txt: `hbt data fetch mbert-vocab`'s cache (data.cache, else $HBT_CACHE, else
 * ~/.cache/hbt), else the mirror (data.mirror, else $HBT_DATA_MIRROR). Null when neither has it (the
 * stage then says how to get it).
 */
async function findMbertVocab(rc: ResolvedConfig): Promise<string | null> {
  const { datasetCacheDir, defaultCacheRoot, FETCH_MARKER } = await import('@hbt/data-prep');
  const data = rc.config.data;
  const cache =
    data.cache !== null ? resolve(rc.baseDir, data.cache) : defaultCacheRoot(process.env, homedir());
  const cached = datasetCacheDir(cache, 'mbert-vocab');
  if (existsSync(join(cached, FETCH_MARKER)) && existsSync(join(cached, MBERT_VOCAB)))
    return join(cached, MBERT_VOCAB);
  const mirror = data.mirror !== null ? resolve(rc.baseDir, data.mirror) : process.env.HBT_DATA_MIRROR;
  if (mirror !== undefined && mirror !== '') {
    const p = join(resolve(mirror), 'mbert-vocab', MBERT_VOCAB);
    if (existsSync(p)) return p;
  }
  return null;
}
