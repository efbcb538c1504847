import { describe, it } from 'vitest';
import { fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations of the pairs inputs, JSONL and Parquet (truncation, byte flips, invalid UTF-8, wrong
// JSON types, huge numbers, empty): prep ends in a result or a clear DataError/UsageError, never a
// crash, a hang or an unbounded allocation (a damaged Parquet footer or page header may claim any size).
describe('pairs reader under fuzzing', () => {
  it.each([
    ['pairs.jsonl', 'jsonl'],
    ['pairs.parquet', 'text'],
  ] as const)(
    '200 mutations of %s',
    async (file, kind) => {
      await fuzzPrep(
        { fixture: 'pairs', file, kind, data: { train: [{ name: 'fz', format: 'pairs', path: file }] } },
        { seed: 13, runs: 200 },
      );
    },
    120_000,
  );
});
