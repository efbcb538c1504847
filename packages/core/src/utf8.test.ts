import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { decodeUtf8Strict } from './utf8.js';

const fatal = new TextDecoder('utf-8', { fatal: true });
const isValid = (b: Uint8Array) => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};
const bytes = (hex: string) => Buffer.from(hex.replace(/ /g, ''), 'hex');

describe('decodeUtf8Strict', () => {
  it('decodes valid UTF-8 and drops a leading byte-order mark', () => {
    const d = decodeUtf8Strict(Buffer.from('\uFEFFgrüße 日本 😀\n'), { file: 'f' });
    expect(d).toEqual({ text: 'grüße 日本 😀\n', sequences: 0, lines: 0, first: null });
  });

  it('names the file, line and byte offset of the first invalid byte', () => {
    // "ab\n" "c" 0xff "d\n" 0xfe: the first invalid byte is at offset 4 on line 2.
    const buf = Buffer.concat([Buffer.from('ab\nc'), bytes('ff'), Buffer.from('d\n'), bytes('fe')]);
    let err: unknown;
    try {
      decodeUtf8Strict(buf, { file: 'q.tsv' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(DataError);
    expect((err as DataError).message).toMatch(/^q\.tsv: line 2: invalid UTF-8 \(byte offset 4\)/);
    expect((err as DataError).exitCode).toBe(1);
  });

  // Golden counts from Python: bytes.decode('utf-8', 'replace').count('\ufffd') and
  // bytes.decode('utf-8', 'ignore') (the Unicode "maximal subpart" practice, as WHATWG).
  it.each([
    ['e282', 1, ''],
    ['eda080', 3, ''],
    ['f080', 2, ''],
    ['f4908080', 4, ''],
    ['61c0af62', 2, 'ab'],
    ['ff', 1, ''],
    ['e2827a', 1, 'z'],
  ])('counts the invalid sequences of %s like Python (%i)', (hex, n, skipped) => {
    const r = decodeUtf8Strict(bytes(hex), { file: 'f', onInvalid: 'replace' });
    expect(r.sequences).toBe(n);
    expect([...r.text].filter((c) => c === '\uFFFD').length).toBe(n);
    expect(decodeUtf8Strict(bytes(hex), { file: 'f', onInvalid: 'skip' }).text).toBe(skipped);
  });

  it('counts lines with invalid bytes and reports the first', () => {
    const buf = Buffer.concat([Buffer.from('ok\n'), bytes('ff ff'), Buffer.from('\nok\nx'), bytes('c3')]);
    const r = decodeUtf8Strict(buf, { file: 'f', onInvalid: 'replace', firstLine: 10, firstOffset: 100 });
    expect(r).toEqual({
      text: 'ok\n\uFFFD\uFFFD\nok\nx\uFFFD',
      sequences: 3,
      lines: 2,
      first: { line: 11, offset: 103 },
    });
  });

  it('replaces exactly as TextDecoder does, and skip drops exactly the replaced sequences', () => {
    const td = new TextDecoder('utf-8', { ignoreBOM: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.string({ maxLength: 8 }), (raw, s) => {
        const buf = Buffer.concat([Buffer.from(s), Buffer.from(raw)]);
        const ref = td.decode(buf).replace(/^\uFEFF/, '');
        const r = decodeUtf8Strict(buf, { file: 'f', onInvalid: 'replace' });
        expect(r.text).toBe(ref);
        expect(r.sequences === 0).toBe(isValid(buf));
        const skipped = decodeUtf8Strict(buf, { file: 'f', onInvalid: 'skip' });
        expect(skipped.sequences).toBe(r.sequences);
        expect(skipped.text.length).toBe(r.text.length - r.sequences);
      }),
      { seed: 13, numRuns: 500 },
    );
  });
});
