import type { EvalTables } from '../tables.js';
import type { ParallelGroup } from './parallel.js';
import type { EvalLangStats } from './squad.js';

/** One language of an aligned set: its normalised code, the source's code and its sentences by row. */
export interface AlignedColumn {
  lang: string;
  /** The language as the source names it (`swh_Latn`, `en`, `sna-Latn`). */
  source: string;
  file: string;
  /** Sentence of each row; null where the row has none in this language (empty line, missing row). */
  texts: Array<string | null>;
}

/**
 * Sentences aligned across languages: row `i` of every column is the same sentence (NTREX, FLORES,
 * one Tatoeba or MAFAND-MT pair, a user's bitext). `name` is '' for a dataset's only (multi-way) set,
 * else what tells its sets apart (`aze-eng`, `en-hau`): it goes into every id.
 */
export interface AlignedSet {
  name: string;
  columns: AlignedColumn[];
  /** Row keys (a line index, or FLORES's index_id), one per row. */
  keys: string[];
}

/** `<set>/<key>` or `<key>`: the part of an id after the dataset (and language). */
export function rowKey(set: AlignedSet, row: number): string {
  return set.name === '' ? set.keys[row]! : `${set.name}/${set.keys[row]!}`;
}

/**
 * The bitext task's tables: every sentence is a query row and a corpus row with the same id
 * `<dataset>/<lang>/[<set>/]<key>`, `lang` its language and `group_id` = `<dataset>/[<set>/]<key>` (aligned
 * sentences share it). No qrels rows: the relevant candidates of a query are the other languages' rows of
 * its group. Rows with a sentence in fewer than two languages are left out (nothing to retrieve); the
 * caller counts them. Returns per-language counts (`questions` = candidates = sentences, `qrels` 0).
 */
export function addBitextEval(
  dataset: string,
  sets: readonly AlignedSet[],
  tables: EvalTables,
): Record<string, EvalLangStats> {
  const stats: Record<string, EvalLangStats> = {};
  for (const set of sets) {
    for (let r = 0; r < set.keys.length; r++) {
      const present = set.columns.filter((c) => c.texts[r] !== null);
      if (present.length < 2) continue;
      const key = rowKey(set, r);
      const group = `${dataset}/${key}`;
      for (const c of present) {
        const id = `${dataset}/${c.lang}/${key}`;
        const text = c.texts[r]!;
        tables.addQuery({ query_id: id, lang: c.lang, text, group_id: group, dataset });
        tables.addDoc({ doc_id: id, lang: c.lang, text, context: null, group_id: group, dataset });
        stats[c.lang] ??= { questions: 0, candidates: 0, qrels: 0 };
        const s = stats[c.lang]!;
        s.questions++;
        s.candidates++;
      }
    }
  }
  return stats;
}

/** Training direction over a set: both ways, or only from / to its first column (the source). */
export type Direction = 'both' | 'source-target' | 'target-source';

/**
 * Parallel groups of aligned sets, for cross-lingual pairs (build them with `crossOnly`): key
 * `[<set>/]<key>`; queries in every language and positives in every language (`both`), or queries only in
 * the set's first column and positives in the others (`source-target`), or the reverse.
 */
export function bitextGroups(sets: readonly AlignedSet[], direction: Direction): ParallelGroup[] {
  const out: ParallelGroup[] = [];
  for (const set of sets) {
    const source = set.columns[0]!.lang;
    for (let r = 0; r < set.keys.length; r++) {
      const g: ParallelGroup = { key: rowKey(set, r), queries: new Map(), positives: new Map() };
      for (const c of set.columns) {
        const t = c.texts[r];
        if (t === null || t === undefined) continue;
        const isSource = c.lang === source;
        if (direction === 'both' || (direction === 'source-target') === isSource) g.queries.set(c.lang, t);
        if (direction === 'both' || (direction === 'target-source') === isSource)
          g.positives.set(c.lang, { text: t });
      }
      if (g.queries.size > 0 && g.positives.size > 0) out.push(g);
    }
  }
  return out;
}
