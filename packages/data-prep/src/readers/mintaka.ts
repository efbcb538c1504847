import { DataError, quoteValue } from '@hbt/core';
import type { ParallelGroup } from '../build/parallel.js';
import { objField, parseJson, pathJoin, strField } from '../json.js';
import { normalizeLang } from '../languages.js';
import type { Skips } from '../skips.js';
import { readText } from '../text-io.js';

/**
 * Mintaka (a JSON list of `{id, question, translations: {lang: text}}`): parallel questions, no passages.
 * Each item becomes a group keyed by its `id` whose "queries" and "positives" are the question in each
 * language, so the pair builder (with `crossOnly`) yields question-in-X ↔ same-question-in-Y pairs.
 * `question` is English. A language in `languages` that an item has no translation for is skipped
 * (counted); an unknown language key is an error.
 */
export async function readMintaka(
  file: string,
  dataset: string,
  languages: ReadonlySet<string> | null,
  skips: Skips,
  limit?: number,
): Promise<{ groups: ParallelGroup[]; questions: Record<string, number> }> {
  const doc = parseJson(await readText(file, skips.text(dataset)), file, 'a JSON list of Mintaka questions');
  if (!Array.isArray(doc)) {
    throw new DataError('expected a JSON list of questions', { file, location: '(top level)' });
  }
  const groups: ParallelGroup[] = [];
  const questions: Record<string, number> = {};
  const seen = new Map<string, string>();
  const items = limit !== undefined ? doc.slice(0, limit) : doc;
  items.forEach((item, i) => {
    const at = pathJoin('', i);
    const id = strField(item, 'id', at, file);
    const first = seen.get(id);
    if (first !== undefined) {
      throw new DataError(`id ${quoteValue(id)} appears twice (first at ${first})`, { file, location: at });
    }
    seen.set(id, at);
    const texts = new Map<string, string>();
    texts.set('en', strField(item, 'question', at, file));
    const tr = objField(item, 'translations', at, file);
    for (const key of Object.keys(tr).sort()) {
      const lang = normalizeLang(key);
      const tp = `${at}.translations.${key}`;
      if (lang === null) {
        throw new DataError(`unknown language code ${quoteValue(key)}`, {
          file,
          location: tp,
          hint: 'use ISO 639-1 codes',
        });
      }
      const t = tr[key];
      if (typeof t !== 'string') {
        throw new DataError(`translation should be a string, got ${t === null ? 'null' : typeof t}`, {
          file,
          location: tp,
        });
      }
      texts.set(lang, t);
    }
    const group: ParallelGroup = { key: id, queries: new Map(), positives: new Map() };
    for (const lang of languages ?? texts.keys()) {
      const t = texts.get(lang);
      if (t === undefined) {
        skips.skip({ dataset, file, location: at }, `no ${lang} translation`);
        continue;
      }
      if (t.trim() === '') {
        skips.invalid(
          { dataset, file, location: lang === 'en' ? `${at}.question` : `${at}.translations.${lang}` },
          'empty question text',
        );
        continue;
      }
      group.queries.set(lang, t);
      group.positives.set(lang, { text: t });
      questions[lang] = (questions[lang] ?? 0) + 1;
    }
    groups.push(group);
  });
  return { groups, questions };
}
