import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openSafetensors, parseSafetensors, readSafetensors, serializeSafetensors } from './safetensors.js';

/** A safetensors file built by hand, byte by byte, from the format description. */
function handMade(header: object, data: number[]): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

describe('safetensors', () => {
  it('decodes a hand-made file (F32, F16, BF16, I64)', () => {
    // 1.5f32 = 0x3FC00000; -2 f16 = 0xC000; 1.0 bf16 = 0x3F80; 7 i64.
    const bytes = handMade(
      {
        a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] },
        b: { dtype: 'F16', shape: [1], data_offsets: [4, 6] },
        c: { dtype: 'BF16', shape: [1], data_offsets: [6, 8] },
        d: { dtype: 'I64', shape: [1], data_offsets: [8, 16] },
        __metadata__: { format: 'pt' },
      },
      [0x00, 0x00, 0xc0, 0x3f, 0x00, 0xc0, 0x80, 0x3f, 7, 0, 0, 0, 0, 0, 0, 0],
    );
    const { tensors, metadata } = parseSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt' });
    expect(Array.from(tensors.get('a')!.data as Float32Array)).toEqual([1.5]);
    expect(Array.from(tensors.get('b')!.data as Float32Array)).toEqual([-2]);
    expect(Array.from(tensors.get('c')!.data as Float32Array)).toEqual([1]);
    expect(Array.from(tensors.get('d')!.data as BigInt64Array)).toEqual([7n]);
  });

  it('round-trips and is byte-identical for equal input', () => {
    const m = new Map([
      ['z.weight', { shape: [2, 3], data: Float32Array.from([1, 2, 3, 4, 5, -6.25]) }],
      ['a.ids', { shape: [2], data: Int32Array.from([7, -1]) }],
    ]);
    const b1 = serializeSafetensors(m);
    const b2 = serializeSafetensors(new Map([...m].reverse()));
    expect(Buffer.from(b1).equals(Buffer.from(b2))).toBe(true);
    const { tensors } = parseSafetensors(b1);
    expect(tensors.get('z.weight')).toEqual({
      dtype: 'F32',
      shape: [2, 3],
      data: Float32Array.from([1, 2, 3, 4, 5, -6.25]),
    });
    expect(Array.from(tensors.get('a.ids')!.data as Int32Array)).toEqual([7, -1]);
    expect((8 + Number(new DataView(b1.buffer).getBigUint64(0, true))) % 8).toBe(0);
  });

  const cases: Array<[string, Uint8Array, RegExp]> = [
    ['a file shorter than 8 bytes', new Uint8Array(5), /shorter than the 8-byte header/],
    [
      'a header length beyond the file',
      (() => {
        const b = handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]);
        new DataView(b.buffer).setBigUint64(0, 1_000_000n, true);
        return b;
      })(),
      /header length 1000000 goes beyond the file/,
    ],
    [
      'a header length over 100,000,000 bytes (checked before the file size)',
      (() => {
        const b = handMade({}, []);
        new DataView(b.buffer).setBigUint64(0, 100_000_001n, true);
        return b;
      })(),
      /header length 100000001 is over the limit of 100000000 bytes/,
    ],
    [
      'a header length of 2^64 - 1',
      (() => {
        const b = handMade({}, []);
        new DataView(b.buffer).setBigUint64(0, 2n ** 64n - 1n, true);
        return b;
      })(),
      /is over the limit/,
    ],
    [
      'offsets beyond the data',
      handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0]),
      /tensor "a" data_offsets \[0, 8\] go beyond the data buffer \(4 bytes\)/,
    ],
    [
      'an unknown dtype',
      handMade({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /"a": unknown dtype "F128"/,
    ],
    [
      'a size that does not match the shape',
      handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /"a": data_offsets \[0, 4\] hold 4 bytes, but shape \[2\] of F32 needs 8/,
    ],
    [
      'a shape whose size overflows',
      handMade(
        { a: { dtype: 'F32', shape: [2 ** 30, 2 ** 30, 2 ** 30], data_offsets: [0, 4] } },
        [0, 0, 0, 0],
      ),
      /"a": shape \[.*\] is too large/,
    ],
    [
      'a negative or fractional shape',
      handMade({ a: { dtype: 'F32', shape: [-1], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /"a": shape must be a list of non-negative integers, got \[-1\]/,
    ],
    [
      'offsets that end before they begin',
      handMade({ a: { dtype: 'F32', shape: [0], data_offsets: [4, 0] } }, [0, 0, 0, 0]),
      /"a": data_offsets \[4, 0\] end before they begin/,
    ],
    [
      'offsets that are not a pair',
      handMade({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4, 8] } }, [0, 0, 0, 0]),
      /"a": data_offsets must be \[begin, end\]/,
    ],
    [
      'a tensor entry that is not an object',
      handMade({ a: [1, 2] }, []),
      /"a": expected an object with dtype, shape and data_offsets, got \[1,2\]/,
    ],
    [
      'metadata that is not string to string',
      handMade({ __metadata__: { format: 1 } }, []),
      /"__metadata__" key "format" must map to a string, got 1/,
    ],
    ['metadata that is a list', handMade({ __metadata__: ['pt'] }, []), /"__metadata__" must be an object/],
    ['a header that is a JSON list', handMade([], []), /header is not a JSON object/],
    [
      'a header that is not JSON',
      (() => {
        const b = handMade({}, []);
        b.set(new TextEncoder().encode('{x'), 8);
        return b;
      })(),
      /header is not UTF-8 JSON/,
    ],
    [
      'a header that is not UTF-8',
      (() => {
        const b = handMade({ ab: null }, []);
        b[10] = 0xff;
        return b;
      })(),
      /header is not UTF-8 JSON/,
    ],
  ];
  for (const [what, bytes, msg] of cases) {
    it(`rejects ${what} with a DataError naming the file`, () => {
      const err = parseError(bytes);
      expect(err.message).toMatch(/^model\.safetensors: not a valid safetensors file/);
      expect(err.message).toMatch(msg);
    });
  }
});

