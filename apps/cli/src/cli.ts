import type { CommandModule } from 'yargs';
import yargs from 'yargs';

/**
 * The commands, loaded lazily: a command's module (and the stage packages it pulls in: tfjs, LanceDB,
 * Arrow) is imported only when that command runs, so `hbt evaluate` or `hbt config` start fast.
 * `hbt --help` and unknown commands load them all.
 */
// biome-ignore lint/suspicious/noExplicitAny: command modules have differing argv types
type AnyCommand = CommandModule<any, any>;
const COMMANDS: Record<string, () => Promise<AnyCommand>> = {
  prep: async () => (await import('./commands/prep.js')).prepCommand,
  sample: async () => (await import('./commands/sample.js')).sampleCommand,
  train: async () => (await import('./commands/train.js')).trainCommand,
  index: async () => (await import('./commands/index.js')).indexCommand,
  eval: async () => (await import('./commands/eval.js')).evalCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  data: async () => (await import('./commands/data.js')).dataCommand,
  embed: async () => (await import('./commands/embed.js')).embedCommand,
  evaluate: async () => (await import('./commands/evaluate.js')).evaluateCommand,
  config: async () => (await import('./commands/config.js')).configCommand,
};

/**
 * Build the `hbt` command line for `argv`. Exit codes: 0 ok, 1 runtime or data error, 2 usage or config
 * error.
 */
export async function buildCli(rawArgv: string[]) {
  const argv = dashValues(rawArgv);
  const first = argv.find((a) => !a.startsWith('-'));
  const names = first !== undefined && first in COMMANDS ? [first] : Object.keys(COMMANDS);
  const modules = await Promise.all(names.map((n) => COMMANDS[n]!()));
  let y = yargs(argv)
    .scriptName('hbt')
    .usage(
      '$0 <command> [options]\n\nTrain and evaluate multilingual dense retrievers with hybrid batch sampling.',
    );
  for (const m of modules) y = y.command(m);
  return y
    .demandCommand(1, 'name a command; see hbt --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version('0.1.0')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`hbt: error: ${msg}\n(see hbt --help)\n`);
      process.exit(2);
    });
}

/**
 * `--run -` as `--run=-`: yargs takes a lone `-` for a positional argument, but after an option it is
 * that option's value (standard input, as in `… | hbt evaluate --qrels q.txt --run -`).
 */
export function dashValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (const a of argv) {
    const prev = out[out.length - 1];
    if (a === '-' && prev !== undefined && /^--[^=]+$/.test(prev)) out[out.length - 1] = `${prev}=-`;
    else out.push(a);
  }
  return out;
}

export async function main(argv: string[]): Promise<void> {
  await (await buildCli(argv)).parseAsync();
}
