import { extname, resolve } from 'node:path';
import type { ResolvedConfig } from '@hbt/core';
import { UsageError } from '@hbt/core/errors';
import type { RunColumns } from '@hbt/indexer';
import type { CommandModule } from 'yargs';
import { describeCommand } from '../catalog.js';
import {
  type BackendArgs,
  type CliEnv,
  type ConfigArgs,
  chooseBackend,
  emitJson,
  handle,
  resolveCli,
  stageJson,
  withBackendOption,
  withConfigOptions,
} from '../common.js';

interface IndexArgs extends ConfigArgs, BackendArgs {
  model?: string;
  export?: string;
  'query-lang'?: string;
  'doc-lang'?: string;
  dataset?: string;
  k?: number;
  tag?: string;
  shard?: string;
}

/**
 * `hbt index --config FILE`: per variant, encode queries and corpus with the trained model and write
 * `queries.arrow`, `corpus.arrow` and `run.parquet` into `<artifacts>/variants/<v>/index/`.
 * With `--export FILE`, also write the run of one setting (language filters, no re-encoding) as a TREC
 * run (`.trec`, `.txt`, `.run`) or as a run Parquet file (`.parquet`).
 */
export const indexCommand: CommandModule<object, IndexArgs> = {
  command: 'index',
  describe: describeCommand('index'),
  builder: (y) =>
    withBackendOption(withConfigOptions(y))
      .option('model', {
        type: 'string',
        describe:
          'Index with this Hugging Face model folder instead of the variant’s train/best (or train/model)',
      })
      .option('export', {
        type: 'string',
        describe:
          'Also write the run of one setting to FILE: TREC (.trec/.txt/.run, gzipped with .gz) or Parquet (.parquet)',
      })
      .option('query-lang', {
        type: 'string',
        describe: 'With --export: query languages, comma-separated (default all)',
      })
      .option('doc-lang', {
        type: 'string',
        describe: 'With --export: candidate languages, comma-separated (default all)',
      })
      .option('dataset', {
        type: 'string',
        describe: 'With --export: datasets, comma-separated (default all)',
      })
      .option('k', { type: 'number', describe: 'With --export: results per query (default index.top_k)' })
      .option('tag', { type: 'string', describe: 'With --export: the TREC run tag (default hbt-<variant>)' })
      .option('shard', {
        type: 'string',
        describe:
          'Encode only corpus shard i of n (0-based, e.g. 3/8) into the shard folder (index.shard_dir) and stop; a later run with index.shards = n uses all n',
      })
      .check((a) => {
        if (a.k !== undefined && (!Number.isInteger(a.k) || a.k < 1))
          throw new Error('--k must be a positive integer');
        const filters = [a['query-lang'], a['doc-lang'], a.dataset, a.k, a.tag].some((v) => v !== undefined);
        if (filters && a.export === undefined)
          throw new Error('--query-lang, --doc-lang, --dataset, --k and --tag need --export FILE');
        if (a.shard !== undefined && a.export !== undefined)
          throw new Error(
            '--shard encodes one corpus shard only: run --export on the run that uses the shards',
          );
        return true;
      })
      .example('$0 index --config hbt.json', 'encode and search every variant')
      .example(
        '$0 index --config hbt.json --variant hybrid --export de-en.trec --query-lang de --doc-lang en',
        'cross-lingual de→en run as a TREC file',
      )
      .example(
        '$0 index --config hbt.json --variant hybrid --shard $SLURM_ARRAY_TASK_ID/8',
        'one of 8 shard jobs (a Slurm array task); then: hbt index … --set index.shards=8',
      ) as never,
  handler: handle(async (argv: IndexArgs) => {
    const env = await resolveCli(argv);
    const { runStage } = await import('@hbt/core');
    const { indexStageSpec, run } = await import('@hbt/indexer');
    const { initBackendInfo } = await import('@hbt/models');
    if (argv.export !== undefined && env.variants.length > 1) {
      throw new UsageError(`--export writes one file, but the config has ${env.variants.length} variants`, {
        file: env.rc.file,
        hint: `add --variant NAME (${env.variants.map((v) => v.variant).join(', ')})`,
      });
    }
    if (argv.shard !== undefined) {
      emitJson(argv, { command: 'index', shards: await encodeShards(argv.shard, argv, env) });
      return;
    }
    const out = [];
    for (const v of env.variants) {
      const backend = await initBackendInfo(chooseBackend(argv.backend, v.config.backend));
      env.log.debug(`backend ${backend.name}; skipped: ${backend.skipped.join('; ') || 'none'}`);
      const { spec, inputs } = indexStageSpec(v, {
        log: env.log,
        progress: env.progress,
        backend: backend.name,
        force: argv.force,
        ...(argv.model !== undefined ? { model: resolve(argv.model) } : {}),
      });
      const res = await runStage(spec, (ctx) => run(inputs, v.config, ctx));
      if (!res.cached) env.log.info(`index: wrote ${spec.dir} (${v.variant})`);
      const ann = res.manifest.stats.ann as
        | { recall_at_10: number | null; recall_at_k: number | null }
        | undefined;
      if (ann && ann.recall_at_10 !== null) {
        env.log.info(
          `index: ANN recall vs exact (${v.variant}): recall@10 ${ann.recall_at_10.toFixed(4)}, ` +
            `recall@${v.config.index.top_k} ${ann.recall_at_k?.toFixed(4)}`,
        );
      }
      const entry = stageJson(v.variant, spec.dir, res);
      if (argv.export !== undefined) entry.export = await exportSetting(v, argv, env);
      out.push(entry);
    }
    emitJson(argv, { command: 'index', variants: out });
  }),
};

