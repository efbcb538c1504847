import { HBT_VERSION } from '@hbt/core/version';
import yargs from 'yargs';
import { COMMANDS, type CommandName, stubCommand } from './catalog.js';
import { dashValues } from './plain-args.js';

/**
 * Build the `hbt` command line for `argv`. Only the command named in `argv` is imported (with the stage
 * packages it pulls in); `hbt --help`, `hbt --version` and an unknown command see every command through
 * its entry in the catalog, so they start in a fraction of a second. Exit codes: 0 ok, 1 runtime or data
 * error, 2 usage or config error.
 */
export async function buildCli(rawArgv: string[]) {
  const argv = dashValues(rawArgv);
  const named = argv.find((a): a is CommandName => Object.hasOwn(COMMANDS, a));
  let y = yargs(argv)
    .scriptName('hbt')
    .usage(
      '$0 <command> [options]\n\nTrain and evaluate multilingual dense retrievers with hybrid batch sampling.',
    );
  for (const name of Object.keys(COMMANDS) as CommandName[]) {
    y = y.command(name === named ? await COMMANDS[name].load() : stubCommand(name));
  }
  const helpOf = named === undefined ? 'hbt --help' : `hbt ${named} --help`;
  return y
    .demandCommand(1, 'name a command; see hbt --help')
    .strict()
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .version(HBT_VERSION)
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`hbt: error: ${msg}\n(see ${helpOf})\n`);
      process.exit(2);
    });
}

export async function main(argv: string[]): Promise<void> {
  await (await buildCli(argv)).parseAsync();
}
