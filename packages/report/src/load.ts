import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError, type HbtConfig, readTable } from '@hbt/core';
import { RD, RD_CHANCE } from './model/chance.js';
import {
  type MetricRow,
  type PerQueryRow,
  type ReportData,
  SETTINGS,
  type Setting,
  type TrainLogRow,
  type VariantData,
  type VariantMeta,
} from './model/types.js';
import { recipeKey } from './sweep/axes.js';

/** One variant as the report stage receives it: its resolved config and its stage directories. */
export interface ReportVariantInput {
  name: string;
  config: HbtConfig;
  /** `<artifacts>/variants/<name>/eval`: metrics.parquet (required), per_query.parquet (optional). */
  evalDir: string;
  /** `<artifacts>/variants/<name>/train`: train_log.parquet and manifest.json (both optional). */
  trainDir: string;
  /** Further stage directories whose manifest may name the backend (e.g. index), in order of preference. */
  manifestDirs?: string[];
}

export interface ReportInputs {
  variants: ReportVariantInput[];
}

export const METRICS_FILE = 'metrics.parquet';
export const PER_QUERY_FILE = 'per_query.parquet';
export const TRAIN_LOG_FILE = 'train_log.parquet';

/** Read every variant's artifacts. Errors name the file, the row and what to do. */
export async function loadReportData(
  inputs: ReportInputs,
  config: HbtConfig,
  onVariant: (name: string) => void = () => {},
): Promise<ReportData> {
  if (inputs.variants.length === 0) {
    throw new DataError('no variant to report on', {
      hint: 'declare variants in the config, or drop --variant',
    });
  }
  const variants: VariantData[] = [];
  for (const v of inputs.variants) {
    variants.push({
      meta: await metaOf(v),
      metrics: await readMetrics(join(v.evalDir, METRICS_FILE)),
      perQuery: existsSync(join(v.evalDir, PER_QUERY_FILE))
        ? await readPerQuery(join(v.evalDir, PER_QUERY_FILE))
        : null,
      trainLog: existsSync(join(v.trainDir, TRAIN_LOG_FILE))
        ? await readTrainLog(join(v.trainDir, TRAIN_LOG_FILE))
        : null,
    });
    onVariant(v.name);
  }
  return {
    title: config.report.title ?? `${config.name}: hybrid batch sampling report`,
    experiment: config.name,
    trainDatasets: config.data.train.map((d) => d.name),
    variants,
    options: {
      confidence: config.report.confidence,
      permutations: config.report.permutation_samples,
      bootstrap: config.report.bootstrap_samples,
      paper: config.report.paper,
    },
    questions: config.report.questions ?? [],
  };
}

async function metaOf(v: ReportVariantInput): Promise<VariantMeta> {
  const c = v.config;
  let backend: string | null = null;
  for (const dir of [v.trainDir, ...(v.manifestDirs ?? []), v.evalDir]) {
    const b = await manifestBackend(join(dir, 'manifest.json'));
    if (b !== null) {
      backend = b;
      break;
    }
  }
  return {
    name: v.name,
    strategy: c.sampler.strategy,
    alpha: c.sampler.alpha,
    seed: c.seed,
    backend,
    model: { hidden: c.model.hidden, layers: c.model.layers, init: c.model.init },
    steps: c.sampler.steps,
    batchSize: c.sampler.batch_size,
    checkpoint: await evaluatedCheckpoint(join(v.trainDir, 'manifest.json')),
    armKey: armKeyOf(c),
    config: c,
  };
}

/**
 * Which checkpoint the index stage evaluated (`best/`), from the train manifest's stats: the final model
 * when training had no validation or its best step is the last one, else the best step by validation loss.
 */
export async function evaluatedCheckpoint(file: string): Promise<VariantMeta['checkpoint']> {
  if (!existsSync(file)) return null;
  const m = JSON.parse(await readFile(file, 'utf8')) as {
    stats?: { steps_done?: unknown; best_step?: unknown; validation_batches?: unknown };
  };
  const done = m.stats?.steps_done;
  if (typeof done !== 'number') return null;
  const best = m.stats?.best_step;
  if (typeof best !== 'number' || best + 1 === done) return { kind: 'final', step: done, of: done };
  return { kind: 'best', step: best + 1, of: done };
}

/** The config without its seeds and report settings: variants with equal keys are replicates. */
export function armKeyOf(config: HbtConfig): string {
  return recipeKey(config);
}

