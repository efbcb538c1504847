import type { CommandModule } from 'yargs';
import { notImplemented } from '../common.js';

export const evaluateCommand: CommandModule = {
  command: 'evaluate',
  describe: 'Evaluate a TREC run file against TREC qrels (trec_eval-exact measures)',
  handler: notImplemented('evaluate', 'evaluator issue'),
};
