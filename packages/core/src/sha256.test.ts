import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sha256Into } from './sha256.js';

const hex = (w: Uint32Array) => Array.from(w, (x) => x.toString(16).padStart(8, '0')).join('');

describe('sha256Into', () => {
  it('equals node:crypto on the FIPS "abc" vector and on random bytes of every padding case', () => {
    const out = new Uint32Array(8);
    sha256Into(new TextEncoder().encode('abc'), 3, out);
    expect(hex(out)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(8), (bytes, extra) => {
        // a longer buffer of which only `length` bytes are hashed
        const buf = new Uint8Array(bytes.length + extra).fill(0xaa);
        buf.set(bytes);
        sha256Into(buf, bytes.length, out);
        expect(hex(out)).toBe(createHash('sha256').update(bytes).digest('hex'));
      }),
      { seed: 256, numRuns: 400 },
    );
    for (let n = 50; n <= 130; n++) {
      const b = Uint8Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff);
      sha256Into(b, n, out);
      expect(hex(out), `length ${n}`).toBe(createHash('sha256').update(b).digest('hex'));
    }
  });
});
