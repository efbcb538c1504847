import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HbtError } from '@hbt/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { FIXTURES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { modelJsonMutation } from '../test-utils/model-mutations.js';
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
    'modules.json',
    'sentence_bert_config.json',
    'config_sentence_transformers.json',
    '1_Pooling/config.json',
    '2_Dense/config.json',
  ],
};

describe('config.json fuzz', () => {
  for (const [fixture, targets] of Object.entries(TARGETS)) {
    it(`${fixture}: ${CASES} mutated configs load or fail with a clear error`, async () => {
      const dir = join(tmp, fixture);
      cpSync(join(FIXTURES, fixture), dir, { recursive: true });
      const original = new Map(targets.map((t) => [t, readFileSync(join(dir, t))]));
      const outcomes = { loaded: 0, refused: 0 };
      const before = tf.memory().numTensors;
      const mutation = fc.oneof(
        // config.json as often as all module configs together.
        ...targets.map((t) => ({
          weight: t === 'config.json' ? Math.max(1, targets.length - 1) : 1,
          arbitrary: modelJsonMutation(original.get(t)!).map((m) => ({ ...m, file: t })),
        })),
      );
      await fc.assert(
        fc.asyncProperty(mutation, async (m) => {
          writeFileSync(join(dir, m.file), m.bytes);
          try {
            const model = await loadModel(dir);
            model.encoder.dispose();
            outcomes.loaded++;
          } catch (e) {
            if (!(e instanceof HbtError))
              throw new Error(`${m.file}: ${m.what}: not a clear error: ${(e as Error).stack}`);
            outcomes.refused++;
          } finally {
            writeFileSync(join(dir, m.file), original.get(m.file)!);
          }
        }),
        { seed: 13, numRuns: CASES },
      );
      expect(tf.memory().numTensors).toBe(before);
      expect(outcomes.loaded).toBeGreaterThan(0);
      expect(outcomes.refused).toBeGreaterThan(0);
    });
  }
});
