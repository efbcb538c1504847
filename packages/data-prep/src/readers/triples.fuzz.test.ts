import { describe, it } from 'vitest';
import { fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations of a triples TSV file (truncation, byte flips, invalid UTF-8, tabs lost, huge
// numbers, empty): prep ends in a result or a clear DataError/UsageError, never a crash.
describe('triples reader under fuzzing', () => {
  it.each([false, true])(
    '150 mutations of en.tsv (parallel: %s)',
    async (parallel) => {
      await fuzzPrep(
        {
          fixture: 'triples',
          file: 'en.tsv',
          kind: 'text',
          data: { train: [{ name: 'fz', format: 'triples', path: '.', parallel }] },
        },
        { seed: 13, runs: 150 },
      );
    },
    120_000,
  );
});
