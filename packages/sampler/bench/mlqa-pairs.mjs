// Training pairs built straight from the MLQA-R JSON files, for the benchmark and the tests of
// @hbt/sampler while no prep artifact is at hand. Not part of the package's build or API: the real pairs
// come from @hbt/data-prep (`train_pairs.parquet`).
//
// Rule: the question id is the group; for each group, every (query language, passage language)
// combination of the languages the id occurs in gives one pair: query = the question in the query
// language, passage = the answer sentence in the passage language (the sentence of `sentence_breaks`
// that contains `answer_start`).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const MLQA_LANGS = ['ar', 'de', 'en', 'es', 'hi', 'vi', 'zh'];

/** The shared data folder: $HBT_DATA_MIRROR, else <repo>/../shared/data; null when absent. */
export function dataMirror() {
  const env = process.env.HBT_DATA_MIRROR;
  const here = dirname(fileURLToPath(import.meta.url));
  const dir = env !== undefined && env !== '' ? resolve(env) : resolve(here, '../../../../shared/data');
  return existsSync(join(dir, 'mlqa-r')) ? dir : null;
}

/** question id → { question, answer sentence } per language. */
function readLanguage(file) {
  const json = JSON.parse(readFileSync(file, 'utf8'));
  const out = new Map();
  for (const article of json.data) {
    for (const para of article.paragraphs) {
      for (const qa of para.qas) {
        const start = qa.answers[0].answer_start;
        let k = para.sentence_breaks.findIndex(([a, b]) => a <= start && start < b);
        if (k < 0) k = para.sentence_breaks.findLastIndex(([a]) => a <= start);
        const [a, b] = para.sentence_breaks[k];
        out.set(qa.id, { question: qa.question, sentence: para.context.slice(a, b) });
      }
    }
  }
  return out;
}

/**
 * Columns of a `train_pairs` table (ARTIFACT_SCHEMAS.train_pairs) for MLQA-R.
 * @param {string} mlqaDir folder with ar.json … zh.json
 */
export function mlqaPairs(mlqaDir) {
  const byLang = MLQA_LANGS.map((l) => readLanguage(join(mlqaDir, `${l}.json`)));
  const ids = [...new Set(byLang.flatMap((m) => [...m.keys()]))].sort();
  const cols = {
    pair_id: [],
    group_id: [],
    query_text: [],
    query_lang: [],
    pos_text: [],
    pos_lang: [],
    neg_text: [],
    dataset: [],
  };
  for (const id of ids) {
    for (let qi = 0; qi < MLQA_LANGS.length; qi++) {
      const q = byLang[qi].get(id);
      if (!q) continue;
      for (let pi = 0; pi < MLQA_LANGS.length; pi++) {
        const p = byLang[pi].get(id);
        if (!p) continue;
        cols.pair_id.push(`mlqa-r:${id}:${MLQA_LANGS[qi]}-${MLQA_LANGS[pi]}`);
        cols.group_id.push(id);
        cols.query_text.push(q.question);
        cols.query_lang.push(MLQA_LANGS[qi]);
        cols.pos_text.push(p.sentence);
        cols.pos_lang.push(MLQA_LANGS[pi]);
        cols.neg_text.push(null);
        cols.dataset.push('mlqa-r');
      }
    }
  }
  return cols;
}
