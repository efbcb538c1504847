import { configSchema, Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../model/build.js';
import { datasetTaskOf } from '../model/dataset-task.js';
import { MetricIndex } from '../model/metric-index.js';
import type { PerQueryRow, ReportData, VariantData } from '../model/types.js';
import { renderReport } from '../render-report.js';
import { summarySchema } from '../summary/schema.js';
import { flatMetrics, perQuery, reportData, variant } from '../test-utils/synthetic.js';
import { bitextRows, qaRows } from '../test-utils/task-rows.js';
import { taskDatasets } from './model.js';

// The main tables (Tables 1–2, per-language tables, bars, heatmaps, significance, summary.json
// `datasets`) cover the LAReQA / TREC datasets only; the bitext, qa and news datasets keep their own
// sections, and report.questions still reach every dataset.

const questions = (qs: unknown[]) => configSchema.parse({ report: { questions: qs } }).report.questions;

/** Per-query AP of 8 English queries in `dataset`'s cross setting, shifted by `shift`. */
function pq(dataset: string, shift: number): PerQueryRow[] {
  return Array.from({ length: 8 }, (_, i) =>
    perQuery(dataset, 'cross', 'en', 'de', `q${i}`, 'AP', 0.3 + 0.05 * (i % 3) + shift),
  );
}

/** Hybrid (2 seeds) and X-Y; `retrieval` adds a LAReQA dataset (xquad-r) beside the task datasets. */
function variants(retrieval: boolean): VariantData[] {
  const v = (name: string, strategy: string, seed: number, p1: number): VariantData => {
    const base = variant({
      name,
      strategy,
      seed,
      metrics: [
        ...(retrieval
          ? flatMetrics('xquad-r', { mono: 0.5, cross: 0.3 + p1 / 10, multi: 0.4, rd: 100 })
          : []),
        ...bitextRows(p1),
        ...qaRows(p1 - 0.2),
      ],
      // per-query values of a task dataset too: only the LAReQA / TREC one may be tested
      perQuery: [...(retrieval ? pq('xquad-r', p1 / 10) : []), ...pq('afriqa', p1 / 10)],
    });
    return { ...base, meta: { ...base.meta, config: configSchema.parse({ sampler: { strategy } }) } };
  };
  return [v('hybrid-1', 'hybrid', 1, 0.6), v('hybrid-2', 'hybrid', 2, 0.8), v('xy-1', 'x-y', 1, 0.5)];
}

function data(retrieval: boolean, qs: unknown[] = []): ReportData {
  return { ...reportData(variants(retrieval), ['afriqa']), questions: questions(qs) };
}

/** The Markdown between a `## title` heading and the next `## ` heading. */
function section(md: string, title: string): string {
  const start = md.indexOf(`## ${title}`);
  if (start < 0) return '';
  const next = md.indexOf('\n## ', start + 3);
  return md.slice(start, next < 0 ? undefined : next);
}

const TASK_NAMES = ['afriqa', 'masakhane-news', 'ntrex-128'];

describe('the main tables cover the LAReQA / TREC datasets only', () => {
  const m = buildModel(data(true), Rng.fromSeed(5));
  const out = renderReport(m);
  const md = out.markdown;

  it('reads each dataset’s task from its rows, once (datasetTaskOf), and splits the datasets by it', () => {
    expect(m.allDatasets.map((d) => [d.name, d.task, d.inDomain])).toEqual([
      ['afriqa', 'qa', true],
      ['masakhane-news', 'news', false],
      ['ntrex-128', 'bitext', false],
      ['xquad-r', 'retrieval', false],
    ]);
    expect(m.datasets.map((d) => d.name)).toEqual(['xquad-r']);
    expect(taskDatasets(m).map((t) => [t.info.name, t.task])).toEqual([
      ['afriqa', 'qa'],
      ['masakhane-news', 'news'],
      ['ntrex-128', 'bitext'],
    ]);
    // the rule on rows alone: a pool size makes a task; its settings say which
    const ix = [new MetricIndex(m.arms[0]!.variants[0]!.metrics)];
    expect(TASK_NAMES.concat('xquad-r').map((d) => datasetTaskOf(ix, d))).toEqual([
      'qa',
      'news',
      'bitext',
      'retrieval',
    ]);
  });

  it('report.md: Tables 1, 1b, 2, the charts, per-language tables and significance name no task dataset', () => {
    for (const title of [
      'Retrieval quality (Table 1 style)',
      'Language bias (Table 2 style)',
      'Significance: hybrid against each baseline',
      'Charts per arm',
      'Language-pair heatmaps',
      'Per query language (Tables 3–8 style)',
    ]) {
      const s = section(md, title);
      expect(s, title).not.toBe('');
      expect(s, title).toContain('xquad-r');
      // Table 1's note names the task datasets once, as reported elsewhere; no other section does
      const text = title.startsWith('Retrieval quality') ? s.slice(s.indexOf('**Table 1.')) : s;
      for (const name of TASK_NAMES) expect(text, `${title}: ${name}`).not.toContain(name);
    }
    expect(section(md, 'Retrieval quality (Table 1 style)')).toContain(
      '`afriqa` (qa), `masakhane-news` (news), `ntrex-128` (bitext) are reported in their tasks’ sections below.',
    );
    // Table 1 has one dataset group: Sampling + Mo./Cr./Mul.
    const header = md.split('\n').find((l) => l.startsWith('| Sampling | xquad-r'))!;
    expect(header.split('|').length - 2).toBe(4);
    // significance: hybrid against X-Y on xquad-r only, though afriqa has per-query values too
    expect(new Set(m.significance.map((r) => r.dataset))).toEqual(new Set(['xquad-r']));
    expect(m.significance.length).toBeGreaterThan(0);
    // the bar charts and heatmaps draw xquad-r only
    const charts = out.figures.filter((f) => /^(bars|heatmap)/.test(f.id));
    expect(charts.length).toBeGreaterThan(0);
    for (const f of charts)
      for (const name of TASK_NAMES) expect(f.svg, `${f.id}: ${name}`).not.toContain(name);
  });

  it('keeps the task sections and the in-domain / zero-shot lists over every dataset', () => {
    expect(md).toContain('## Bitext retrieval');
    expect(md).toContain('afriqa (in-domain) — cross-lingual QA retrieval');
    expect(md).toContain('masakhane-news (zero-shot) — news retrieval');
    expect(md).toContain('**Zero-shot** (`masakhane-news`, `ntrex-128`, `xquad-r`)');
    expect(md).toMatch(/4 evaluation dataset\(s\): afriqa \(in-domain\), masakhane-news/);
  });

  it('report.html: the main tables have the LAReQA dataset only, the task sections are there', () => {
    const html = out.html;
    const t1 = html.slice(
      html.indexOf('<table id="table-1-map"'),
      html.indexOf('</table>', html.indexOf('<table id="table-1-map"')),
    );
    expect(t1).toContain('xquad-r');
    for (const name of TASK_NAMES) expect(t1).not.toContain(name);
    expect(html).toContain('Bitext retrieval');
  });

  it('summary.json: datasets, arms[].datasets and variants[].datasets are the LAReQA ones; tasks the rest', () => {
    const s = summarySchema.parse(out.summary);
    expect(s.datasets.map((d) => d.name)).toEqual(['xquad-r']);
    for (const a of s.arms) expect(a.datasets.map((d) => d.name)).toEqual(['xquad-r']);
    for (const v of s.variants) expect(v.datasets.map((d) => d.name)).toEqual(['xquad-r']);
    expect(s.tasks.map((t) => t.dataset)).toEqual(TASK_NAMES);
    expect(s.significance.every((r) => r.dataset === 'xquad-r')).toBe(true);
  });
});

describe('report.questions reach datasets of any task', () => {
  const q = (id: string, metric: Record<string, unknown>) => ({
    id,
    text: `${id}?`,
    kind: 'compare',
    a: { 'sampler.strategy': 'hybrid' },
    b: { 'sampler.strategy': 'x-y' },
    metric,
  });

  it('the default dataset is the first zero-shot LAReQA / TREC one; a named task dataset is answered', () => {
    const m = buildModel(
      data(true, [
        q('default', {}),
        q('bitext', { dataset: 'ntrex-128', measure: 'P@1' }),
        q('qa', { dataset: 'afriqa' }),
      ]),
      Rng.fromSeed(5),
    );
    // masakhane-news and ntrex-128 are zero-shot and come first; the LAReQA dataset is preferred
    expect(m.answers.map((a) => [a.question.id, a.dataset.name, a.verdict !== 'not-answered'])).toEqual([
      ['default', 'xquad-r', true],
      ['bitext', 'ntrex-128', true],
      ['qa', 'afriqa', true],
    ]);
    // ntrex-128 cross P@1 macro: hybrid seeds (0.601 / 2, 0.801 / 2) → 0.3505; X-Y 0.501 / 2
    const bitext = m.answers[1]!;
    expect(bitext.cells[0]!.stat.mean).toBeCloseTo(0.3505, 12);
    expect(bitext.cells[1]!.stat.mean).toBeCloseTo(0.2505, 12);
    const s = summarySchema.parse(renderReport(m).summary);
    expect(s.questions.map((x) => x.dataset)).toEqual(['xquad-r', 'ntrex-128', 'afriqa']);
  });

  it('without a LAReQA / TREC dataset the default is the first zero-shot dataset of any task', () => {
    const m = buildModel(data(false, [q('default', { dataset: null, setting: 'mono' })]), Rng.fromSeed(5));
    expect(m.datasets).toEqual([]);
    expect(m.answers[0]!.dataset.name).toBe('masakhane-news');
  });
});

describe('a report whose datasets are all task datasets', () => {
  const m = buildModel(data(false), Rng.fromSeed(5));
  const out = renderReport(m);
  const md = out.markdown;

  it('says so where Table 1 goes and leaves out the empty tables, charts and tests', () => {
    expect(section(md, 'Retrieval quality (Table 1 style)')).toContain(
      'No dataset of this experiment is evaluated as LAReQA or TREC retrieval',
    );
    for (const title of [
      'Language bias (Table 2 style)',
      'Significance: hybrid against each baseline',
      'Charts per arm',
      'Language-pair heatmaps',
      'Per query language (Tables 3–8 style)',
    ])
      expect(section(md, title), title).toBe('');
    expect(md).not.toContain('| Sampling |');
    expect(md).toContain('## Bitext retrieval');
    expect(md).toContain('## Cross-lingual QA and news retrieval');
    expect(out.html).toContain('No dataset of this experiment is evaluated as LAReQA or TREC retrieval');
    const s = summarySchema.parse(out.summary);
    expect(s.datasets).toEqual([]);
    expect(s.significance).toEqual([]);
    expect(s.tasks.map((t) => t.dataset)).toEqual(TASK_NAMES);
  });
});
