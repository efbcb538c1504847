import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeArtifact } from '@hbt/core';
import type { EvalInputs } from '../lareqa/data.js';
import { FIXTURES } from './data.js';

/** The fixture of `tooling/scripts/bitext_check.py`: bitext (bt), AfriQA-like (qa) and news datasets, dim 8. */
export const BITEXT_QA_DIR = join(FIXTURES, 'bitext-qa-dim8');

interface Row {
  id: string;
  lang: string;
  group: string | null;
  dataset: string;
}
interface Structure {
  queries: Row[];
  corpus: Row[];
  qrels: Array<{ query_id: string; doc_id: string; relevance: number }>;
  datasets: Array<{
    dataset: string;
    role: string;
    format: string;
    task: string;
    pivot: string | null;
    languages: string[];
  }>;
}

/** Rows of prep's `datasets.parquet` (`ARTIFACT_SCHEMAS.datasets`). */
export interface DatasetRows {
  dataset: string[];
  role: string[];
  format: string[];
  task: Array<string | null>;
  pivot: Array<string | null>;
  languages: string[][];
}

/** Write prep's `datasets.parquet` as data-prep does. */
export async function writeDatasets(path: string, rows: DatasetRows): Promise<void> {
  await writeArtifact(path, 'datasets', { ...rows });
}

/**
 * Write the fixture's prep tables into `dir/prep` (the embeddings stay in the fixture folder); with
 * `withDatasets: false`, no datasets.parquet (an older prep directory).
 */
export async function writeBitextQa(dir: string, opts: { withDatasets?: boolean } = {}): Promise<EvalInputs> {
  const s = JSON.parse(readFileSync(join(BITEXT_QA_DIR, 'structure.json'), 'utf8')) as Structure;
  const inputs: EvalInputs = {
    queries: join(dir, 'prep', 'queries.parquet'),
    corpus: join(dir, 'prep', 'corpus.parquet'),
    qrels: join(dir, 'prep', 'qrels.parquet'),
    queryEmbeddings: join(BITEXT_QA_DIR, 'queries.arrow'),
    corpusEmbeddings: join(BITEXT_QA_DIR, 'corpus.arrow'),
  };
  await writeArtifact(inputs.queries, 'queries', {
    query_id: s.queries.map((r) => r.id),
    lang: s.queries.map((r) => r.lang),
    text: s.queries.map((r) => `text of ${r.id}`),
    group_id: s.queries.map((r) => r.group),
    dataset: s.queries.map((r) => r.dataset),
  });
  await writeArtifact(inputs.corpus, 'corpus', {
    doc_id: s.corpus.map((r) => r.id),
    lang: s.corpus.map((r) => r.lang),
    text: s.corpus.map((r) => `text of ${r.id}`),
    context: s.corpus.map(() => null),
    group_id: s.corpus.map((r) => r.group),
    dataset: s.corpus.map((r) => r.dataset),
  });
  await writeArtifact(inputs.qrels, 'qrels', {
    query_id: s.qrels.map((r) => r.query_id),
    doc_id: s.qrels.map((r) => r.doc_id),
    relevance: s.qrels.map((r) => r.relevance),
  });
  if (opts.withDatasets !== false) {
    const path = join(dir, 'prep', 'datasets.parquet');
    await writeDatasets(path, {
      dataset: s.datasets.map((d) => d.dataset),
      role: s.datasets.map((d) => d.role),
      format: s.datasets.map((d) => d.format),
      task: s.datasets.map((d) => d.task),
      pivot: s.datasets.map((d) => d.pivot),
      languages: s.datasets.map((d) => d.languages),
    });
    inputs.datasets = path;
  }
  return inputs;
}
