import { compareIds, DataError, distillSource, isSourceLanguage, readTable } from '@hbt/core';

/** What {@link sourceTexts} found in the training pairs. */
export interface SourceTexts {
  /** Every unique source text, sorted in code-point order (`compareIds`). */
  texts: string[];
  /** Pairs with a source side (distilled). */
  pairs: number;
  /** Pairs skipped because both sides are source languages. */
  skippedBoth: number;
  /** Pairs skipped because neither side is a source language. */
  skippedNeither: number;
  /** Source-side pairs per source language as written in the file (`en`: 1200), sorted by language. */
  perLanguage: Record<string, number>;
}

const COLUMNS = ['query_text', 'query_lang', 'pos_text', 'pos_lang'] as const;

/**
 * The source texts of `train_pairs.parquet`: for each pair, the side `distillSource` (from @hbt/core)
 * picks — the one whose language is in `sourceLanguages` — collected once each and sorted. Pairs with
 * both or neither side in the source languages are skipped and counted. No pair with a source side →
 * {@link DataError} naming the file, the source languages and the languages the pairs have (unless
 * `required` is false: the held-out pairs may have none).
 *
 * @example
 * const s = await sourceTexts('artifacts/prep/train_pairs.parquet', ['eng', 'en']);
 * s.texts; // ['Hello', 'Where is …', …] (unique, sorted)
 */
export async function sourceTexts(
  trainPairs: string,
  sourceLanguages: readonly string[],
  opts: { required?: boolean } = {},
): Promise<SourceTexts> {
  const t = await readTable(trainPairs, { columns: [...COLUMNS] });
  const [qText, qLang, pText, pLang] = COLUMNS.map((c) => t.columns[c]!);
  const seen = new Set<string>();
  const perLanguage: Record<string, number> = {};
  const langs = new Set<string>();
  let pairs = 0;
  let skippedBoth = 0;
  let skippedNeither = 0;
  for (let i = 0; i < t.numRows; i++) {
    const pair = {
      query_text: qText![i],
      query_lang: qLang![i],
      pos_text: pText![i],
      pos_lang: pLang![i],
    };
    for (const c of COLUMNS) {
      if (typeof pair[c] !== 'string') {
        throw new DataError(`row ${i + 1}: ${c} is not a string`, {
          file: trainPairs,
          hint: 're-create it with `hbt prep`',
        });
      }
    }
    const p = pair as Record<(typeof COLUMNS)[number], string>;
    langs.add(p.query_lang).add(p.pos_lang);
    const side = distillSource(p, sourceLanguages);
    if (side === null) {
      if (isSourceLanguage(p.query_lang, sourceLanguages)) skippedBoth++;
      else skippedNeither++;
      continue;
    }
    pairs++;
    const lang = side === 'query' ? p.query_lang : p.pos_lang;
    perLanguage[lang] = (perLanguage[lang] ?? 0) + 1;
    seen.add(side === 'query' ? p.query_text : p.pos_text);
  }
  if (pairs === 0 && opts.required !== false) {
    throw new DataError(
      `no training pair has exactly one side in the teacher's source languages (${sourceLanguages.join(', ')}); ` +
        `the pairs' languages are ${[...langs].sort().join(', ') || 'none (no pairs)'} ` +
        `(${skippedBoth} pairs with both sides, ${skippedNeither} with neither)`,
      {
        file: trainPairs,
        hint: 'set train.teacher.source_languages to the language the teacher embeds (as the pairs spell it), and train on parallel pairs from it into other languages',
      },
    );
  }
  const sorted = Object.fromEntries(Object.entries(perLanguage).sort(([a], [b]) => compareIds(a, b)));
  return { texts: [...seen].sort(compareIds), pairs, skippedBoth, skippedNeither, perLanguage: sorted };
}
