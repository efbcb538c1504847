import { bars } from '../charts/bars.js';
import { heatmap } from '../charts/heatmap.js';
import { type LineSeries, lines } from '../charts/lines.js';
import type { ReportModel } from '../model/build.js';
import { ANY, SETTINGS } from '../model/types.js';
import { type FigureBlock, type Section, slug } from '../render/doc.js';
import { pct } from './intro.js';
import { CHANCE_LABEL, datasetLabel, SETTING_SHORT } from './labels.js';

/** Bar charts per dataset, language-pair heatmaps per arm, and training curves. */
export function figureSections(m: ReportModel): Section[] {
  // bars and heatmaps of the LAReQA / TREC datasets' settings: none without such a dataset
  return [...(m.datasets.length > 0 ? [barSection(m), heatmapSection(m)] : []), trainingSection(m)];
}

function barSection(m: ReportModel): Section {
  const figs: FigureBlock[] = m.datasets.map((d) => ({
    kind: 'figure',
    id: slug('bars-map', d.name),
    caption: `${datasetLabel(d)}: mAP per setting and arm; whiskers are the ${pct(m.options.confidence)} t-interval over seeds, clipped to [0, 1] (none with one seed).`,
    svg: bars({
      title: `${d.name} · mAP`,
      groups: SETTINGS.map((s) => SETTING_SHORT[s]),
      yLabel: 'mAP',
      clamp: [0, 1],
      series: m.arms.map((a) => ({
        label: a.label,
        color: a.color,
        values: SETTINGS.map((s) => {
          const st = m.stat(a, d.name, s, 'AP');
          return st.mean === null ? null : { value: st.mean, low: st.low, high: st.high };
        }),
      })),
    }),
  }));
  figs.push({
    kind: 'figure',
    id: 'bars-rank-distance',
    caption: `Mean rank distance (multilingual setting, lower is better) per dataset and arm; whiskers as above. The dashed line is the chance level of the dataset’s pool: a random ranking, same queries (Table 2). Compare within a dataset only: the gap grows with the pool size.`,
    svg: bars({
      title: 'Rank distance (↓)',
      groups: m.datasets.map((d) => d.name),
      yLabel: 'rank distance',
      clamp: [0, Number.POSITIVE_INFINITY],
      reference: { label: CHANCE_LABEL, values: m.datasets.map((d) => m.rdChance(d.name, null)) },
      series: m.arms.map((a) => ({
        label: a.label,
        color: a.color,
        values: m.datasets.map((d) => {
          const st = m.stat(a, d.name, 'multi', 'RD');
          return st.mean === null ? null : { value: st.mean, low: st.low, high: st.high };
        }),
      })),
    }),
  });
  return { id: 'charts', title: 'Charts per arm', level: 2, blocks: [{ kind: 'figures', figures: figs }] };
}

function heatmapSection(m: ReportModel): Section {
  const blocks: Section['blocks'] = [
    {
      kind: 'p',
      text: 'AP for each query language (rows) against each document language (columns), seed-averaged: the diagonal is the monolingual setting, the rest cross-lingual; the column set apart is the multilingual pool. One colour scale per dataset, shared by its arms.',
    },
  ];
  for (const d of m.datasets) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    const value = (a: (typeof m.arms)[number], q: string, c: string) =>
      q === c ? m.pairMean(a, d.name, 'mono', q, c, 'AP') : m.pairMean(a, d.name, 'cross', q, c, 'AP');
    for (const a of m.arms) {
      for (const q of d.languages) {
        for (const v of [
          ...d.languages.map((c) => value(a, q, c)),
          m.pairMean(a, d.name, 'multi', q, ANY, 'AP'),
        ]) {
          if (v !== null) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    if (!Number.isFinite(lo)) {
      lo = 0;
      hi = 1;
    }
    blocks.push({
      kind: 'figures',
      figures: m.arms.map((a) => ({
        kind: 'figure' as const,
        id: slug('heatmap', d.name, a.label),
        caption: `${datasetLabel(d)}, ${a.label}: AP per language pair (${a.variants.length} seed${a.variants.length === 1 ? '' : 's'}).`,
        svg: heatmap({
          title: `${d.name} · ${a.label}`,
          rows: d.languages,
          cols: d.languages,
          value: (q, c) => value(a, q, c),
          extra: { label: 'Mul.', value: (q) => m.pairMean(a, d.name, 'multi', q, ANY, 'AP') },
          min: lo,
          max: hi,
        }),
      })),
    });
  }
  return { id: 'heatmaps', title: 'Language-pair heatmaps', level: 2, blocks };
}

function trainingSection(m: ReportModel): Section {
  const train: LineSeries[] = [];
  const val: LineSeries[] = [];
  for (const a of m.arms) {
    a.variants.forEach((v, k) => {
      if (!v.trainLog) return;
      const label = a.variants.length > 1 ? `${a.label} · seed ${v.meta.seed}` : a.label;
      train.push({ label, color: a.color, dash: k, points: v.trainLog.map((r) => [r.step, r.loss]) });
      const vp = v.trainLog
        .filter((r) => r.val_loss !== null)
        .map((r) => [r.step, r.val_loss!] as [number, number]);
      if (vp.length > 0) val.push({ label, color: a.color, dash: k, points: vp });
    });
  }
  const figs: FigureBlock[] = [];
  if (train.length > 0) {
    figs.push({
      kind: 'figure',
      id: 'training-loss',
      caption:
        'Training loss (InfoNCE over in-batch negatives) per step: one colour per arm, one dash pattern per seed; long logs are averaged into at most 300 points.',
      svg: lines({ title: 'Training loss', xLabel: 'step', yLabel: 'loss', series: train }),
    });
  }
  if (val.length > 0) {
    figs.push({
      kind: 'figure',
      id: 'validation-loss',
      caption: 'Validation loss on held-out pairs at each validation step (colours and dashes as above).',
      svg: lines({ title: 'Validation loss', xLabel: 'step', yLabel: 'loss', series: val }),
    });
  }
  return {
    id: 'training',
    title: 'Training curves',
    level: 2,
    blocks:
      figs.length > 0
        ? [{ kind: 'figures', figures: figs }]
        : [{ kind: 'p', text: 'No variant has a training log: no curves.' }],
  };
}
