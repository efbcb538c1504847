/**
 * The commands of `hbt`: name, usage and one-line description, with a lazy loader for each module. The
 * top-level `hbt --help` and unknown-command hints are built from this table alone, without importing any
 * command (so without tfjs, LanceDB, Arrow or @hbt/core); a command's module is imported only when it
 * runs or shows its own help. Modules take their description from here, so it is written once.
 */
import type { CommandModule } from 'yargs';

// biome-ignore lint/suspicious/noExplicitAny: command modules have differing argv types
export type AnyCommand = CommandModule<any, any>;

interface Entry {
  /** yargs command string (positionals included). */
  usage: string;
  describe: string;
  load: () => Promise<AnyCommand>;
}

export type CommandName =
  | 'prep'
  | 'sample'
  | 'teacher'
  | 'train'
  | 'index'
  | 'eval'
  | 'report'
  | 'run'
  | 'data'
  | 'embed'
  | 'evaluate'
  | 'config';

export const COMMANDS: Record<CommandName, Entry> = {
  prep: {
    usage: 'prep',
    describe: 'Read datasets and write corpus, queries, qrels and training pairs',
    load: async () => (await import('./commands/prep.js')).prepCommand,
  },
  sample: {
    usage: 'sample',
    describe: 'Plan training batches (x-x-mono, x-y, hybrid, mixed)',
    load: async () => (await import('./commands/sample.js')).sampleCommand,
  },
  teacher: {
    usage: 'teacher',
    describe: 'Embed the source texts of the training pairs with the distillation teacher (run by train)',
    load: async () => (await import('./commands/teacher.js')).teacherCommand,
  },
  train: {
    usage: 'train',
    describe: 'Train the dual encoder (InfoNCE) from the batch plan',
    load: async () => (await import('./commands/train.js')).trainCommand,
  },
  index: {
    usage: 'index',
    describe: 'Encode corpus and queries, search, write embeddings and runs',
    load: async () => (await import('./commands/index.js')).indexCommand,
  },
  eval: {
    usage: 'eval',
    describe: 'Compute retrieval measures and language bias',
    load: async () => (await import('./commands/eval.js')).evalCommand,
  },
  report: {
    usage: 'report',
    describe:
      'Render report.md, report.html and summary.json (tables, charts, significance) over all variants',
    load: async () => (await import('./commands/report.js')).reportCommand,
  },
  run: {
    usage: 'run',
    describe: 'Run every stage in order (prep → sample → train → index → eval → report) without turbo',
    load: async () => (await import('./commands/run.js')).runCommand,
  },
  data: {
    usage: 'data <action>',
    describe: 'Dataset registry: list known datasets, fetch them into the cache',
    load: async () => (await import('./commands/data.js')).dataCommand,
  },
  embed: {
    usage: 'embed',
    describe: 'Embed texts with a model folder (Hugging Face format) into a Parquet file',
    load: async () => (await import('./commands/embed.js')).embedCommand,
  },
  evaluate: {
    usage: 'evaluate',
    describe: 'Evaluate a TREC run file against TREC qrels (trec_eval-exact measures)',
    load: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  },
  config: {
    usage: 'config <action>',
    describe: 'Print the config JSON Schema, or the resolved config of a file',
    load: async () => (await import('./commands/config.js')).configCommand,
  },
};

/** The one-line description of a command, for its module. */
export function describeCommand(name: CommandName): string {
  return COMMANDS[name].describe;
}

/** A stand-in for a command that is not loaded: its name and description, for the top-level help. */
export function stubCommand(name: CommandName): AnyCommand {
  const e = COMMANDS[name];
  return {
    command: e.usage,
    describe: e.describe,
    handler: () => {
      throw new Error(`internal error: command "${name}" ran without its module`);
    },
  };
}
