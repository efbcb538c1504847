import { compareIds } from '@hbt/core/ids';
/**
 * Row-major float32 matrices and the small helpers the search needs: row subsets, finiteness checks and
 * the id order used to break score ties.
 */

/** A row-major matrix of `vectors.length / dim` rows. `EmbeddingMatrix` from @hbt/core is one. */
export interface VectorSet {
  dim: number;
  vectors: Float32Array;
}

/** Number of rows of a {@link VectorSet}. */
export function rowCount(v: VectorSet): number {
  return v.dim > 0 ? v.vectors.length / v.dim : 0;
}

/**
 * Copy the given rows into a new contiguous matrix (in the given order); with `shared`, into a
 * SharedArrayBuffer that worker threads can read without a copy.
 *
 * @example
 * gatherRows({ dim: 2, vectors: new Float32Array([1, 2, 3, 4, 5, 6]) }, [2, 0]).vectors; // [5, 6, 1, 2]
 */
export function gatherRows(v: VectorSet, rows: ArrayLike<number>, shared = false): VectorSet {
  const { dim } = v;
  const n = rowCount(v);
  const bytes = rows.length * dim * 4;
  const out = new Float32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (!Number.isInteger(r) || r < 0 || r >= n) throw new RangeError(`row ${r} is outside [0, ${n})`);
    out.set(v.vectors.subarray(r * dim, (r + 1) * dim), i * dim);
  }
  return { dim, vectors: out };
}

/** The first row holding a NaN or ±Infinity, or -1. */
export function firstNonFiniteRow(v: VectorSet): number {
  const a = v.vectors;
  for (let i = 0; i < a.length; i++) {
    if (!Number.isFinite(a[i]!)) return Math.floor(i / v.dim);
  }
  return -1;
}

export { compareIds };

/**
 * Tie keys for a list of ids: `key[i]` is the position of `ids[i]` in code-point order, so "key
 * ascending" is "id ascending". Equal ids get distinct keys in row order.
 *
 * @example
 * idTieKeys(['d2', 'd10', 'd1']); // Int32Array [2, 1, 0]
 */
export function idTieKeys(ids: readonly string[]): Int32Array {
  const order = Array.from({ length: ids.length }, (_, i) => i);
  order.sort((a, b) => compareIds(ids[a]!, ids[b]!) || a - b);
  const key = new Int32Array(ids.length);
  order.forEach((row, rank) => {
    key[row] = rank;
  });
  return key;
}
