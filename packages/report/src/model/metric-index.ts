import { mean } from '../stats/describe.js';
import { ANY, type MetricRow, type Setting } from './types.js';

/**
 * Lookups into one variant's metrics rows, with the evaluator's three granularities:
 *
 * - per pair: `(query_lang X, doc_lang Y)`; in `multi` the pair row is `(X, '*')`;
 * - per query language: `(X, '*')`, the average over X's target languages;
 * - macro: `('*', '*')`, the average over the setting's languages or pairs.
 *
 * When a coarser row is missing it is computed from the finer ones (mean over pairs, mean over query
 * languages), so a metrics file with only pair rows still gives every table. A non-finite value counts as
 * missing.
 *
 * @example
 * const ix = new MetricIndex(rows);
 * ix.macro('xquad-r', 'cross', 'AP');          // the Table 1 number
 * ix.perLanguage('xquad-r', 'multi', 'de', 'RD'); // a Table 7 cell
 */
export class MetricIndex {
  private readonly rows = new Map<string, MetricRow>();
  private readonly langs = new Map<string, Set<string>>();

  constructor(rows: readonly MetricRow[]) {
    for (const r of rows) {
      if (!Number.isFinite(r.value)) continue;
      this.rows.set(key(r.dataset, r.setting, r.query_lang, r.doc_lang, r.measure), r);
      for (const l of [r.query_lang, r.doc_lang]) {
        if (l === ANY) continue;
        const s = this.langs.get(r.dataset) ?? new Set<string>();
        s.add(l);
        this.langs.set(r.dataset, s);
      }
    }
  }

  /** Datasets present, sorted. */
  datasets(): string[] {
    return [...new Set([...this.rows.values()].map((r) => r.dataset))].sort();
  }

  /** Every row of a dataset, in file order. */
  datasetRows(dataset: string): MetricRow[] {
    return [...this.rows.values()].filter((r) => r.dataset === dataset);
  }

  /** Languages (query or document) seen for a dataset, sorted. */
  languages(dataset: string): string[] {
    return [...(this.langs.get(dataset) ?? [])].sort();
  }

  /** Measures present for a dataset and setting, sorted. */
  measures(dataset: string, setting: Setting): string[] {
    const out = new Set<string>();
    for (const r of this.rows.values())
      if (r.dataset === dataset && r.setting === setting) out.add(r.measure);
    return [...out].sort();
  }

  row(dataset: string, setting: Setting, q: string, d: string, measure: string): MetricRow | undefined {
    return this.rows.get(key(dataset, setting, q, d, measure));
  }

  /** The value for query language `q` against document language `d` (`'*'` = the pool in multi). */
  pair(dataset: string, setting: Setting, q: string, d: string, measure: string): number | null {
    return this.row(dataset, setting, q, d, measure)?.value ?? null;
  }

  /** The value for query language `q`, averaged over its target languages. */
  perLanguage(dataset: string, setting: Setting, q: string, measure: string): number | null {
    const direct = this.row(dataset, setting, q, ANY, measure);
    if (direct) return direct.value;
    if (setting === 'mono') {
      const own = this.row(dataset, setting, q, q, measure);
      if (own) return own.value;
    }
    const vals: number[] = [];
    for (const d of this.languages(dataset)) {
      if (setting === 'cross' && d === q) continue;
      const v = this.pair(dataset, setting, q, d, measure);
      if (v !== null) vals.push(v);
    }
    return mean(vals);
  }

  /** The macro average over the setting's query languages. */
  macro(dataset: string, setting: Setting, measure: string): number | null {
    const direct = this.row(dataset, setting, ANY, ANY, measure);
    if (direct) return direct.value;
    const vals: number[] = [];
    for (const q of this.languages(dataset)) {
      const v = this.perLanguage(dataset, setting, q, measure);
      if (v !== null) vals.push(v);
    }
    return mean(vals);
  }

  /** Queries behind the macro row (`n_queries` of the `('*', '*')` row); null when there is none. */
  macroQueries(dataset: string, setting: Setting): number | null {
    for (const m of ['AP', 'R@1', 'R@10', 'RD']) {
      const r = this.row(dataset, setting, ANY, ANY, m);
      if (r) return r.n_queries;
    }
    return null;
  }

  /** Queries of language `q` in a setting (`n_queries` of its per-language row); null when unknown. */
  languageQueries(dataset: string, setting: Setting, q: string): number | null {
    for (const m of ['AP', 'R@1', 'R@10', 'RD']) {
      const r =
        this.row(dataset, setting, q, ANY, m) ??
        (setting === 'mono' ? this.row(dataset, setting, q, q, m) : undefined);
      if (r) return r.n_queries;
    }
    return null;
  }
}

function key(dataset: string, setting: string, q: string, d: string, measure: string): string {
  return `${dataset}\u0000${setting}\u0000${q}\u0000${d}\u0000${measure}`;
}
