/**
 * Seeded random numbers, identical on every platform.
 *
 * Algorithm: **xoshiro128\*\*** (Blackman & Vigna, 2018) on four 32-bit words, seeded by **SplitMix32**
 * (the 32-bit variant of Steele et al.'s SplitMix: `z += 0x9e3779b9; z = (z ^ z>>>16) * 0x21f0aaad;
 * z = (z ^ z>>>15) * 0x735a2d97; z ^= z>>>15`). All arithmetic is 32-bit integer (`Math.imul`, `>>>`),
 * so the stream does not depend on the engine's floating point. Floats use the top 24 bits of a draw
 * (`(u >>> 8) / 2^24`), integers below n use rejection sampling (no modulo bias).
 *
 * Derived streams: `rng.derive('epoch', 3)` hashes the parent's *seed key* with the labels (FNV-1a over
 * their UTF-8 text), so a derived stream depends only on (seed, labels), never on how many numbers the
 * parent has drawn. Use one derived stream per (seed, epoch, item).
 *
 * @example
 * const rng = Rng.fromSeed(13);
 * const epochRng = rng.derive('sampler', 'epoch', 0);
 * epochRng.int(10); // an integer in [0, 10)
 */
export class Rng {
  private s: Uint32Array;
  /** The key this stream was seeded from: derived streams hash it. */
  readonly key: string;

  private constructor(key: string) {
    this.key = key;
    this.s = new Uint32Array(4);
    let z = fnv1a(key);
    for (let i = 0; i < 4; i++) {
      z = (z + 0x9e3779b9) >>> 0;
      let t = z;
      t = Math.imul(t ^ (t >>> 16), 0x21f0aaad);
      t = Math.imul(t ^ (t >>> 15), 0x735a2d97);
      this.s[i] = (t ^ (t >>> 15)) >>> 0;
    }
    if (this.s[0] === 0 && this.s[1] === 0 && this.s[2] === 0 && this.s[3] === 0) this.s[0] = 1;
  }

  /** A generator for an integer seed (any safe integer) or a string seed. */
  static fromSeed(seed: number | string): Rng {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer, got ${seed}`);
    }
    return new Rng(`seed:${seed}`);
  }

  /** Restore a generator from {@link Rng.state}. */
  static fromState(state: RngState): Rng {
    const r = new Rng(state.key);
    r.s.set(state.s.map((x) => x >>> 0));
    return r;
  }

  /** The full state, JSON-serialisable, for checkpoints. */
  state(): RngState {
    return { key: this.key, s: Array.from(this.s) };
  }

  /** An independent stream for (this seed, ...labels). */
  derive(...labels: Array<string | number>): Rng {
    return new Rng(`${this.key}/${labels.join('/')}`);
  }

  /** The next 32-bit unsigned integer. */
  nextU32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1]!, 5), 7), 9) >>> 0;
    const t = (s[1]! << 9) >>> 0;
    s[2]! ^= s[0]!;
    s[3]! ^= s[1]!;
    s[1]! ^= s[2]!;
    s[0]! ^= s[3]!;
    s[2]! ^= t;
    s[3] = rotl(s[3]!, 11);
    return result;
  }

  /** A float in [0, 1) with 24 bits of precision. */
  float(): number {
    return (this.nextU32() >>> 8) / 16777216;
  }

  /** A double in [0, 1) with 53 bits of precision (two draws). */
  double(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** An integer in [0, n), unbiased. n must be in [1, 2^32]. */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > 4294967296) throw new RangeError(`int(n): bad n ${n}`);
    const limit = 4294967296 - (4294967296 % n);
    for (;;) {
      const u = this.nextU32();
      if (u < limit) return u % n;
    }
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.double() < p;
  }

  /** A standard normal draw (Box–Muller on two doubles). */
  normal(): number {
    let u = this.double();
    while (u === 0) u = this.double();
    const v = this.double();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Shuffle in place (Fisher–Yates) and return the array. */
  shuffle<T>(a: T[]): T[] {
    for (let i = a.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = a[i]!;
      a[i] = a[j]!;
      a[j] = tmp;
    }
    return a;
  }

  /** One element, uniformly. */
  choice<T>(a: readonly T[]): T {
    if (a.length === 0) throw new RangeError('choice() of an empty array');
    return a[this.int(a.length)]!;
  }

  /** An index drawn with probability proportional to weights (non-negative, not all zero). */
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new RangeError('weighted(): weights sum to zero');
    let x = this.double() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i]!;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

export interface RngState {
  key: string;
  s: number[];
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** FNV-1a 32-bit hash of a string's UTF-8 bytes. */
export function fnv1a(text: string): number {
  const bytes = new TextEncoder().encode(text);
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
