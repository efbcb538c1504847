import { DataError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { parseJson, parseJsonLine, strField } from './json.js';
import { languageName, normalizeLang } from './languages.js';

describe('JSON errors with a place', () => {
  it('parseJson names the file, line and column; empty files are their own error', () => {
    expect(() => parseJson('{\n  "a": [1,\n  }', 'f.json')).toThrow(
      /^f\.json: line 3, column 3: malformed JSON/,
    );
    expect(() => parseJson('  \n', 'f.json')).toThrow(/^f\.json: file is empty/);
    expect(() => parseJsonLine('{"a": }', 'f.jsonl', 7)).toThrow(
      /^f\.jsonl: line 7, column 7: malformed JSON/,
    );
  });

  it('never quotes the text (JSON.parse does: "…" is not valid JSON)', () => {
    const secret = 'sk-SECRET-TOKEN';
    for (const text of [`${secret} {`, `{"a": ${secret}}`, `\u007fELF${secret}`]) {
      let msg = '';
      try {
        parseJson(text, 'f.json');
      } catch (e) {
        msg = (e as Error).message;
      }
      expect(msg).toMatch(/malformed JSON/);
      expect(msg).not.toMatch(/SECRET|ELF|sk-/);
    }
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
