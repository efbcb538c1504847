import { bytesEqual, compareBytes, latin1 } from './scan.js';

/**
 * Ids kept as bytes, so that the TREC readers never make a string per line. An {@link IdStore} holds
 * entries (an id and one number) in append-only columns — written in order, so cheap to fill — and an
 * {@link IdIndex} finds entries of a store by id: open addressing on the id's FNV-1a hash
 * (`hashBytes`), confirmed by comparing the bytes.
 *
 * Stores and indexes are few and reused (one store for all the qrels; per query only a small index that
 * stays in cache): allocating typed arrays costs microseconds each, more than reading a query's lines.
 *
 * @example
 * const store = new IdStore();
 * const b = Buffer.from('d1 d2');
 * const index = new IdIndex(store);
 * const i = store.push(b, 0, 2, hashBytes(b, 0, 2));
 * store.values[i] = 3;
 * index.add(i);
 * index.find(b, 0, 2, hashBytes(b, 0, 2)); // 0 (the entry); store.values[0] === 3
 * index.find(b, 3, 5, hashBytes(b, 3, 5)); // -1
 */
export class IdStore {
  /** Number of entries; entry i was the i-th pushed. */
  n = 0;
  /** The number stored with each entry. */
  values: Float64Array;
  /** Each entry's id hash. */
  hashes: Int32Array;
  /** Entry i's id is `arena[i > 0 ? idEnd[i - 1] : 0, idEnd[i])`. */
  idEnd: Int32Array;
  arena: Uint8Array;
  private arenaLen = 0;

  constructor(capacity = 256) {
    this.values = new Float64Array(capacity);
    this.hashes = new Int32Array(capacity);
    this.idEnd = new Int32Array(capacity);
    this.arena = new Uint8Array(capacity * 16);
  }

  /** Remove every entry, keeping the memory. */
  clear(): void {
    this.n = 0;
    this.arenaLen = 0;
  }

  /** Append the id `b[s, e)` (hash `h`); returns its index `i` (its number: set `values[i]`). */
  push(b: Uint8Array, s: number, e: number, h: number): number {
    const i = this.n;
    if (i === this.values.length) {
      const n = i * 2;
      this.values = grow(this.values, n);
      this.hashes = grow(this.hashes, n);
      this.idEnd = grow(this.idEnd, n);
    }
    let at = this.arenaLen;
    if (at + (e - s) > this.arena.length) this.arena = grow(this.arena, at + (e - s));
    const arena = this.arena;
    for (let j = s; j < e; j++) arena[at++] = b[j]!; // ids are short: a loop beats subarray + set
    this.arenaLen = at;
    this.idEnd[i] = at;
    this.values[i] = 0;
    this.hashes[i] = h;
    this.n = i + 1;
    return i;
  }

  /** Start of entry i's id in `arena`. */
  start(i: number): number {
    return i > 0 ? this.idEnd[i - 1]! : 0;
  }

  /** Entry i's id as a latin1 string. */
  id(i: number): string {
    return latin1(this.arena, this.start(i), this.idEnd[i]!);
  }

  /** Byte-order comparison of entries c and d's ids (like `strcmp`). */
  compare(c: number, d: number): number {
    return compareBytes(this.arena, this.start(c), this.idEnd[c]!, this.arena, this.start(d), this.idEnd[d]!);
  }

  /** Bytes held. */
  bytes(): number {
    return this.values.length * 16 + this.arena.length;
  }
}

/** A hash index over (some of) the entries of an {@link IdStore}: at most one entry per id. */
export class IdIndex {
  /** Slot → entry index, −1 empty; at most half full. */
  private slots: Int32Array;
  private count = 0;
  /** The empty slot the last unsuccessful {@link find} ended on. */
  private vacant = 0;

  constructor(
    public store: IdStore,
    capacity = 64,
  ) {
    let size = 16;
    while (size < capacity * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
  }

  /** Forget every entry (and index `store` from now on, if given), keeping the memory. */
  clear(store: IdStore = this.store): void {
    if (this.count > 0) this.slots.fill(-1);
    this.count = 0;
    this.store = store;
  }

  /** The indexed entry whose id is `b[s, e)` (hash `h`), or −1. */
  find(b: Uint8Array, s: number, e: number, h: number): number {
    const { slots } = this;
    const { hashes, idEnd, arena } = this.store;
    const mask = slots.length - 1;
    for (let k = h & mask; ; k = (k + 1) & mask) {
      const o = slots[k]!;
      if (o === -1) {
        this.vacant = k;
        return -1;
      }
      if (hashes[o] === h && bytesEqual(arena, o > 0 ? idEnd[o - 1]! : 0, idEnd[o]!, b, s, e)) return o;
    }
  }

  /**
   * Index entry `i` right after a {@link find} of its id returned −1 (no other change to the index in
   * between): it takes the slot that search ended on, without searching again.
   */
  addFound(i: number): void {
    if ((this.count + 1) * 2 > this.slots.length) {
      this.rehash(this.slots.length * 2);
      place(this.slots, this.store.hashes[i]!, i);
    } else this.slots[this.vacant] = i;
    this.count++;
  }

  /** Index entry `i` of the store (its id must not be indexed yet: check with {@link find}). */
  add(i: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    place(this.slots, this.store.hashes[i]!, i);
    this.count++;
  }

  /** Bytes held. */
  bytes(): number {
    return this.slots.length * 4;
  }

  private rehash(size: number): void {
    const old = this.slots;
    this.slots = new Int32Array(size).fill(-1);
    const hashes = this.store.hashes;
    for (const i of old) if (i !== -1) place(this.slots, hashes[i]!, i);
  }
}

function place(slots: Int32Array, h: number, i: number): void {
  const mask = slots.length - 1;
  let k = h & mask;
  while (slots[k] !== -1) k = (k + 1) & mask;
  slots[k] = i;
}

/** A copy of `a` with room for at least `min` elements (doubling). */
export function grow<T extends Uint8Array | Int32Array | Float64Array>(a: T, min: number): T {
  let n = Math.max(a.length * 2, 16);
  while (n < min) n *= 2;
  // one constructor per branch: `new a.constructor(n)` is a slow generic call
  const b =
    a instanceof Float64Array
      ? new Float64Array(n)
      : a instanceof Int32Array
        ? new Int32Array(n)
        : new Uint8Array(n);
  b.set(a);
  return b as T;
}
