import { join } from 'node:path';
import { writeArtifact, writeEmbeddings } from '@hbt/core';
import type { EvalInputs } from '../lareqa/data.js';

/**
 * A hand-made dataset whose scores are written down directly: query i is the one-hot vector e_i, so the
 * dot product with a candidate is that candidate's i-th component, i.e. SCORES[query][candidate].
 *
 * Dataset "toy", languages de and en; candidates toy/en/e1..e3, toy/de/d1..d2.
 * - qa (en): relevant e1 (1) and d1 (2)
 * - qb (en): relevant e3 — ties with e1 and e2 at 0.2 (id descending puts e3 first)
 * - qc (de): relevant e2 and d2 — tie at 0.6 between e2 and d2 (toy/en/e2 > toy/de/d2, so e2 first)
 * - qd (de): nothing relevant (skipped everywhere)
 */
export const TOY_DOCS = ['toy/en/e1', 'toy/en/e2', 'toy/en/e3', 'toy/de/d1', 'toy/de/d2'];
export const TOY_QUERIES = ['toy/en/qa', 'toy/en/qb', 'toy/de/qc', 'toy/de/qd'];
export const TOY_SCORES: Record<string, number[]> = {
  //             e1    e2    e3    d1    d2
  'toy/en/qa': [0.9, 0.5, 0.1, 0.3, 0.7],
  'toy/en/qb': [0.2, 0.2, 0.2, 0.8, 0.1],
  'toy/de/qc': [0.4, 0.6, 0.0, 0.65, 0.6],
  'toy/de/qd': [0.1, 0.2, 0.3, 0.4, 0.5],
};
export const TOY_QRELS: Array<[string, string, number]> = [
  ['toy/en/qa', 'toy/en/e1', 1],
  ['toy/en/qa', 'toy/de/d1', 2],
  ['toy/en/qb', 'toy/en/e3', 1],
  ['toy/en/qb', 'toy/de/d2', 0], // judged, not relevant
  ['toy/de/qc', 'toy/en/e2', 1],
  ['toy/de/qc', 'toy/de/d2', 1],
];

const langOf = (id: string) => id.split('/')[1]!;

/** Write the toy prep artifacts and embeddings into `dir`; returns the eval stage's inputs. */
export async function writeToy(
  dir: string,
  opts: { skipQueryEmbedding?: string; bareDataset?: boolean } = {},
): Promise<EvalInputs> {
  const inputs: EvalInputs = {
    queries: join(dir, 'prep', 'queries.parquet'),
    corpus: join(dir, 'prep', 'corpus.parquet'),
    qrels: join(dir, 'prep', 'qrels.parquet'),
    queryEmbeddings: join(dir, 'index', 'queries.arrow'),
    corpusEmbeddings: join(dir, 'index', 'corpus.arrow'),
  };
  // With bareDataset: one more query, in a dataset "bare" that has no candidates at all.
  const allQueries = opts.bareDataset ? [...TOY_QUERIES, 'bare/en/q1'] : TOY_QUERIES;
  await writeArtifact(inputs.queries, 'queries', {
    query_id: allQueries,
    lang: allQueries.map(langOf),
    text: allQueries.map((q) => `question ${q}`),
    group_id: allQueries.map(() => null),
    dataset: allQueries.map((q) => q.split('/')[0]!),
  });
  await writeArtifact(inputs.corpus, 'corpus', {
    doc_id: TOY_DOCS,
    lang: TOY_DOCS.map(langOf),
    text: TOY_DOCS.map((d) => `sentence ${d}`),
    context: TOY_DOCS.map(() => null),
    group_id: TOY_DOCS.map(() => null),
    dataset: TOY_DOCS.map(() => 'toy'),
  });
  await writeArtifact(inputs.qrels, 'qrels', {
    query_id: TOY_QRELS.map((r) => r[0]),
    doc_id: TOY_QRELS.map((r) => r[1]),
    relevance: TOY_QRELS.map((r) => r[2]),
  });
  const dim = TOY_QUERIES.length;
  const queries = allQueries.filter((q) => q !== opts.skipQueryEmbedding);
  const qv = new Float32Array(queries.length * dim);
  queries.forEach((q, i) => {
    if (TOY_QUERIES.includes(q)) qv[i * dim + TOY_QUERIES.indexOf(q)] = 1;
  });
  await writeEmbeddings(inputs.queryEmbeddings, {
    ids: queries,
    langs: queries.map(langOf),
    dim,
    vectors: qv,
  });
  // Candidates in a shuffled order: the stage must not depend on the file order.
  const docs = [3, 0, 4, 2, 1].map((i) => TOY_DOCS[i]!);
  const cv = new Float32Array(docs.length * dim);
  docs.forEach((d, i) => {
    TOY_QUERIES.forEach((q, k) => {
      cv[i * dim + k] = TOY_SCORES[q]![TOY_DOCS.indexOf(d)]!;
    });
  });
  await writeEmbeddings(inputs.corpusEmbeddings, { ids: docs, langs: docs.map(langOf), dim, vectors: cv });
  return inputs;
}