/** The DataError parseSafetensors throws (fails the test when it accepts the bytes). */
function parseError(bytes: Uint8Array): DataError {
  try {
    parseSafetensors(bytes, 'model.safetensors');
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('accepted');
}

/** A file of U8 tensors at the given offsets over `dataLen` bytes of data (byte i has value i). */
function layout(offsets: Array<[number, number]>, dataLen: number): Uint8Array {
  const header: Record<string, unknown> = {};
  offsets.forEach(([b, e], i) => {
    header[`t${i}`] = { dtype: 'U8', shape: [Math.max(0, e - b)], data_offsets: [b, e] };
  });
  return handMade(
    header,
    Array.from({ length: dataLen }, (_, i) => i & 0xff),
  );
}

describe('safetensors data layout: contiguous, no overlap, no gap, covering the data exactly', () => {
  const rejected: Array<[string, Array<[number, number]>, number, RegExp]> = [
    [
      'a partial overlap',
      [
        [0, 4],
        [2, 6],
      ],
      6,
      /"t1" data_offsets \[2, 6\] overlap tensor "t0" \[0, 4\]/,
    ],
    [
      'the same bytes twice',
      [
        [0, 4],
        [0, 4],
      ],
      4,
      /overlap tensor "t\d" \[0, 4\]/,
    ],
    [
      'a tensor inside another',
      [
        [0, 8],
        [2, 6],
      ],
      8,
      /"t1" data_offsets \[2, 6\] overlap tensor "t0" \[0, 8\]/,
    ],
    [
      'an empty tensor inside another',
      [
        [0, 8],
        [4, 4],
      ],
      8,
      /"t1" data_offsets \[4, 4\] overlap/,
    ],
    [
      'a gap at the start',
      [[2, 6]],
      6,
      /2 bytes before tensor "t0" data_offsets \[2, 6\] belong to no tensor/,
    ],
    [
      'a gap between tensors',
      [
        [0, 4],
        [6, 10],
      ],
      10,
      /2 bytes between tensor "t0" and tensor "t1"/,
    ],
    ['bytes after the last tensor', [[0, 4]], 8, /the tensors cover 4 of the 8 data bytes/],
    ['data but no tensors', [], 3, /the tensors cover 0 of the 3 data bytes/],
    [
      'a tensor past the end',
      [
        [0, 4],
        [4, 8],
      ],
      6,
      /"t1" data_offsets \[4, 8\] go beyond the data buffer \(6 bytes\)/,
    ],
  ];
  for (const [what, offs, len, msg] of rejected) {
    it(`rejects ${what}`, () => {
      expect(parseError(layout(offs, len)).message).toMatch(msg);
    });
  }

  it('accepts tensors listed in any order, empty tensors at boundaries, and an empty file', () => {
    const { tensors } = parseSafetensors(
      layout(
        [
          [4, 8],
          [0, 4],
          [4, 4],
          [8, 8],
        ],
        8,
      ),
    );
    expect(tensors.get('t0')!.data).toEqual(Uint8Array.from([4, 5, 6, 7]));
    expect(tensors.get('t1')!.data).toEqual(Uint8Array.from([0, 1, 2, 3]));
    expect(tensors.get('t2')!.data.length).toBe(0);
    expect(parseSafetensors(layout([], 0)).tensors.size).toBe(0);
  });

  it('accepts exactly the layouts where every data byte belongs to one tensor (600 random layouts)', () => {
    // Independent oracle: count how many tensors cover each byte; an empty tensor may sit only at a
    // boundary, not strictly inside a non-empty one (the reference implementation's sorted walk).
    const oracle = (offs: Array<[number, number]>, len: number): boolean => {
      const cover = new Array<number>(len).fill(0);
      for (const [b, e] of offs) {
        if (e < b || e > len) return false;
        for (let i = b; i < e; i++) cover[i]! += 1;
      }
      if (!cover.every((c) => c === 1)) return false;
      return offs.every(([b, e]) => b !== e || !offs.some(([b2, e2]) => b2 < b && b < e2));
    };
    const offsets = fc.array(
      fc.tuple(fc.nat(12), fc.nat(12)).map(([a, b]): [number, number] => [Math.min(a, b), Math.max(a, b)]),
      {
        maxLength: 5,
      },
    );
    // Half the cases are valid by construction: cut [0, len) into consecutive pieces, then rotate.
    const valid = fc
      .tuple(fc.array(fc.nat(4), { maxLength: 5 }), fc.nat())
      .map(([sizes, rot]): [Array<[number, number]>, number] => {
        const ends = sizes.map((_, i) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0));
        const offs = sizes.map((s, i): [number, number] => [ends[i]! - s, ends[i]!]);
        return [offs.map((_, i) => offs[(i + rot) % offs.length]!), ends.at(-1) ?? 0];
      });
    fc.assert(
      fc.property(fc.oneof(valid, fc.tuple(offsets, fc.nat(12))), ([offs, len]) => {
        let ok = true;
        try {
          parseSafetensors(layout(offs, len));
        } catch (e) {
          if (!(e instanceof DataError)) throw e;
          ok = false;
        }
        expect(ok).toBe(oracle(offs, len));
      }),
      { seed: 13, numRuns: 600 },
    );
  });
});

