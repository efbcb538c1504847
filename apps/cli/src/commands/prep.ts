import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const prepCommand: CommandModule<object, ConfigArgs> = {
  command: 'prep',
  describe: 'Read datasets and write corpus, queries, qrels and training pairs',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('prep', 'see the issue tracker'),
};
