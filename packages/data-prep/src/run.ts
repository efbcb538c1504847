import { join, relative, sep } from 'node:path';
import { hashFile, type RunContext, type StageOutcome, UsageError, writeArtifact } from '@hbt/core';
import { evalTexts, excludeEvalText } from './build/leak.js';
import { splitByGroup } from './build/split.js';
import type { DataConfig } from './config.js';
import { FORMATS } from './formats/index.js';
import { configLangForms } from './lang3.js';
import { type LocatedDataset, type PrepInputs, prepInputFiles } from './locate.js';
import { processDataset } from './process.js';
import { Skips } from './skips.js';
import { checkUniquePairIds, EvalTables, type Pair, pairColumns } from './tables.js';

export const PREP_STAGE = 'prep';
/** Bump when the output of prep changes for the same inputs and config. */
export const PREP_STAGE_VERSION = 3; // 3: datasets.parquet; 2: val_pairs tagged val_pairs, the registry licence in the stats
/** The files prep writes into its stage directory (besides manifest.json). */
export const PREP_OUTPUTS = [
  'corpus.parquet',
  'queries.parquet',
  'qrels.parquet',
  'train_pairs.parquet',
  'val_pairs.parquet',
  'datasets.parquet',
] as const;

/**
 * The part of the config prep's cache key depends on: `data` without the places datasets are looked
 * up in (`mirror`, `cache`), because the files read are hashed as inputs anyway — moving the mirror
 * does not re-run prep, changing a dataset file does. Sampler, model and training settings are not in
 * it, so changing them never re-runs prep.
 */
export function prepKeyConfig(data: DataConfig): Omit<DataConfig, 'mirror' | 'cache'> {
  const { mirror: _m, cache: _c, ...rest } = data;
  return rest;
}

/**
 * The prep stage: read every located dataset and write, into `ctx.outDir`,
 *
 * - `corpus.parquet`, `queries.parquet`, `qrels.parquet`: every eval dataset and every train dataset
 *   with passages (LAReQA/SQuAD, for in-domain evaluation), with the `dataset` column set;
 * - `train_pairs.parquet`, `val_pairs.parquet`: pairs of the train datasets, split by group
 *   (`data.pairs.validation_fraction` of each dataset's groups held out), without the pairs whose text
 *   occurs in a `data.eval` dataset when `data.pairs.exclude_eval_text` is on (counted per dataset);
 * - `datasets.parquet`: each dataset's role, format, evaluation task, pivot and languages.
 *
 * Every dataset is read by its format's record (`FORMATS[format].read`).
 *
 * Returns the manifest stats: counts per dataset and language, the split, skipped examples and lines
 * with invalid UTF-8 that were replaced or left out (`data.on_invalid`; all also logged). Deterministic: equal inputs, config and seed give byte-identical files.
 *
 * @example
 * const inputs = locateDatasets(rc.config.data, rc.baseDir);
 * await runStage({ ...spec, inputs: prepInputFiles(inputs) }, (ctx) => run(inputs, rc.config.data, ctx));
 */
