import { charts } from '../charts/index.js';
import type { ReportModel } from '../model/build.js';
import { ANY } from '../model/types.js';
import type { Block, Cell, Section, TableBlock } from '../render/doc.js';
import { fmt, fmtStat } from '../render/format.js';
import {
  anyValue,
  CHANCE,
  cellStat,
  cellsOf,
  MARGIN,
  POOL_RANK,
  POOL_SIZE,
  pivotOf,
  type TaskDataset,
} from '../tasks/model.js';
import { CHANCE_LABEL, datasetLabel } from './labels.js';

/**
 * Bitext retrieval sections (one per bitext dataset): P@1 per language in both directions with the
 * pivot (and every other evaluated direction), with ratio margin when the eval stage scored it, the
 * chance level 1/|candidates| beside; the multi-way pool per language (P@1, rank distance, chance); a
 * heatmap of the evaluated language pairs per arm.
 */
export function bitextSections(m: ReportModel, datasets: readonly TaskDataset[]): Section[] {
  const list = datasets.filter((t) => t.task === 'bitext');
  if (list.length === 0) return [];
  const out: Section[] = [
    {
      id: 'bitext',
      title: 'Bitext retrieval (Tatoeba / BUCC style)',
      level: 2,
      blocks: [
        {
          kind: 'p',
          text: 'Each sentence queries the sentences of another language; its translation is the one relevant candidate, so P@1 is the accuracy XTREME reports for Tatoeba. Directions run over the aligned set of the pair (sentences present in both languages); the chance level is 1/|candidates|. The multi-way pool holds every language’s sentences at once (each query’s own sentence left out): a query’s translations in every other language are relevant, and the rank distance measures how far apart they land, beside the rank distance of a random ranking.',
        },
      ],
    },
  ];
  for (const { info } of list) {
    const d = info.name;
    const pairs = cellsOf(m, d, 'cross', 'P@1');
    const measures = [
      'P@1',
      ...(pairs.some(([q, c]) => anyValue(m, d, 'cross', q, c, `P@1${MARGIN}`) !== null)
        ? [`P@1${MARGIN}`]
        : []),
    ];
    const blocks: Block[] = [];
    const pivot = pivotOf(pairs);
    for (const measure of measures) blocks.push(pairTable(m, d, pairs, pivot, measure));
    const pool = poolTable(m, d);
    if (pool) blocks.push(pool);
    const fig = [...pairHeatmaps(m, d, pairs), ...poolHeatmaps(m, d)];
    if (fig.length > 0) blocks.push({ kind: 'figures', figures: fig });
    out.push({
      id: `bitext-${d}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
      title: datasetLabel(info),
      level: 3,
      blocks,
    });
  }
  return out;
}

function statCell(s: ReturnType<typeof cellStat>, digits: number): Cell {
  const c = fmtStat(s, digits);
  return c.sub !== undefined ? { text: c.text, sub: c.sub } : { text: c.text };
}

/** P@1 per language: X → pivot and pivot → X per arm, the chance level; then any other direction. */
function pairTable(
  m: ReportModel,
  d: string,
  pairs: Array<[string, string]>,
  pivot: string | null,
  measure: string,
): TableBlock {
  const margin = measure.endsWith(MARGIN);
  const base = margin ? measure.slice(0, -MARGIN.length) : measure;
  const rows: Cell[][] = [];
  const chance = (q: string, c: string) => anyValue(m, d, 'cross', q, c, `${base}${CHANCE}`);
  const has = new Set(pairs.map(([q, c]) => `${q}\t${c}`));
  const others = pairs.filter(([q, c]) => q !== pivot && c !== pivot);
  const langs =
    pivot === null ? [] : [...new Set(pairs.flatMap(([q, c]) => [q, c]))].filter((l) => l !== pivot).sort();
  const dirCell = (q: string, c: string, a: (typeof m.arms)[number]) =>
    has.has(`${q}\t${c}`) ? statCell(cellStat(m, a, d, 'cross', q, c, measure), 3) : { text: '–' };
  for (const x of langs) {
    const row: Cell[] = [{ text: x }];
    for (const a of m.arms) row.push(dirCell(x, pivot!, a), dirCell(pivot!, x, a));
    const ch = [chance(x, pivot!), chance(pivot!, x)].filter((v): v is number => v !== null);
    row.push({ text: ch.length === 0 ? '–' : [...new Set(ch.map((v) => fmt(v, 4)))].join(' / ') });
    rows.push(row);
  }
  if (pivot !== null && langs.length > 0) {
    const row: Cell[] = [{ text: 'Mean' }];
    for (const a of m.arms)
      row.push(
        statCell(cellStat(m, a, d, 'cross', ANY, pivot, measure), 3),
        statCell(cellStat(m, a, d, 'cross', pivot, ANY, measure), 3),
      );
    row.push({ text: fmt(anyValue(m, d, 'cross', ANY, pivot, `${base}${CHANCE}`), 4) });
    rows.push(row);
  }
  for (const [q, c] of others) {
    const row: Cell[] = [{ text: `${q} → ${c}` }];
    for (const a of m.arms) row.push(dirCell(q, c, a), { text: '' });
    row.push({ text: fmt(chance(q, c), 4) });
    rows.push(row);
  }
  const columns = ['Language'];
  const groups = [{ label: '', span: 1 }];
  for (const a of m.arms) {
    columns.push(`xx → ${pivot ?? '?'}`, `${pivot ?? '?'} → xx`);
    groups.push({ label: a.label, span: 2 });
  }
  columns.push(`${CHANCE_LABEL}`);
  groups.push({ label: '', span: 1 });
  return {
    kind: 'table',
    id: `table-bitext-${margin ? 'margin-' : ''}${d}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d}: ${base} per language and direction${margin ? ', ratio-margin scoring (Artetxe & Schwenk 2019)' : ''}, mean over seeds`,
    groups,
    columns,
    rows,
    emphasis: ['Mean'],
    note: `Chance: 1/|candidates| of the direction (both directions when they differ). The Mean row is the macro average over languages.${others.length > 0 ? ' Other evaluated directions follow it (one value per arm).' : ''}`,
  };
}

/** The multi-way pool per query language: P@1 and rank distance per arm, chance levels. */
function poolTable(m: ReportModel, d: string): TableBlock | null {
  const cells = cellsOf(m, d, 'multi', 'P@1');
  if (cells.length === 0) return null;
  const rows: Cell[][] = [];
  for (const lang of [...cells.map(([q]) => q), ANY]) {
    const row: Cell[] = [{ text: lang === ANY ? 'Mean' : lang }];
    for (const a of m.arms)
      row.push(
        statCell(cellStat(m, a, d, 'multi', lang, ANY, 'P@1'), 3),
        statCell(cellStat(m, a, d, 'multi', lang, ANY, 'RD'), 1),
      );
    row.push(
      { text: fmt(anyValue(m, d, 'multi', lang, ANY, `P@1${CHANCE}`), 5) },
      { text: fmt(anyValue(m, d, 'multi', lang, ANY, 'RD_chance'), 1) },
    );
    rows.push(row);
  }
  const columns = ['Query lang'];
  const groups = [{ label: '', span: 1 }];
  for (const a of m.arms) {
    columns.push('P@1', 'RD');
    groups.push({ label: a.label, span: 2 });
  }
  columns.push('P@1 chance', 'RD chance');
  groups.push({ label: CHANCE_LABEL, span: 2 });
  const size = anyValue(m, d, 'multi', ANY, ANY, POOL_SIZE);
  return {
    kind: 'table',
    id: `table-bitext-pool-${d}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d}: the multi-way pool (${size === null ? '?' : Math.round(size).toLocaleString('en')} candidates per query), per query language`,
    groups,
    columns,
    rows,
    emphasis: ['Mean'],
    note: 'RD: rank of a query’s last translation minus that of its first (lower is better); RD chance: the same for a random ranking of the pool. P@1 chance: (translations in the pool) / |pool|.',
  };
}

/** One heatmap per arm of P@1 over the evaluated directions (rows: query language), the pool's P@1 beside. */
function pairHeatmaps(m: ReportModel, d: string, pairs: Array<[string, string]>) {
  if (pairs.length === 0) return [];
  const langs = [...new Set(pairs.flatMap(([q, c]) => [q, c]))].sort();
  const mean = (xs: Array<number | null>) => {
    const v = xs.filter((x): x is number => x !== null && Number.isFinite(x));
    return v.length === 0 ? null : v.reduce((s, x) => s + x, 0) / v.length;
  };
  return m.arms.map((a) => ({
    kind: 'figure' as const,
    id: `fig-bitext-${d}-${a.label}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d}, ${a.label}: P@1 per direction (row: query language; grey: not evaluated), the multi-way pool's P@1 in the last column`,
    svg: charts.heatmap({
      title: `${d} P@1 — ${a.label}`,
      rows: langs,
      cols: langs,
      value: (q, c) => mean(a.variants.map((v) => m.index(v).row(d, 'cross', q, c, 'P@1')?.value ?? null)),
      extra: {
        label: 'Pool',
        value: (q) => mean(a.variants.map((v) => m.index(v).row(d, 'multi', q, ANY, 'P@1')?.value ?? null)),
      },
      min: 0,
      max: 1,
      rowLabel: 'query',
      colLabel: 'candidates',
    }),
  }));
}

