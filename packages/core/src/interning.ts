/**
 * Compact string storage and interning for tables of tens of millions of rows (the sampler's pair table,
 * the trainer's pairs), in typed arrays only (no per-string JS objects, no `Map`, which V8 caps at 2^24
 * entries): 39 M pair ids or 80 M passage texts fit.
 *
 * - {@link PackedStrings}: strings as UTF-8 in one byte buffer plus an offset per string.
 * - {@link StringInterner}: exact interning (open addressing over a 32-bit hash of the bytes; a hit is
 *   confirmed byte by byte), keeping the strings — pair ids (to find a repeated one) and group ids.
 * - {@link TextHasher}: interning by a 64-bit hash, keeping no text — passage texts, which the guard only
 *   compares for equality. Two different texts share an id only if their 64-bit hashes collide: for
 *   n distinct texts the chance that any pair does is about n²/2⁶⁵ (4·10⁻⁵ at 40 M), and a collision
 *   only makes the guard keep two batches apart that could have met.
 *
 * @example
 * const ids = new StringInterner();
 * ids.intern('q1'); // 0
 * ids.intern('q2'); // 1
 * ids.intern('q1'); // 0 (ids.size stays 2)
 * ids.strings.get(1); // 'q2'
 * ids.lookup('q3'); // -1 (not interned)
 */
export class PackedStrings {
  private bytes = new Uint8Array(1 << 16);
  private offsets = new Uint32Array(1 << 10);
  private count = 0;
  private static readonly encoder = new TextEncoder();
  private static readonly decoder = new TextDecoder('utf-8', { ignoreBOM: true });

  /** Strings stored. */
  get length(): number {
    return this.count;
  }

  /** Bytes held (buffers, including spare room). */
  get byteLength(): number {
    return this.bytes.byteLength + this.offsets.byteLength;
  }

  /** Append `s`; returns its index. */
  push(s: string): number {
    return this.pushUtf8(PackedStrings.encoder.encode(s));
  }

  /** The string at `i`. */
  get(i: number): string {
    return PackedStrings.decoder.decode(this.bytes.subarray(this.offsets[i]!, this.offsets[i + 1]!));
  }

  /** The UTF-8 bytes of string `i` (a view, valid until the next push). */
  bytesOf(i: number): Uint8Array {
    return this.bytes.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }

  /** A new store holding the strings at `rows`, in that order. */
  pick(rows: ArrayLike<number>): PackedStrings {
    const out = new PackedStrings();
    for (let r = 0; r < rows.length; r++) out.pushUtf8(this.bytesOf(rows[r]!));
    return out.trim();
  }

  /** Every string, in order (for tests and small tables). */
  toArray(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.get(i));
  }

  /** Drop the spare room of the buffers. */
  trim(): this {
    this.bytes = this.bytes.slice(0, this.offsets[this.count]!);
    this.offsets = this.offsets.slice(0, this.count + 1);
    return this;
  }

  /** Append a string given as UTF-8 bytes; returns its index. */
  pushUtf8(b: Uint8Array): number {
    const start = this.offsets[this.count]!;
    if (start + b.length > 0xffff_ffff) throw new RangeError('PackedStrings: more than 4 GiB of strings');
    this.ensureBytes(start + b.length);
    this.bytes.set(b, start);
    if (this.count + 2 > this.offsets.length) this.offsets = grow32(this.offsets, this.count + 2);
    this.offsets[this.count + 1] = start + b.length;
    return this.count++;
  }

  private ensureBytes(need: number): void {
    if (need <= this.bytes.length) return;
    const next = new Uint8Array(
      Math.max(need, Math.min(this.bytes.length * 2, this.bytes.length + (1 << 28))),
    );
    next.set(this.bytes);
    this.bytes = next;
  }
}

/** Exact string interning over {@link PackedStrings}: ids are 0, 1, … in order of first appearance. */
export class StringInterner {
  readonly strings = new PackedStrings();
  private hashes = new Uint32Array(1 << 10);
  private slots = new Int32Array(1 << 11); // id + 1, 0 = empty
  private probe = new Uint8Array(1024);
  private static readonly encoder = new TextEncoder();

