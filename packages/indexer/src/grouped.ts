import { tf } from '@hbt/models';
import { blockRanges } from './engines.js';
import type { BlockJob } from './search.js';
import type { TopK } from './topk.js';
import { rowCount, type VectorSet } from './vectors.js';

/**
 * Grouped exact search for the tfjs engine: keeps the score matrix on the device and downloads only
 * the candidates that can reach a top k. Made for the native `tensorflow` backend, whose matMul is fast
 * but whose `data()` copies only about 1.4 GB/s (downloading every score was most of the search time).
 *
 * For a query block and a candidate block of `groups × g` candidates (+ a tail of fewer than g):
 *
 * 1. `S = Q · Cᵀ` on the device; `M = max(S.reshape([bq, groups, g]), 2)`: each group's best score.
 * 2. `topk(M, k + 1, unsorted)`: the k + 1 best groups per query; `t` = the least of their maxima, so
 *    every group left out has all its scores ≤ t.
 * 3. Download `t`, the group numbers and only those groups' scores (`gather`: (k+1)·g floats per query
 *    instead of the whole row); the tail's scores are downloaded in full.
 * 4. Offer the scores above `t` to the query's bounded heap (`TopK.offer` compares items on equal
 *    scores, so the order of the offers does not matter), then the tail in candidate order.
 *
 * Exactness: if, after the offers, the heap is full and its worst kept score is strictly above `t`, no
 * left-out score (≤ t) nor skipped score (≤ t) could have entered it. Otherwise (an exact tie at the
 * boundary) the heap is restored and the query's whole score row is offered, as the plain path does, so
 * the tie rule (candidate position ascending) holds. Scores are the same floats as the plain path's (one
 * matMul; max / topk / gather move values, they compute none).
 *
 * Query blocks whose scores might overflow float32 (Σ|q|·Σ|c| above 1e35, where an Infinity or NaN could
 * appear; NaN inputs included) and candidate blocks of at most k groups take the plain path: download
 * all scores.
 */

/**
 * `auto` group size on the `tensorflow` backend: the power of two at or below √(2·candidates/k), within
 * [8, 64]. The top-k pass costs ∝ candidates/g, the gather and the heap offers ∝ k·g; measured optimum:
 * 16 for 13,014 candidates (8, 12, 24, 32 slower) and 32 for 100,000 (16, 24, 64 slower), k = 100.
 */
export function autoGroupSize(nCand: number, k: number): number {
  const ideal = Math.sqrt((2 * nCand) / Math.max(1, k));
  return Math.min(64, Math.max(8, 2 ** Math.floor(Math.log2(Math.max(1, ideal)))));
}

/** Default score floats per block on the grouped path (128 MB): 1024 queries × 32,768 candidates. */
export const GROUPED_BLOCK_FLOATS = 1 << 25;

/**
 * Largest Σ|q|·Σ|c| for which no Infinity / NaN can arise in a score (float32 max is 3.4e38), with a
 * wide margin for the float32 rounding of the sums themselves.
 */
const SAFE_BOUND = 1e35;

interface GroupedBlock {
  start: number;
  /** Groups of `g` candidates in the main part, `[start, start + groups·g)`. */
  groups: number;
  /** Candidates in the tail, after the groups. */
  tailWidth: number;
  /**
   * Whether `main` / `tail` are stored transposed, `[dim, width]` (wasm / cpu: there `matMul(q, c, false,
   * true)` is far slower). On `tensorflow` they stay `[width, dim]`: transposeB costs nothing there,
   * gives bit-identical scores (checked on the bench vectors) and saves a copy of the candidates.
   */
  transposed: boolean;
  /** The main part's candidate vectors (null when groups = 0). */
  main: tf.Tensor2D | null;
  /** The tail's candidate vectors (null when tailWidth = 0). */
  tail: tf.Tensor2D | null;
}

/** The group size for a search: `auto` → {@link autoGroupSize} for tfjs on `tensorflow`, else 0 (off). */
export function resolveGroupSize(pref: number | 'auto', engine: string, nCand: number, k: number): number {
  if (pref === 'auto') {
    return engine === 'tfjs' && tf.getBackend() === 'tensorflow' ? autoGroupSize(nCand, k) : 0;
  }
  if (!Number.isInteger(pref) || pref < 0) {
    throw new RangeError(`groupSize must be a non-negative integer or 'auto', got ${pref}`);
  }
  return pref;
}

