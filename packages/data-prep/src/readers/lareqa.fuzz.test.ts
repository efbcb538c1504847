import { describe, it } from 'vitest';
import { fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations of a LAReQA file (truncation, byte flips, invalid UTF-8, wrong JSON types, huge
// numbers, empty): prep ends in a result or a clear DataError/UsageError, never a crash.
describe('LAReQA reader under fuzzing', () => {
  it('300 mutations of en.json', async () => {
    await fuzzPrep(
      {
        fixture: 'lareqa',
        file: 'en.json',
        kind: 'json',
        data: { train: [{ name: 'fz', format: 'lareqa', path: '.' }] },
      },
      { seed: 13, runs: 300 },
    );
  }, 120_000);
});
