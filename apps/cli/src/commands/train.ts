import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const trainCommand: CommandModule<object, ConfigArgs> = {
  command: 'train',
  describe: 'Train the dual encoder (InfoNCE) from the batch plan',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('train', 'see the issue tracker'),
};