/** What the grouped search did: how often it fell back to downloading all scores (for tests and tuning). */
export interface GroupedStats {
  /** (query block, candidate block) pairs searched by groups. */
  groupedBlocks: number;
  /** Pairs that downloaded every score: too few groups, or inputs that might overflow. */
  plainBlocks: number;
  /** (query, candidate block) pairs redone from the whole score row after a tie at the boundary. */
  fallbackRows: number;
  /**
   * With `profile`: milliseconds per phase (tfjs-node runs each op synchronously, so the wall time around
   * an op is its cost): `upload` (candidates to the device, Σ|c|), `matmul`, `select` (group maxima, top
   * groups, gather, min), `download`, `offers` (the JS heap work; blocks that download every score count
   * their whole time here). Not timed: query uploads, the final per-query sort.
   */
  ms?: Record<'upload' | 'matmul' | 'select' | 'download' | 'offers', number>;
}

/** Run the grouped search of `q` against `cand` into `heaps` (query i → heap i). */
export async function searchGrouped(
  q: VectorSet,
  cand: VectorSet,
  job: BlockJob,
  heaps: TopK,
): Promise<GroupedStats> {
  const stats: GroupedStats = { groupedBlocks: 0, plainBlocks: 0, fallbackRows: 0 };
  const clock = job.profile ? new PhaseClock() : null;
  if (clock) stats.ms = clock.ms;
  const { k, blockQueries: bq, blockCandidates: bc } = job;
  const g = job.groupSize ?? autoGroupSize(rowCount(cand), k);
  const dim = q.dim;
  const nq = rowCount(q);
  const transposed = tf.getBackend() !== 'tensorflow';
  clock?.start();
  const blocks = blockRanges(rowCount(cand), bc).map(([s, e]) => makeBlock(cand, s, e, g, transposed));
  let cSum = 0;
  for (const b of blocks) cSum += absSum(b.main) + absSum(b.tail);
  clock?.lap('upload');
  const saved = { scores: new Float32Array(k), items: new Int32Array(k) };
  try {
    for (const [qs, qe] of blockRanges(nq, bq)) {
      const count = qe - qs;
      const qt = tf.tensor2d(q.vectors.subarray(qs * dim, qe * dim), [count, dim]);
      try {
        const safe = absSum(qt) * cSum <= SAFE_BOUND;
        for (const b of blocks) await searchBlock(qt, qs, count, b, safe, g, heaps, saved, stats, clock);
      } finally {
        qt.dispose();
      }
      job.progress?.tick(count);
      await new Promise((res) => setImmediate(res));
    }
  } finally {
    for (const b of blocks) {
      b.main?.dispose();
      b.tail?.dispose();
    }
  }
  return stats;
}

function makeBlock(c: VectorSet, start: number, end: number, g: number, transposed: boolean): GroupedBlock {
  const groups = Math.floor((end - start) / g);
  const mid = start + groups * g;
  const upload = (s: number, e: number) => {
    const m = tf.tensor2d(c.vectors.subarray(s * c.dim, e * c.dim), [e - s, c.dim]);
    if (!transposed) return m;
    const t = m.transpose<tf.Tensor2D>();
    m.dispose();
    return t;
  };
  return {
    start,
    groups,
    tailWidth: end - mid,
    transposed,
    main: groups > 0 ? upload(start, mid) : null,
    tail: end > mid ? upload(mid, end) : null,
  };
}