describe('openSafetensors: reads the header first, then only the tensors asked for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hbt-st-'));

  it('reads a file tensor by tensor and agrees with parseSafetensors', async () => {
    const m = new Map([
      ['w', { shape: [2, 2], data: Float32Array.from([1, -2, 3.5, 4]) }],
      ['ids', { shape: [3], data: Int32Array.from([7, 8, -9]) }],
    ]);
    const path = join(dir, 'ok.safetensors');
    writeFileSync(path, serializeSafetensors(m));
    const f = await openSafetensors(path);
    try {
      expect([...f.header.entries.keys()]).toEqual(['ids', 'w']);
      expect(await f.read('w')).toEqual({ dtype: 'F32', shape: [2, 2], data: m.get('w')!.data });
      await expect(f.read('nope')).rejects.toThrow(/no tensor "nope"/);
    } finally {
      await f.close();
    }
    expect((await readSafetensors(path)).tensors).toEqual(parseSafetensors(readFileSync(path)).tensors);
  });

  it('refuses a header over 100 MB without reading it (sparse 200 MB file)', async () => {
    const path = join(dir, 'huge-header.safetensors');
    const head = new Uint8Array(8);
    new DataView(head.buffer).setBigUint64(0, 150_000_000n, true);
    writeFileSync(path, head);
    truncateSync(path, 200_000_000);
    await expect(openSafetensors(path)).rejects.toThrow(/header length 150000000 is over the limit/);
  });

  it('refuses a FIFO and a device at once instead of blocking', async () => {
    const fifo = join(dir, 'fifo.safetensors');
    execFileSync('mkfifo', [fifo]);
    await expect(openSafetensors(fifo)).rejects.toThrow(/fifo\.safetensors: not a regular file/);
    await expect(openSafetensors('/dev/zero')).rejects.toThrow(/\/dev\/zero: not a regular file/);
    await expect(openSafetensors(dir)).rejects.toThrow(DataError);
  });

  it('names the file when it cannot be opened', async () => {
    await expect(openSafetensors(join(dir, 'missing.safetensors'))).rejects.toThrow(
      /missing\.safetensors: cannot read: ENOENT/,
    );
  });
});