  /** Distinct strings interned. */
  get size(): number {
    return this.strings.length;
  }

  /** The id of `s`: its existing id, or the next one. */
  intern(s: string): number {
    const probe = this.encode(s);
    const h = hashBytes(probe);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === 0) {
        const id = this.strings.pushUtf8(probe);
        if (id >= this.hashes.length) this.hashes = grow32(this.hashes, id + 1);
        this.hashes[id] = h;
        this.slots[i] = id + 1;
        if (this.size * 2 > this.slots.length) this.rehash();
        return id;
      }
      if (this.hashes[v - 1] === h && sameBytes(this.strings.bytesOf(v - 1), probe)) return v - 1;
    }
  }

  /** The id of `s` if it was interned, else −1 (nothing is added). */
  lookup(s: string): number {
    const probe = this.encode(s);
    const h = hashBytes(probe);
    const mask = this.slots.length - 1;
    if (mask < 0) throw new Error('StringInterner: lookup after freeze');
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === 0) return -1;
      if (this.hashes[v - 1] === h && sameBytes(this.strings.bytesOf(v - 1), probe)) return v - 1;
    }
  }

  /** Bytes held: the strings and the lookup table. */
  get byteLength(): number {
    return this.strings.byteLength + this.hashes.byteLength + this.slots.byteLength + this.probe.byteLength;
  }

  /** Drop the lookup table (the strings stay); no more `intern` after this. */
  freeze(): PackedStrings {
    this.slots = new Int32Array(0);
    this.hashes = new Uint32Array(0);
    return this.strings.trim();
  }

  /** `s` as UTF-8 in a reused buffer: encoded once, to hash, compare and store it. */
  private encode(s: string): Uint8Array {
    if (s.length * 3 > this.probe.length) this.probe = new Uint8Array(s.length * 3);
    return this.probe.subarray(0, StringInterner.encoder.encodeInto(s, this.probe).written);
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let i = this.hashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

/** Interning by a 64-bit hash of the string: ids 0, 1, … in order of first appearance; no text is kept. */
export class TextHasher {
  private hi = new Uint32Array(1 << 10);
  private lo = new Uint32Array(1 << 10);
  private slots = new Int32Array(1 << 11);
  private count = 0;

  /** Distinct texts (hashes) seen. */
  get size(): number {
    return this.count;
  }

  /** The id of text `s`. */
  intern(s: string): number {
    hashString64(s);
    const a = H64[0]!;
    const b = H64[1]!;
    const mask = this.slots.length - 1;
    for (let i = (a ^ b) & mask; ; i = (i + 1) & mask) {
      const v = this.slots[i]!;
      if (v === 0) {
        const id = this.count++;
        if (id >= this.hi.length) {
          this.hi = grow32(this.hi, id + 1);
          this.lo = grow32(this.lo, id + 1);
        }
        this.hi[id] = a;
        this.lo[id] = b;
        this.slots[i] = id + 1;
        if (this.count * 2 > this.slots.length) this.rehash();
        return id;
      }
      if (this.hi[v - 1] === a && this.lo[v - 1] === b) return v - 1;
    }
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = (this.hi[id]! ^ this.lo[id]!) & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

const H64 = new Uint32Array(2);

/**
 * Two 32-bit hashes of the UTF-16 code units of `s` with different multipliers (FNV-1a's and
 * murmur2's), each finished with murmur3's avalanche, into {@link H64}.
 */
function hashString64(s: string): void {
  let a = 0x811c9dc5 ^ s.length;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul((b ^ c) + (b >>> 15), 0x5bd1e995);
  }
  H64[0] = fmix(a);
  H64[1] = fmix(b ^ s.length);
}

function hashBytes(x: Uint8Array): number {
  let h = 0x811c9dc5 ^ x.length;
  for (let i = 0; i < x.length; i++) h = Math.imul(h ^ x[i]!, 0x01000193);
  return fmix(h);
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function grow32<T extends Uint32Array | Int32Array>(a: T, need: number): T {
  const next = new (a.constructor as new (n: number) => T)(Math.max(need, a.length * 2));
  next.set(a);
  return next;
}
