import { describe, it } from 'vitest';
import { type FuzzTarget, fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations (truncation, byte flips, invalid UTF-8, lost tabs and newlines, empty files) of the
// low-resource fixtures in test-fixtures/data-prep: prep ends in a result or a clear DataError/UsageError
// naming the file, never a crash, and writes nothing when it fails.
const both = (entry: Record<string, unknown>) => ({ train: [entry], eval: [entry] });
const targets: Array<[string, FuzzTarget]> = [
  [
    'parallel line file',
    {
      fixture: 'parallel',
      file: 'news.hau',
      kind: 'text',
      data: both({ name: 'fz', format: 'parallel', path: '.' }),
    },
  ],
  [
    'parallel TSV',
    {
      fixture: 'parallel',
      file: 'greetings.tsv',
      kind: 'text',
      data: both({ name: 'fz', format: 'parallel', path: '.' }),
    },
  ],
  [
    'MAFAND-MT TSV',
    {
      fixture: 'mafand-mt',
      file: 'data/tsv_files/en-hau/test.tsv',
      kind: 'text',
      data: {
        train: [{ name: 'fz', format: 'mafand-mt', path: '.' }],
        eval: [{ name: 'fz', format: 'mafand-mt', path: '.' }],
      },
    },
  ],
  [
    'AfriQA gold passages',
    {
      fixture: 'afriqa',
      file: 'data/gold_passages/hau/gold_span_passages.afriqa.hau.en.test.json',
      kind: 'text',
      data: both({ name: 'fz', format: 'afriqa', path: '.', split: 'test' }),
    },
  ],
  [
    'MasakhaNEWS TSV',
    {
      fixture: 'masakhane-news',
      file: 'data/hau/test.tsv',
      kind: 'text',
      data: both({ name: 'fz', format: 'masakhane-news', path: '.', split: 'test' }),
    },
  ],
];

describe('low-resource readers under fuzzing', () => {
  it.each(targets)('100 mutations: %s', async (_, t) => fuzzPrep(t, { seed: 15, runs: 100 }), 120_000);
});