export async function run(inputs: PrepInputs, data: DataConfig, ctx: RunContext): Promise<StageOutcome> {
  if (inputs.datasets.length === 0) {
    throw new UsageError('data.train and data.eval are both empty: prep has nothing to read', {
      hint: 'add datasets, e.g. "data": { "eval": [{ "name": "xquad-r" }] }',
    });
  }
  const pairLanguages = data.pairs.languages
    ? new Set(data.pairs.languages.flatMap((l, i) => configLangForms(l, `data.pairs.languages[${i}]`)))
    : null;
  const tables = new EvalTables();
  const skips = new Skips(ctx.log, data.on_invalid);
  const total = inputs.datasets.reduce((n, d) => n + d.files.length, 0);
  const bar = ctx.progress.start('prep: read', total, 'file');
  const perDataset: Record<string, Record<string, unknown>> = {};
  const allPairs: Pair[] = [];
  const evalStats = new Map<
    string,
    Record<string, { questions: number; candidates: number; qrels: number }>
  >();
  const readStats = new Map<string, Record<string, number>>();
  const results = new Map<string, Awaited<ReturnType<typeof processDataset>>>();
  for (const ds of inputs.datasets) {
    const langs = [...new Set(ds.files.map((f) => f.lang).filter((l) => l !== null))].join(', ');
    ctx.log.info(
      `prep: ${ds.name} (${ds.format}; ${ds.roles.join('+')}${langs ? `; ${langs}` : ''}) from ${ds.root}`,
    );
    await warnOnChecksum(ds, ctx);
    for (const n of ds.notRead) ctx.log.warn(`prep: ${ds.name}: not read: ${n.path} (${n.reason})`);
    const r = await processDataset(ds, {
      tables,
      skips,
      log: ctx.log,
      rng: ctx.rng.derive('pairs'),
      pairLanguages,
      maxPerGroup: data.pairs.max_per_group,
      hardNegatives: data.pairs.hard_negatives,
      onFile: () => bar.tick(1),
    });
    results.set(ds.name, r);
    evalStats.set(ds.name, r.eval);
    readStats.set(ds.name, r.read);
    for (const p of r.pairs) allPairs.push(p);
  }
  bar.done();
  checkUniquePairIds(allPairs);
  let dropped: Record<string, number> = {};
  if (data.pairs.exclude_eval_text) {
    const evalNames = new Set(data.eval.map((r) => r.name));
    const r = excludeEvalText(allPairs, evalTexts(tables, evalNames));
    dropped = r.dropped;
    allPairs.length = 0;
    for (const p of r.kept) allPairs.push(p);
    for (const [name, n] of Object.entries(dropped)) {
      ctx.log.info(
        `prep: ${name}: ${n} training pairs dropped (query or positive text in an evaluation set)`,
      );
    }
  }
  const split = splitByGroup(allPairs, data.pairs.validation_fraction, ctx.rng.derive('split'));

  const rows: Record<string, number> = {};
  const out = (name: (typeof PREP_OUTPUTS)[number]) => join(ctx.outDir, name);
  rows['corpus.parquet'] = await writeArtifact(out('corpus.parquet'), 'corpus', tables.corpus);
  rows['queries.parquet'] = await writeArtifact(out('queries.parquet'), 'queries', tables.queries);
  rows['qrels.parquet'] = await writeArtifact(out('qrels.parquet'), 'qrels', tables.qrels);
  rows['train_pairs.parquet'] = await writeArtifact(
    out('train_pairs.parquet'),
    'train_pairs',
    pairColumns(split.train),
  );
  rows['val_pairs.parquet'] = await writeArtifact(
    out('val_pairs.parquet'),
    'val_pairs',
    pairColumns(split.val),
  );
  rows['datasets.parquet'] = await writeArtifact(
    out('datasets.parquet'),
    'datasets',
    datasetRows(inputs.datasets, results),
  );

  for (const ds of inputs.datasets) {
    const ev = evalStats.get(ds.name) ?? {};
    const read = readStats.get(ds.name) ?? {};
    const trainBy = countBy(split.train, ds.name, (p) => p.query_lang);
    const valBy = countBy(split.val, ds.name, (p) => p.query_lang);
    const languages: Record<string, Record<string, number>> = {};
    const langs = new Set([
      ...Object.keys(ev),
      ...Object.keys(read),
      ...Object.keys(trainBy),
      ...Object.keys(valBy),
    ]);
    for (const l of [...langs].sort()) {
      languages[l] = {
        ...(ev[l] ?? (read[l] !== undefined ? { questions: read[l] } : {})),
        train_pairs: trainBy[l] ?? 0,
        val_pairs: valBy[l] ?? 0,
      };
    }
    const mine = allPairs.filter((p) => p.dataset === ds.name);
    perDataset[ds.name] = {
      format: ds.format,
      roles: ds.roles,
      from: ds.from,
      // The registry's licence (a model card repeats it); null for data given by path.
      licence: ds.registry?.licence ?? null,
      files: Object.keys(prepInputFiles({ datasets: [ds] })),
      languages,
      pairs: {
        train: sum(trainBy),
        val: sum(valBy),
        groups: split.groups[ds.name] ?? 0,
        val_groups: split.valGroups[ds.name] ?? 0,
        with_negative: mine.filter((p) => p.neg_text !== null).length,
        by_lang_pair: countBy(mine, ds.name, (p) => `${p.query_lang}-${p.pos_lang}`),
        ...(data.pairs.exclude_eval_text && ds.roles.includes('train')
          ? { dropped_eval_text: dropped[ds.name] ?? 0 }
          : {}),
      },
      ...(results.get(ds.name)?.extra ?? {}),
      skipped: skips.countFor(ds.name),
      not_read: ds.notRead.map((n) => ({ file: n.path, reason: n.reason })),
    };
  }
  skips.logSummary();
  const utf8 = skips.utf8Summary();
  ctx.log.info(
    `prep: ${rows['corpus.parquet']} candidates, ${rows['queries.parquet']} queries, ${rows['qrels.parquet']} qrels, ` +
      `${rows['train_pairs.parquet']} train pairs, ${rows['val_pairs.parquet']} validation pairs` +
      (skips.total > 0 ? `, ${skips.total} examples skipped` : '') +
      (utf8.lines > 0
        ? `, invalid UTF-8 on ${utf8.lines} line(s) ${utf8.on_invalid === 'skip' ? 'left out' : 'replaced'}`
        : ''),
  );
  return {
    rows,
    stats: { datasets: perDataset, totals: rows, skipped: skips.summary(), invalid_utf8: utf8 },
  };
}

