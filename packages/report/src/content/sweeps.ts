import { type LineSeries, lines } from '../charts/lines.js';
import type { Arm } from '../model/arms.js';
import type { ReportModel } from '../model/build.js';
import type { Cell, FigureBlock, Section } from '../render/doc.js';
import { slug } from '../render/doc.js';
import { digitsOf, fmt, fmtSigned, fmtStat } from '../render/format.js';
import type { Summary } from '../stats/describe.js';
import { answerText, measureName } from '../sweep/answer-text.js';
import { percent } from '../sweep/axes.js';
import { CURVE_PANELS } from '../sweep/curves.js';
import { pct } from './intro.js';
import { datasetLabel, SETTING_LONG, SETTING_SHORT } from './labels.js';

/**
 * The research questions (`report.questions`): one subsection per question with the generated answer and
 * the numbers behind it. Empty when the config declares no question.
 */
export function questionSections(m: ReportModel): Section[] {
  if (m.answers.length === 0) return [];
  const intro: Section = {
    id: 'questions',
    title: 'Research questions',
    level: 2,
    blocks: [
      {
        kind: 'p',
        text: `Each answer is generated from the numbers below it: the direction and size of the difference, its ${pct(m.options.confidence)} interval and whether that excludes zero. With per-query values the interval is a paired bootstrap over queries (each query valued by its mean over an arm's seeds) and p a randomization test, as in the significance table; with two or more seeds the same difference is also taken per seed, with a t-interval, because the query-level interval does not include the variation between training runs. A difference shown on the queries but not across seeds is reported as not shown across training runs. Without per-query values only the seed interval is used.`,
      },
    ],
  };
  return [
    intro,
    ...m.answers.map((a): Section => {
      const d = digitsOf(a.measure);
      const rows: Cell[][] = a.cells.map((c) => [
        { text: c.label },
        { text: c.size.label },
        ...(a.question.kind === 'alpha' ? [{ text: String(c.alpha) }] : []),
        fmtStat(c.stat, d),
      ]);
      const blocks: Section['blocks'] = [{ kind: 'p', text: answerText(a, m.options.confidence) }];
      if (a.question.kind === 'scaling' && a.sizes.length > 0) {
        const gap = a.question.b !== null;
        blocks.push({
          kind: 'table',
          id: slug('question', a.question.id, 'sizes'),
          caption: `By training size: ${a.dataset.name}, ${SETTING_LONG[a.setting]} ${measureName(a.measure)} (mean ± std over seeds, ${pct(m.options.confidence)} t-interval below; the gap's interval as in the answer)`,
          columns: [
            'Size',
            a.labels.a,
            ...(gap ? [a.labels.b ?? 'b', 'a − b', `${pct(m.options.confidence)} CI`] : []),
          ],
          rows: a.sizes.map((s) => [
            { text: s.size.label },
            fmtStat(s.a, d),
            ...(gap
              ? [
                  s.b === null ? { text: '–' } : fmtStat(s.b, d),
                  { text: fmtSigned(s.gap?.diff, d) },
                  {
                    text:
                      s.gap?.ciLow === null || s.gap === null
                        ? '–'
                        : `[${fmtSigned(s.gap.ciLow, d)}, ${fmtSigned(s.gap.ciHigh, d)}]`,
                  },
                ]
              : []),
          ]),
        });
      } else if (rows.length > 0) {
        blocks.push({
          kind: 'table',
          id: slug('question', a.question.id),
          caption: `The numbers: ${a.dataset.name}, ${SETTING_LONG[a.setting]} ${measureName(a.measure)} (mean ± std over seeds, ${pct(m.options.confidence)} t-interval below)`,
          columns: ['Arm', 'Size', ...(a.question.kind === 'alpha' ? ['α'] : []), measureName(a.measure)],
          rows,
        });
      }
      return { id: slug('question', a.question.id), title: a.question.text, level: 3, blocks };
    }),
  ];
}

/**
 * Learning curves (a measure against the training size, one line per recipe, the t-interval over seeds as
 * a band) and α curves (a measure against `sampler.alpha` for hybrid arms), with their tables. Empty when
 * the experiment sweeps neither.
 */
