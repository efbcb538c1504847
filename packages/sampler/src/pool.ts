import type { Rng } from '@hbt/core';
import type { BatchGuard } from './guard.js';

/**
 * A pool: the pairs one kind of batch of one dataset draws from (`mlqa-r/mono/de`, `mlqa-r/cross`,
 * `mlqa-r/mixed`), walked epoch by epoch. An epoch is one pass over an order of the pool's pairs that
 * {@link EpochOrder} builds from the stream `root.derive('pool', key, 'epoch', e)`, so every epoch's
 * order depends only on (seed, pool, epoch).
 *
 * Filling a batch scans the order from the cursor: a pair the guard accepts is swapped to the cursor
 * and taken; a pair it refuses stays ahead of the cursor, deferred to a later batch of the same epoch.
 * When the scan reaches the end of the order the epoch is over: the next epoch starts (the deferred
 * pairs left of the old one are dropped and counted) and the scan goes on. A batch starts at most one
 * epoch: if the fresh epoch is scanned to its end too, no pair of the pool can join the batch and it
 * is short. So every pair is used at most once per epoch, and a batch is short only when the pool
 * cannot fill it (every pair of the pool is in it or clashes with it).
 */
export type EpochOrder = (rng: Rng) => Int32Array;

/** Per-pool counters for the manifest. */
export interface PoolReport {
  pool: string;
  /** Pairs in the pool (one epoch). */
  pairs: number;
  epochs_started: number;
  pairs_drawn: number;
  /** pairs_drawn / pairs. */
  epochs_consumed: number;
  /** Pairs an epoch ended with unused because they clashed with the batch being filled. */
  dropped_at_epoch_end: number;
  batches: number;
  short_batches: number;
}

export class Pool {
  epoch = -1;
  private order: Int32Array = new Int32Array(0);
  private cursor = 0;
  private drawn = 0;
  private dropped = 0;
  batches = 0;
  shortBatches = 0;

  constructor(
    readonly key: string,
    readonly size: number,
    private readonly makeOrder: EpochOrder,
    private readonly root: Rng,
  ) {}

  /**
   * Append up to `cap` pairs the guard accepts to `out` from `outStart`; returns how many. `epochOf`,
   * when given, receives the epoch of each pair taken (for tests and diagnostics).
   */
  fill(guard: BatchGuard, out: Int32Array, outStart: number, cap: number, epochOf?: Int32Array): number {
    let filled = 0;
    let startedHere = false;
    if (this.epoch < 0) {
      this.startEpoch();
      startedHere = true;
    }
    for (;;) {
      const order = this.order;
      const len = order.length;
      let c = this.cursor;
      for (let j = c; j < len && filled < cap; j++) {
        const p = order[j]!;
        if (guard.accepts(p)) {
          order[j] = order[c]!;
          order[c] = p;
          c++;
          guard.take(p);
          if (epochOf) epochOf[outStart + filled] = this.epoch;
          out[outStart + filled] = p;
          filled++;
        }
      }
      this.cursor = c;
      if (filled === cap || startedHere) break;
      this.startEpoch();
      startedHere = true;
    }
    this.drawn += filled;
    this.batches++;
    if (filled < cap) this.shortBatches++;
    return filled;
  }

  private startEpoch(): void {
    this.dropped += this.order.length - this.cursor;
    this.epoch++;
    this.order = this.makeOrder(this.root.derive('pool', this.key, 'epoch', this.epoch));
    this.cursor = 0;
  }

  report(): PoolReport {
    return {
      pool: this.key,
      pairs: this.size,
      epochs_started: this.epoch + 1,
      pairs_drawn: this.drawn,
      epochs_consumed: round(this.drawn / this.size),
      dropped_at_epoch_end: this.dropped,
      batches: this.batches,
      short_batches: this.shortBatches,
    };
  }
}

/** Fisher–Yates shuffle of a typed array in place. */
export function shuffleInPlace(a: Int32Array, rng: Rng, from = 0, to = a.length): Int32Array {
  for (let i = to - 1; i > from; i--) {
    const j = from + rng.int(i - from + 1);
    const t = a[i]!;
    a[i] = a[j]!;
    a[j] = t;
  }
  return a;
}

/** An epoch order that is a uniform shuffle of `items` (mono and mixed pools). */
export function shuffledOrder(items: Int32Array): EpochOrder {
  return (rng) => shuffleInPlace(items.slice(), rng);
}

/**
 * The epoch order of a cross pool: groups in rounds. Each group's pairs are shuffled; round r visits,
 * in a shuffled order, every group that still has an unused pair and takes its next one. So each visit
 * to a group gives an ordered language pair drawn uniformly among that group's pairs not yet used this
 * epoch, and every pair comes once per epoch.
 *
 * @param items pair indices grouped by group (CSR), groups sorted by size, largest first
 * @param starts `starts[g]..starts[g+1]` are group g's pairs in `items`
 */
export function roundRobinOrder(items: Int32Array, starts: Int32Array): EpochOrder {
  const nGroups = starts.length - 1;
  let maxSize = 0;
  for (let g = 0; g < nGroups; g++) {
    const size = starts[g + 1]! - starts[g]!;
    if (g > 0 && size > starts[g]! - starts[g - 1]!) throw new Error('roundRobinOrder: groups not sorted');
    maxSize = Math.max(maxSize, size);
  }
  // groupsWithMore[r] = number of groups with more than r pairs (a prefix, since sizes are sorted).
  const groupsWithMore = new Int32Array(maxSize);
  for (let g = 0; g < nGroups; g++) {
    const size = starts[g + 1]! - starts[g]!;
    for (let r = 0; r < size; r++) groupsWithMore[r]!++;
  }
  return (rng) => {
    const work = items.slice();
    for (let g = 0; g < nGroups; g++) shuffleInPlace(work, rng, starts[g]!, starts[g + 1]!);
    const out = new Int32Array(items.length);
    const perm = new Int32Array(nGroups);
    let k = 0;
    for (let r = 0; r < maxSize; r++) {
      const m = groupsWithMore[r]!;
      for (let g = 0; g < m; g++) perm[g] = g;
      shuffleInPlace(perm, rng, 0, m);
      for (let i = 0; i < m; i++) out[k++] = work[starts[perm[i]!]! + r]!;
    }
    return out;
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
