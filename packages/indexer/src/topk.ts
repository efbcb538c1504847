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
  /** Scratch for the key sort of {@link sortedInto}. */
  private keys: Float64Array | null = null;

  constructor(
    readonly nQueries: number,
    readonly k: number,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`k must be a positive integer, got ${k}`);
    this.scores = new Float32Array(nQueries * k);
    this.items = new Int32Array(nQueries * k);
    this.sizes = new Int32Array(nQueries);
  }

  /**
   * Offer one (score, item) to query `q`, in any item order: an equal score displaces the worst kept
   * entry when its item is lower. (Each item at most once per query.)
   */
  offer(q: number, score: number, item: number): void {
    if (Number.isNaN(score)) return;
    const s = Math.fround(score);
    const off = q * this.k;
    const size = this.sizes[q]!;
    if (size < this.k) {
      siftUp(this.scores, this.items, off, size, s, item);
      this.sizes[q] = size + 1;
    } else if (worse(this.scores[off]!, this.items[off]!, s, item)) {
      siftDown(this.scores, this.items, off, this.k, s, item);
    }
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

  /**
   * Copy query `q`'s heap into `scores` / `items` (length ≥ k) and return its size, for {@link restore}.
   * The grouped search uses it to undo a block's offers when it must re-offer the whole row.
   */
  save(q: number, scores: Float32Array, items: Int32Array): number {
    const off = q * this.k;
    const size = this.sizes[q]!;
    for (let i = 0; i < size; i++) {
      scores[i] = this.scores[off + i]!;
      items[i] = this.items[off + i]!;
    }
    return size;
  }

  /** Put back a heap copied by {@link save}. */
  restore(q: number, scores: Float32Array, items: Int32Array, size: number): void {
    const off = q * this.k;
    for (let i = 0; i < size; i++) {
      this.scores[off + i] = scores[i]!;
      this.items[off + i] = items[i]!;
    }
    this.sizes[q] = size;
  }

  /** Query `q`'s kept entries, best first (score desc, item asc). */
  sorted(q: number): { scores: Float32Array; items: Int32Array } {
    const n = this.sizes[q]!;
    const out = { scores: new Float32Array(n), items: new Int32Array(n) };
    this.sortedInto(q, out.scores, out.items, 0);
    return out;
  }

  /**
   * Write query `q`'s kept entries, best first, into `scores` / `items` at `at`; returns their number.
   * Heap-sorts a copy (the worst entry is the root), so no per-query arrays or comparators are allocated.
   */
  sortedInto(q: number, scores: Float32Array, items: Int32Array, at: number): number {
    const n = this.sizes[q]!;
    const off = q * this.k;
    if (n > 1 && this.sortedByKeys(off, n, scores, items, at)) return n;
    // The heap, copied into the output range, then sorted in place: pop the root (worst) to the back.
    scores.set(this.scores.subarray(off, off + n), at);
    items.set(this.items.subarray(off, off + n), at);
    for (let size = n; size > 1; size--) {
      const ws = scores[at]!;
      const wi = items[at]!;
      siftDown(scores, items, at, size - 1, scores[at + size - 1]!, items[at + size - 1]!);
      scores[at + size - 1] = ws;
      items[at + size - 1] = wi;
    }
    return n;
  }

  /**
   * The fast path of {@link sortedInto}: one float64 key per entry, `(2³² − 1 − bits(score)) · 2²¹ + item`
   * with `bits` the order-preserving uint32 of the float32 score, sorted natively (no comparator calls).
   * Exact for items below 2²¹; returns false (nothing written) for larger items or a -0 score, whose key
   * would order it below +0 where the heap calls them equal.
   */
  private sortedByKeys(off: number, n: number, scores: Float32Array, items: Int32Array, at: number): boolean {
    if (this.keys === null) this.keys = new Float64Array(this.k);
    const keys = this.keys.subarray(0, n);
    for (let i = 0; i < n; i++) {
      const item = this.items[off + i]!;
      F32[0] = this.scores[off + i]!;
      const b = U32[0]!;
      if (item < 0 || item >= ITEM_SPAN || b === 0x80000000) return false;
      const u = b >>> 31 ? ~b >>> 0 : (b | 0x80000000) >>> 0;
      keys[i] = (0xffffffff - u) * ITEM_SPAN + item;
    }
    keys.sort();
    for (let i = 0; i < n; i++) {
      const key = keys[i]!;
      const item = key % ITEM_SPAN;
      const u = 0xffffffff - (key - item) / ITEM_SPAN;
      U32[0] = u >>> 31 ? u & 0x7fffffff : ~u >>> 0;
      scores[at + i] = F32[0]!;
      items[at + i] = item;
    }
    return true;
  }
}

/** Items below this get the native key sort in {@link TopK.sortedInto} (2²¹: keys stay below 2⁵³). */
const ITEM_SPAN = 2 ** 21;
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);

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
