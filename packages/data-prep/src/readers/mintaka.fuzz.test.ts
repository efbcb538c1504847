import { describe, it } from 'vitest';
import { fuzzPrep } from '../test-utils/fuzz.js';

// Seeded mutations of a Mintaka file (truncation, byte flips, invalid UTF-8, wrong JSON types, huge
// numbers, empty): prep ends in a result or a clear DataError/UsageError, never a crash.
describe('Mintaka reader under fuzzing', () => {
  it('300 mutations of mintaka_dev.json', async () => {
    await fuzzPrep(
      {
        fixture: 'mintaka',
        file: 'mintaka_dev.json',
        kind: 'json',
        data: { train: [{ name: 'fz', format: 'mintaka', path: '.' }] },
      },
      { seed: 13, runs: 300 },
    );
  }, 120_000);
});
