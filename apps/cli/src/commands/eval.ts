import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const evalCommand: CommandModule<object, ConfigArgs> = {
  command: 'eval',
  describe: 'Compute retrieval measures and language bias',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('eval', 'see the issue tracker'),
};
