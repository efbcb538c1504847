import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const indexCommand: CommandModule<object, ConfigArgs> = {
  command: 'index',
  describe: 'Encode corpus and queries, search, write embeddings and runs',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('index', 'see the issue tracker'),
};