export function sweepSections(m: ReportModel): Section[] {
  const out: Section[] = [];
  const s = m.sweeps;
  const conf = pct(m.options.confidence);
  const xFormat = s.unit === 'fraction' ? percent : (x: number) => String(x);
  const xLabel =
    s.unit === 'fraction' ? 'training groups (share of each dataset)' : 'training groups per dataset';
  const sizeTicks = [...new Set(s.lines.flatMap((l) => l.arms.map((a) => a.size.x)))];
  if (s.hasSizes) {
    const blocks: Section['blocks'] = [
      {
        kind: 'p',
        text: `Each measure against the training size (\`sampler.subset\`: a seeded subset of each dataset's training groups, nested across sizes; evaluation data is never subsampled). One line per recipe; the band is the ${conf} t-interval over seeds (none with one seed). A recipe trained at one size only is a single point.`,
      },
    ];
    for (const d of m.allDatasets) {
      const figs: FigureBlock[] = [];
      for (const p of CURVE_PANELS) {
        const series = s.lines.map((line) =>
          statSeries(
            line.label,
            line.color,
            line.arms,
            (a) => a.size.x,
            (a) => m.stat(a, d.name, p.setting, p.measure),
          ),
        );
        if (series.every((x) => x.points.length === 0)) continue;
        figs.push({
          kind: 'figure',
          id: slug('curve', d.name, p.setting, p.measure),
          caption: `${datasetLabel(d)}: ${SETTING_LONG[p.setting]} ${measureName(p.measure)} against the training size${p.measure === 'RD' ? ' (lower is better)' : ''}.`,
          svg: lines({
            title: `${d.name} · ${SETTING_SHORT[p.setting]} ${measureName(p.measure)}`,
            xLabel,
            yLabel: measureName(p.measure),
            series,
            xFormat,
            xTicks: sizeTicks,
            xLog: true,
          }),
        });
      }
      if (figs.length === 0) continue;
      blocks.push({ kind: 'figures', figures: figs });
      blocks.push(curveTable(m, d.name, datasetLabel(d)));
    }
    out.push({ id: 'learning-curves', title: 'Learning curves: training size', level: 2, blocks });
  }
  if (s.alpha.length > 0) {
    const blocks: Section['blocks'] = [
      {
        kind: 'p',
        text: `Each measure against \`sampler.alpha\` (the probability of a mono batch) for the hybrid arms that differ only in α, one line per training size (or recipe): α = 0 plans only cross-lingual batches (as X-Y does), α = 1 only monolingual ones (as X-X-mono). The band is the ${conf} t-interval over seeds.`,
      },
    ];
    for (const d of m.allDatasets) {
      const figs: FigureBlock[] = [];
      for (const p of CURVE_PANELS) {
        const series = s.alpha.map((sw, i) =>
          statSeries(
            `${sw.label} · ${sw.size.label}`,
            i,
            sw.arms,
            (a) => a.alpha,
            (a) => m.stat(a, d.name, p.setting, p.measure),
          ),
        );
        if (series.every((x) => x.points.length === 0)) continue;
        figs.push({
          kind: 'figure',
          id: slug('alpha', d.name, p.setting, p.measure),
          caption: `${datasetLabel(d)}: ${SETTING_LONG[p.setting]} ${measureName(p.measure)} against α (hybrid).`,
          svg: lines({
            title: `${d.name} · ${SETTING_SHORT[p.setting]} ${measureName(p.measure)} vs α`,
            xLabel: 'α (probability of a mono batch)',
            yLabel: measureName(p.measure),
            series,
            xTicks: [...new Set(s.alpha.flatMap((sw) => sw.arms.map((a) => a.alpha)))],
          }),
        });
      }
      if (figs.length > 0) blocks.push({ kind: 'figures', figures: figs });
    }
    blocks.push(alphaTable(m));
    out.push({ id: 'alpha-sweep', title: 'The α sweep', level: 2, blocks });
  }
  return out;
}

/** A line of seed means over `x`, with the t-interval over seeds as its band. */
function statSeries(
  label: string,
  color: number,
  arms: readonly Arm[],
  x: (a: Arm) => number,
  stat: (a: Arm) => Summary,
): LineSeries {
  const pts = arms.map((a) => ({ x: x(a), st: stat(a) }));
  return {
    label,
    color,
    points: pts.filter((q) => q.st.mean !== null).map((q) => [q.x, q.st.mean!] as [number, number]),
    band: pts
      .filter((q) => q.st.low !== null && q.st.high !== null)
      .map((q) => [q.x, q.st.low!, q.st.high!] as [number, number, number]),
  };
}

/** Per dataset: each line's measures at each size (mean ± std, interval). */
function curveTable(m: ReportModel, dataset: string, label: string): Section['blocks'][number] {
  const sizes = [
    ...new Map(m.sweeps.lines.flatMap((l) => l.arms.map((a) => [a.size.label, a.size]))).values(),
  ].sort((a, b) => a.x - b.x);
  return {
    kind: 'table',
    id: slug('table-curve', dataset),
    caption: `${label}: by training size (mean ± std over seeds, ${pct(m.options.confidence)} t-interval below)`,
    groups: [
      { label: '', span: 1 },
      ...CURVE_PANELS.map((p) => ({
        label: `${SETTING_SHORT[p.setting]} ${measureName(p.measure)}`,
        span: sizes.length,
      })),
    ],
    columns: ['Recipe', ...CURVE_PANELS.flatMap(() => sizes.map((z) => z.label))],
    rows: m.sweeps.lines.map((line) => [
      { text: line.label },
      ...CURVE_PANELS.flatMap((p) =>
        sizes.map((z) => {
          const arm = line.arms.find((a) => a.size.label === z.label);
          return arm === undefined
            ? { text: '–' }
            : fmtStat(m.stat(arm, dataset, p.setting, p.measure), digitsOf(p.measure));
        }),
      ),
    ]),
  };
}

/** Every α-sweep arm's cross-lingual mAP and rank distance per dataset. */
function alphaTable(m: ReportModel): Section['blocks'][number] {
  const cols = m.allDatasets.flatMap((d) => [
    { d, setting: 'cross' as const, measure: 'AP' },
    { d, setting: 'multi' as const, measure: 'RD' },
  ]);
  return {
    kind: 'table',
    id: 'table-alpha',
    caption: `The α sweep: cross-lingual mAP and rank distance per arm (mean ± std over seeds, ${pct(m.options.confidence)} t-interval below)`,
    groups: [{ label: '', span: 2 }, ...m.allDatasets.map((d) => ({ label: d.name, span: 2 }))],
    columns: ['Arm', 'α', ...cols.map((c) => `${SETTING_SHORT[c.setting]} ${measureName(c.measure)}`)],
    rows: m.sweeps.alpha.flatMap((sw) =>
      sw.arms.map((a) => [
        { text: `${sw.label} · ${sw.size.label}` },
        { text: fmt(a.alpha, 2) },
        ...cols.map((c) => fmtStat(m.stat(a, c.d.name, c.setting, c.measure), digitsOf(c.measure))),
      ]),
    ),
  };
}