/**
 * One heatmap per arm of the multi-way pool by language pair: 1 − (mean pool rank of the Y translation
 * of X's queries) / (the same for a random ranking), from the eval stage's `pool_rank` and
 * `pool_rank_chance` rows: 1 = always ranked first, 0 = no better than chance, below 0 = pushed down.
 */
function poolHeatmaps(m: ReportModel, d: string) {
  const cells = cellsOf(m, d, 'multi', POOL_RANK).filter(([, c]) => c !== ANY);
  if (cells.length === 0) return [];
  const langs = [...new Set(cells.flatMap(([q, c]) => [q, c]))].sort();
  const gain = (a: (typeof m.arms)[number], q: string, c: string) => {
    const v = a.variants
      .map((x) => {
        const r = m.index(x).row(d, 'multi', q, c, POOL_RANK)?.value;
        const ch = m.index(x).row(d, 'multi', q, c, `${POOL_RANK}${CHANCE}`)?.value;
        return r === undefined || ch === undefined || ch <= 0 ? null : 1 - r / ch;
      })
      .filter((x): x is number => x !== null);
    return v.length === 0 ? null : v.reduce((s, x) => s + x, 0) / v.length;
  };
  return m.arms.map((a) => ({
    kind: 'figure' as const,
    id: `fig-bitext-pool-${d}-${a.label}`.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
    caption: `${d}, ${a.label}: the multi-way pool by language pair — 1 − (mean pool rank of the column language's translation of a row-language query) / (that of a random ranking); 1 = first, 0 = chance`,
    svg: charts.heatmap({
      title: `${d} pool rank vs chance — ${a.label}`,
      rows: langs,
      cols: langs,
      value: (q, c) => gain(a, q, c),
      min: 0,
      max: 1,
      rowLabel: 'query',
      colLabel: 'translation',
    }),
  }));
}
