import { hashJson, runStage, stageDir, UsageError } from '@hbt/core';
import {
  locateDatasets,
  PREP_STAGE,
  PREP_STAGE_VERSION,
  prepInputFiles,
  prepKeyConfig,
  run,
} from '@hbt/data-prep';
import type { CommandModule } from 'yargs';
import { type ConfigArgs, handle, resolveCli, withConfigOptions } from '../common.js';
import { dataLocations } from './data.js';

/**
 * `hbt prep --config FILE`: read the datasets of `data.train` / `data.eval` and write corpus, queries,
 * qrels, train_pairs and val_pairs into `<artifacts>/prep/`. Prep is shared by every variant, so the
 * variants may not change `data`.
 */
export const prepCommand: CommandModule<object, ConfigArgs> = {
  command: 'prep',
  describe: 'Read datasets and write corpus, queries, qrels and training pairs',
  builder: (y) => withConfigOptions(y),
  handler: handle(async (argv: ConfigArgs) => {
    const env = resolveCli(argv);
    const dataKey = hashJson(env.rc.config.data);
    for (const v of env.variants) {
      if (hashJson(v.config.data) !== dataKey) {
        throw new UsageError(`variant "${v.variant}" changes data.*, but prep is shared by all variants`, {
          file: env.rc.file,
          hint: 'make a separate experiment config for a different data setup',
        });
      }
    }
    const data = dataLocations(env.rc.config.data);
    const rc = { ...env.rc, config: { ...env.rc.config, data } };
    const inputs = locateDatasets(data, rc.baseDir);
    const dir = stageDir(rc, 'prep');
    const res = await runStage(
      {
        stage: PREP_STAGE,
        stageVersion: PREP_STAGE_VERSION,
        dir,
        config: rc.config,
        keyConfig: prepKeyConfig(data),
        inputs: prepInputFiles(inputs),
        seed: data.pairs.seed,
        backend: null,
        log: env.log,
        progress: env.progress,
        force: argv.force,
      },
      (ctx) => run(inputs, data, ctx),
    );
    if (!res.cached) env.log.info(`prep: wrote ${dir}`);
  }),
};
