import { DataError, readTable } from '@hbt/core';

/** The columns of `corpus.parquet` / `queries.parquet` the index stage uses, one entry per row. */
export interface TextTable {
  file: string;
  ids: string[];
  langs: string[];
  texts: string[];
  /** `context` (corpus only; null entries where absent). */
  contexts: Array<string | null>;
  datasets: string[];
}

/** How a candidate is encoded (`config.index.candidate_text`). */
export type CandidateText = 'sentence' | 'sentence+context';

/**
 * Read a prep table (`corpus` or `queries`): ids must be non-empty and unique, text/lang/dataset
 * strings. Errors name the file, the row (1-based) and the field.
 *
 * @example
 * const corpus = await readTextTable('artifacts/prep/corpus.parquet', 'doc_id');
 */
export async function readTextTable(file: string, idColumn: 'doc_id' | 'query_id'): Promise<TextTable> {
  const want = [idColumn, 'lang', 'text', 'dataset'];
  const t = await readTable(file);
  for (const c of want) {
    if (!t.columns[c]) {
      throw new DataError(`column "${c}" is missing`, {
        file,
        hint: `expected the ${idColumn === 'doc_id' ? 'corpus' : 'queries'} artifact of \`hbt prep\`; re-run prep`,
      });
    }
  }
  const str = (c: string) =>
    t.columns[c]!.map((v, i) => {
      if (typeof v !== 'string') {
        throw new DataError(`"${c}" must be a string, got ${v === null ? 'null' : typeof v}`, {
          file,
          location: `row ${i + 1}`,
        });
      }
      return v;
    });
  const ids = str(idColumn);
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    if (id === '') throw new DataError(`empty ${idColumn}`, { file, location: `row ${i + 1}` });
    const prev = seen.get(id);
    if (prev !== undefined) {
      throw new DataError(`duplicate ${idColumn} "${id}" (also row ${prev + 1})`, {
        file,
        location: `row ${i + 1}`,
        hint: 'ids must be unique; re-run prep',
      });
    }
    seen.set(id, i);
  });
  const ctx = t.columns.context;
  return {
    file,
    ids,
    langs: str('lang'),
    texts: str('text'),
    contexts: ids.map((_, i) => (ctx && typeof ctx[i] === 'string' ? (ctx[i] as string) : null)),
    datasets: str('dataset'),
  };
}

/**
 * The text a candidate is encoded from: the sentence, or (XTREME-R's LAReQA encoding) the sentence, a
 * space and its context paragraph when it has one. XTREME-R concatenates without the space; the space
 * keeps the last word of the sentence and the first of the context apart (BERT splits on punctuation
 * either way).
 *
 * @example
 * candidateTexts({ texts: ['B.'], contexts: ['A. B. C.'] }, 'sentence+context'); // ['B. A. B. C.']
 */
export function candidateTexts(t: Pick<TextTable, 'texts' | 'contexts'>, mode: CandidateText): string[] {
  if (mode === 'sentence') return t.texts.slice();
  return t.texts.map((s, i) => {
    const c = t.contexts[i];
    return c === null || c === undefined || c === '' ? s : `${s} ${c}`;
  });
}

/** Row numbers per value, values in code-unit order (datasets, languages). */
export function groupRows(values: readonly string[]): Map<string, Int32Array> {
  const m = new Map<string, number[]>();
  values.forEach((v, i) => {
    let a = m.get(v);
    if (!a) {
      a = [];
      m.set(v, a);
    }
    a.push(i);
  });
  return new Map([...m.keys()].sort().map((k) => [k, Int32Array.from(m.get(k)!)]));
}
