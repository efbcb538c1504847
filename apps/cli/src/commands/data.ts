import type { CommandModule } from 'yargs';
import { notImplemented } from '../common.js';

export const dataCommand: CommandModule = {
  command: 'data <action>',
  describe: 'Dataset registry: list known datasets, fetch them into the cache',
  builder: (y) =>
    y
      .command({
        command: 'list',
        describe: 'List registered datasets',
        handler: notImplemented('data list', 'data issue'),
      })
      .command({
        command: 'fetch <names..>',
        describe: 'Download datasets (or copy them from --mirror DIR)',
        handler: notImplemented('data fetch', 'data issue'),
      })
      .demandCommand(1),
  handler: () => {},
};
