/**
 * A minimal Protocol Buffers writer (proto3 wire format): just what a TensorFlow GraphDef and SavedModel
 * need — varints (int64 included, negative values as 10-byte two's complement), fixed32 floats, and
 * length-delimited bytes, strings and nested messages.
 *
 * @example
 * const w = new ProtoWriter();
 * w.string(1, 'node').int(3, -1);
 * w.finish(); // Uint8Array
 */
export class ProtoWriter {
  private chunks: Uint8Array[] = [];
  private buf = new Uint8Array(256);
  private pos = 0;
  private size = 0;

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flush();
    if (n > this.buf.length) this.buf = new Uint8Array(Math.max(n, this.buf.length * 2));
  }

  private flush(): void {
    if (this.pos > 0) this.chunks.push(this.buf.slice(0, this.pos));
    this.pos = 0;
  }

  private byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
    this.size++;
  }

  /** An unsigned varint below 2^53, or a negative int64 (two's complement over 10 bytes). */
  private varint(v: number): void {
    if (!Number.isSafeInteger(v)) throw new RangeError(`varint: ${v} is not a safe integer`);
    if (v < 0) {
      let x = BigInt.asUintN(64, BigInt(v));
      while (x >= 0x80n) {
        this.byte(Number(x & 0x7fn) | 0x80);
        x >>= 7n;
      }
      this.byte(Number(x));
      return;
    }
    while (v >= 0x80) {
      this.byte((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.byte(v);
  }

  private tag(field: number, wire: 0 | 2 | 5): void {
    this.varint(field * 8 + wire);
  }

  /** An int32/int64/enum/bool field (varint). */
  int(field: number, v: number | boolean): this {
    this.tag(field, 0);
    this.varint(typeof v === 'boolean' ? (v ? 1 : 0) : v);
    return this;
  }

  /** A float field (fixed32). */
  float(field: number, v: number): this {
    this.tag(field, 5);
    const b = new Uint8Array(new Float32Array([v]).buffer);
    for (const x of b) this.byte(x);
    return this;
  }

  /** A bytes field. */
  bytes(field: number, data: Uint8Array): this {
    this.tag(field, 2);
    this.varint(data.length);
    this.flush();
    this.chunks.push(data);
    this.size += data.length;
    return this;
  }

  /** A string field (UTF-8). */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A nested message field. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  /** A packed repeated varint field. */
  packedInts(field: number, values: readonly number[]): this {
    const inner = new ProtoWriter();
    for (const v of values) inner.varint(v);
    return this.bytes(field, inner.finish());
  }

  /** The encoded message. */
  finish(): Uint8Array {
    this.flush();
    const out = new Uint8Array(this.size);
    let o = 0;
    for (const c of this.chunks) {
      out.set(c, o);
      o += c.length;
    }
    return out;
  }
}
