import type { Rng } from '@hbt/core';
import type { IrDoc, IrQrel } from '../readers/ir.js';
import type { Skips } from '../skips.js';
import type { EvalTables, Pair } from '../tables.js';
import type { EvalLangStats } from './squad.js';

/** One language of an ad-hoc retrieval dataset (MIRACL, BEIR), as read. */
export interface IrLang {
  lang: string;
  queriesFile: string;
  /** Query text by id, in file order. */
  queries: Map<string, string>;
  docs: IrDoc[];
  qrels: IrQrel[];
}

/** A query with the judgments that survived: their docs are in the corpus. */
interface Judged {
  id: string;
  text: string;
  qrels: IrQrel[];
}

/**
 * The usable judgments of one language: qrels whose query and passage both exist (the others are
 * skipped and counted), grouped by query, keeping only queries with at least one relevant (> 0)
 * passage. Queries with judgments but no relevant passage in the corpus are skipped; queries without
 * any judgment are skipped when `unjudged` is `'skip'` (MIRACL topics) and ignored when `'ignore'`
 * (BEIR's queries.jsonl holds every split's queries).
 */
export function judgedQueries(
  dataset: string,
  l: IrLang,
  docIds: ReadonlySet<string>,
  skips: Skips,
  unjudged: 'skip' | 'ignore',
): Judged[] {
  const byQuery = new Map<string, IrQrel[]>();
  for (const q of l.qrels) {
    const where = { dataset, file: q.file, location: q.location };
    if (!l.queries.has(q.queryId)) {
      skips.skip(where, 'judged query is not in the queries file');
      continue;
    }
    if (!docIds.has(q.docId)) {
      skips.skip(where, 'judged passage is not in the corpus');
      continue;
    }
    let list = byQuery.get(q.queryId);
    if (!list) {
      list = [];
      byQuery.set(q.queryId, list);
    }
    list.push(q);
  }
  const out: Judged[] = [];
  for (const [id, text] of l.queries) {
    const qrels = byQuery.get(id);
    const where = { dataset, file: l.queriesFile, location: `query ${id}` };
    if (qrels === undefined) {
      if (unjudged === 'skip') skips.skip(where, 'query has no judgment in the qrels');
      continue;
    }
    if (!qrels.some((q) => q.relevance > 0)) {
      skips.skip(where, 'query has no relevant passage in the corpus');
      continue;
    }
    out.push({ id, text, qrels });
  }
  return out;
}

/**
 * Corpus, queries and qrels of an ad-hoc retrieval language: every passage (`doc_id` =
 * `<dataset>/<lang>/<docid>`, `context` = its title or null), every judged query with a relevant
 * passage (`query_id` = `<dataset>/<lang>/<qid>`, `group_id` the same: queries of different languages
 * are not parallel), and their judgments with the graded relevance as given (0 = judged non-relevant).
 */
export function addIrEval(
  dataset: string,
  l: IrLang,
  tables: EvalTables,
  skips: Skips,
  unjudged: 'skip' | 'ignore',
): EvalLangStats {
  const ids = new Set(l.docs.map((d) => d.id));
  for (const d of l.docs) {
    tables.addDoc({
      doc_id: `${dataset}/${l.lang}/${d.id}`,
      lang: l.lang,
      text: d.text,
      context: d.title.trim() === '' ? null : d.title,
      group_id: null,
      dataset,
    });
  }
  const judged = judgedQueries(dataset, l, ids, skips, unjudged);
  let qrels = 0;
  for (const q of judged) {
    const qid = `${dataset}/${l.lang}/${q.id}`;
    tables.addQuery({ query_id: qid, lang: l.lang, text: q.text, group_id: qid, dataset });
    for (const r of q.qrels) {
      tables.addQrel(qid, `${dataset}/${l.lang}/${r.docId}`, r.relevance);
      qrels++;
    }
  }
  return { questions: judged.length, candidates: l.docs.length, qrels };
}

/**
 * Training pairs of an ad-hoc retrieval language: one per (query, relevant passage). With
 * `hardNegatives`, the negative is one of the query's judged non-relevant passages, drawn by
 * `rng.derive(dataset, 'negative', lang, qid, docid)`.
 */
export function irPairs(
  dataset: string,
  l: IrLang,
  skips: Skips,
  unjudged: 'skip' | 'ignore',
  opts: { hardNegatives: boolean; rng: Rng },
): Pair[] {
  const docs = new Map(l.docs.map((d) => [d.id, d]));
  const out: Pair[] = [];
  for (const q of judgedQueries(dataset, l, new Set(docs.keys()), skips, unjudged)) {
    const pool = q.qrels.filter((r) => r.relevance <= 0).map((r) => docs.get(r.docId)!.text);
    for (const r of q.qrels) {
      if (r.relevance <= 0) continue;
      const neg =
        opts.hardNegatives && pool.length > 0
          ? opts.rng.derive(dataset, 'negative', l.lang, q.id, r.docId).choice(pool)
          : null;
      out.push({
        pair_id: `${dataset}/${l.lang}/${q.id}/${r.docId}`,
        group_id: `${dataset}/${l.lang}/${q.id}`,
        query_text: q.text,
        query_lang: l.lang,
        pos_text: docs.get(r.docId)!.text,
        pos_lang: l.lang,
        neg_text: neg,
        dataset,
      });
    }
  }
  return out;
}
