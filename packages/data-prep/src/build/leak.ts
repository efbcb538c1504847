import type { EvalTables, Pair } from '../tables.js';

/**
 * How texts are compared for the eval-leak exclusion (`data.pairs.exclude_eval_text`): Unicode NFC,
 * lower case, every run of white space one space, trimmed — so a sentence that differs only in case or
 * spacing from an evaluation text still counts as the same.
 *
 * @example
 * leakKey('  The  Cat\n'); // 'the cat'
 */
export function leakKey(text: string): string {
  return text.normalize('NFC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** The normalised texts (queries and corpus) of the eval tables' rows of `datasets`. */
export function evalTexts(tables: EvalTables, datasets: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  const add = (texts: readonly string[], ds: readonly string[]) => {
    for (let i = 0; i < texts.length; i++) if (datasets.has(ds[i]!)) out.add(leakKey(texts[i]!));
  };
  add(tables.queries.text, tables.queries.dataset);
  add(tables.corpus.text, tables.corpus.dataset);
  return out;
}

/**
 * Drop the pairs whose query or positive text (after {@link leakKey}) is an evaluation text. Returns the
 * kept pairs (order kept) and how many were dropped per dataset.
 *
 * @example
 * const { kept, dropped } = excludeEvalText(pairs, evalTexts(tables, new Set(['ntrex-128'])));
 */
export function excludeEvalText(
  pairs: readonly Pair[],
  texts: ReadonlySet<string>,
): { kept: Pair[]; dropped: Record<string, number> } {
  const kept: Pair[] = [];
  const dropped: Record<string, number> = {};
  for (const p of pairs) {
    if (texts.has(leakKey(p.query_text)) || texts.has(leakKey(p.pos_text))) {
      dropped[p.dataset] = (dropped[p.dataset] ?? 0) + 1;
    } else kept.push(p);
  }
  return { kept, dropped };
}
