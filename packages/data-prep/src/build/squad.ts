import type { SquadFile } from '../readers/lareqa.js';
import type { Skips } from '../skips.js';
import type { EvalTables } from '../tables.js';
import type { ParallelGroup } from './parallel.js';

/** Per-language counts of an eval dataset. */
export interface EvalLangStats {
  questions: number;
  candidates: number;
  qrels: number;
}

/**
 * Corpus, queries and qrels of a LAReQA (or SQuAD) dataset, LAReQA's way:
 *
 * - candidates: every sentence of every paragraph that has at least one question, one per (paragraph,
 *   position) — not deduplicated by text; `doc_id` = `<dataset>/<lang>/<paragraph>-<position>`,
 *   `context` = the paragraph (lareqa mode; null in squad mode, where the text is the paragraph);
 * - queries: every question; `query_id` = `<dataset>/<lang>/<question id>`, `group_id` =
 *   `<dataset>/<question id>` (shared by the translations);
 * - qrels: a question's relevant candidates are the answer sentences of every question with the same
 *   id, in every language (relevance 1);
 * - a candidate's `group_id` is the group of the first question it answers, or null.
 *
 * `files` must be in language order; the output follows it.
 */
export function addSquadEval(
  dataset: string,
  files: readonly SquadFile[],
  mode: 'lareqa' | 'squad',
  tables: EvalTables,
  skips: Skips,
): Record<string, EvalLangStats> {
  const docId = (lang: string, p: number, s: number) => `${dataset}/${lang}/${p}-${s}`;
  const answersOf = new Map<string, string[]>();
  const stats: Record<string, EvalLangStats> = {};
  for (const f of files) {
    const firstGroup = new Map<string, string>();
    const used = new Set<number>();
    for (const q of f.questions) {
      used.add(q.paragraph);
      let list = answersOf.get(q.id);
      if (!list) {
        list = [];
        answersOf.set(q.id, list);
      }
      for (const s of q.answers) {
        const id = docId(f.lang, q.paragraph, s);
        list.push(id);
        if (!firstGroup.has(id)) firstGroup.set(id, `${dataset}/${q.id}`);
      }
    }
    let candidates = 0;
    for (const p of f.paragraphs) {
      if (!used.has(p.index)) continue;
      p.sentences.forEach((text, s) => {
        if (text.trim() === '') {
          skips.skip(
            { dataset, file: f.file, location: `${p.location}.sentence_breaks[${s}]` },
            'empty sentence, not a candidate',
          );
          return;
        }
        const id = docId(f.lang, p.index, s);
        tables.addDoc({
          doc_id: id,
          lang: f.lang,
          text,
          context: mode === 'lareqa' ? p.context : null,
          group_id: firstGroup.get(id) ?? null,
          dataset,
        });
        candidates++;
      });
    }
    for (const q of f.questions) {
      tables.addQuery({
        query_id: `${dataset}/${f.lang}/${q.id}`,
        lang: f.lang,
        text: q.text,
        group_id: `${dataset}/${q.id}`,
        dataset,
      });
    }
    stats[f.lang] = { questions: f.questions.length, candidates, qrels: 0 };
  }
  for (const f of files) {
    let n = 0;
    for (const q of f.questions) {
      for (const d of answersOf.get(q.id) ?? []) {
        tables.addQrel(`${dataset}/${f.lang}/${q.id}`, d, 1);
        n++;
      }
    }
    stats[f.lang]!.qrels = n;
  }
  return stats;
}

/**
 * The parallel groups of a LAReQA/SQuAD dataset for training pairs: one per question id, with the
 * question in each language and, as positive, the sentence holding its answer; the other sentences of
 * that paragraph (distinct, non-empty, not equal to the positive) are the hard-negative pool.
 */
export function squadGroups(files: readonly SquadFile[]): ParallelGroup[] {
  const groups = new Map<string, ParallelGroup>();
  for (const f of files) {
    for (const q of f.questions) {
      let g = groups.get(q.id);
      if (!g) {
        g = { key: q.id, queries: new Map(), positives: new Map() };
        groups.set(q.id, g);
      }
      const para = f.paragraphs[q.paragraph]!;
      const pos = para.sentences[q.sentence]!;
      const pool = [...new Set(para.sentences)].filter((s) => s !== pos && s.trim() !== '');
      g.queries.set(f.lang, q.text);
      g.positives.set(f.lang, { text: pos, negativePool: pool });
    }
  }
  return [...groups.values()];
}
