import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { type ResolvedConfig, runStage, UsageError } from '@hbt/core';
import { datasetCacheDir, defaultCacheRoot, FETCH_MARKER } from '@hbt/data-prep';
import { type BackendPreference, initBackendInfo } from '@hbt/models';
import { run, trainStageSpec } from '@hbt/trainer';
import type { CommandModule } from 'yargs';
import { type ConfigArgs, handle, resolveCli, withConfigOptions } from '../common.js';

interface TrainArgs extends ConfigArgs {
  backend?: BackendPreference;
}

const BACKENDS: BackendPreference[] = ['auto', 'tensorflow', 'wasm', 'cpu'];
const MBERT_VOCAB = 'mbert_modified_vocab.txt';

/**
 * `hbt train`: train the dual encoder of every variant (or `--variant`) from its batch plan. A thin
 * handler: resolves the backend (`--backend`, else $HBT_BACKEND, else the config's `backend`) and the
 * mBERT vocabulary (fetch cache, else data mirror), then runs the stage with its content-hash cache. An
 * interrupted run resumes from its last checkpoint when started again.
 */
export const trainCommand: CommandModule<object, TrainArgs> = {
  command: 'train',
  describe: 'Train the dual encoder (InfoNCE) from the batch plan',
  builder: (y) =>
    withConfigOptions(y)
      .option('backend', {
        choices: BACKENDS,
        describe: 'Compute backend (default: $HBT_BACKEND, else the config "backend", else auto)',
      })
      .example('$0 train -c hbt.json', 'train every variant; rerun after a crash to resume')
      .example('$0 train -c hbt.json --variant hybrid --backend wasm --set train.lr=1e-4', '') as never,
  handler: handle(async (argv: TrainArgs) => {
    const { rc, variants, log, progress } = resolveCli(argv);
    const info = await initBackendInfo(argv.backend ?? backendFromEnv() ?? rc.config.backend);
    log.info(`backend: ${info.name}${info.nativePackage ? ` (${info.nativePackage})` : ''}`);
    for (const s of info.skipped) log.debug(`skipped ${s}`);
    for (const v of variants) {
      const { spec, inputs } = trainStageSpec(v, {
        log,
        progress,
        backend: info.name,
        mbertVocab: needsVocab(v) ? findMbertVocab(v) : null,
        force: argv.force,
      });
      const r = await runStage(spec, (ctx) => run(inputs, v.config, ctx));
      if (!r.cached) {
        const s = r.manifest.stats as Record<string, unknown>;
        const best =
          s.best_val_loss === null
            ? 'no validation'
            : `best val_loss ${Number(s.best_val_loss).toFixed(4)} at step ${Number(s.best_step) + 1}`;
        log.info(`train [${v.variant}]: ${s.steps_done} steps (${s.stop_reason}), ${best} → ${spec.dir}`);
      }
    }
  }),
};

function backendFromEnv(): BackendPreference | undefined {
  const env = process.env.HBT_BACKEND;
  if (env === undefined || env === '') return undefined;
  if (!(BACKENDS as string[]).includes(env)) {
    throw new UsageError(`HBT_BACKEND="${env}" is not a backend`, {
      hint: `use one of ${BACKENDS.join(', ')}`,
    });
  }
  return env as BackendPreference;
}

function needsVocab(rc: ResolvedConfig): boolean {
  return rc.config.model.init === null && rc.config.model.tokenizer.kind === 'mbert-vocab';
}

/**
 * The mBERT vocab.txt: `hbt data fetch mbert-vocab`'s cache (data.cache, else $HBT_CACHE, else
 * ~/.cache/hbt), else the mirror (data.mirror, else $HBT_DATA_MIRROR). Null when neither has it (the
 * stage then says how to get it).
 */
function findMbertVocab(rc: ResolvedConfig): string | null {
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
