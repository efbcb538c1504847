import yargs from 'yargs';
import { configCommand } from './commands/config.js';
import { dataCommand } from './commands/data.js';
import { embedCommand } from './commands/embed.js';
import { evalCommand } from './commands/eval.js';
import { evaluateCommand } from './commands/evaluate.js';
import { indexCommand } from './commands/index.js';
import { prepCommand } from './commands/prep.js';
import { reportCommand } from './commands/report.js';
import { runCommand } from './commands/run.js';
import { sampleCommand } from './commands/sample.js';
import { trainCommand } from './commands/train.js';

/**
 * Build the `hbt` command line. Exit codes: 0 ok, 1 runtime or data error, 2 usage or config error.
 */
export function buildCli(argv: string[]) {
  return yargs(argv)
    .scriptName('hbt')
    .usage(
      '$0 <command> [options]\n\nTrain and evaluate multilingual dense retrievers with hybrid batch sampling.',
    )
    .command(prepCommand)
    .command(sampleCommand)
    .command(trainCommand)
    .command(indexCommand)
    .command(evalCommand)
    .command(reportCommand)
    .command(runCommand)
    .command(dataCommand)
    .command(embedCommand)
    .command(evaluateCommand)
    .command(configCommand)
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

export async function main(argv: string[]): Promise<void> {
  await buildCli(argv).parseAsync();
}
