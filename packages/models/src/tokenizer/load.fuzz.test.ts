import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HbtError } from '@hbt/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, SENTENCES } from '../test-utils/fixtures.js';
import { modelJsonMutation } from '../test-utils/model-mutations.js';
import { loadTokenizer } from './load.js';

// Fuzz: seeded mutations of the fixtures' tokenizer.json (and tokenizer_config.json). Every case ends in
// a tokenizer that encodes (ids within its vocabulary) or a DataError/UsageError — never a TypeError,
// a RangeError or a hang. A failure prints fast-check's seed and the shrunk mutation.

const tmp = mkdtempSync(join(tmpdir(), 'hbt-tok-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES = 200;

describe('tokenizer.json fuzz', () => {
  for (const fixture of ['tiny-mbert', 'tiny-xlmr']) {
    it(`${fixture}: ${CASES} mutated tokenizer files load cleanly or fail with a clear error`, async () => {
      const files = {
        'tokenizer.json': readFileSync(join(FIXTURES, fixture, 'tokenizer.json')),
        'tokenizer_config.json': readFileSync(join(FIXTURES, fixture, 'tokenizer_config.json')),
      };
      const dir = join(tmp, fixture);
      mkdirSync(dir, { recursive: true });
      for (const [name, bytes] of Object.entries(files)) writeFileSync(join(dir, name), bytes);
      const outcomes = { loaded: 0, refused: 0 };
      const mutation = fc.oneof(
        {
          weight: 5,
          arbitrary: modelJsonMutation(files['tokenizer.json']).map((m) => ({
            ...m,
            file: 'tokenizer.json' as const,
          })),
        },
        {
          weight: 1,
          arbitrary: modelJsonMutation(files['tokenizer_config.json']).map((m) => ({
            ...m,
            file: 'tokenizer_config.json' as const,
          })),
        },
      );
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          writeFileSync(join(dir, m.file), m.bytes);
          try {
            const tok = await loadTokenizer(dir);
            const batch = tok.encode(SENTENCES.slice(0, 4), { maxLength: 16 });
            for (const id of batch.inputIds) {
              if (!(id >= 0 && id < tok.vocabSize)) throw new Error(`id ${id} outside [0, ${tok.vocabSize})`);
            }
            outcomes.loaded++;
          } catch (e) {
            if (!(e instanceof HbtError))
              throw new Error(`${m.file}: ${m.what}: not a clear error: ${(e as Error).stack}`);
            outcomes.refused++;
          } finally {
            writeFileSync(join(dir, m.file), files[m.file]);
          }
        }),
        { seed: 13, numRuns: CASES },
      );
      // Both outcomes happen: the mutations are neither all harmless nor all fatal.
      expect(outcomes.loaded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }
});
