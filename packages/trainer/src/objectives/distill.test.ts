import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchPair, TextBatch } from '../batch.js';
import { TEST_BACKEND } from '../test-utils/fixtures.js';
import { checkTeacherCoverage, distill } from './distill.js';

const vec = (d: number, x: number) => new Float32Array(d).fill(x);
const teacher = (d: number, texts: Record<string, number>) => ({
  dim: d,
  get: (t: string) => (t in texts ? vec(d, texts[t]!) : null),
});
const pair = (id: string, q: string, ql: string, p: string, pl: string): BatchPair => ({
  pair_id: id,
  query_text: q,
  query_lang: ql,
  pos_text: p,
  pos_lang: pl,
});
const batchOf = (pairs: BatchPair[]): TextBatch => ({
  queries: pairs.map((p) => `Query: ${p.query_text}`),
  passages: pairs.map((p) => `Passage: ${p.pos_text}`),
  numPositives: pairs.length,
  pairs,
});
const settings = { sourceLanguages: ['en'], file: 'teacher/embeddings.parquet', studentDim: 4 };

describe('distill', () => {
  beforeAll(async () => {
    await initBackend(TEST_BACKEND);
  });

  it('a teacher of another dimension is an error naming both sizes', () => {
    expect(() => distill({ ...settings, teacher: teacher(8, {}) })).toThrow(
      /teacher embeddings have dimension 8 but the student's output dimension is 4/,
    );
  });

  it('feeds the source side’s teacher vector per pair, weight 0 for skipped pairs', () => {
    const obj = distill({ ...settings, teacher: teacher(4, { Hello: 1, World: 2 }) });
    const feeds = obj.feeds!(
      batchOf([
        pair('a', 'Hello', 'en', 'Hallo', 'de'),
        pair('b', 'x', 'en', 'y', 'en'),
        pair('c', 'Welt', 'de', 'World', 'EN'),
      ]),
      'train',
    );
    expect(Array.from(feeds.teacher!.dataSync())).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 2, 2, 2, 2]);
    expect(Array.from(feeds.teacher_weight!.dataSync())).toEqual([1, 0, 1]);
    tf.dispose(Object.values(feeds));
  });

  it('a source text without a teacher vector is an error naming it (training), left out in validation', () => {
    const obj = distill({ ...settings, teacher: teacher(4, {}) }) as ReturnType<typeof distill> & {
      missingInEval(): number;
    };
    const b = batchOf([pair('p7', 'Good morning', 'en', 'Guten Morgen', 'de')]);
    expect(() => obj.feeds!(b, 'train')).toThrow(
      /no teacher vector for the source text "Good morning" \(pair_id p7\)/,
    );
    tf.dispose(Object.values(obj.feeds!(b, 'eval')));
    expect(obj.missingInEval()).toBe(1);
  });

  it('checkTeacherCoverage: the first missing text, or no pair with a source side, is an error', () => {
    const t = teacher(4, { Hello: 1 });
    const ok = [pair('a', 'Hello', 'en', 'Hallo', 'de'), pair('b', 'x', 'de', 'y', 'fr')];
    expect(checkTeacherCoverage(ok, { ...settings, teacher: t })).toBe(1);
    expect(() =>
      checkTeacherCoverage([...ok, pair('c', 'Bye', 'en', 'Tschüss', 'de')], { ...settings, teacher: t }),
    ).toThrow(/"Bye" \(pair_id c\)/);
    expect(() =>
      checkTeacherCoverage([pair('b', 'x', 'de', 'y', 'fr')], { ...settings, teacher: t }),
    ).toThrow(/no training pair has a source side in the teacher's languages \(en\)/);
  });
});