async function manifestBackend(file: string): Promise<string | null> {
  if (!existsSync(file)) return null;
  try {
    const m = JSON.parse(await readFile(file, 'utf8')) as { backend?: unknown };
    return typeof m.backend === 'string' ? m.backend : null;
  } catch {
    throw new DataError('manifest.json is not valid JSON', { file, hint: 're-run the stage that wrote it' });
  }
}

export async function readMetrics(file: string): Promise<MetricRow[]> {
  if (!existsSync(file)) {
    throw new DataError('metrics file not found', {
      file,
      hint: 'run `hbt eval --config …` for this variant first',
    });
  }
  const cols = ['dataset', 'setting', 'query_lang', 'doc_lang', 'measure', 'value', 'n_queries'];
  const t = await readTable(file, { columns: cols });
  const c = t.columns;
  const out: MetricRow[] = new Array(t.numRows);
  for (let i = 0; i < t.numRows; i++) {
    out[i] = {
      dataset: str(c.dataset![i], file, i, 'dataset'),
      setting: setting(c.setting![i], file, i),
      query_lang: str(c.query_lang![i], file, i, 'query_lang'),
      doc_lang: str(c.doc_lang![i], file, i, 'doc_lang'),
      measure: str(c.measure![i], file, i, 'measure'),
      value: numOrNaN(c.value![i]),
      n_queries: numOrNaN(c.n_queries![i]),
    };
  }
  return out;
}

/** Per-query rows of the measures the significance tests use (AP, RD and its chance level RD_chance); others are not kept. */
export async function readPerQuery(
  file: string,
  measures: readonly string[] = ['AP', RD, RD_CHANCE],
): Promise<PerQueryRow[]> {
  const cols = ['dataset', 'setting', 'query_lang', 'doc_lang', 'query_id', 'measure', 'value'];
  const t = await readTable(file, { columns: cols });
  const c = t.columns;
  const keep = new Set(measures);
  const out: PerQueryRow[] = [];
  for (let i = 0; i < t.numRows; i++) {
    const measure = str(c.measure![i], file, i, 'measure');
    if (!keep.has(measure)) continue;
    out.push({
      dataset: str(c.dataset![i], file, i, 'dataset'),
      setting: setting(c.setting![i], file, i),
      query_lang: str(c.query_lang![i], file, i, 'query_lang'),
      doc_lang: str(c.doc_lang![i], file, i, 'doc_lang'),
      query_id: str(c.query_id![i], file, i, 'query_id'),
      measure,
      value: numOrNaN(c.value![i]),
    });
  }
  return out;
}

export async function readTrainLog(file: string): Promise<TrainLogRow[]> {
  const cols = ['step', 'loss', 'lr', 'grad_norm', 'val_loss'];
  const t = await readTable(file, { columns: cols });
  const c = t.columns;
  const out: TrainLogRow[] = new Array(t.numRows);
  for (let i = 0; i < t.numRows; i++) {
    const vl = c.val_loss![i];
    out[i] = {
      step: numOrNaN(c.step![i]),
      loss: numOrNaN(c.loss![i]),
      lr: numOrNaN(c.lr![i]),
      grad_norm: numOrNaN(c.grad_norm![i]),
      val_loss: vl === null || vl === undefined ? null : numOrNaN(vl),
    };
  }
  return out.sort((a, b) => a.step - b.step);
}

function str(v: unknown, file: string, row: number, field: string): string {
  if (typeof v !== 'string' || v === '') {
    throw new DataError(
      `field "${field}" must be a non-empty string, got ${JSON.stringify(v) ?? 'nothing'}`,
      {
        file,
        location: `row ${row}`,
        hint: 're-run the stage that wrote this file',
      },
    );
  }
  return v;
}

function setting(v: unknown, file: string, row: number): Setting {
  if (typeof v === 'string' && (SETTINGS as readonly string[]).includes(v)) return v as Setting;
  throw new DataError(
    `field "setting" must be one of ${SETTINGS.join(', ')}, got ${JSON.stringify(v) ?? 'nothing'}`,
    {
      file,
      location: `row ${row}`,
      hint: 're-run `hbt eval` to rewrite the metrics',
    },
  );
}

function numOrNaN(v: unknown): number {
  return typeof v === 'number' ? v : Number.NaN;
}