/** `--shard i/n`: encode that corpus shard for every variant (no stage run, no lock: jobs run at once). */
async function encodeShards(
  shardArg: string,
  argv: IndexArgs,
  env: CliEnv,
): Promise<Array<{ variant: string; file: string; rows: number }>> {
  const { encodeShard, indexStageSpec, parseShard, shardBase, shardFolder, shardKey } = await import(
    '@hbt/indexer'
  );
  const { initBackendInfo } = await import('@hbt/models');
  const spec = parseShard(shardArg);
  const out = [];
  for (const v of env.variants) {
    const configured = v.config.index.shards;
    if (configured > 1 && configured !== spec.count) {
      throw new UsageError(
        `--shard ${shardArg} splits the corpus in ${spec.count}, but index.shards is ${configured}`,
        {
          file: env.rc.file,
          hint: `use --shard i/${configured}, or set index.shards to ${spec.count}`,
        },
      );
    }
    const backend = await initBackendInfo(chooseBackend(argv.backend, v.config.backend));
    const { inputs } = indexStageSpec(v, {
      log: env.log,
      progress: env.progress,
      backend: backend.name,
      ...(argv.model !== undefined ? { model: resolve(argv.model) } : {}),
    });
    const key = await shardKey(inputs, v.config, backend.name);
    const dir = shardFolder(shardBase(v), key);
    const { file, meta } = await encodeShard(inputs, v.config, spec, dir, key, {
      log: env.log,
      progress: env.progress,
      backend: backend.name,
    });
    out.push({ variant: v.variant, file, rows: meta.end - meta.start });
  }
  return out;
}

const list = (s: string | undefined) =>
  s === undefined
    ? null
    : s
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

async function exportSetting(
  v: ResolvedConfig,
  argv: IndexArgs,
  env: CliEnv,
): Promise<{ file: string; rows: number }> {
  const { stageDir } = await import('@hbt/core');
  const { loadIndexed, runColumns, searchSetting, settingQueryCount, writeRun } = await import(
    '@hbt/indexer'
  );
  const out = resolve(argv.export!);
  const gz = out.toLowerCase().endsWith('.gz');
  const ext = extname(gz ? out.slice(0, -3) : out).toLowerCase();
  if (!['.trec', '.txt', '.run', '.parquet'].includes(ext) || (gz && ext === '.parquet')) {
    throw new UsageError(`--export: unknown file type "${extname(out) || '(none)'}"`, {
      hint: 'use .trec, .txt or .run for a TREC run file (add .gz to compress it), .parquet for the run table',
    });
  }
  const { queries, corpus } = await loadIndexed(stageDir(v, 'index'), stageDir(v, 'prep'));
  const setting = {
    queryLangs: list(argv['query-lang']),
    docLangs: list(argv['doc-lang']),
    datasets: list(argv.dataset),
  };
  const bar = env.progress.start('search', settingQueryCount(queries, corpus, setting), 'queries');
  const found = await searchSetting(queries, corpus, setting, {
    k: argv.k ?? v.config.index.top_k,
    engine: v.config.index.engine,
    progress: bar,
  });
  bar.done();
  const cols = runColumns(found.results, queries.ids, corpus.ids);
  if (cols.query_id.length === 0) {
    throw new UsageError('the setting selects no query with a candidate', {
      hint: 'check --query-lang / --doc-lang / --dataset against the languages and datasets of the prep tables',
    });
  }
  if (ext === '.parquet') await writeRun(out, cols);
  else await writeTrec(out, cols, argv.tag ?? `hbt-${v.variant}`);
  env.log.info(
    `index: wrote ${cols.query_id.length} rows to ${out} (searched the embeddings in ${stageDir(v, 'index')})`,
  );
  return { file: out, rows: cols.query_id.length };
}

async function writeTrec(path: string, cols: RunColumns, tag: string): Promise<void> {
  const { TrecWriter } = await import('@hbt/evaluator/trec');
  const w = await TrecWriter.open(path);
  try {
    for (let i = 0; i < cols.query_id.length; i++) {
      w.runLine(cols.query_id[i]!, cols.doc_id[i]!, cols.rank[i]!, cols.score[i]!, tag);
      if (i % 65536 === 65535) await w.drain();
    }
    await w.close();
  } catch (e) {
    await w.abort();
    throw e;
  }
}