/**
 * `datasets.parquet`: one row per dataset whose format has an evaluation task — `role` eval when it is
 * evaluated (listed in data.eval, or in-domain), else train — with its format, its task, its pivot
 * language (null when there is none or several) and its languages (sorted: the evaluated ones for an eval
 * row, those of its pairs for a train row). Datasets of training-only formats (mintaka, triples, pairs,
 * sentences) have no row: they have no task.
 */
function datasetRows(
  datasets: readonly LocatedDataset[],
  results: ReadonlyMap<string, Awaited<ReturnType<typeof processDataset>>>,
): Record<string, unknown[]> {
  const cols: Record<string, unknown[]> = {
    dataset: [],
    role: [],
    format: [],
    task: [],
    pivot: [],
    languages: [],
  };
  for (const ds of datasets) {
    const task = FORMATS[ds.format].task;
    if (task === null) continue;
    const r = results.get(ds.name)!;
    const role = ds.roles.includes('eval') ? 'eval' : 'train';
    const langs = new Set<string>(role === 'eval' ? Object.keys(r.eval) : Object.keys(r.read));
    if (role === 'train') for (const p of r.pairs) langs.add(p.query_lang).add(p.pos_lang);
    cols.dataset!.push(ds.name);
    cols.role!.push(role);
    cols.format!.push(ds.format);
    cols.task!.push(task);
    cols.pivot!.push(r.pivot ?? null);
    cols.languages!.push([...langs].sort());
  }
  return cols;
}

function countBy(pairs: readonly Pair[], dataset: string, key: (p: Pair) => string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of pairs) {
    if (p.dataset !== dataset) continue;
    const k = key(p);
    out[k] = (out[k] ?? 0) + 1;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function sum(counts: Record<string, number>): number {
  let n = 0;
  for (const v of Object.values(counts)) n += v;
  return n;
}

/** A registry dataset read from the cache or a mirror should match the registry: warn when it does not. */
async function warnOnChecksum(ds: LocatedDataset, ctx: RunContext): Promise<void> {
  if (ds.registry === null || ds.from === 'path') return;
  for (const f of ds.files) {
    const rel = relative(ds.root, f.path).split(sep).join('/');
    const entry = ds.registry.files.find((e) => e.path === rel);
    if (!entry) continue;
    const h = await hashFile(f.path);
    if (h !== `sha256:${entry.sha256}`) {
      ctx.log.warn(
        `${f.path} differs from the registry's ${ds.name}/${rel} (sha256 ${h.slice(7, 19)}…, expected ${entry.sha256.slice(0, 12)}…)`,
      );
    }
  }
}
