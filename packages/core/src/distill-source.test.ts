import { describe, expect, it } from 'vitest';
import { configSchema } from './config/schema.js';
import { teacherVariant } from './config/sections/teacher.js';
import { distillSource, distillSourceText } from './distill-source.js';

const SRC = ['eng', 'en'];

describe('distillSource', () => {
  it('picks the side whose language is a source language', () => {
    expect(distillSource({ query_lang: 'en', pos_lang: 'de' }, SRC)).toBe('query');
    expect(distillSource({ query_lang: 'sw', pos_lang: 'eng' }, SRC)).toBe('pos');
  });

  it('skips pairs with both or neither side in the source languages', () => {
    expect(distillSource({ query_lang: 'en', pos_lang: 'en' }, SRC)).toBeNull();
    expect(distillSource({ query_lang: 'en', pos_lang: 'eng' }, SRC)).toBeNull();
    expect(distillSource({ query_lang: 'de', pos_lang: 'sw' }, SRC)).toBeNull();
  });

  it('compares languages case-insensitively, ignoring surrounding spaces', () => {
    expect(distillSource({ query_lang: 'DE', pos_lang: ' En ' }, SRC)).toBe('pos');
    expect(distillSource({ query_lang: 'de', pos_lang: 'en' }, ['EN'])).toBe('pos');
  });

  it('returns the source text', () => {
    const pair = { query_lang: 'de', query_text: 'Hallo', pos_lang: 'en', pos_text: 'Hello' };
    expect(distillSourceText(pair, SRC)).toBe('Hello');
    expect(distillSourceText({ ...pair, query_lang: 'en' }, SRC)).toBeNull();
  });
});

describe('train.teacher config', () => {
  it('is null by default and fills the teacher defaults', () => {
    expect(configSchema.parse({}).train.teacher).toBeNull();
    const t = configSchema.parse({ train: { teacher: { model: 'models/t' } } }).train.teacher;
    expect(t).toEqual({
      model: 'models/t',
      source_languages: ['eng', 'en'],
      prompt: null,
      batch_size: 32,
      max_length: null,
    });
  });

  it('refuses a bad variant name, an empty language list and unknown keys', () => {
    const bad = (teacher: unknown) => configSchema.safeParse({ train: { teacher } }).success;
    expect(bad({ model: 'variant:../x' })).toBe(false);
    expect(bad({ model: 'variant:' })).toBe(false);
    expect(bad({ model: 'm', source_languages: [] })).toBe(false);
    expect(bad({ model: 'm', batch: 3 })).toBe(false);
    expect(bad({ model: 'variant:base' })).toBe(true);
  });

  it('names variants', () => {
    expect(teacherVariant('variant:base')).toBe('base');
    expect(teacherVariant('models/variant:x')).toBeNull();
  });
});
