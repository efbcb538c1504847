import { DataError, quoteValue } from '@hbt/core';

/**
 * The rows prep writes, collected column by column (the layout `writeArtifact` takes). Ids are checked
 * for uniqueness as they are added, so two datasets or languages can never share a `doc_id`,
 * `query_id` or `pair_id`.
 */
export class EvalTables {
  readonly corpus = {
    doc_id: [] as string[],
    lang: [] as string[],
    text: [] as string[],
    context: [] as Array<string | null>,
    group_id: [] as Array<string | null>,
    dataset: [] as string[],
  };
  readonly queries = {
    query_id: [] as string[],
    lang: [] as string[],
    text: [] as string[],
    group_id: [] as Array<string | null>,
    dataset: [] as string[],
  };
  readonly qrels = { query_id: [] as string[], doc_id: [] as string[], relevance: [] as number[] };
  private readonly docIds = new Set<string>();
  private readonly queryIds = new Set<string>();

  addDoc(d: {
    doc_id: string;
    lang: string;
    text: string;
    context: string | null;
    group_id: string | null;
    dataset: string;
  }): void {
    if (this.docIds.has(d.doc_id)) throw duplicate('doc_id', d.doc_id);
    this.docIds.add(d.doc_id);
    const c = this.corpus;
    c.doc_id.push(d.doc_id);
    c.lang.push(d.lang);
    c.text.push(d.text);
    c.context.push(d.context);
    c.group_id.push(d.group_id);
    c.dataset.push(d.dataset);
  }

  addQuery(q: {
    query_id: string;
    lang: string;
    text: string;
    group_id: string | null;
    dataset: string;
  }): void {
    if (this.queryIds.has(q.query_id)) throw duplicate('query_id', q.query_id);
    this.queryIds.add(q.query_id);
    const t = this.queries;
    t.query_id.push(q.query_id);
    t.lang.push(q.lang);
    t.text.push(q.text);
    t.group_id.push(q.group_id);
    t.dataset.push(q.dataset);
  }

  addQrel(queryId: string, docId: string, relevance: number): void {
    this.qrels.query_id.push(queryId);
    this.qrels.doc_id.push(docId);
    this.qrels.relevance.push(relevance);
  }

  hasDoc(id: string): boolean {
    return this.docIds.has(id);
  }
}

/** One training pair (a `train_pairs` row). */
export interface Pair {
  pair_id: string;
  group_id: string;
  query_text: string;
  query_lang: string;
  pos_text: string;
  pos_lang: string;
  neg_text: string | null;
  dataset: string;
}

/** Pairs as `train_pairs` columns. */
export function pairColumns(pairs: readonly Pair[]): Record<keyof Pair, Array<string | null>> {
  const cols: Record<keyof Pair, Array<string | null>> = {
    pair_id: [],
    group_id: [],
    query_text: [],
    query_lang: [],
    pos_text: [],
    pos_lang: [],
    neg_text: [],
    dataset: [],
  };
  for (const p of pairs) {
    for (const k of Object.keys(cols) as Array<keyof Pair>) cols[k].push(p[k]);
  }
  return cols;
}

/** Fail on a pair id seen before. */
export function checkUniquePairIds(pairs: readonly Pair[]): void {
  const seen = new Set<string>();
  for (const p of pairs) {
    if (seen.has(p.pair_id)) throw duplicate('pair_id', p.pair_id);
    seen.add(p.pair_id);
  }
}

function duplicate(what: string, id: string): DataError {
  return new DataError(`duplicate ${what} ${quoteValue(id)}`, {
    hint: 'ids are <dataset>/<lang>/<id>: give datasets distinct names, and keep ids unique within a file',
  });
}
