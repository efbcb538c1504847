import type { CommandModule } from 'yargs';
import { type ConfigArgs, notImplemented, withConfigOptions } from '../common.js';

export const reportCommand: CommandModule<object, ConfigArgs> = {
  command: 'report',
  describe: 'Render report.md, report.html and summary.json',
  builder: (y) => withConfigOptions(y),
  handler: notImplemented('report', 'see the issue tracker'),
};