async function searchBlock(
  qt: tf.Tensor2D,
  qs: number,
  count: number,
  b: GroupedBlock,
  safe: boolean,
  g: number,
  heaps: TopK,
  saved: { scores: Float32Array; items: Int32Array },
  stats: GroupedStats,
  clock: PhaseClock | null,
): Promise<void> {
  const k = heaps.k;
  clock?.start();
  const tw = b.tailWidth;
  const tailStart = b.start + b.groups * g;
  const tail = b.tail ? await download(tf.matMul(qt, b.tail, false, !b.transposed)) : null;
  const offerTail = (r: number) => {
    if (tail) heaps.offerRow(qs + r, tail, r * tw, tw, tailStart);
  };
  if (b.main === null) {
    stats.plainBlocks++;
    for (let r = 0; r < count; r++) offerTail(r);
    clock?.lap('offers');
    return;
  }
  const width = b.groups * g;
  clock?.lap('offers');
  const s = tf.matMul(qt, b.main, false, !b.transposed);
  clock?.lap('matmul');
  try {
    const offerFull = (r: number, row: Float32Array, off: number) => {
      heaps.offerRow(qs + r, row, off, width, b.start);
      offerTail(r);
    };
    if (!safe || b.groups <= k) {
      stats.plainBlocks++;
      const all = (await s.data()) as Float32Array;
      for (let r = 0; r < count; r++) offerFull(r, all, r * width);
      clock?.lap('offers');
      return;
    }
    stats.groupedBlocks++;
    // 1–3 on the device: group maxima, the k + 1 best groups (unordered: cheaper), t = the least of their
    // maxima (every other group's maximum is ≤ t), and those groups' scores, rows of S as [count·groups, g].
    const kk = k + 1;
    const [thrT, topT, pickedT] = tf.tidy(() => {
      const m = tf.max(tf.reshape(s, [count, b.groups, g]), 2);
      const { values, indices } = tf.topk(m, kk, false);
      const rows = tf.add(indices, tf.range(0, count * b.groups, b.groups, 'int32').reshape([count, 1]));
      const picked = gatherFirstAxis(tf.reshape(s, [count * b.groups, g]), tf.reshape(rows, [-1]));
      return [tf.min(values, 1), indices, picked];
    });
    clock?.lap('select');
    let thr: Float32Array;
    let top: Int32Array;
    let picked: Float32Array;
    try {
      thr = (await thrT.data()) as Float32Array;
      top = (await topT.data()) as Int32Array;
      picked = (await pickedT.data()) as Float32Array;
    } finally {
      tf.dispose([thrT, topT, pickedT]);
    }
    clock?.lap('download');
    // 4: offer the scores above t (in any order: TopK.offer compares items on equal scores), then check.
    // Scores ≤ t need no offer: when the check passes they could not have entered the heap, and when it
    // fails the heap is restored and the whole row offered.
    const fallback: number[] = [];
    const per = kk * g;
    for (let r = 0; r < count; r++) {
      const qi = qs + r;
      const t = thr[r]!;
      const size = heaps.save(qi, saved.scores, saved.items);
      const base = r * per;
      for (let x = 0; x < per; x++) {
        const v = picked[base + x]!;
        if (v > t) heaps.offer(qi, v, b.start + top[r * kk + ((x / g) | 0)]! * g + (x % g));
      }
      offerTail(r);
      if (!(heaps.sizes[qi] === k && heaps.scores[qi * k]! > t)) {
        heaps.restore(qi, saved.scores, saved.items, size);
        fallback.push(r);
      }
    }
    stats.fallbackRows += fallback.length;
    if (fallback.length > 0) {
      const rows = await download(tf.tidy(() => tf.gather(s, tf.tensor1d(fallback, 'int32'))));
      fallback.forEach((r, i) => {
        offerFull(r, rows, i * width);
      });
    }
    clock?.lap('offers');
  } finally {
    s.dispose();
  }
}

/** Wall time per phase for {@link GroupedStats.ms}. */
class PhaseClock {
  readonly ms = { upload: 0, matmul: 0, select: 0, download: 0, offers: 0 };
  private t = 0;
  start(): void {
    this.t = performance.now();
  }
  lap(phase: keyof PhaseClock['ms']): void {
    const now = performance.now();
    this.ms[phase] += now - this.t;
    this.t = now;
  }
}

/** The parts of tfjs-node's backend that {@link gatherFirstAxis} uses. */
interface NativeBackend {
  binding?: { TF_ATTR_INT: number; TF_ATTR_TYPE: number; TF_FLOAT: number; TF_INT32: number };
  executeSingleOutput?: (op: string, attrs: unknown[], inputs: tf.Tensor[]) => tf.Tensor;
}

/**
 * `tf.gather(x, indices)` (float32 x, int32 indices, axis 0). On `tensorflow`, the raw GatherV2 op:
 * tfjs-node's gather kernel first downloads the indices and checks each one in JS (about 2% of the
 * search); TensorFlow checks the range itself and throws on a bad index.
 */
function gatherFirstAxis(x: tf.Tensor, indices: tf.Tensor): tf.Tensor {
  const be = tf.backend() as unknown as NativeBackend;
  const b = be.binding;
  if (tf.getBackend() !== 'tensorflow' || !b || typeof be.executeSingleOutput !== 'function') {
    return tf.gather(x, indices);
  }
  const axis = tf.scalar(0, 'int32');
  try {
    return be.executeSingleOutput(
      'GatherV2',
      [
        { name: 'batch_dims', type: b.TF_ATTR_INT, value: 0 },
        { name: 'Tparams', type: b.TF_ATTR_TYPE, value: b.TF_FLOAT },
        { name: 'Tindices', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
        { name: 'Taxis', type: b.TF_ATTR_TYPE, value: b.TF_INT32 },
      ],
      [x, indices, axis],
    );
  } finally {
    axis.dispose();
  }
}

/** Read a float32 tensor's values and dispose it. */
async function download(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}

/**
 * Σ|x| on the device (0 for null): NaN if x holds a NaN, Infinity for an Infinity. Every partial sum of
 * a score q·c is at most Σ|q|·Σ|c|, so the product of two such sums bounds the scores of a block.
 */
function absSum(x: tf.Tensor | null): number {
  if (x === null) return 0;
  const t = tf.tidy(() => tf.sum(tf.abs(x)));
  try {
    return t.dataSync()[0]!;
  } finally {
    t.dispose();
  }
}
