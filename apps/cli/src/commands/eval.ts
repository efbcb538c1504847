import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { HbtConfig } from '@hbt/core';
import { UsageError } from '@hbt/core/errors';
import type { EvalInputs, ScoreKernel } from '@hbt/evaluator';
import {
  AP_DEPTH_CAVEAT,
  DEFAULT_EXPORT_CUT,
  DEFAULT_EXPORT_DEPTH,
  DEFAULT_EXPORT_GZIP_LEVEL,
  EXPORT_CUTS,
  type ExportCut,
} from '@hbt/evaluator/export-depth';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import {
  type BackendArgs,
  type ConfigArgs,
  chooseBackend,
  emitJson,
  handle,
  resolveCli,
  stageJson,
  withBackendOption,
  withConfigOptions,
} from '../common.js';

interface EvalArgs extends ConfigArgs, BackendArgs {
  'export-trec'?: string;
  /** Absent when the handler is called by `hbt run` (as the other export options). */
  'export-depth'?: number;
  'export-cut'?: ExportCut;
  'export-setting'?: string[];
  'export-lang'?: string[];
  'export-dataset'?: string[];
  'export-gzip'?: boolean;
  'export-gzip-level'?: number;
}

const SETTINGS = ['mono', 'cross', 'multi'] as const;

/** `--x a,b --x c` → ['a', 'b', 'c']; undefined when not given. */
const listArg = (v: string[] | undefined) =>
  v === undefined
    ? undefined
    : v
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter((s) => s !== '');

/**
 * `hbt eval`: the eval stage for each variant (cached by content hash), optionally followed by a TREC
 * export of every setting cell for cross-checking with trec_eval / ir_measures.
 */
