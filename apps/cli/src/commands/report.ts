import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type ConfigArgs, emitJson, handle, resolveCli, stageJson, withConfigOptions } from '../common.js';

/** `hbt report`: one report over all variants (or those picked with --variant). */
export const reportCommand: CommandModule<object, ConfigArgs> = {
  command: 'report',
  describe: describeCommand('report'),
  builder: (y) =>
    withConfigOptions(y).epilog(
      [
        'Reads <artifacts>/variants/<v>/eval/{metrics,per_query}.parquet and train/train_log.parquet of every',
        'variant (run `hbt eval` first) and writes <artifacts>/report/: report.md, report.html (self-contained),',
        'summary.json (schema: packages/report/summary.schema.json) and figures/*.svg.',
        '',
        'Settings (config section "report", or --set):',
        '  report.confidence=0.95          level of every interval (t-interval over seeds, bootstrap of Δ)',
        '  report.permutation_samples=5000 sign flips of the paired randomization test (hybrid vs baselines)',
        '  report.bootstrap_samples=2000   bootstrap resamples for the interval of Δ',
        "  report.paper=true               show the paper's published tables (different model and data)",
        '  report.title="…"                report title',
      ].join('\n'),
    ),
  handler: handle(async (argv: ConfigArgs) => {
    const env = await resolveCli(argv);
    const { runStage, stageDir } = await import('@hbt/core');
    const { REPORT_STAGE_VERSION, reportInputs, run } = await import('@hbt/report');
    const { inputs, files } = reportInputs(env.variants);
    const dir = stageDir(env.rc, 'report');
    const r = await runStage(
      {
        stage: 'report',
        stageVersion: REPORT_STAGE_VERSION,
        dir,
        config: env.rc.config,
        keyConfig: { report: env.rc.config.report, variants: env.variants.map((v) => [v.variant, v.config]) },
        inputs: files,
        seed: env.rc.config.seed,
        backend: null,
        log: env.log,
        progress: env.progress,
        force: argv.force,
      },
      (ctx) => run(inputs, env.rc.config, ctx),
    );
    if (!r.cached) env.log.info(`report: wrote ${dir}/report.html, report.md, summary.json`);
    emitJson(argv, { command: 'report', ...stageJson(null, dir, r) });
  }),
};
