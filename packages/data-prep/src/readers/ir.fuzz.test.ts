import { describe, it } from 'vitest';
import { fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations of each BEIR and MIRACL file (truncation, byte flips, invalid UTF-8, wrong JSON
// types, huge numbers, empty): prep ends in a result or a clear DataError/UsageError, never a crash.
const beir = {
  fixture: 'beir',
  data: {
    train: [{ name: 'fz', format: 'beir', path: 'scifi', lang: 'en' }],
    eval: [{ name: 'fz', format: 'beir', path: 'scifi', lang: 'en' }],
  },
};
const miracl = {
  fixture: 'miracl',
  data: { eval: [{ name: 'fz', format: 'miracl', path: '.', corpus: 'corpus' }] },
};

describe('BEIR and MIRACL readers under fuzzing', () => {
  it.each([
    ['scifi/corpus.jsonl', 'jsonl'],
    ['scifi/queries.jsonl', 'jsonl'],
    ['scifi/qrels/test.tsv', 'text'],
  ] as const)(
    'BEIR: 100 mutations of %s',
    async (file, kind) => {
      await fuzzPrep({ ...beir, file, kind }, { seed: 13, runs: 100 });
    },
    120_000,
  );

  it.each([
    ['topics.miracl-v1.0-de-dev.tsv', 'text'],
    ['qrels.miracl-v1.0-de-dev.tsv', 'text'],
    ['corpus/de.jsonl', 'jsonl'],
  ] as const)(
    'MIRACL: 60 mutations of %s',
    async (file, kind) => {
      await fuzzPrep({ ...miracl, file, kind }, { seed: 13, runs: 60 });
    },
    120_000,
  );
});
