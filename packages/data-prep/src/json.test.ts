import { DataError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { findSyntaxError, lineColumn, parseJson, parseJsonLine, strField } from './json.js';
import { languageName, normalizeLang } from './languages.js';

describe('JSON errors with a place', () => {
  it.each([
    ['{"a": 1,}', 8, /property name/],
    ['[1, 2', 5, /end of input/],
    ['{"a": "x\n"}', 8, /control character/],
    ['{"a": tru}', 6, /unexpected/],
    ['{"a": 1} x', 9, /after the end/],
    ['{"a" 1}', 5, /":"/],
  ])('%j fails at offset %i', (text, offset, msg) => {
    expect(JSON.parse.bind(null, text)).toThrow();
    const e = findSyntaxError(text);
    expect(e.offset).toBe(offset);
    expect(e.message).toMatch(msg);
  });

  it('converts offsets to 1-based line and column', () => {
    expect(lineColumn('ab\ncd\nef', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd\nef', 4)).toEqual({ line: 2, column: 2 });
    expect(lineColumn('ab\ncd\nef', 6)).toEqual({ line: 3, column: 1 });
  });

  it('parseJson names the file, line and column; empty files are their own error', () => {
    expect(() => parseJson('{\n  "a": [1,\n  }', 'f.json')).toThrow(
      /^f\.json: line 3, column 3: malformed JSON/,
    );
    expect(() => parseJson('  \n', 'f.json')).toThrow(/^f\.json: file is empty/);
    expect(() => parseJsonLine('{"a": }', 'f.jsonl', 7)).toThrow(
      /^f\.jsonl: line 7, column 7: malformed JSON/,
    );
  });

  it('field helpers name the JSON path of a missing or mistyped field', () => {
    const doc = { data: [{ q: 3 }] };
    expect(() => strField(doc.data[0], 'question', 'data[0]', 'f.json')).toThrow(
      /^f\.json: data\[0\]\.question: missing field "question"/,
    );
    expect(() => strField(doc.data[0], 'q', 'data[0]', 'f.json')).toThrow(
      /field "q" should be a string, got number/,
    );
    expect(() => strField(doc.data[0], 'q', 'data[0]', 'f.json')).toThrow(DataError);
  });
});

describe('language codes', () => {
  it('normalises ISO 639-1 codes and English names, and rejects the rest', () => {
    expect(normalizeLang('EN')).toBe('en');
    expect(normalizeLang(' zh ')).toBe('zh');
    expect(normalizeLang('Portuguese')).toBe('pt');
    expect(normalizeLang('greek')).toBe('el');
    expect(normalizeLang('xx')).toBeNull();
    expect(normalizeLang('zh-cn')).toBeNull();
    expect(normalizeLang('constructor')).toBeNull();
    expect(languageName('de')).toBe('German');
  });
});
