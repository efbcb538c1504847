import { DataError } from './errors.js';
import { compareIds } from './ids.js';
import { readTable, writeTable } from './parquet.js';
import { ARTIFACT_SCHEMAS, columnSpecs, SCHEMA_VERSION } from './schemas.js';

/**
 * The teacher's vectors of the distillation source texts (`variants/<v>/teacher/embeddings.parquet`,
 * ARTIFACT_SCHEMAS.teacher_embeddings): written by `@hbt/teacher`, read by the trainer's `distill`
 * objective. Texts are unique and sorted in code-point order (`compareIds`); every vector has `dim` values.
 */
export class TeacherEmbeddings {
  private readonly rows: Map<string, number>;

  /** `vectors` is row-major `[texts.length * dim]`. */
  constructor(
    readonly texts: readonly string[],
    readonly dim: number,
    readonly vectors: Float32Array,
  ) {
    this.rows = new Map(texts.map((t, i) => [t, i]));
  }

  /** The teacher vector of `text` (a view into {@link vectors}), or null when the text is not there. */
  get(text: string): Float32Array | null {
    const i = this.rows.get(text);
    return i === undefined ? null : this.vectors.subarray(i * this.dim, (i + 1) * this.dim);
  }
}

/**
 * Write the teacher embeddings atomically; `texts` must be unique and sorted (`compareIds`), `vectors`
 * row-major `[texts.length * dim]`. Returns the number of rows.
 *
 * @example
 * await writeTeacherEmbeddings('teacher/embeddings.parquet', ['a', 'b'], new Float32Array(2 * 8), 8);
 */
export async function writeTeacherEmbeddings(
  path: string,
  texts: readonly string[],
  vectors: Float32Array,
  dim: number,
  metadata: Record<string, string> = {},
): Promise<number> {
  if (vectors.length !== texts.length * dim)
    throw new RangeError(`${vectors.length} values for ${texts.length} texts of dimension ${dim}`);
  for (let i = 1; i < texts.length; i++) {
    if (compareIds(texts[i - 1]!, texts[i]!) >= 0)
      throw new RangeError(`texts must be unique and sorted (row ${i}: ${JSON.stringify(texts[i])})`);
  }
  const specs = columnSpecs(ARTIFACT_SCHEMAS.teacher_embeddings).map((s) =>
    s.name === 'embedding' ? { ...s, listSize: dim } : s,
  );
  const embedding = texts.map((_, i) => vectors.subarray(i * dim, (i + 1) * dim));
  return writeTable(
    path,
    specs,
    { text: texts, embedding },
    {
      'hbt.artifact': 'teacher_embeddings',
      'hbt.schema_version': String(SCHEMA_VERSION),
      'hbt.dim': String(dim),
      ...metadata,
    },
  );
}

/**
 * Read and check a teacher `embeddings.parquet`: columns `text` and `embedding`, every vector of one
 * length, texts unique and sorted. A violation → {@link DataError} naming the file and row.
 *
 * @example
 * const t = await readTeacherEmbeddings('artifacts/variants/distill/teacher/embeddings.parquet');
 * t.get('Hello') // Float32Array(t.dim) or null
 */
export async function readTeacherEmbeddings(path: string): Promise<TeacherEmbeddings> {
  const t = await readTable(path, { columns: ['text', 'embedding'] });
  const texts = t.columns.text as unknown[];
  const rows = t.columns.embedding as unknown[];
  const hint = 'rebuild it with `hbt teacher --config …`';
  const dim = t.numRows > 0 ? ((rows[0] as ArrayLike<number> | null)?.length ?? 0) : 0;
  const vectors = new Float32Array(t.numRows * dim);
  for (let i = 0; i < t.numRows; i++) {
    const text = texts[i];
    const v = rows[i] as ArrayLike<number> | null;
    if (typeof text !== 'string')
      throw new DataError(`row ${i + 1}: text is not a string`, { file: path, hint });
    if (i > 0 && compareIds(texts[i - 1] as string, text) >= 0)
      throw new DataError(`row ${i + 1}: texts are not unique and sorted`, { file: path, hint });
    if (v == null || v.length !== dim || dim === 0)
      throw new DataError(
        `row ${i + 1}: embedding has ${v?.length ?? 0} values, expected ${dim} (the first row's)`,
        { file: path, hint },
      );
    vectors.set(v, i * dim);
  }
  return new TeacherEmbeddings(texts as string[], dim, vectors);
}
