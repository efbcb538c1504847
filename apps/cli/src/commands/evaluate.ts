import { UsageError } from '@hbt/core/errors';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { handle } from '../handle.js';
import { dashValues, type PlainOption, parsePlainArgs } from '../plain-args.js';

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
 * The options of `hbt evaluate`, once: the yargs builder declares them, and {@link runEvaluatePlain}
 * reads plain command lines with them without loading yargs.
 */
export const EVALUATE_OPTIONS = {
  qrels: {
    type: 'string',
    demandOption: true,
    describe: 'TREC qrels: qid iter docid relevance (a file, a FIFO, - for stdin; .gz is read too)',
  },
  run: {
    type: 'string',
    demandOption: true,
    describe: 'TREC run: qid Q0 docid rank score tag (a file, a FIFO, - for stdin; .gz is read too)',
  },
  measures: {
    alias: 'm',
    type: 'string',
    default: 'AP,nDCG@10,R@100,RR,P@10',
    describe: 'Comma-separated: AP, AP@k, RR, RR@k, R@k, P@k, nDCG, nDCG@k (k a positive integer)',
  },
  'per-query': {
    type: 'boolean',
    default: false,
    describe: 'Also print each query (trec_eval -q; hbt keeps -q for --quiet in every command)',
  },
  json: { type: 'boolean', default: false, describe: 'Print JSON instead of trec_eval-style lines' },
  complete: {
    type: 'boolean',
    default: false,
    describe:
      'Average over every qrels query, missing ones scoring 0 (trec_eval -c; -c is --config elsewhere)',
  },
  'max-results': {
    alias: 'M',
    type: 'number',
    describe: 'Keep only the first N documents of each ranking (trec_eval -M)',
  },
  'trec-names': {
    type: 'boolean',
    default: false,
    describe: "Label measures with trec_eval's names (map, ndcg_cut_10, …)",
  },
  quiet: { alias: 'q', type: 'boolean', default: false, describe: 'Do not warn about unjudged queries' },
} as const satisfies Record<string, PlainOption & { describe: string }>;

/**
 * `hbt evaluate` without yargs, when its command line is plain (see `plain-args.ts`): yargs' start-up
 * is a fifth of the time of a million-line evaluation. Returns false, having done nothing, for any
 * other command line (help, an unknown option, …), which then goes to yargs as usual.
 */
export async function runEvaluatePlain(args: readonly string[]): Promise<boolean> {
  const argv = parsePlainArgs(dashValues(args), 'evaluate', EVALUATE_OPTIONS);
  if (argv === null) return false;
  await evaluate(argv as unknown as EvaluateArgs);
  return true;
}

/**
 * `hbt evaluate --qrels FILE --run FILE`: trec_eval-exact measures on TREC files. A thin handler over
 * `evaluateTrecFiles` from `@hbt/evaluator/trec`, imported when the command runs; this module imports
 * only `@hbt/core/errors` (never all of @hbt/core, nor yargs), so that start-up stays short.
 */
export const evaluateCommand: CommandModule<object, EvaluateArgs> = {
  command: 'evaluate',
  describe: describeCommand('evaluate'),
  builder: (y) =>
    y
      .options(EVALUATE_OPTIONS)
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
  handler: (argv) => evaluate(argv),
};

const evaluate = handle(async (argv: EvaluateArgs) => {
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
});
