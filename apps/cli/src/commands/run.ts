import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const runCommand: CommandModule<object, ConfigArgs> = {
  command: 'run',
  describe: 'Run every stage in order (prep → sample → train → index → eval → report) without turbo',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('run', 'needs every stage'),
};
