import { describe, expect, it } from 'vitest';
import type { Pair } from '../tables.js';
import { EvalTables } from '../tables.js';
import { evalTexts, excludeEvalText, leakKey } from './leak.js';

const pair = (id: string, q: string, p: string, dataset = 'train'): Pair => ({
  pair_id: id,
  group_id: id,
  query_text: q,
  query_lang: 'eng',
  pos_text: p,
  pos_lang: 'hau',
  neg_text: null,
  dataset,
});

describe('eval-leak exclusion', () => {
  it('compares texts after NFC, lower case and collapsed white space', () => {
    expect(leakKey('  The\u00a0 Cafe\u0301\n')).toBe('the café');
    expect(leakKey('The café')).toBe(leakKey('THE  CAFÉ'));
  });

  it('drops pairs whose query or positive is a text of an evaluated dataset, counted per dataset', () => {
    const t = new EvalTables();
    t.addQuery({ query_id: 'ev/eng/0', lang: 'eng', text: 'Hello world.', group_id: 'ev/0', dataset: 'ev' });
    t.addDoc({
      doc_id: 'ev/hau/0',
      lang: 'hau',
      text: 'Sannu duniya.',
      context: null,
      group_id: 'ev/0',
      dataset: 'ev',
    });
    t.addQuery({
      query_id: 'in/eng/0',
      lang: 'eng',
      text: 'In-domain text',
      group_id: 'in/0',
      dataset: 'in',
    });
    const texts = evalTexts(t, new Set(['ev']));
    const { kept, dropped } = excludeEvalText(
      [
        pair('a', 'hello  WORLD.', 'x'),
        pair('b', 'y', 'Sannu duniya.', 'other'),
        pair('c', 'In-domain text', 'z'),
        pair('d', 'q', 'p'),
      ],
      texts,
    );
    expect(kept.map((p) => p.pair_id)).toEqual(['c', 'd']);
    expect(dropped).toEqual({ train: 1, other: 1 });
  });
});
