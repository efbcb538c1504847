import type { Rng } from '@hbt/core';
import { holm, mean, type Summary, summarize } from '../stats/describe.js';
import { type Sweeps, sweepsOf } from '../sweep/curves.js';
import { type Answer, answerQuestions } from '../sweep/questions.js';
import { type Arm, groupArms } from './arms.js';
import { ChanceLevels } from './chance.js';
import { type DatasetTask, datasetTaskOf } from './dataset-task.js';
import { MetricIndex } from './metric-index.js';
import { type PaperDataset, paperDatasetOf } from './paper-dataset.js';
import { type SignificanceRow, significance } from './significance.js';
import { ANY, type ReportData, type ReportOptions, type Setting, type VariantData } from './types.js';

export interface DatasetInfo {
  name: string;
  /** True when the dataset is one of `config.data.train` (the model saw its training items). */
  inDomain: boolean;
  /** Query languages with at least one metric row, sorted. */
  languages: string[];
  /** Which of the paper's datasets it is, if any (to show the published numbers beside it). */
  paper: PaperDataset | null;
  /** What the eval stage evaluated it as, from its metrics rows (`datasetTaskOf`). */
  task: DatasetTask;
}

/**
 * Everything the tables, charts and summary.json show, computed once from {@link ReportData}:
 * datasets (in-domain first), arms (seed groups), seed statistics and significance tests.
 */
export interface ReportModel {
  title: string;
  experiment: string;
  options: ReportOptions;
  /**
   * The datasets of the main tables (Tables 1–2, per-language tables, bars, heatmaps, significance,
   * summary.json `datasets`): those evaluated as LAReQA / TREC retrieval (task `retrieval`), in-domain
   * first.
   */
  datasets: DatasetInfo[];
  /**
   * Every evaluated dataset, any task, in the same order: the task sections, the learning and α curves,
   * `report.questions` and the in-domain / zero-shot lists use these.
   */
  allDatasets: DatasetInfo[];
  arms: Arm[];
  /** True when at least one variant trains from scratch (`model.init` null). */
  fromScratch: boolean;
  /** Statistics over an arm's seeds of a macro value (Tables 1–2). */
  stat(arm: Arm, dataset: string, setting: Setting, measure: string): Summary;
  /** Statistics over an arm's seeds of a per-query-language value (Tables 3–8). */
  langStat(arm: Arm, dataset: string, setting: Setting, lang: string, measure: string): Summary;
  /**
   * The rank distance's chance level of a dataset's pool (a random ranking, same queries; from the
   * metrics' `RD_chance` rows): per query language, or macro when `lang` is null. Null when not recorded.
   */
  rdChance(dataset: string, lang: string | null): number | null;
  /** Seed-averaged value of one language pair (heatmaps); `d` is `'*'` for multi. */
  pairMean(arm: Arm, dataset: string, setting: Setting, q: string, d: string, measure: string): number | null;
  /** The metric index of one variant. */
  index(v: VariantData): MetricIndex;
  significance: SignificanceRow[];
  /** Lines (arms across training sizes) and α sweeps: the learning and α curves (`sweep/curves.ts`). */
  sweeps: Sweeps;
  /** The answers to `report.questions` (`sweep/questions.ts`). */
  answers: Answer[];
  /** Things the reader must know (missing files, skipped tests). */
  notes: string[];
}

export function buildModel(data: ReportData, rng: Rng): ReportModel {
  const indexes = new Map<VariantData, MetricIndex>();
  for (const v of data.variants) indexes.set(v, new MetricIndex(v.metrics));
  const arms = groupArms(data.variants);
  const train = new Set(data.trainDatasets.map((d) => d.toLowerCase()));

  const names = new Set<string>();
  for (const ix of indexes.values()) for (const d of ix.datasets()) names.add(d);
  const allDatasets: DatasetInfo[] = [...names]
    .map((name) => {
      const langs = new Set<string>();
      for (const v of data.variants) {
        for (const r of v.metrics) if (r.dataset === name && r.query_lang !== ANY) langs.add(r.query_lang);
      }
      return {
        name,
        inDomain: train.has(name.toLowerCase()),
        languages: [...langs].sort(),
        paper: paperDatasetOf(name),
        task: datasetTaskOf([...indexes.values()], name),
      };
    })
    .sort((a, b) => Number(b.inDomain) - Number(a.inDomain) || (a.name < b.name ? -1 : 1));
  const datasets = allDatasets.filter((d) => d.task === 'retrieval');

  const ix = (v: VariantData) => indexes.get(v)!;
  const conf = data.options.confidence;
  const notes: string[] = [];
  for (const v of data.variants) {
    if (v.metrics.length === 0) notes.push(`Variant \`${v.meta.name}\` has an empty metrics file.`);
    if (v.trainLog === null) notes.push(`Variant \`${v.meta.name}\` has no train_log: no training curve.`);
  }
  const chance = new ChanceLevels(
    data.variants.map((v) => ({ name: v.meta.name, index: ix(v) })),
    allDatasets.map((d) => d.name),
  );
  notes.push(...chance.notes);
  const sig = significance(arms, datasets, data.options, rng.derive('significance'));
  notes.push(...sig.notes);
  const adjusted = holm(sig.rows.map((r) => r.result.p));
  sig.rows.forEach((r, i) => {
    r.pHolm = adjusted[i]!;
  });

  const stat = (arm: Arm, dataset: string, setting: Setting, measure: string) =>
    summarize(
      arm.variants.map((v) => ix(v).macro(dataset, setting, measure) ?? Number.NaN),
      conf,
    );
  const answers = answerQuestions(data.questions ?? [], {
    arms,
    datasets: allDatasets,
    stat,
    index: ix,
    permutations: data.options.permutations,
    bootstrap: data.options.bootstrap,
    confidence: conf,
    rng: rng.derive('questions'),
  });
  const sweeps = sweepsOf(arms);
  if (sweeps.hasSizes && sweeps.offAxis.length > 0) {
    notes.push(
      `The learning curves show training sizes as ${sweeps.unit === 'fraction' ? 'fractions' : 'group counts'}; ${sweeps.offAxis.map((a) => `\`${a.label}\``).join(', ')} ${sweeps.offAxis.length === 1 ? 'is' : 'are'} sized the other way and left off them (give every size of a sweep as sampler.subset.fraction, or every one as .groups).`,
    );
  }
  return {
    title: data.title,
    experiment: data.experiment,
    options: data.options,
    datasets,
    allDatasets,
    arms,
    fromScratch: data.variants.some((v) => v.meta.model.init === null),
    stat,
    langStat: (arm, dataset, setting, lang, measure) =>
      summarize(
        arm.variants.map((v) => ix(v).perLanguage(dataset, setting, lang, measure) ?? Number.NaN),
        conf,
      ),
    rdChance: (dataset, lang) => chance.of(dataset, lang),
    pairMean: (arm, dataset, setting, q, d, measure) => {
      const vals: number[] = [];
      for (const v of arm.variants) {
        const x =
          d === ANY
            ? ix(v).perLanguage(dataset, setting, q, measure)
            : ix(v).pair(dataset, setting, q, d, measure);
        if (x !== null) vals.push(x);
      }
      return mean(vals);
    },
    index: ix,
    significance: sig.rows,
    sweeps,
    answers,
    notes,
  };
}
