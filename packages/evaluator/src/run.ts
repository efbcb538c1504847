import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  type HbtConfig,
  type ModelCardInfo,
  type RunContext,
  renderModelCard,
  type StageOutcome,
  writeArtifact,
} from '@hbt/core';
import { bitextWork, evaluateBitext } from './bitext/evaluate.js';
import { type EvalInputs, loadEvalData } from './lareqa/data.js';
import { addMetricRows, emptyMetrics, sortedPerQuery } from './lareqa/rows.js';
import { evaluateDataset, RANK_DISTANCE, RANK_DISTANCE_CHANCE } from './lareqa/settings.js';
import { withChance } from './measures/chance.js';
import { parseMeasures } from './measures/registry.js';
import { type DatasetTask, readDatasetTasks } from './tasks/datasets.js';

/** Version of the eval stage's outputs: bump when their content changes for equal inputs. */
export const EVAL_STAGE_VERSION = 4; // 4: tasks from datasets.parquet (bitext, qa, news); 3: model_card.md

/** File names the eval stage writes into its directory. */
export const EVAL_OUTPUTS = {
  metrics: 'metrics.parquet',
  perQuery: 'per_query.parquet',
  card: 'model_card.md',
} as const;

/** Options of the eval stage's {@link run}. */
export interface EvalRunOptions {
  /**
   * The model card of the evaluated model (from the train and prep manifests): the stage writes it with
   * its macro-averaged measures as `model_card.md`, to replace the model folder's README.md when the
   * folder is published.
   */
  card?: Omit<ModelCardInfo, 'evaluation' | 'evaluationNote'>;
}

/** The part of the config the eval stage reads (its cache key). */
export function evalKeyConfig(config: Pick<HbtConfig, 'eval' | 'data'>): Record<string, unknown> {
  return {
    eval: config.eval,
    // Only matters when in_domain is false: the training datasets are then left out.
    ...(config.eval.in_domain ? {} : { train_datasets: config.data.train.map((d) => d.name).sort() }),
  };
}

/**
 * The eval stage: LAReQA settings (mono, cross, multi) per dataset, language pairs, macro averages and
 * rank distance with its chance level, from the prep artifacts and the index stage's embeddings. Writes `metrics.parquet` and
 * `per_query.parquet` into `ctx.outDir` (row conventions in the README), and `model_card.md` when
 * `opts.card` is given.
 *
 * @example
 * await runStage({ stage: 'eval', stageVersion: EVAL_STAGE_VERSION, dir, config, keyConfig: evalKeyConfig(config),
 *   inputs: { ...inputs }, seed: null, backend: null, log, progress }, (ctx) => run(inputs, config, ctx));
 */
