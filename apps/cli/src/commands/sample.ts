import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type ConfigArgs, emitJson, handle, resolveCli, stageJson, withConfigOptions } from '../common.js';
import { sectionEpilog } from '../options.js';

interface SampleArgs extends ConfigArgs {
  pairs?: string;
}

/**
 * `hbt sample`: plan the training batches of every variant (or `--variant NAME`) into
 * `<artifacts>/variants/<variant>/sample/batches.parquet`. Config keys: `sampler.*` and `seed` (the help
 * lists them from the config schema).
 */
export const sampleCommand: CommandModule<object, SampleArgs> = {
  command: 'sample',
  describe: describeCommand('sample'),
  builder: (y) =>
    withConfigOptions(y)
      .option('pairs', {
        type: 'string',
        describe: 'train_pairs.parquet to plan over (default: <artifacts>/prep/train_pairs.parquet)',
      })
      .epilog(sectionEpilog('sampler', 'and seed (the top-level key).')) as never,
  handler: handle(async (argv: SampleArgs) => {
    const env = await resolveCli(argv);
    const { runStage } = await import('@hbt/core');
    const { run, sampleStageSpec } = await import('@hbt/sampler');
    const out = [];
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
      out.push(stageJson(rc.variant, spec.dir, r));
    }
    emitJson(argv, { command: 'sample', variants: out });
  }),
};
