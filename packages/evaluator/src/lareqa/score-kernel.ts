/**
 * A fast first pass for exact rankings: float32 matrix products on a compute backend (a native or wasm
 * BLAS through tfjs, say), whose error is bounded, so that only the candidates whose order the bound
 * leaves open need hbt's exact score (`exactScore`, the float64 sum of `scoreBlock`).
 *
 * The bound: a float32 dot product of length `dim`, summed in any order (blocked, FMA, …) by IEEE
 * float32 arithmetic, differs from the exact real product by at most γ_dim · Σ_k |q_k c_k| with
 * γ_n = n·u / (1 − n·u), u = 2⁻²⁴ (Higham, *Accuracy and Stability of Numerical Algorithms*, §3.1),
 * and Σ_k |q_k c_k| ≤ ‖q‖·‖c‖ (Cauchy–Schwarz); hbt's float64 sum is within the same bound with
 * u = 2⁻⁵³. {@link scoreErrorBound} doubles the sum of both, plus underflow's absolute error. The export
 * does not take the bound on trust: it checks the first row of every block ({@link withinBound}, every
 * 8th candidate)
 * and stops using a kernel that fails (a backend computing in lower precision, such as TF32 on a GPU),
 * and it checks every exact score it computes, scoring a query again exactly where one fails.
 *
 * @example
 * const block = kernel.prepare(docVectors, numDocs, dim);
 * const approx = await block.scores(queryVectors.subarray(q0 * dim, (q0 + rows) * dim), rows); // [rows, numDocs]
 * block.dispose();
 */
export interface ScoreKernel {
  /** A name for logs, e.g. the tfjs backend's (`tensorflow`, `wasm`). */
  readonly name: string;
  /** Keep the candidate rows (row-major `[n, dim]`) ready for products with query blocks. */
  prepare(vectors: Float32Array, n: number, dim: number): PreparedCandidates;
}

/** Candidates held by a {@link ScoreKernel}. */
export interface PreparedCandidates {
  /** Float32 dot products of `rows` query rows (row-major `[rows, dim]`) with every candidate: `[rows, n]`. */
  scores(queries: Float32Array, rows: number): Promise<Float32Array>;
  /** Release what {@link ScoreKernel.prepare} holds. Safe to call twice. */
  dispose(): void;
}

const U32 = 2 ** -24;
const U64 = 2 ** -53;

/**
 * The most a kernel's float32 product of a query of norm `queryNorm` with a candidate of norm at most
 * `maxDocNorm` can differ from {@link exactScore} (see the module comment; a factor 2 of margin).
 */
export function scoreErrorBound(dim: number, queryNorm: number, maxDocNorm: number): number {
  const gamma = (u: number) => (dim * u) / (1 - dim * u);
  return 2 * (gamma(U32) + gamma(U64)) * queryNorm * maxDocNorm + dim * 2 ** -148;
}

/**
 * hbt's score of query row `qi` of `q` and candidate row `c` of `docs`: the float64 sum in k order of
 * the (exact) products of float32 components, bit for bit the value `scoreBlock` computes.
 */
export function exactScore(q: Float32Array, qi: number, docs: Float32Array, c: number, dim: number): number {
  const a = qi * dim;
  const b = c * dim;
  let s = 0;
  for (let k = 0; k < dim; k++) s += q[a + k]! * docs[b + k]!;
  return s;
}

/**
 * {@link exactScore} of query row `qi` with candidates `cands[0 … count)` into `out`, four at a time
 * (four independent sums, each in k order: the same values, about four times the throughput).
 */
export function exactScores(
  q: Float32Array,
  qi: number,
  docs: Float32Array,
  cands: ArrayLike<number>,
  count: number,
  dim: number,
  out: Float64Array,
): void {
  const a = qi * dim;
  let j = 0;
  for (; j + 4 <= count; j += 4) {
    const b0 = cands[j]! * dim;
    const b1 = cands[j + 1]! * dim;
    const b2 = cands[j + 2]! * dim;
    const b3 = cands[j + 3]! * dim;
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    for (let k = 0; k < dim; k++) {
      const x = q[a + k]!;
      s0 += x * docs[b0 + k]!;
      s1 += x * docs[b1 + k]!;
      s2 += x * docs[b2 + k]!;
      s3 += x * docs[b3 + k]!;
    }
    out[j] = s0;
    out[j + 1] = s1;
    out[j + 2] = s2;
    out[j + 3] = s3;
  }
  for (; j < count; j++) out[j] = exactScore(q, qi, docs, cands[j]!, dim);
}

/** Euclidean norm of row `i` of a row-major matrix, in float64. */
export function rowNorm(v: Float32Array, i: number, dim: number): number {
  let s = 0;
  for (let k = i * dim; k < (i + 1) * dim; k++) s += v[k]! * v[k]!;
  return Math.sqrt(s);
}

/**
 * Whether the scores of `approx` (query row `qi` against candidates `c0, c0 + 1, …`) at every `stride`-th
 * candidate are within `err` of {@link exactScore}.
 */
export function withinBound(
  approx: Float32Array,
  queries: Float32Array,
  qi: number,
  docs: Float32Array,
  c0: number,
  dim: number,
  err: number,
  stride = 1,
): boolean {
  for (let j = 0; j < approx.length; j += stride)
    if (!(Math.abs(approx[j]! - exactScore(queries, qi, docs, c0 + j, dim)) <= err)) return false;
  return true;
}
