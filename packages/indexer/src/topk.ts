/**
 * Bounded top-k selection for many queries at once: one min-heap of at most `k` entries per query, stored
 * flat (`scores[q*k …]`, `items[q*k …]`) so no per-query objects are allocated.
 *
 * Order (best first): **score descending, then item ascending**. Items are local candidate positions; the
 * search sorts its candidates by their tie key (doc_id) first, so "item ascending" is "doc_id ascending".
 * NaN scores never enter a heap.
 *
 * @example
 * const t = new TopK(1, 2);
 * t.offer(0, 0.5, 7); t.offer(0, 0.9, 3); t.offer(0, 0.5, 1);
 * t.sorted(0); // { scores: [0.9, 0.5], items: [3, 1] }
 */
export class TopK {
  readonly scores: Float32Array;
  readonly items: Int32Array;
  readonly sizes: Int32Array;

  constructor(
    readonly nQueries: number,
    readonly k: number,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.scores = new Float32Array(nQueries * k);
    this.items = new Int32Array(nQueries * k);
    this.sizes = new Int32Array(nQueries);
  }

  /** Offer one (score, item) to query `q`. Items must be offered in increasing order per query. */
  offer(q: number, score: number, item: number): void {
    this.offerRow(q, new Float32Array([score]), 0, 1, item);
  }

  /**
   * Offer `count` scores `row[start … start+count)` to query `q`, for items `firstItem, firstItem+1, …`.
   * Items must arrive in increasing order per query (blocks in candidate order): then an equal score
   * never displaces an entry, which is exactly the "item ascending" tie rule.
   */
  offerRow(q: number, row: Float32Array, start: number, count: number, firstItem: number): void {
    const k = this.k;
    const off = q * k;
    const hs = this.scores;
    const hi = this.items;
    let size = this.sizes[q]!;
    // Fill phase: push while the heap has room.
    let j = 0;
    for (; j < count && size < k; j++) {
      const s = row[start + j]!;
      if (Number.isNaN(s)) continue;
      siftUp(hs, hi, off, size, s, firstItem + j);
      size++;
    }
    this.sizes[q] = size;
    if (j >= count) return;
    // Replace phase: the root is the worst kept entry; a later item with an equal score loses the tie.
    let min = hs[off]!;
    for (; j < count; j++) {
      const s = row[start + j]!;
      if (!(s > min)) continue;
      siftDown(hs, hi, off, k, s, firstItem + j);
      min = hs[off]!;
    }
  }

  /** Query `q`'s kept entries, best first (score desc, item asc). */
  sorted(q: number): { scores: Float32Array; items: Int32Array } {
    const n = this.sizes[q]!;
    const off = q * this.k;
    const order = Array.from({ length: n }, (_, i) => off + i);
    const hs = this.scores;
    const hi = this.items;
    order.sort((a, b) => hs[b]! - hs[a]! || hi[a]! - hi[b]!);
    return {
      scores: Float32Array.from(order, (i) => hs[i]!),
      items: Int32Array.from(order, (i) => hi[i]!),
    };
  }
}

/** a is worse than b: lower score, or equal score and larger item. */
function worse(sa: number, ia: number, sb: number, ib: number): boolean {
  return sa < sb || (sa === sb && ia > ib);
}

function siftUp(hs: Float32Array, hi: Int32Array, off: number, pos: number, s: number, item: number): void {
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    const ps = hs[off + parent]!;
    const pi = hi[off + parent]!;
    if (!worse(s, item, ps, pi)) break;
    hs[off + pos] = ps;
    hi[off + pos] = pi;
    pos = parent;
  }
  hs[off + pos] = s;
  hi[off + pos] = item;
}

/** Replace the root with (s, item) and restore the heap of `size` entries. */
function siftDown(
  hs: Float32Array,
  hi: Int32Array,
  off: number,
  size: number,
  s: number,
  item: number,
): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && worse(hs[off + r]!, hi[off + r]!, hs[off + l]!, hi[off + l]!)) c = r;
    if (!worse(hs[off + c]!, hi[off + c]!, s, item)) break;
    hs[off + pos] = hs[off + c]!;
    hi[off + pos] = hi[off + c]!;
    pos = c;
  }
  hs[off + pos] = s;
  hi[off + pos] = item;
}
