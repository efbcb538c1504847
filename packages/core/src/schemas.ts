import { Bool, Field, Float32, Float64, Int32, List, Schema, Utf8 } from 'apache-arrow';

/**
 * Arrow schemas of every artifact (architecture.md §2), defined once. Stages import these; Parquet files
 * are written from them (see `parquet.ts`) and carry `hbt.artifact` / `hbt.schema_version` metadata.
 *
 * Bump {@link SCHEMA_VERSION} when a column is added, removed or changes type.
 */
export const SCHEMA_VERSION = 2; // 2: val_pairs and train_timing tags; train_log without pairs_per_s

const f = (name: string, type: Field['type'], nullable = false) => new Field(name, type, nullable);
const utf8 = () => new Utf8();
const listF32 = () => new List(new Field('element', new Float32(), false));

function pairFields(): Field[] {
  return [
    f('pair_id', utf8()),
    f('group_id', utf8()),
    f('query_text', utf8()),
    f('query_lang', utf8()),
    f('pos_text', utf8()),
    f('pos_lang', utf8()),
    f('neg_text', utf8(), true),
    f('dataset', utf8()),
  ];
}

export const ARTIFACT_SCHEMAS = {
  corpus: new Schema([
    f('doc_id', utf8()),
    f('lang', utf8()),
    f('text', utf8()),
    f('context', utf8(), true),
    f('group_id', utf8(), true),
    f('dataset', utf8()),
  ]),
  queries: new Schema([
    f('query_id', utf8()),
    f('lang', utf8()),
    f('text', utf8()),
    f('group_id', utf8(), true),
    f('dataset', utf8()),
  ]),
  qrels: new Schema([f('query_id', utf8()), f('doc_id', utf8()), f('relevance', new Int32())]),
  train_pairs: new Schema(pairFields()),
  /** The held-out pairs of prep (`val_pairs.parquet`): the columns of `train_pairs`. */
  val_pairs: new Schema(pairFields()),
  batches: new Schema([
    f('step', new Int32()),
    f('slot', new Int32()),
    f('pair_id', utf8()),
    f('kind', utf8()),
    f('query_lang', utf8()),
    f('pos_lang', utf8()),
  ]),
  // The index stage's Arrow IPC files store `embedding` as FixedSizeList<Float32>[dim] (embeddings-ipc.ts);
  // a Parquet table of embeddings (`hbt embed`) gives its spec a `listSize` to record the same type.
  embeddings: new Schema([f('id', utf8()), f('lang', utf8()), f('embedding', listF32())]),
  /**
   * The teacher stage's `embeddings.parquet` (`variants/<v>/teacher/`): one row per unique source text,
   * sorted in code-point order; `embedding` is written as FixedSizeList<Float32>[dim] (see teacher-embeddings.ts).
   */
  teacher_embeddings: new Schema([f('text', utf8()), f('embedding', listF32())]),
  /**
   * prep's `datasets.parquet`: one row per (dataset, role) with the dataset's evaluation task (`lareqa`,
   * `trec`, `bitext`, `qa`, `news`; null for training-only formats), its pivot language (bitext xx ↔ pivot,
   * QA passages) and its languages, so the evaluator knows how to evaluate each dataset.
   */
  datasets: new Schema([
    f('dataset', utf8()),
    f('role', utf8()),
    f('format', utf8()),
    f('task', utf8(), true),
    f('pivot', utf8(), true),
    f('languages', new List(new Field('element', utf8(), false))),
  ]),
  run: new Schema([
    f('query_id', utf8()),
    f('doc_id', utf8()),
    f('rank', new Int32()),
    f('score', new Float32()),
  ]),
  metrics: new Schema([
    f('dataset', utf8()),
    f('setting', utf8()),
    f('query_lang', utf8()),
    f('doc_lang', utf8()),
    f('measure', utf8()),
    f('value', new Float64()),
    f('n_queries', new Int32()),
  ]),
  per_query: new Schema([
    f('dataset', utf8()),
    f('setting', utf8()),
    f('query_lang', utf8()),
    f('doc_lang', utf8()),
    f('query_id', utf8()),
    f('measure', utf8()),
    f('value', new Float64()),
  ]),
  train_log: new Schema([
    f('step', new Int32()),
    f('loss', new Float64()),
    f('lr', new Float64()),
    f('grad_norm', new Float64()),
    f('val_loss', new Float64(), true),
  ]),
  /**
   * Wall-clock speed of each training step run in this process (`train/.timing.parquet`): outside the
   * manifest's hashes, since timings differ between identical runs; join with train_log on `step`.
   */
  train_timing: new Schema([
    f('step', new Int32()),
    f('seconds', new Float64()),
    f('pairs', new Int32()),
    f('pairs_per_s', new Float64()),
  ]),
} as const;

export type ArtifactName = keyof typeof ARTIFACT_SCHEMAS;

/** A plain-JS column type, the subset of Arrow types artifacts use. */
export type ColumnKind =
  | 'string'
  | 'int32'
  | 'float32'
  | 'float64'
  | 'bool'
  | 'list<float32>'
  | 'list<string>';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
  /**
   * For `list<float32>`: every row has this many values (an embedding of dimension `listSize`). The file
   * then records the column as Arrow `FixedSizeList<Float32>[listSize]` (its `ARROW:schema` metadata),
   * which pyarrow and polars read as such; Parquet itself has no fixed-size list.
   */
  listSize?: number;
}

/** The column list of an Arrow schema in plain terms. */
export function columnSpecs(schema: Schema): ColumnSpec[] {
  return schema.fields.map((fl) => ({ name: fl.name, kind: kindOf(fl), nullable: fl.nullable }));
}

function kindOf(fl: Field): ColumnKind {
  const t = fl.type;
  if (t instanceof Utf8) return 'string';
  if (t instanceof Int32) return 'int32';
  if (t instanceof Float32) return 'float32';
  if (t instanceof Float64) return 'float64';
  if (t instanceof Bool) return 'bool';
  if (t instanceof List && t.children[0]?.type instanceof Float32) return 'list<float32>';
  if (t instanceof List && t.children[0]?.type instanceof Utf8) return 'list<string>';
  throw new Error(`unsupported column type ${String(t)} for ${fl.name}`);
}

/**
 * Column specs written directly, for tables that are not one of the named artifacts.
 *
 * @example
 * specs([['id', 'string'], ['embedding', 'list<float32>', false, 768]]); // a FixedSizeList<Float32>[768]
 */
export function specs(
  list: Array<[name: string, kind: ColumnKind, nullable?: boolean, listSize?: number]>,
): ColumnSpec[] {
  return list.map(([name, kind, nullable, listSize]) => ({
    name,
    kind,
    nullable: nullable ?? false,
    ...(listSize !== undefined ? { listSize } : {}),
  }));
}
