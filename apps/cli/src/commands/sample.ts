import { runStage } from '@hbt/core';
import { run, sampleStageSpec } from '@hbt/sampler';
import type { CommandModule } from 'yargs';
import { type ConfigArgs, handle, resolveCli, withConfigOptions } from '../common.js';

interface SampleArgs extends ConfigArgs {
  pairs?: string;
}

/**
 * `hbt sample`: plan the training batches of every variant (or `--variant NAME`) into
 * `<artifacts>/variants/<variant>/sample/batches.parquet`. Config keys: `sampler.*` and `seed`.
 */
export const sampleCommand: CommandModule<object, SampleArgs> = {
  command: 'sample',
  describe: 'Plan training batches (x-x-mono, x-y, hybrid, mixed)',
  builder: (y) =>
    withConfigOptions(y)
      .option('pairs', {
        type: 'string',
        describe: 'train_pairs.parquet to plan over (default: <artifacts>/prep/train_pairs.parquet)',
      })
      .epilog(
        'Config keys (--set sampler.KEY=VALUE): strategy (x-x-mono | x-y | hybrid | mixed), alpha, ' +
          'batch_size, steps, dataset_weighting (proportional | uniform | temperature), temperature, ' +
          'dataset_size (pairs | groups), on_short_batch (shrink | error); and seed.',
      ),
  handler: handle(async (argv: SampleArgs) => {
    const env = resolveCli(argv);
    for (const rc of env.variants) {
      const { spec, inputs } = sampleStageSpec(rc, {
        log: env.log,
        progress: env.progress,
        force: argv.force,
        ...(argv.pairs !== undefined ? { trainPairs: argv.pairs } : {}),
      });
      const r = await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
      const s = r.manifest.stats as { mono_fraction?: number; short_batches?: number; rows?: number };
      env.log.info(
        `sample [${rc.variant}]: ${r.cached ? 'cached' : 'done'}: ${s.rows} slots, mono fraction ` +
          `${s.mono_fraction?.toFixed(4)}, ${s.short_batches} short batch(es) → ${spec.dir}`,
      );
    }
  }),
};
