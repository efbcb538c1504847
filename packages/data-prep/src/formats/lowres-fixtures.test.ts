import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRows } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, runPrep, tempDir } from '../test-utils/prep.js';

// The low-resource readers on the small fixtures in test-fixtures/data-prep (made-up sentences in the
// real layouts): exact rows, and byte-identical artifacts when run twice.
const tmp = tempDir('hbt-lowres-fixtures-');
afterAll(() => tmp.cleanup());
const data = {
  train: [
    { name: 'mafand-mt', format: 'mafand-mt', path: join(FIXTURES, 'mafand-mt'), direction: 'source-target' },
    { name: 'afriqa', format: 'afriqa', path: join(FIXTURES, 'afriqa') },
    { name: 'news', format: 'masakhane-news', path: join(FIXTURES, 'masakhane-news') },
  ],
  eval: [
    { name: 'bt', format: 'parallel', path: join(FIXTURES, 'parallel') },
    { name: 'afriqa-test', format: 'afriqa', path: join(FIXTURES, 'afriqa') },
    { name: 'news-test', format: 'masakhane-news', path: join(FIXTURES, 'masakhane-news') },
    { name: 'mafand-test', format: 'mafand-mt', path: join(FIXTURES, 'mafand-mt') },
  ],
  pairs: { validation_fraction: 0, exclude_eval_text: true },
};

describe('low-resource readers on the fixtures', () => {
  it('write the agreed rows, and the same bytes twice', async () => {
    const a = await runPrep(data, tmp.dir, join(tmp.dir, 'a'));
    const b = await runPrep(data, tmp.dir, join(tmp.dir, 'b'));
    for (const f of ['corpus', 'queries', 'qrels', 'train_pairs', 'val_pairs', 'datasets']) {
      expect(readFileSync(join(b.dir, `${f}.parquet`)), f).toEqual(readFileSync(join(a.dir, `${f}.parquet`)));
    }
    const pairs = await readRows<Record<string, string>>(join(a.dir, 'train_pairs.parquet'));
    // MAFAND-MT source → target only; "The school is new." is in mafand-mt test: that pair is dropped.
    expect(
      pairs.filter((p) => p.dataset === 'mafand-mt').map((p) => [p.pair_id, p.query_lang, p.pos_lang]),
    ).toEqual([
      ['mafand-mt/en-hau/0/eng-hau', 'eng', 'hau'],
      ['mafand-mt/en-hau/1/eng-hau', 'eng', 'hau'],
      ['mafand-mt/fr-wol/0/fra-wol', 'fra', 'wol'],
    ]);
    // AfriQA: question 0 (gold passage) is retrievable; 1 has no gold row; 2's passage is also in the
    // evaluated test pool, so its pairs are dropped by exclude_eval_text — as are 0's.
    expect(pairs.filter((p) => p.dataset === 'afriqa')).toEqual([]);
    const stats = a.manifest.stats as { datasets: Record<string, { pairs: { dropped_eval_text?: number } }> };
    expect(stats.datasets.afriqa!.pairs.dropped_eval_text).toBe(4);
    expect(stats.datasets['mafand-mt']!.pairs.dropped_eval_text).toBe(1);
    const q = await readRows<{ query_id: string; lang: string; group_id: string }>(
      join(a.dir, 'queries.parquet'),
    );
    expect(q.filter((r) => r.query_id.startsWith('afriqa-test/'))).toEqual([
      {
        query_id: 'afriqa-test/hau/0',
        lang: 'hau',
        text: 'Ina babban birnin Kano?',
        group_id: 'afriqa-test/hau/0',
        dataset: 'afriqa-test',
      },
      {
        query_id: 'afriqa-test/eng/hau/0',
        lang: 'eng',
        text: 'Where is the capital of Kano?',
        group_id: 'afriqa-test/hau/0',
        dataset: 'afriqa-test',
      },
      {
        query_id: 'afriqa-test/hau/2',
        lang: 'hau',
        text: 'Yaushe aka kafa jihar?',
        group_id: 'afriqa-test/hau/2',
        dataset: 'afriqa-test',
      },
      {
        query_id: 'afriqa-test/eng/hau/2',
        lang: 'eng',
        text: 'When was the state created?',
        group_id: 'afriqa-test/hau/2',
        dataset: 'afriqa-test',
      },
    ]);
    // Parallel: news.en line 3 is empty, so row 2 has one sentence only and is left out.
    expect(q.filter((r) => r.query_id.startsWith('bt/')).map((r) => r.query_id)).toEqual([
      'bt/eng/greetings/0',
      'bt/swa/greetings/0',
      'bt/eng/greetings/1',
      'bt/swa/greetings/1',
      'bt/eng/news/0',
      'bt/hau/news/0',
      'bt/eng/news/1',
      'bt/hau/news/1',
      'bt/eng/news/3',
      'bt/hau/news/3',
    ]);
    const news = await readRows(join(a.dir, 'corpus.parquet'));
    expect(news.find((r) => (r as { doc_id: string }).doc_id === 'news-test/hau/1')).toMatchObject({
      text: 'The votes were counted;\nthe result comes tomorrow.',
    });
    expect(
      (await readRows(join(a.dir, 'datasets.parquet'))).map((r) => Object.values(r).slice(0, 5)),
    ).toEqual([
      ['mafand-mt', 'train', 'mafand-mt', 'bitext', null],
      ['afriqa', 'train', 'afriqa', 'qa', null],
      ['news', 'train', 'masakhane-news', 'news', null],
      ['bt', 'eval', 'parallel', 'bitext', 'eng'],
      ['afriqa-test', 'eval', 'afriqa', 'qa', 'eng'],
      ['news-test', 'eval', 'masakhane-news', 'news', null],
      ['mafand-test', 'eval', 'mafand-mt', 'bitext', null],
    ]);
  });
});
