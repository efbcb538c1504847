import { configSchema } from '@hbt/core/config-schema';
import { UsageError } from '@hbt/core/errors';
import type { Argv } from 'yargs';

/**
 * Options shared by commands, derived from the config schema (`@hbt/core/config-schema`: zod only, so a
 * command's `--help` stays fast). Each config key has one CLI spelling; its choices and help come from the
 * schema, never from a copy.
 */

/** Options every stage command takes. */
export interface ConfigArgs {
  config: string;
  set: string[];
  variant?: string;
  force: boolean;
  quiet: boolean;
  verbose: boolean;
  /** Absent when a handler is called directly (tests). */
  json?: boolean;
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
      describe: 'Print only warnings and errors (TensorFlow’s start-up notices included)',
    })
    .option('verbose', {
      alias: 'v',
      type: 'boolean',
      default: false,
      describe: 'Print debug messages',
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'Print the outcome as one JSON object per stage on stdout (logs stay on stderr)',
    }) as Argv<T & ConfigArgs>;
}

const BACKEND = configSchema.shape.backend;
/** The compute backends, from the config schema (`backend`). */
export const BACKEND_CHOICES = BACKEND.unwrap().options;
export type Backend = (typeof BACKEND_CHOICES)[number];

export interface BackendArgs {
  backend?: Backend;
}

/** `--backend`, the one CLI spelling of the config's `backend` (and of $HBT_BACKEND). */
export function withBackendOption<T>(y: Argv<T>, fallback = 'the config "backend"'): Argv<T & BackendArgs> {
  return y.option('backend', {
    choices: BACKEND_CHOICES,
    describe: `Compute backend (default: $HBT_BACKEND, else ${fallback}; auto: tensorflow → wasm → cpu)`,
  }) as Argv<T & BackendArgs>;
}

/**
 * The backend to use: `--backend`, else $HBT_BACKEND (checked against the schema's choices: a usage
 * error naming the variable), else `fallback` (the config's `backend`, or auto).
 */
export function chooseBackend(
  arg: Backend | undefined,
  fallback: Backend = 'auto',
  env: NodeJS.ProcessEnv = process.env,
): Backend {
  if (arg !== undefined) return arg;
  const v = env.HBT_BACKEND;
  if (v === undefined || v === '') return fallback;
  if (!(BACKEND_CHOICES as readonly string[]).includes(v)) {
    throw new UsageError(`HBT_BACKEND="${v}" is not a backend`, {
      hint: `use one of ${BACKEND_CHOICES.join(', ')}`,
    });
  }
  return v as Backend;
}

/**
 * A help epilog listing the keys of a config section with their choices and descriptions, from the
 * schema: `hbt sample --help` shows every `sampler.*` key, `order` included.
 */
export function sectionEpilog(section: keyof typeof configSchema.shape, extra = ''): string {
  // biome-ignore lint/suspicious/noExplicitAny: zod's wrapper types differ per section
  let s: any = configSchema.shape[section];
  while (typeof s.unwrap === 'function' && !s.shape) s = s.unwrap();
  const lines = [`Config keys (--set ${section}.KEY=VALUE):`];
  // biome-ignore lint/suspicious/noExplicitAny: zod field types
  for (const [key, field] of Object.entries(s.shape as Record<string, any>)) {
    let inner = field;
    while (typeof inner.unwrap === 'function' && !inner.options) inner = inner.unwrap();
    const choices = Array.isArray(inner.options) ? ` (${inner.options.join(' | ')})` : '';
    const desc = field.description ?? inner.description;
    lines.push(`  ${section}.${key}${choices}${desc ? `: ${desc}` : ''}`);
  }
  if (extra) lines.push(extra);
  return lines.join('\n');
}
