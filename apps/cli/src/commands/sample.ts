import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const sampleCommand: CommandModule<object, ConfigArgs> = {
  command: 'sample',
  describe: 'Plan training batches (x-x-mono, x-y, hybrid, mixed)',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('sample', 'see the issue tracker'),
};
