import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, Rng, UsageError } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, SENTENCES } from '../test-utils/fixtures.js';
import { jsonText, mutateBytes, mutateJson } from '../test-utils/mutate.js';
import { loadTokenizer } from './load.js';

// Fuzz: seeded mutations of the fixtures' tokenizer.json (and tokenizer_config.json). Every case ends in
// a tokenizer that encodes (ids within its vocabulary) or a DataError/UsageError — never a TypeError,
// RangeError or hang.

const tmp = mkdtempSync(join(tmpdir(), 'hbt-tok-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES = 200;

describe('tokenizer.json fuzz', () => {
  for (const fixture of ['tiny-mbert', 'tiny-xlmr']) {
    it(`${fixture}: ${CASES} mutated tokenizer files load cleanly or fail with a clear error`, async () => {
      const tj = readFileSync(join(FIXTURES, fixture, 'tokenizer.json'));
      const tc = readFileSync(join(FIXTURES, fixture, 'tokenizer_config.json'));
      const dir = join(tmp, fixture);
      mkdirSync(dir, { recursive: true });
      const outcomes = { loaded: 0, refused: 0 };
      const failures: string[] = [];
      for (let i = 0; i < CASES; i++) {
        const rng = Rng.fromSeed(13).derive('tokenizer-fuzz', fixture, i);
        const target = rng.bernoulli(0.85) ? 'tokenizer.json' : 'tokenizer_config.json';
        const original = target === 'tokenizer.json' ? tj : tc;
        let bytes: Uint8Array;
        let what: string;
        if (rng.bernoulli(0.5)) ({ bytes, what } = mutateBytes(original, rng));
        else {
          const m = mutateJson(JSON.parse(original.toString('utf8')), rng);
          bytes = Buffer.from(jsonText(m.doc));
          what = m.what;
        }
        writeFileSync(join(dir, 'tokenizer.json'), target === 'tokenizer.json' ? bytes : tj);
        writeFileSync(join(dir, 'tokenizer_config.json'), target === 'tokenizer_config.json' ? bytes : tc);
        const label = `case ${i} (${target}: ${what})`;
        try {
          const tok = await loadTokenizer(dir);
          const batch = tok.encode(SENTENCES.slice(0, 4), { maxLength: 16 });
          for (const id of batch.inputIds) {
            if (!(id >= 0 && id < tok.vocabSize)) throw new Error(`id ${id} outside [0, ${tok.vocabSize})`);
          }
          outcomes.loaded++;
        } catch (e) {
          if (!(e instanceof DataError || e instanceof UsageError)) {
            failures.push(`${label}: ${(e as Error).stack?.split('\n').slice(0, 3).join(' ')}`.slice(0, 600));
            continue;
          }
          outcomes.refused++;
        }
      }
      expect(failures).toEqual([]);
      // Both outcomes happen: the mutations are neither all harmless nor all fatal.
      expect(outcomes.loaded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }
});
