import { DataError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { readJsonFixture } from '../test-utils/fixtures.js';
import { HfTokenizer } from './hf-tokenizer.js';
import { checkTokenizerJson } from './tokenizer-json.js';

type Json = Record<string, unknown>;
const wordpiece = readJsonFixture<Json>('tiny-mbert', 'tokenizer.json');
const unigram = readJsonFixture<Json>('tiny-xlmr', 'tokenizer.json');

/** A copy of `base` with `edit` applied. */
function edited(base: Json, edit: (j: Json & { model: Json }) => void): Json {
  const j = structuredClone(base) as Json & { model: Json };
  edit(j);
  return j;
}

function rejection(json: unknown): DataError {
  try {
    checkTokenizerJson(json, 'tok/tokenizer.json');
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message.startsWith('tok/tokenizer.json: ')).toBe(true);
    return e as DataError;
  }
  throw new Error('accepted');
}

describe('checkTokenizerJson', () => {
  it('accepts the WordPiece and Unigram fixtures', () => {
    expect(() => checkTokenizerJson(wordpiece, 'a')).not.toThrow();
    expect(() => checkTokenizerJson(unigram, 'b')).not.toThrow();
  });

  const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
  const cases: Array<[string, unknown, RegExp]> = [
    ['a list', [], /\(top level\): expected an object, got \[\]/],
    [
      'no model',
      edited(wordpiece, (j) => delete (j as Json).model),
      /model: expected an object, got nothing/,
    ],
    [
      'a deeply nested model type (quoted short)',
      edited(wordpiece, (j) => (j.model.type = deep)),
      /unsupported tokenizer model type a deeply nested list/,
    ],
    [
      'a WordPiece id that is a string',
      edited(wordpiece, (j) => ((j.model.vocab as Json)['[PAD]'] = '0')),
      /model\.vocab\["\[PAD\]"\]: expected an integer id from 0 to 999999, got "0"/,
    ],
    [
      'a negative WordPiece id',
      edited(wordpiece, (j) => ((j.model.vocab as Json)['[PAD]'] = -1)),
      /expected an integer id/,
    ],
    [
      'an empty WordPiece vocabulary',
      edited(wordpiece, (j) => (j.model.vocab = {})),
      /model\.vocab: has 0 tokens/,
    ],
    [
      'a fractional max_input_chars_per_word',
      edited(wordpiece, (j) => (j.model.max_input_chars_per_word = 1.5)),
      /model\.max_input_chars_per_word: expected a positive integer/,
    ],
    [
      'a Unigram unk_id outside the vocabulary',
      edited(unigram, (j) => (j.model.unk_id = -1)),
      /model\.unk_id: expected null or an id from 0 to/,
    ],
    [
      'a Unigram piece without a score',
      edited(unigram, (j) => ((j.model.vocab as unknown[])[5] = ['x'])),
      /model\.vocab\[5\]: expected a \[piece, score\] pair/,
    ],
    [
      'an added token without an id',
      edited(wordpiece, (j) => (j.added_tokens = [{ content: 'x' }])),
      /added_tokens\[0\]: expected \{id, content\}/,
    ],
    [
      'a template that is not a list',
      edited(wordpiece, (j) => ((j.post_processor as Json).single = 1e308)),
      /post_processor\.single: expected a list, got 1e\+308/,
    ],
    [
      'a normalizer that is a number',
      edited(wordpiece, (j) => (j.normalizer = 3)),
      /normalizer: expected null or an object with a "type"/,
    ],
    [
      'Sequences nested 17 deep',
      edited(wordpiece, (j) => {
        let n: Json = { type: 'Lowercase' };
        for (let i = 0; i < 17; i++) n = { type: 'Sequence', normalizers: [n] };
        j.normalizer = n;
      }),
      /Sequences nested more than 16 deep/,
    ],
  ];
  for (const [what, json, msg] of cases) {
    it(`refuses ${what}, naming the JSON path`, () => {
      expect(rejection(json).message).toMatch(msg);
    });
  }

  it('is what HfTokenizer checks first', () => {
    expect(
      () =>
        new HfTokenizer(
          edited(unigram, (j) => (j.model.unk_id = 10 ** 6)),
          {},
          'x.json',
        ),
    ).toThrow(/x\.json: model\.unk_id/);
  });
});
