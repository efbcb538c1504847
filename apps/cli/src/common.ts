import {
  checkVariantName,
  createLogger,
  createProgress,
  type Logger,
  loadConfig,
  type ProgressReporter,
  type ResolvedConfig,
  resolveVariants,
  UsageError,
} from '@hbt/core';
import type { Argv } from 'yargs';

/** Options every stage command takes. */
export interface ConfigArgs {
  config: string;
  set: string[];
  variant?: string;
  force: boolean;
  quiet: boolean;
  verbose: boolean;
}

export function withConfigOptions<T>(y: Argv<T>): Argv<T & ConfigArgs> {
  return y
    .option('config', {
      alias: 'c',
      type: 'string',
      demandOption: true,
      describe: 'Experiment config file (JSON)',
    })
    .option('set', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'Override a config key: --set sampler.alpha=0.3 (repeatable)',
    })
    .option('variant', { type: 'string', describe: 'Run only this variant of the sweep' })
    .option('force', {
      type: 'boolean',
      default: false,
      describe: 'Re-run even when the stage is up to date',
    })
    .option('quiet', {
      alias: 'q',
      type: 'boolean',
      default: false,
      describe: 'Print only warnings and errors',
    })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      describe: 'Print debug messages',
    }) as Argv<T & ConfigArgs>;
}

export interface CliEnv {
  rc: ResolvedConfig;
  variants: ResolvedConfig[];
  log: Logger;
  progress: ProgressReporter;
}

/** Resolve the config once: file, --set overrides, variants (filtered by --variant). */
export function resolveCli(argv: ConfigArgs): CliEnv {
  if (argv.variant !== undefined) checkVariantName(argv.variant, '--variant');
  const rc = loadConfig(argv.config, argv.set);
  let variants = resolveVariants(rc);
  if (argv.variant !== undefined) {
    variants = variants.filter((v) => v.variant === argv.variant);
    if (variants.length === 0) {
      throw new UsageError(`no variant named "${argv.variant}"`, {
        file: rc.file,
        hint: `variants: ${resolveVariants(rc)
          .map((v) => v.variant)
          .join(', ')}`,
      });
    }
  }
  const log = createLogger({ quiet: argv.quiet, verbose: argv.verbose });
  return {
    rc,
    variants,
    log,
    progress: argv.quiet ? { start: () => ({ tick() {}, done() {} }) } : createProgress(),
  };
}

export { handle } from './handle.js';

/** For commands whose issue is not done yet: a clear message and exit 2, never a fake result. */
export function notImplemented(command: string, issue: string): () => void {
  return () => {
    process.stderr.write(`hbt: error: \`hbt ${command}\` is not implemented yet (${issue})\n`);
    process.exitCode = 2;
  };
}
