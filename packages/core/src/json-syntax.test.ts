import { describe, expect, it } from 'vitest';
import { findSyntaxError, lineColumn } from './json-syntax.js';

describe('findSyntaxError', () => {
  it.each([
    ['{"a": 1,}', 8, /property name in quotes, got "}"/],
    ['[1, 2', 5, /end of input/],
    ['{"a": "x\n"}', 8, /control character/],
    ['{"a": tru}', 6, /unexpected character U\+0074/],
    ['{"a": 1} x', 9, /after the end/],
    ['{"a" 1}', 5, /":"/],
  ])('%j fails at offset %i', (text, offset, msg) => {
    expect(JSON.parse.bind(null, text)).toThrow();
    const e = findSyntaxError(text);
    expect(e.offset).toBe(offset);
    expect(e.message).toMatch(msg);
  });

  it('describes characters by code point, never quoting the text', () => {
    const e = findSyntaxError('{"a": SECRET}');
    expect(e.message).toBe('unexpected character U+0053');
  });

  it('reports nesting deeper than 1000 levels instead of overflowing the stack', () => {
    const deep = `${'['.repeat(200_000)}x`;
    expect(JSON.parse.bind(null, deep)).toThrow();
    const e = findSyntaxError(deep);
    expect(e.offset).toBe(1000);
    expect(e.message).toMatch(/nested more than 1000 levels deep/);
    expect(findSyntaxError(`${'['.repeat(999)}x`).message).toBe('unexpected character U+0078');
  });
});

describe('lineColumn', () => {
  it('converts offsets to 1-based line and column', () => {
    expect(lineColumn('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\ncd\nef', 6)).toEqual({ line: 3, column: 1 });
  });
});
