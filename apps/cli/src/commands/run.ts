import type { ArgumentsCamelCase, CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type BackendArgs, type ConfigArgs, withBackendOption, withConfigOptions } from '../common.js';
import { evalCommand } from './eval.js';
import { indexCommand } from './index.js';
import { type OnInvalidArgs, onInvalidAsSet, prepCommand, withOnInvalidOption } from './prep.js';
import { reportCommand } from './report.js';
import { sampleCommand } from './sample.js';
import { trainCommand } from './train.js';

const STAGES = [
  ['prep', prepCommand],
  ['sample', sampleCommand],
  ['train', trainCommand],
  ['index', indexCommand],
  ['eval', evalCommand],
  ['report', reportCommand],
] as const;

/**
 * `hbt run`: every stage in order, without turbo. Each stage keeps its own content-hash cache, so a rerun
 * only does what changed. Stops at the first stage that fails, with that stage's exit code.
 */
export const runCommand: CommandModule<
  object,
  ConfigArgs & BackendArgs & OnInvalidArgs & { until?: string }
> = {
  command: 'run',
  describe: describeCommand('run'),
  builder: (y) =>
    withBackendOption(withOnInvalidOption(withConfigOptions(y)))
      .option('until', {
        type: 'string',
        choices: STAGES.map(([n]) => n),
        describe: 'Stop after this stage',
      })
      .epilog('With --json, each stage prints its own JSON object on one line of stdout (JSON Lines).'),
  handler: async (argv) => {
    // Every stage sees the same config: --on-invalid becomes its --set for all of them.
    const args = { ...onInvalidAsSet(argv), onInvalid: undefined };
    for (const [name, cmd] of STAGES) {
      process.stderr.write(`\n== hbt ${name}\n`);
      await (cmd.handler as (a: ArgumentsCamelCase<ConfigArgs>) => Promise<void>)(args);
      if (process.exitCode && process.exitCode !== 0) {
        process.stderr.write(`hbt run: stopped at ${name}\n`);
        return;
      }
      if (argv.until === name) return;
    }
  },
};
