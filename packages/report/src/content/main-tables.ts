import type { ReportModel } from '../model/build.js';
import { SETTINGS, type Setting } from '../model/types.js';
import type { Cell, Section, TableBlock } from '../render/doc.js';
import { digitsOf, fmt, fmtStat } from '../render/format.js';
import { pct } from './intro.js';
import {
  CHANCE_EXPLAINED,
  CHANCE_LABEL,
  datasetLabel,
  higherIsBetter,
  recallOf,
  SETTING_SHORT,
} from './labels.js';
import { paperTable1, paperTable2 } from './paper.js';

/**
 * Tables 1 and 2 of the paper, for this experiment: one row per arm, the LAReQA / TREC datasets side by
 * side (`m.datasets`); the bitext, qa and news datasets are named and left to their own sections.
 */
export function mainSections(m: ReportModel): Section[] {
  const interval = `mean ± std over seeds, ${pct(m.options.confidence)} t-interval in brackets`;
  const tasks = m.allDatasets.filter((d) => d.task !== 'retrieval');
  const elsewhere = tasks.map((d) => `\`${d.name}\` (${d.task})`).join(', ');
  if (m.datasets.length === 0) {
    return [
      {
        id: 'table-1',
        title: 'Retrieval quality (Table 1 style)',
        level: 2,
        blocks: [
          {
            kind: 'p',
            text: `No dataset of this experiment is evaluated as LAReQA or TREC retrieval, so there are no Table 1–2 style tables, per-language tables, charts or significance tests of the mono / cross / multi settings. Its datasets${elsewhere === '' ? '' : ` (${elsewhere})`} are reported in their tasks' sections below.`,
          },
        ],
      },
    ];
  }
  return [
    {
      id: 'table-1',
      title: 'Retrieval quality (Table 1 style)',
      level: 2,
      blocks: [
        ...(tasks.length > 0
          ? [
              {
                kind: 'p' as const,
                text: `These tables, the charts, the per-language tables and the significance tests cover the datasets evaluated as LAReQA or TREC retrieval. ${elsewhere} ${tasks.length === 1 ? 'is' : 'are'} reported in ${tasks.length === 1 ? 'its task’s section' : 'their tasks’ sections'} below.`,
              },
            ]
          : []),
        armTable(m, 'table-1-map', `Table 1. mAP, macro-averaged (↑; ${interval})`, (s) => ({
          setting: s,
          measure: 'AP',
        })),
        ...(m.options.paper ? [paperTable1()] : []),
        armTable(
          m,
          'table-1-recall',
          `Table 1b. Recall: R@1 for Mo./Cr., R@10 for Mul. (↑; ${interval})`,
          (s) => ({
            setting: s,
            measure: recallOf(s),
          }),
        ),
      ],
    },
    {
      id: 'table-2',
      title: 'Language bias (Table 2 style)',
      level: 2,
      blocks: [
        {
          kind: 'p',
          text: 'Rank distance: in the multilingual setting, for each query the rank of its lowest-ranked relevant candidate minus that of its highest-ranked one, averaged over the queries of a language, then over languages. Lower means less preference for candidates in the query’s own language.',
        },
        rdTable(m, interval),
        ...(m.options.paper ? [paperTable2()] : []),
      ],
    },
  ];
}

function armTable(
  m: ReportModel,
  id: string,
  caption: string,
  pick: (s: Setting) => { setting: Setting; measure: string },
): TableBlock {
  const columns = ['Sampling'];
  const groups = [{ label: '', span: 1 }];
  const specs: Array<{ dataset: string; setting: Setting; measure: string }> = [];
  for (const d of m.datasets) {
    groups.push({ label: datasetLabel(d), span: SETTINGS.length });
    for (const s of SETTINGS) {
      const p = pick(s);
      columns.push(p.measure === 'AP' ? SETTING_SHORT[s] : `${SETTING_SHORT[s]} ${p.measure}`);
      specs.push({ dataset: d.name, ...p });
    }
  }
  const rows = m.arms.map((a) => [
    { text: a.label } as Cell,
    ...specs.map((sp) => fmtStat(m.stat(a, sp.dataset, sp.setting, sp.measure), digitsOf(sp.measure))),
  ]);
  markBest(
    rows,
    specs.map((sp) => (a: number) => m.stat(m.arms[a]!, sp.dataset, sp.setting, sp.measure).mean),
    specs.map((sp) => higherIsBetter(sp.measure)),
  );
  return { kind: 'table', id, caption, groups, columns, rows, note: queriesNote(m) };
}

function rdTable(m: ReportModel, interval: string): TableBlock {
  const columns = ['Sampling', ...m.datasets.map(datasetLabel)];
  const rows = m.arms.map((a) => [
    { text: a.label } as Cell,
    ...m.datasets.map((d) => fmtStat(m.stat(a, d.name, 'multi', 'RD'), 1)),
  ]);
  markBest(
    rows,
    m.datasets.map((d) => (a: number) => m.stat(m.arms[a]!, d.name, 'multi', 'RD').mean),
    m.datasets.map(() => false),
  );
  rows.push([{ text: CHANCE_LABEL }, ...m.datasets.map((d) => ({ text: fmt(m.rdChance(d.name, null), 1) }))]);
  return {
    kind: 'table',
    id: 'table-2-rd',
    caption: `Table 2. Mean rank distance, multilingual setting (↓; ${interval}), with the chance level of each pool`,
    columns,
    rows,
    note: CHANCE_EXPLAINED,
  };
}

/** Bold the best arm's cell of each column (when at least two arms have a value). */
export function markBest(
  rows: Cell[][],
  valueOfColumn: Array<(arm: number) => number | null>,
  higher: boolean[],
): void {
  valueOfColumn.forEach((f, c) => {
    const vals = rows.map((_, a) => f(a));
    const finite = vals.filter((v): v is number => v !== null && Number.isFinite(v));
    if (finite.length < 2) return;
    const best = higher[c] ? Math.max(...finite) : Math.min(...finite);
    vals.forEach((v, a) => {
      if (v === best) rows[a]![c + 1]!.best = true;
    });
  });
}

function queriesNote(m: ReportModel): string {
  const parts: string[] = [];
  for (const d of m.datasets) {
    const v = m.arms[0]?.variants[0];
    if (!v) continue;
    const qs = SETTINGS.map((s) => `${SETTING_SHORT[s]} ${m.index(v).macroQueries(d.name, s) ?? '?'}`);
    parts.push(`${d.name}: ${qs.join(', ')}`);
  }
  return `Query evaluations behind each macro value (n_queries of the macro rows, first variant; in Cr. a query counts once per target language): ${parts.join('; ')}. Bold: best arm in the column.`;
}
