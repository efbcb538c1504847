import { configSchema, DATASET_FORMATS } from '@hbt/core/config-schema';
import { UsageError } from '@hbt/core/errors';
import type { Argv, CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type ConfigArgs, emitJson, handle, resolveCli, stageJson, withConfigOptions } from '../common.js';
import { dataLocations } from './data.js';

const ON_INVALID = configSchema.shape.data.unwrap().shape.on_invalid;
const ON_INVALID_CHOICES = ON_INVALID.unwrap().options;

/** `--on-invalid`: the one CLI spelling of `data.on_invalid`, with its choices and help from the schema. */
export interface OnInvalidArgs {
  onInvalid?: (typeof ON_INVALID_CHOICES)[number];
}

export function withOnInvalidOption<T>(y: Argv<T>): Argv<T & OnInvalidArgs> {
  return y.option('on-invalid', {
    choices: ON_INVALID_CHOICES,
    describe: `data.on_invalid (default "error"). ${ON_INVALID.description}`,
  }) as Argv<T & OnInvalidArgs>;
}

/** The config arguments with `--on-invalid` turned into its `--set`. */
export function onInvalidAsSet<A extends ConfigArgs & OnInvalidArgs>(argv: A): A {
  if (argv.onInvalid === undefined) return argv;
  return { ...argv, set: [...argv.set, `data.on_invalid=${argv.onInvalid}`] };
}

/** The dataset formats prep reads (data.train[].format / data.eval[].format), from the config's table. */
export function formatsEpilog(): string {
  const names = Object.keys(DATASET_FORMATS);
  const width = Math.max(...names.map((n) => n.length));
  const rows = Object.entries(DATASET_FORMATS).map(([n, layout]) => `  ${n.padEnd(width)}  ${layout}`);
  return [
    'Dataset formats (data.train[].format, data.eval[].format; a registry dataset has its own, see hbt data list):',
    ...rows,
    'data.pairs.exclude_eval_text drops training pairs whose text occurs in an evaluation set (counted in the manifest).',
  ].join('\n');
}

/**
 * `hbt prep --config FILE`: read the datasets of `data.train` / `data.eval` and write corpus, queries,
 * qrels, train_pairs and val_pairs into `<artifacts>/prep/`. Prep is shared by every variant, so the
 * variants may not change `data`.
 */
export const prepCommand: CommandModule<object, ConfigArgs & OnInvalidArgs> = {
  command: 'prep',
  describe: describeCommand('prep'),
  builder: (y) => withOnInvalidOption(withConfigOptions(y)).epilog(formatsEpilog()) as never,
  handler: handle(async (argv: ConfigArgs & OnInvalidArgs) => {
    const env = await resolveCli(onInvalidAsSet(argv));
    const { hashJson, runStage, stageDir } = await import('@hbt/core');
    const { locateDatasets, PREP_STAGE, PREP_STAGE_VERSION, prepInputFiles, prepKeyConfig, run } =
      await import('@hbt/data-prep');
    const dataKey = hashJson(env.rc.config.data);
    for (const v of env.variants) {
      if (hashJson(v.config.data) !== dataKey) {
        throw new UsageError(`variant "${v.variant}" changes data.*, but prep is shared by all variants`, {
          file: env.rc.file,
          hint: 'make a separate experiment config for a different data setup',
        });
      }
    }
    const data = await dataLocations(env.rc.config.data);
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
    emitJson(argv, { command: 'prep', ...stageJson(null, dir, res) });
  }),
};
