import type { CommandModule } from 'yargs';
import { notImplemented } from '../common.js';

export const embedCommand: CommandModule = {
  command: 'embed',
  describe: 'Embed texts with a model folder (Hugging Face format) into a Parquet file',
  handler: notImplemented('embed', 'models issue'),
};
