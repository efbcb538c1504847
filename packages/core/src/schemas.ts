import { Bool, Field, Float32, Float64, Int32, List, Schema, Utf8 } from 'apache-arrow';

/**
 * Arrow schemas of every artifact (architecture.md §2), defined once. Stages import these; Parquet files
 * are written from them (see `parquet.ts`) and carry `hbt.artifact` / `hbt.schema_version` metadata.
 *
 * Bump {@link SCHEMA_VERSION} when a column is added, removed or changes type.
 */
export const SCHEMA_VERSION = 1;

const f = (name: string, type: Field['type'], nullable = false) => new Field(name, type, nullable);
const utf8 = () => new Utf8();
const listF32 = () => new List(new Field('element', new Float32(), false));

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
  train_pairs: new Schema([
    f('pair_id', utf8()),
    f('group_id', utf8()),
    f('query_text', utf8()),
    f('query_lang', utf8()),
    f('pos_text', utf8()),
    f('pos_lang', utf8()),
    f('neg_text', utf8(), true),
    f('dataset', utf8()),
  ]),
  batches: new Schema([
    f('step', new Int32()),
    f('slot', new Int32()),
    f('pair_id', utf8()),
    f('kind', utf8()),
    f('query_lang', utf8()),
    f('pos_lang', utf8()),
  ]),
  embeddings: new Schema([f('id', utf8()), f('lang', utf8()), f('embedding', listF32())]),
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
    f('pairs_per_s', new Float64(), true), // null in artifacts: timings would break byte-identity
    f('val_loss', new Float64(), true),
  ]),
} as const;

export type ArtifactName = keyof typeof ARTIFACT_SCHEMAS;

/** A plain-JS column type, the subset of Arrow types artifacts use. */
export type ColumnKind = 'string' | 'int32' | 'float32' | 'float64' | 'bool' | 'list<float32>';

export interface ColumnSpec {
  name: string;
  kind: ColumnKind;
  nullable: boolean;
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
  throw new Error(`unsupported column type ${String(t)} for ${fl.name}`);
}

/** Column specs written directly, for tables that are not one of the named artifacts. */
export function specs(list: Array<[name: string, kind: ColumnKind, nullable?: boolean]>): ColumnSpec[] {
  return list.map(([name, kind, nullable]) => ({ name, kind, nullable: nullable ?? false }));
}
