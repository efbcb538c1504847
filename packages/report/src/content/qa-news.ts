import type { ReportModel } from '../model/build.js';
import { ANY, SETTINGS, type Setting } from '../model/types.js';
import type { Cell, Section, TableBlock } from '../render/doc.js';
import { fmt, fmtStat } from '../render/format.js';
import { anyValue, CHANCE, cellStat, cellsOf, POOL_SIZE, type TaskDataset } from '../tasks/model.js';
import { datasetLabel, SETTING_LONG } from './labels.js';

/** The measures the QA and news tables show, in order (those the eval stage wrote). */
const MEASURES = ['AP', 'R@1', 'R@10', 'nDCG@10'];
const LABEL: Record<string, string> = { AP: 'mAP' };

/**
 * Cross-lingual QA (AfriQA) and news (MasakhaNEWS) retrieval sections: per setting cell (query language →
 * passage language) the measures per arm, with the chance levels the eval stage wrote beside the recall
 * columns, the pool size and the queries evaluated; the macro rows of each setting.
 */
export function qaNewsSections(m: ReportModel, datasets: readonly TaskDataset[]): Section[] {
  const list = datasets.filter((t) => t.task === 'qa' || t.task === 'news');
  if (list.length === 0) return [];
  const out: Section[] = [
    {
      id: 'qa-news',
      title: 'Cross-lingual QA and news retrieval',
      level: 2,
      blocks: [
        {
          kind: 'p',
          text: 'QA (AfriQA): the African-language question queries the gold passages of the split in the passage language (cross), its human translation queries its own language (mono), and both versions query the whole pool (multi). News (MasakhaNEWS): a headline queries its language’s articles (mono). The pool of a cell is the candidates it ranks; chance is what a random ranking of that pool scores (R@k: k/|pool|).',
        },
      ],
    },
  ];
  for (const { info, task } of list) {
    const d = info.name;
    const tables: TableBlock[] = [];
    const settings: Setting[] = task === 'news' ? ['mono'] : [...SETTINGS];
    const measures = MEASURES.filter((x) => settings.some((s) => cellsOf(m, d, s, x).length > 0));
    tables.push(cellTable(m, d, settings, measures));
    out.push({
      id: `${task}-${d}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: `${datasetLabel(info)} — ${task === 'qa' ? 'cross-lingual QA' : 'news'} retrieval`,
      level: 3,
      blocks: tables,
    });
  }
  return out;
}

function cellTable(m: ReportModel, d: string, settings: Setting[], measures: string[]): TableBlock {
  const columns = ['Setting', 'Query → passages', 'Queries', 'Pool'];
  const groups = [{ label: '', span: 4 }];
  for (const x of measures) {
    const chance = anyChance(m, d, settings, x);
    for (const a of m.arms) columns.push(a.label);
    if (chance) columns.push('chance');
    groups.push({ label: LABEL[x] ?? x, span: m.arms.length + (chance ? 1 : 0) });
  }
  const rows: Cell[][] = [];
  const first = measures[0] ?? 'AP';
  for (const s of settings) {
    const cells = cellsOf(m, d, s, first);
    if (cells.length === 0) continue;
    for (const [q, c] of [...cells, [ANY, ANY] as [string, string]]) {
      const macro = q === ANY;
      const n = anyValue(m, d, s, q, c, first) === null ? null : rowQueries(m, d, s, q, c, first);
      const row: Cell[] = [
        { text: macro ? `${SETTING_LONG[s]} (mean)` : SETTING_LONG[s] },
        { text: macro ? '' : `${q} → ${c === ANY ? 'pool' : c}` },
        { text: n === null ? '–' : String(n) },
        { text: macro ? '' : fmt(anyValue(m, d, s, q, c, POOL_SIZE), 0) },
      ];
      for (const x of measures) {
        for (const a of m.arms) {
          const st = fmtStat(cellStat(m, a, d, s, q, c, x), 3);
          row.push(st.sub !== undefined ? { text: st.text, sub: st.sub } : { text: st.text });
        }
        if (anyChance(m, d, settings, x))
          row.push({ text: fmt(anyValue(m, d, s, q, c, `${x}${CHANCE}`), 4) });
      }
      rows.push(row);
    }
  }
  return {
    kind: 'table',
    id: `table-task-${d}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d}: per setting and language pair, mean over seeds`,
    groups,
    columns,
    rows,
    align: ['l', 'l', ...columns.slice(2).map(() => 'r' as const)],
    note: 'Queries: the query evaluations behind the value (queries without a relevant passage in the cell are skipped). Pool: the candidates a query of the cell is ranked among. Mean rows: the macro average over the cells above.',
  };
}

function anyChance(m: ReportModel, d: string, settings: Setting[], measure: string): boolean {
  return settings.some((s) => cellsOf(m, d, s, `${measure}${CHANCE}`).length > 0);
}

function rowQueries(
  m: ReportModel,
  d: string,
  s: Setting,
  q: string,
  c: string,
  measure: string,
): number | null {
  for (const a of m.arms)
    for (const v of a.variants) {
      const r = m.index(v).row(d, s, q, c, measure);
      if (r) return r.n_queries;
    }
  return null;
}