export async function run(
  inputs: EvalInputs,
  config: Pick<HbtConfig, 'eval' | 'data'>,
  ctx: Pick<RunContext, 'outDir' | 'log' | 'progress'>,
  opts: EvalRunOptions = {},
): Promise<StageOutcome> {
  const ev = config.eval;
  const measures = parseMeasures([...ev.measures, ...ev.per_query]);
  const skip = new Set(ev.in_domain ? [] : config.data.train.map((d) => d.name));
  const tasks = await readDatasetTasks(inputs.datasets);
  const taskOf = (name: string): DatasetTask => tasks.get(name) ?? { task: 'lareqa', pivot: null };
  const groupRelevance = new Set([...tasks].filter(([, t]) => t.task === 'bitext').map(([n]) => n));
  const data = await loadEvalData(inputs, { skipDatasets: skip, groupRelevance });
  const metrics = emptyMetrics();
  const perQuery = {
    dataset: [] as string[],
    setting: [] as string[],
    query_lang: [] as string[],
    doc_lang: [] as string[],
    query_id: [] as string[],
    measure: [] as string[],
    value: [] as number[],
  };
  const stats: Record<string, unknown> = { ...data.stats, datasets: {} as Record<string, unknown> };
  const order = [...measures.map((m) => m.name), RANK_DISTANCE, RANK_DISTANCE_CHANCE];
  for (const d of data.datasets) {
    const total = d.queryGroups.reduce((s, g) => s + g.ids.length, 0);
    const { task, pivot } = taskOf(d.name);
    const perQueryMeasures = new Set(ev.per_query);
    const taskStats: Record<string, unknown> = { task };
    let res: ReturnType<typeof evaluateDataset>;
    let rowMeasures = measures;
    let rowOrder = order;
    if (task === 'bitext') {
      const bt = ev.bitext;
      const opts = {
        settings: ev.settings,
        measures: parseMeasures(bt.measures),
        perQueryMeasures,
        pivot: pivot ?? bt.pivot,
        pairs: bt.pairs,
        poolQueries: bt.pool_queries,
        marginK: bt.margin_k,
      };
      const bar = ctx.progress.start(`eval ${d.name} (bitext)`, bitextWork(d, opts), 'q');
      const r = evaluateBitext(d, { ...opts, progress: bar });
      bar.done();
      res = r.result;
      rowMeasures = r.rowMeasures;
      rowOrder = r.measureOrder;
      Object.assign(taskStats, {
        pivot: opts.pivot,
        directions: r.directions,
        directions_without_aligned_set: r.emptyDirections,
        pool_queries: r.poolQueries,
        pool_size: r.poolSize,
        margin_k: opts.marginK,
      });
      if (r.emptyDirections.length > 0)
        ctx.log.warn(
          `eval ${d.name}: no aligned sentence for ${r.emptyDirections.join(', ')}: those directions have no rows`,
        );
    } else {
      // qa and news: the measures with their chance levels and pool sizes; news is mono only.
      if (task === 'qa' || task === 'news') {
        rowMeasures = withChance(measures);
        rowOrder = [...rowMeasures.map((m) => m.name), RANK_DISTANCE, RANK_DISTANCE_CHANCE];
      }
      const settings = task === 'news' ? (['mono'] as const) : ev.settings;
      const bar = ctx.progress.start(`eval ${d.name}`, total, 'q');
      res = evaluateDataset(d, { settings, measures: rowMeasures, perQueryMeasures, progress: bar });
      bar.done();
      if (pivot !== null) taskStats.pivot = pivot;
    }
    addMetricRows(metrics, d.name, res, rowMeasures);
    for (const i of sortedPerQuery(res, rowOrder)) {
      perQuery.dataset.push(d.name);
      perQuery.setting.push(res.perQuery.setting[i]!);
      perQuery.query_lang.push(res.perQuery.query_lang[i]!);
      perQuery.doc_lang.push(res.perQuery.doc_lang[i]!);
      perQuery.query_id.push(res.perQuery.query_id[i]!);
      perQuery.measure.push(res.perQuery.measure[i]!);
      perQuery.value.push(res.perQuery.value[i]!);
    }
    const settings: Record<string, { n_queries: number; skipped: number }> = {};
    for (const c of res.cells.values()) {
      settings[c.setting] ??= { n_queries: 0, skipped: 0 };
      const s = settings[c.setting]!;
      s.n_queries += c.n;
      s.skipped += c.skipped;
      if (c.skipped > 0)
        ctx.log.debug(
          `eval ${d.name}: ${c.skipped} ${c.setting} ${c.queryLang}→${c.docLang} queries skipped (no relevant candidate)`,
        );
    }
    (stats.datasets as Record<string, unknown>)[d.name] = {
      query_langs: d.queryGroups.map((g) => g.lang),
      doc_langs: d.docLangs,
      queries: total,
      candidates: d.docIds.length,
      dim: d.dim,
      settings,
      ...taskStats,
    };
    const macro = (setting: string, m: string) => {
      for (let i = 0; i < metrics.value.length; i++) {
        if (
          metrics.dataset[i] === d.name &&
          metrics.setting[i] === setting &&
          metrics.query_lang[i] === '*' &&
          metrics.doc_lang[i] === '*' &&
          metrics.measure[i] === m
        )
          return metrics.value[i]!.toFixed(4);
      }
      return '-';
    };
    if (task === 'bitext') {
      const p1 = ev.bitext.measures[0]!;
      ctx.log.info(
        `eval ${d.name} (bitext): ${p1} pairs ${macro('cross', p1)} (chance ${macro('cross', `${p1}_chance`)}), pool ${macro('multi', p1)}, rank distance ${macro('multi', RANK_DISTANCE)} (random ranking ${macro('multi', RANK_DISTANCE_CHANCE)})`,
      );
      continue;
    }
    ctx.log.info(
      `eval ${d.name}: mAP mono ${macro('mono', 'AP')} cross ${macro('cross', 'AP')} multi ${macro('multi', 'AP')}, rank distance ${macro('multi', RANK_DISTANCE)} (random ranking ${macro('multi', RANK_DISTANCE_CHANCE)})`,
    );
  }
  if (data.stats.qrels_unknown_doc > 0) {
    ctx.log.warn(
      `${data.stats.qrels_unknown_doc} qrels rows name a doc_id that is not in the corpus of the query's dataset; ignored`,
    );
  }
  if (data.stats.qrels_unknown_query > 0) {
    ctx.log.warn(
      `${data.stats.qrels_unknown_query} qrels rows name a query_id that is not in queries.parquet; ignored`,
    );
  }
  const rows = {
    [EVAL_OUTPUTS.metrics]: await writeArtifact(join(ctx.outDir, EVAL_OUTPUTS.metrics), 'metrics', metrics),
    [EVAL_OUTPUTS.perQuery]: await writeArtifact(
      join(ctx.outDir, EVAL_OUTPUTS.perQuery),
      'per_query',
      perQuery,
    ),
  };
  if (opts.card !== undefined) {
    const evaluation = [];
    for (let i = 0; i < metrics.value.length; i++) {
      if (metrics.query_lang[i] !== '*' || metrics.doc_lang[i] !== '*') continue;
      evaluation.push({
        dataset: metrics.dataset[i]!,
        setting: metrics.setting[i]!,
        measure: metrics.measure[i]!,
        value: metrics.value[i]!,
        n_queries: metrics.n_queries[i]!,
      });
    }
    await writeFile(join(ctx.outDir, EVAL_OUTPUTS.card), renderModelCard({ ...opts.card, evaluation }));
  }
  return { stats, rows };
}
