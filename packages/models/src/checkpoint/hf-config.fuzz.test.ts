import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, Rng, UsageError } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { FIXTURES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { jsonText, mutateBytes, mutateJson } from '../test-utils/mutate.js';
import { tf } from '../tf.js';
import { loadModel } from './load.js';

// Fuzz: seeded mutations of the fixtures' config.json (and, for the sentence-transformers fixture, its
// module configs), loaded with loadModel. Every case ends in a model or a DataError/UsageError — never
// a TypeError/RangeError, a hang or an unbounded allocation (sizes are checked before weights are read)
// — and leaves no tensor behind.

const tmp = mkdtempSync(join(tmpdir(), 'hbt-config-fuzz-'));
beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CASES = 150;
const TARGETS: Record<string, string[]> = {
  'tiny-mbert': ['config.json'],
  'tiny-xlmr': ['config.json'],
  'tiny-labse': [
    'config.json',
    'config.json',
    'modules.json',
    'sentence_bert_config.json',
    '1_Pooling/config.json',
    '2_Dense/config.json',
  ],
};

describe('config.json fuzz', () => {
  for (const [fixture, targets] of Object.entries(TARGETS)) {
    it(`${fixture}: ${CASES} mutated configs load or fail with a clear error`, async () => {
      const dir = join(tmp, fixture);
      cpSync(join(FIXTURES, fixture), dir, { recursive: true });
      const outcomes = { loaded: 0, refused: 0 };
      const failures: string[] = [];
      const before = tf.memory().numTensors;
      for (let i = 0; i < CASES; i++) {
        const rng = Rng.fromSeed(13).derive('config-fuzz', fixture, i);
        const target = rng.choice(targets);
        const original = readFileSync(join(FIXTURES, fixture, target));
        let bytes: Uint8Array;
        let what: string;
        if (rng.bernoulli(0.3)) ({ bytes, what } = mutateBytes(original, rng));
        else {
          const m = mutateJson(JSON.parse(original.toString('utf8')), rng);
          bytes = Buffer.from(jsonText(m.doc));
          what = m.what;
        }
        writeFileSync(join(dir, target), bytes);
        try {
          const model = await loadModel(dir);
          model.encoder.dispose();
          outcomes.loaded++;
        } catch (e) {
          if (e instanceof DataError || e instanceof UsageError) outcomes.refused++;
          else {
            const trace = (e as Error).stack?.split('\n').slice(0, 3).join(' ');
            failures.push(`case ${i} (${target}: ${what}): ${trace}`.slice(0, 600));
          }
        } finally {
          writeFileSync(join(dir, target), original);
        }
      }
      expect(failures).toEqual([]);
      expect(tf.memory().numTensors).toBe(before);
      expect(outcomes.loaded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }
});
