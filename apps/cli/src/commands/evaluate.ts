import { UsageError } from '@hbt/core/errors';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { handle } from '../handle.js';

interface EvaluateArgs {
  qrels: string;
  run: string;
  measures: string;
  'per-query': boolean;
  json: boolean;
  complete: boolean;
  'max-results'?: number;
  'trec-names': boolean;
  quiet: boolean;
}

/**
 * `hbt evaluate --qrels FILE --run FILE`: trec_eval-exact measures on TREC files. A thin handler over
 * `evaluateTrecFiles` from `@hbt/evaluator/trec`, imported when the command runs; this module imports
 * only `@hbt/core/errors` (never all of @hbt/core), so that start-up stays short.
 */
export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: describeCommand('evaluate'),
  builder: (y) =>
    y
      .option('qrels', {
        type: 'string',
        demandOption: true,
        describe: 'TREC qrels: qid iter docid relevance (a file, a FIFO, - for stdin; .gz is read too)',
      })
      .option('run', {
        type: 'string',
        demandOption: true,
        describe: 'TREC run: qid Q0 docid rank score tag (a file, a FIFO, - for stdin; .gz is read too)',
      })
      .option('measures', {
        alias: 'm',
        type: 'string',
        default: 'AP,nDCG@10,R@100,RR,P@10',
        describe: 'Comma-separated: AP, AP@k, RR, RR@k, R@k, P@k, nDCG, nDCG@k (k a positive integer)',
      })
      .option('per-query', {
        type: 'boolean',
        default: false,
        describe: 'Also print each query (trec_eval -q; hbt keeps -q for --quiet in every command)',
      })
      .option('json', {
        type: 'boolean',
        default: false,
        describe: 'Print JSON instead of trec_eval-style lines',
      })
      .option('complete', {
        type: 'boolean',
        default: false,
        describe:
          'Average over every qrels query, missing ones scoring 0 (trec_eval -c; -c is --config elsewhere)',
      })
      .option('max-results', {
        alias: 'M',
        type: 'number',
        describe: 'Keep only the first N documents of each ranking (trec_eval -M)',
      })
      .option('trec-names', {
        type: 'boolean',
        default: false,
        describe: "Label measures with trec_eval's names (map, ndcg_cut_10, …)",
      })
      .option('quiet', {
        alias: 'q',
        type: 'boolean',
        default: false,
        describe: 'Do not warn about unjudged queries',
      })
      .example(
        '$0 evaluate --qrels qrels.txt --run run.txt --measures "AP,nDCG@10,R@100,RR,P@10" --per-query',
        '',
      )
      .example(
        '$0 evaluate --qrels qrels.txt --run run.txt -m nDCG@10 --complete -M 100',
        'as trec_eval -c -M 100 -m ndcg_cut.10',
      )
      .example('zcat run.gz | $0 evaluate --qrels qrels.txt --run -', 'the run streamed from a pipe')
      .strict() as never,
  handler: handle(async (argv: EvaluateArgs) => {
    const { evaluateTrecFiles, evaluationToJson, formatEvaluation, fromLatin1, parseMeasures } = await import(
      '@hbt/evaluator/trec'
    );
    const measures = parseMeasures(argv.measures);
    const max = argv['max-results'];
    if (max !== undefined && (!Number.isInteger(max) || max <= 0)) {
      throw new UsageError(`--max-results expects a positive integer, got ${max}`);
    }
    const opts = { complete: argv.complete, ...(max !== undefined ? { maxResults: max } : {}) };
    const e = await evaluateTrecFiles(argv.qrels, argv.run, measures, opts);
    if (e.unjudgedQueries.length > 0 && !argv.quiet) {
      const some = e.unjudgedQueries.slice(0, 5).map(fromLatin1).join(', ');
      process.stderr.write(
        `warning: ${e.unjudgedQueries.length} run queries have no qrels and are ignored (${some}${e.unjudgedQueries.length > 5 ? ', …' : ''})\n`,
      );
    }
    if (e.queryIds.length === 0 && !argv.complete) {
      throw new UsageError('no query is in both the run and the qrels', {
        hint: 'check that the query ids of the two files match',
      });
    }
    const fmt = { perQuery: argv['per-query'], trecNames: argv['trec-names'] };
    process.stdout.write(
      argv.json ? `${JSON.stringify(evaluationToJson(e, fmt), null, 2)}\n` : formatEvaluation(e, fmt),
    );
  }),
};
