import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HbtConfig } from '@hbt/core';
import { UsageError } from '@hbt/core/errors';
import type { EvalInputs } from '@hbt/evaluator';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import { type ConfigArgs, emitJson, handle, resolveCli, stageJson, withConfigOptions } from '../common.js';

interface EvalArgs extends ConfigArgs {
  'export-trec'?: string;
  /** Absent when the handler is called by `hbt run`. */
  'export-depth'?: number;
}

/**
 * `hbt eval`: the eval stage for each variant (cached by content hash), optionally followed by a TREC
 * export of every setting cell for cross-checking with trec_eval / ir_measures.
 */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: describeCommand('eval'),
  builder: (y) =>
    withConfigOptions(y)
      .option('export-trec', {
        type: 'string',
        describe:
          'Also write TREC run + qrels files per setting cell into DIR/<variant>/<dataset>/<setting>/',
      })
      .option('export-depth', {
        type: 'number',
        default: 1000,
        describe: 'Candidates per query in exported runs (0: the full ranking)',
      })
      .example('$0 eval -c hbt.json', 'metrics.parquet and per_query.parquet for every variant')
      .example(
        '$0 eval -c hbt.json --export-trec trec --export-depth 0',
        'then: trec_eval -m map trec/default/xquad-r/multi/en-all.qrels trec/default/xquad-r/multi/en-all.run',
      ) as never,
  handler: handle(async (argv: EvalArgs) => {
    const depth = argv['export-depth'] ?? 1000;
    if (!Number.isInteger(depth) || depth < 0)
      throw new UsageError(`--export-depth expects an integer ≥ 0, got ${depth}`);
    const { variants, log, progress } = await resolveCli(argv);
    const { readManifest, readRows, runStage, stageDir } = await import('@hbt/core');
    const { EVAL_OUTPUTS, EVAL_STAGE_VERSION, evalKeyConfig, exportTrec, run } = await import(
      '@hbt/evaluator'
    );
    const out = [];
    for (const rc of variants) {
      const prep = stageDir(rc, 'prep');
      const index = stageDir(rc, 'index');
      const inputs: EvalInputs = {
        queries: join(prep, 'queries.parquet'),
        corpus: join(prep, 'corpus.parquet'),
        qrels: join(prep, 'qrels.parquet'),
        queryEmbeddings: join(index, 'queries.arrow'),
        corpusEmbeddings: join(index, 'corpus.arrow'),
      };
      for (const [name, path] of Object.entries(inputs) as Array<[string, string]>) {
        if (!existsSync(path)) {
          const stage = name.endsWith('Embeddings') ? 'index' : 'prep';
          throw new UsageError(`eval needs ${path}, which does not exist`, {
            file: rc.file,
            hint: `run \`hbt ${stage} -c ${argv.config}${rc.variant !== 'default' ? ` --variant ${rc.variant}` : ''}\` first`,
          });
        }
      }
      const dir = stageDir(rc, 'eval');
      // The model card of the model the index stage used, from the train and prep manifests.
      const trainManifest = join(stageDir(rc, 'train'), 'manifest.json');
      const train = await readManifest(stageDir(rc, 'train'));
      const prepStats = (await readManifest(prep))?.stats.datasets ?? null;
      const card =
        train === null
          ? undefined
          : {
              config: train.config as HbtConfig,
              weights: existsSync(join(stageDir(rc, 'train'), 'best'))
                ? ('best' as const)
                : ('final' as const),
              prepDatasets: prepStats as Record<string, unknown> | null,
              training: train.stats,
            };
      const res = await runStage(
        {
          stage: 'eval',
          stageVersion: EVAL_STAGE_VERSION,
          dir,
          config: rc.config,
          keyConfig: evalKeyConfig(rc.config),
          inputs: { ...inputs, ...(train !== null ? { train_manifest: trainManifest } : {}) },
          seed: null,
          backend: null,
          log,
          progress,
          force: argv.force,
        },
        (ctx) => run(inputs, rc.config, ctx, card !== undefined ? { card } : {}),
      );
      log.info(
        `eval (${rc.variant}): ${res.cached ? 'up to date' : 'done'}: ${join(dir, EVAL_OUTPUTS.metrics)}`,
      );
      const entry = stageJson(rc.variant, dir, res);
      // The macro averages (all query and document languages) for --json.
      entry.metrics = (
        await readRows<{ query_lang: string; doc_lang: string }>(join(dir, EVAL_OUTPUTS.metrics))
      ).filter((r) => r.query_lang === '*' && r.doc_lang === '*');
      if (argv['export-trec'] !== undefined) {
        const dest = resolve(argv['export-trec'], rc.variant);
        const skip = new Set(rc.config.eval.in_domain ? [] : rc.config.data.train.map((d) => d.name));
        const { files } = await exportTrec(
          inputs,
          { dir: dest, settings: rc.config.eval.settings, depth: depth === 0 ? null : depth, progress },
          skip,
        );
        log.info(`eval (${rc.variant}): wrote ${files.length} TREC files into ${dest}`);
        entry.trec = { dir: dest, files };
      }
      out.push(entry);
    }
    emitJson(argv, { command: 'eval', variants: out });
  }),
};
