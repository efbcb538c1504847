import type { Arm } from '../model/arms.js';
import type { DatasetInfo, ReportModel } from '../model/build.js';
import { SETTINGS, type Setting } from '../model/types.js';
import type { Cell, Section, TableBlock } from '../render/doc.js';
import { fmt } from '../render/format.js';
import { CHANCE_LABEL, datasetLabel, higherIsBetter, recallOf, SETTING_SHORT } from './labels.js';

/** Per query language tables, as the paper's Tables 3–8, one subsection per dataset. */
export function perLanguageSections(m: ReportModel): Section[] {
  if (m.datasets.length === 0) return []; // no LAReQA / TREC dataset: the task sections have theirs
  const out: Section[] = [
    {
      id: 'per-language',
      title: 'Per query language (Tables 3–8 style)',
      level: 2,
      blocks: [
        {
          kind: 'p',
          text: 'Rows are query languages; each value is averaged over the query language’s target languages (Cr.) and over seeds (the seed std is the second line when there are several seeds). The Mean row is the macro average of Tables 1–2.',
        },
      ],
    },
  ];
  for (const d of m.datasets) {
    out.push({
      id: `per-language-${d.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: datasetLabel(d),
      level: 3,
      blocks: [settingTable(m, d, 'MAP', () => 'AP'), settingTable(m, d, 'Recall', recallOf), rdTable(m, d)],
    });
  }
  return out;
}

function cellOf(
  m: ReportModel,
  a: Arm,
  d: DatasetInfo,
  s: Setting,
  lang: string | null,
  measure: string,
): Cell {
  const st = lang === null ? m.stat(a, d.name, s, measure) : m.langStat(a, d.name, s, lang, measure);
  const digits = measure === 'RD' ? 1 : 4;
  const c: Cell = { text: fmt(st.mean, digits) };
  if (st.std !== null) c.sub = `± ${fmt(st.std, digits)}`;
  return c;
}

function settingTable(
  m: ReportModel,
  d: DatasetInfo,
  kind: string,
  measureOf: (s: Setting) => string,
): TableBlock {
  const groups = [{ label: '', span: 1 }];
  const columns = ['Query lang'];
  const specs: Array<{ arm: Arm; setting: Setting; measure: string }> = [];
  for (const s of SETTINGS) {
    groups.push({
      label: kind === 'MAP' ? SETTING_SHORT[s] : `${SETTING_SHORT[s]} ${measureOf(s)}`,
      span: m.arms.length,
    });
    for (const a of m.arms) {
      columns.push(a.label);
      specs.push({ arm: a, setting: s, measure: measureOf(s) });
    }
  }
  const rows: Cell[][] = [];
  for (const lang of [...d.languages, null]) {
    rows.push([
      { text: lang ?? 'Mean' },
      ...specs.map((sp) => cellOf(m, sp.arm, d, sp.setting, lang, sp.measure)),
    ]);
  }
  bestPerSettingRow(m, rows, specs, d);
  return {
    kind: 'table',
    id: `table-lang-${kind.toLowerCase()}-${d.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d.name}: ${kind} per query language${kind === 'Recall' ? ' (R@1 for Mo./Cr., R@10 for Mul.)' : ''}`,
    groups,
    columns,
    rows,
    emphasis: ['Mean'],
  };
}

/** Within each row and setting, bold the best arm. */
function bestPerSettingRow(
  m: ReportModel,
  rows: Cell[][],
  specs: Array<{ arm: Arm; setting: Setting; measure: string }>,
  d: DatasetInfo,
): void {
  const langs = [...d.languages, null];
  rows.forEach((row, r) => {
    const l = langs[r]!;
    for (const s of SETTINGS) {
      const cols = specs.map((sp, i) => [sp, i + 1] as const).filter(([sp]) => sp.setting === s);
      boldBestInRow(
        row,
        cols.map(([, c]) => c),
        cols.map(([sp]) => statOf(m, sp.arm, d, s, l, sp.measure)),
        higherIsBetter(cols[0]![0].measure),
      );
    }
  });
}

function statOf(m: ReportModel, a: Arm, d: DatasetInfo, s: Setting, lang: string | null, measure: string) {
  return (lang === null ? m.stat(a, d.name, s, measure) : m.langStat(a, d.name, s, lang, measure)).mean;
}

/** Bold the best of `values` among the given columns of one row (when at least two have a value). */
export function boldBestInRow(
  row: Cell[],
  cols: number[],
  values: Array<number | null>,
  higher: boolean,
): void {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (finite.length < 2) return;
  const best = higher ? Math.max(...finite) : Math.min(...finite);
  values.forEach((v, k) => {
    if (v === best) row[cols[k]!]!.best = true;
  });
}

function rdTable(m: ReportModel, d: DatasetInfo): TableBlock {
  const rows: Cell[][] = [...d.languages, null].map((lang) => [
    { text: lang ?? 'Mean' },
    ...m.arms.map((a) => cellOf(m, a, d, 'multi', lang, 'RD')),
    { text: fmt(m.rdChance(d.name, lang), 1) },
  ]);
  const langs = [...d.languages, null];
  rows.forEach((row, r) => {
    boldBestInRow(
      row,
      m.arms.map((_, i) => i + 1),
      m.arms.map((a) => statOf(m, a, d, 'multi', langs[r]!, 'RD')),
      false,
    );
  });
  return {
    kind: 'table',
    id: `table-lang-rd-${d.name}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d.name}: rank distance per query language (↓, Tables 7–8 style), with the chance level of the pool`,
    columns: ['Query lang', ...m.arms.map((a) => a.label), CHANCE_LABEL],
    rows,
    emphasis: ['Mean'],
    note: `${CHANCE_LABEL}: a random ranking of the pool, over the same queries (see Table 2).${
      m.options.paper && d.paper
        ? ` Published per-language values for ${d.paper === 'xquad-r' ? 'XQuAD-R: Paper Table 7' : 'MLQA-R: Paper Table 8'} (different model and data; absolute rank gaps depend on the pool size).`
        : ''
    }`,
  };
}
