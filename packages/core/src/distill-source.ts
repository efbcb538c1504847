/**
 * Which side of a training pair is the **source** in cross-lingual knowledge distillation (Reimers &
 * Gurevych 2020, "Making monolingual sentence embeddings multilingual"): the teacher embeds the source
 * side, and the student learns to map both the source and its translation onto that vector.
 *
 * The rule, written once here and used by the teacher stage (`@hbt/teacher`, which embeds the source
 * texts) and by the trainer's `distill` objective (which looks them up):
 *
 * | query_lang in sources | pos_lang in sources | result |
 * | --- | --- | --- |
 * | yes | no | `'query'` |
 * | no | yes | `'pos'` |
 * | yes | yes | `null` — skip: both sides are in the teacher's languages, so the pair is not a translation
 *   *into* a new language (an English question and its English answer are not parallel sentences) |
 * | no | no | `null` — skip: the teacher has no source side to embed |
 *
 * A skipped pair contributes no distillation term; a stage that finds *no* pair with a source side
 * reports an error naming the source languages (see {@link DISTILL_SKIP_RULE}). Languages are compared
 * after trimming and lower-casing (`'EN'` matches `'en'`); codes are matched as given, so list every
 * spelling your data uses (the default `["eng", "en"]` covers ISO 639-3 and 639-1 English; hbt's
 * prep writes 639-1).
 */

/** The side of a pair that the teacher embeds. */
export type DistillSide = 'query' | 'pos';

/** The fields of a training pair (`train_pairs.parquet`) that decide the source side. */
export interface DistillPairLangs {
  query_lang: string;
  pos_lang: string;
}

/** The documented rule, for error messages and help text. */
export const DISTILL_SKIP_RULE =
  'a pair is distilled when exactly one side (query_lang or pos_lang) is a source language; pairs with ' +
  'both or neither side in the source languages are skipped';

const norm = (lang: string): string => lang.trim().toLowerCase();

/**
 * Whether `lang` is one of `sourceLanguages` (trimmed, case-insensitive).
 *
 * @example
 * isSourceLanguage(' EN', ['eng', 'en']); // true
 */
export function isSourceLanguage(lang: string, sourceLanguages: readonly string[]): boolean {
  const l = norm(lang);
  return sourceLanguages.some((s) => norm(s) === l);
}

/**
 * The source side of a pair, or `null` when the pair is skipped (both or neither side in
 * `sourceLanguages`; see the table above).
 *
 * @example
 * distillSource({ query_lang: 'en', pos_lang: 'de' }, ['eng', 'en']); // 'query'
 * distillSource({ query_lang: 'sw', pos_lang: 'EN' }, ['eng', 'en']); // 'pos'
 * distillSource({ query_lang: 'en', pos_lang: 'en' }, ['eng', 'en']); // null (both: skipped)
 * distillSource({ query_lang: 'de', pos_lang: 'sw' }, ['eng', 'en']); // null (neither: skipped)
 */
export function distillSource(
  pair: DistillPairLangs,
  sourceLanguages: readonly string[],
): DistillSide | null {
  const q = isSourceLanguage(pair.query_lang, sourceLanguages);
  const p = isSourceLanguage(pair.pos_lang, sourceLanguages);
  if (q === p) return null;
  return q ? 'query' : 'pos';
}

/**
 * The source text of a pair (`query_text` or `pos_text` by {@link distillSource}), or `null` when the
 * pair is skipped.
 *
 * @example
 * distillSourceText({ query_lang: 'de', query_text: 'Hallo', pos_lang: 'en', pos_text: 'Hello' }, ['en']);
 * // 'Hello'
 */
export function distillSourceText(
  pair: DistillPairLangs & { query_text: string; pos_text: string },
  sourceLanguages: readonly string[],
): string | null {
  const side = distillSource(pair, sourceLanguages);
  if (side === null) return null;
  return side === 'query' ? pair.query_text : pair.pos_text;
}