export const evalCommand: CommandModule<object, EvalArgs> = {
  command: 'eval',
  describe: describeCommand('eval'),
  builder: (y) =>
    withBackendOption(withConfigOptions(y), 'the config "backend"; scores the TREC export')
      .option('export-trec', {
        type: 'string',
        describe:
          'Also write gzipped TREC run + qrels files per setting cell into DIR/<variant>/<dataset>/<setting>/ ' +
          '(only the cells the --export-* filters select)',
      })
      .option('export-depth', {
        type: 'number',
        default: DEFAULT_EXPORT_DEPTH,
        describe: 'Most candidates per query in exported runs (0: no cap, for exact AP; see below)',
      })
      .option('export-cut', {
        type: 'string',
        choices: EXPORT_CUTS,
        default: DEFAULT_EXPORT_CUT,
        describe:
          "Where a query's list ends: 'relevant', at its last relevant candidate within the depth (every hbt " +
          "measure is as on the top-N list: they depend on the relevant candidates' ranks only); 'depth', top N always",
      })
      .option('export-setting', {
        type: 'string',
        array: true,
        describe: `Export only these settings (${SETTINGS.join(', ')}; comma-separated or repeated; default eval.settings)`,
      })
      .option('export-lang', {
        type: 'string',
        array: true,
        describe: 'Export only cells whose query and candidate languages are among these (e.g. en,de)',
      })
      .option('export-dataset', {
        type: 'string',
        array: true,
        describe: 'Export only these datasets',
      })
      .option('export-gzip', {
        type: 'boolean',
        default: true,
        describe: 'gzip the exported files (.run.gz, .qrels.gz); --no-export-gzip for plain text',
      })
      .option('export-gzip-level', {
        type: 'number',
        default: DEFAULT_EXPORT_GZIP_LEVEL,
        describe: 'gzip level of the exported files, 1 (fastest) to 9 (smallest)',
      })
      .check((a) => {
        const bad = (listArg(a['export-setting']) ?? []).filter(
          (s) => !(SETTINGS as readonly string[]).includes(s),
        );
        if (bad.length > 0)
          throw new Error(`--export-setting: unknown setting ${bad.join(', ')} (${SETTINGS.join(', ')})`);
        const filters = ['export-setting', 'export-lang', 'export-dataset'] as const;
        if (a['export-trec'] === undefined && filters.some((f) => a[f] !== undefined))
          throw new Error('--export-setting, --export-lang and --export-dataset need --export-trec DIR');
        return true;
      })
      .example('$0 eval -c hbt.json', 'metrics.parquet and per_query.parquet for every variant')
      .example(
        '$0 eval -c hbt.json --variant hybrid --export-trec trec --export-setting cross --export-lang en,de',
        'then: zcat trec/hybrid/xquad-r/cross/en-de.qrels.gz > en-de.qrels; zcat trec/hybrid/xquad-r/cross/en-de.run.gz | trec_eval -m map -m recall.100 en-de.qrels - (trec_eval reads the run from a pipe only as "-", the qrels only from a file)',
      )
      .epilog(`TREC export depth: ${AP_DEPTH_CAVEAT}`) as never,
  handler: handle(async (argv: EvalArgs) => {
    const depth = argv['export-depth'] ?? DEFAULT_EXPORT_DEPTH;
    if (!Number.isInteger(depth) || depth < 0)
      throw new UsageError(`--export-depth expects an integer ≥ 0, got ${depth}`);
    const level = argv['export-gzip-level'] ?? DEFAULT_EXPORT_GZIP_LEVEL;
    if (!Number.isInteger(level) || level < 1 || level > 9)
      throw new UsageError(`--export-gzip-level expects an integer from 1 to 9, got ${level}`);
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
      // Each dataset's task (bitext, qa, news, …); prep directories written before it have none.
      const datasetsTable = join(prep, 'datasets.parquet');
      if (existsSync(datasetsTable)) inputs.datasets = datasetsTable;
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
        const kernel = await exportKernel(chooseBackend(argv.backend, rc.config.backend));
        log.debug(`eval (${rc.variant}): export scored with ${kernel?.name ?? 'JavaScript float64 alone'}`);
        const skip = new Set(rc.config.eval.in_domain ? [] : rc.config.data.train.map((d) => d.name));
        const settings =
          (listArg(argv['export-setting']) as typeof rc.config.eval.settings | undefined) ??
          rc.config.eval.settings;
        const { files, truncated, lines, rescored } = await exportTrec(
          inputs,
          {
            dir: dest,
            settings,
            depth: depth === 0 ? null : depth,
            cut: argv['export-cut'] ?? DEFAULT_EXPORT_CUT,
            datasets: listArg(argv['export-dataset']) ?? null,
            langs: listArg(argv['export-lang']) ?? null,
            gzip: argv['export-gzip'] !== false,
            gzipLevel: argv['export-gzip-level'] ?? DEFAULT_EXPORT_GZIP_LEVEL,
            kernel,
            progress,
          },
          skip,
        );
        if (files.length === 0)
          log.warn(`eval (${rc.variant}): the --export-* filters select no cell: nothing written`);
        if (truncated > 0 && rc.config.eval.measures.some((m) => m === 'AP'))
          log.warn(
            `eval (${rc.variant}): ${truncated} exported lists end at depth ${depth} before their last relevant candidate: ${AP_DEPTH_CAVEAT}`,
          );
        if (rescored > 0)
          log.warn(
            `eval (${rc.variant}): the ${kernel?.name} backend's products broke the float32 error bound for ${rescored} queries, scored again exactly (try --backend cpu)`,
          );
        log.info(`eval (${rc.variant}): wrote ${files.length} TREC files (${lines} run lines) into ${dest}`);
        entry.trec = { dir: dest, files, lines, truncated };
      }
      out.push(entry);
    }
    emitJson(argv, { command: 'eval', variants: out });
  }),
};

/**
 * Float32 products on the tfjs backend `pref` resolves to (native or wasm; candidates uploaded once,
 * transposed), for the export's first pass; null on the cpu backend, slower than hbt's own loops.
 * Loaded once per process.
 */
let kernelOnce: Promise<ScoreKernel | null> | null = null;
function exportKernel(pref: Parameters<typeof chooseBackend>[1]): Promise<ScoreKernel | null> {
  kernelOnce ??= (async () => {
    const { initBackendInfo, tf } = await import('@hbt/models');
    const info = await initBackendInfo(pref);
    if (info.name === 'cpu') return null;
    return {
      name: info.name,
      prepare(vectors, n, dim) {
        const docsT = tf.tidy(() => tf.tensor2d(vectors, [n, dim]).transpose()); // [dim, n]
        return {
          async scores(queries, rows) {
            const s = tf.tidy(() => tf.matMul(tf.tensor2d(queries, [rows, dim]), docsT)); // [rows, n]
            try {
              return (await s.data()) as Float32Array;
            } finally {
              s.dispose();
            }
          },
          dispose: () => docsT.dispose(),
        };
      },
    };
  })();
  return kernelOnce;
}
