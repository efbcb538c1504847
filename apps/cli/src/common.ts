import type { Logger, ProgressReporter, ResolvedConfig, StageRunResult } from '@hbt/core';
import type { ConfigArgs } from './options.js';

export { handle } from './handle.js';
export {
  BACKEND_CHOICES,
  type BackendArgs,
  type ConfigArgs,
  chooseBackend,
  withBackendOption,
  withConfigOptions,
} from './options.js';

export interface CliEnv {
  rc: ResolvedConfig;
  variants: ResolvedConfig[];
  log: Logger;
  progress: ProgressReporter;
}

/**
 * Resolve the config once: file, --set overrides, variants (filtered by --variant). `@hbt/core` is
 * imported here, when a command runs, so that `--help` never loads it.
 */
export async function resolveCli(argv: ConfigArgs): Promise<CliEnv> {
  const {
    checkVariantName,
    createLogger,
    createProgress,
    loadConfig,
    resolveVariants,
    silentProgress,
    UsageError,
  } = await import('@hbt/core');
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
  return { rc, variants, log, progress: argv.quiet ? silentProgress : createProgress() };
}

/**
 * With `--json`, print a command's outcome as one JSON object on one line of stdout (a stage run by
 * `hbt run` prints its own line: the output is JSON Lines, one object per stage).
 *
 * @example
 * emitJson(argv, { command: 'eval', variants: [{ variant: 'hybrid', cached: false, dir }] });
 */
export function emitJson(argv: { json?: boolean }, outcome: Record<string, unknown>): void {
  if (argv.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
}

/** A stage's outcome for `--json`: where it wrote, whether it was cached, its outputs and statistics. */
export function stageJson(variant: string | null, dir: string, r: StageRunResult): Record<string, unknown> {
  return {
    variant,
    dir,
    cached: r.cached,
    outputs: r.manifest.outputs.map((o) => ({ name: o.name, rows: o.rows ?? null, size: o.size ?? null })),
    stats: r.manifest.stats,
  };
}

/** For commands whose issue is not done yet: a clear message and exit 2, never a fake result. */
export function notImplemented(command: string, issue: string): () => void {
  return () => {
    process.stderr.write(`hbt: error: \`hbt ${command}\` is not implemented yet (${issue})\n`);
    process.exitCode = 2;
  };
}
