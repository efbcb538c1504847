import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { mutationOf } from '@hbt/core/test-utils/mutate';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../test-utils/fixtures.js';
import { modelJsonMutation } from '../test-utils/model-mutations.js';
import { parseSafetensors } from './safetensors.js';

// Fuzz: seeded mutations of a fixture checkpoint — its header JSON (values of other types, huge numbers,
// removed keys, deep nesting; length field kept right), the whole file's bytes, and the length field
// itself. Every case ends in decoded tensors or a DataError — never a TypeError/RangeError — and what is
// decoded is bounded by the input (at most 2 bytes out per byte in: F16/BF16 widen to float32).

const CASES = 400;

describe('safetensors header fuzz', () => {
  it(`${CASES} mutated tiny-mbert checkpoints decode or fail with a DataError`, () => {
    const original = readFileSync(join(FIXTURES, 'tiny-mbert', 'model.safetensors'));
    const n = Number(original.readBigUInt64LE(0));
    const header = original.subarray(8, 8 + n);
    const data = original.subarray(8 + n);
    const withHeader = (h: Buffer) => {
      const len = Buffer.alloc(8);
      len.writeBigUInt64LE(BigInt(h.length));
      return Buffer.concat([len, h, data]);
    };
    const mutation = fc.oneof(
      {
        weight: 3,
        arbitrary: modelJsonMutation(Buffer.from(header)).map((m) => ({
          what: `header: ${m.what}`,
          bytes: withHeader(m.bytes),
        })),
      },
      { weight: 1, arbitrary: mutationOf(original, 'text') },
      {
        weight: 1,
        arbitrary: fc
          .oneof(
            fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
            fc.bigInt({ min: BigInt(n - 8), max: BigInt(n + 8) }),
          )
          .map((len) => {
            const bytes = Buffer.from(original);
            bytes.writeBigUInt64LE(len < 0n ? 0n : len);
            return { what: `header length ${len}`, bytes };
          }),
      },
    );
    const outcomes = { decoded: 0, refused: 0 };
    fc.assert(
      fc.property(mutation, (m) => {
        try {
          const { tensors } = parseSafetensors(m.bytes, 'model.safetensors');
          let out = 0;
          for (const t of tensors.values()) out += t.data.byteLength;
          if (out > 2 * m.bytes.length) throw new Error(`decoded ${out} bytes from ${m.bytes.length}`);
          outcomes.decoded++;
        } catch (e) {
          if (!(e instanceof DataError))
            throw new Error(`${m.what}: not a clear error: ${(e as Error).stack}`);
          outcomes.refused++;
        }
      }),
      { seed: 13, numRuns: CASES },
    );
    expect(outcomes.decoded).toBeGreaterThan(0);
    expect(outcomes.refused).toBeGreaterThan(0);
  });
});
