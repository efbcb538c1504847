import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError, Rng } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test-utils/fixtures.js';
import { jsonText, mutateBytes, mutateJson } from '../test-utils/mutate.js';
import { parseSafetensors } from './safetensors.js';

// Fuzz: seeded mutations of a fixture checkpoint's header (bytes, JSON values, the length field). Every
// case ends in decoded tensors or a DataError — never a TypeError/RangeError — and what is decoded is
// bounded by the input (at most 2 bytes out per byte in: F16/BF16 widen to float32).

const CASES = 400;

describe('safetensors header fuzz', () => {
  it(`${CASES} mutated tiny-mbert checkpoints decode or fail with a DataError`, () => {
    const original = new Uint8Array(readFileSync(join(FIXTURES, 'tiny-mbert', 'model.safetensors')));
    const n = Number(new DataView(original.buffer).getBigUint64(0, true));
    const header = JSON.parse(new TextDecoder().decode(original.subarray(8, 8 + n)));
    const data = original.subarray(8 + n);
    const outcomes = { decoded: 0, refused: 0 };
    const failures: string[] = [];
    for (let i = 0; i < CASES; i++) {
      const rng = Rng.fromSeed(13).derive('safetensors-fuzz', i);
      const kind = rng.int(3);
      let bytes: Uint8Array;
      let what: string;
      if (kind === 0) {
        // Byte damage, mostly in the length field and the header.
        ({ bytes, what } = mutateBytes(original, rng, 8 + n));
      } else if (kind === 1) {
        // A header whose JSON values are wrong (types, huge numbers, removed keys); length kept right.
        const m = mutateJson(header, rng);
        bytes = file(new TextEncoder().encode(jsonText(m.doc)), data);
        what = m.what;
      } else {
        // The length field itself: random 64-bit, off by a little, or pointing into the data.
        bytes = original.slice();
        const len = rng.choice([
          BigInt(rng.nextU32()) * 2n ** 32n + BigInt(rng.nextU32()),
          BigInt(n + rng.int(17) - 8),
          BigInt(rng.int(original.length)),
        ]);
        new DataView(bytes.buffer).setBigUint64(0, len, true);
        what = `header length ${len}`;
      }
      try {
        const { tensors } = parseSafetensors(bytes, 'model.safetensors');
        let out = 0;
        for (const t of tensors.values()) out += t.data.byteLength;
        if (out > 2 * bytes.length) throw new Error(`decoded ${out} bytes from ${bytes.length}`);
        outcomes.decoded++;
      } catch (e) {
        if (e instanceof DataError) outcomes.refused++;
        else
          failures.push(
            `case ${i} (${what}): ${(e as Error).stack?.split('\n').slice(0, 3).join(' ')}`.slice(0, 600),
          );
      }
    }
    expect(failures).toEqual([]);
    expect(outcomes.decoded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});

/** A safetensors file from header JSON bytes and a data buffer. */
function file(header: Uint8Array, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + header.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(header.length), true);
  out.set(header, 8);
  out.set(data, 8 + header.length);
  return out;
}
