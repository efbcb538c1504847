import { DataError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { parseSafetensors, serializeSafetensors } from './safetensors.js';

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
      'offsets out of range',
      handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [0, 0, 0, 0]),
      /"a": offsets \[0, 8\] out of range/,
    ],
    [
      'an unknown dtype',
      handMade({ a: { dtype: 'F128', shape: [1], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /"a": unknown dtype "F128"/,
    ],
    [
      'a size that does not match the shape',
      handMade({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, [0, 0, 0, 0]),
      /4 bytes for shape \[2\]/,
    ],
    [
      'a header that is not JSON',
      (() => {
        const b = handMade({}, []);
        b.set(new TextEncoder().encode('{x'), 8);
        return b;
      })(),
      /header is not JSON/,
    ],
  ];
  for (const [what, bytes, msg] of cases) {
    it(`rejects ${what} with a DataError naming the file`, () => {
      let err: unknown;
      try {
        parseSafetensors(bytes, 'model.safetensors');
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(DataError);
      expect((err as Error).message).toMatch(/^model\.safetensors: not a valid safetensors file/);
      expect((err as Error).message).toMatch(msg);
    });
  }
});
