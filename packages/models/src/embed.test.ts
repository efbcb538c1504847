import { join } from 'node:path';
import { UsageError } from '@hbt/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from './backend.js';
import { loadModel } from './checkpoint/load.js';
import { embedTexts } from './embed.js';
import { FIXTURES, maxAbsDiff, SENTENCES, TEST_BACKEND } from './test-utils/fixtures.js';
import { tf } from './tf.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

describe('embedTexts', () => {
  it('returns rows in input order, independent of batching and padding', async () => {
    const model = await loadModel(join(FIXTURES, 'tiny-xlmr'), { pooling: 'mean' });
    const dim = model.encoder.dim;
    const before = tf.memory().numTensors;
    const all = await embedTexts(model, SENTENCES, { batchSize: 7 });
    expect(tf.memory().numTensors).toBe(before);
    expect(all.length).toBe(SENTENCES.length * dim);
    for (const i of [0, 7, 13, 26]) {
      const one = await embedTexts(model, [SENTENCES[i]!], { batchSize: 1 });
      expect(maxAbsDiff(one, all.subarray(i * dim, (i + 1) * dim)), `row ${i}`).toBeLessThan(1e-5);
    }
    const prefixed = await embedTexts(model, ['Paris'], { prefix: 'Query: ' });
    const manual = await embedTexts(model, ['Query: Paris']);
    expect(Array.from(prefixed)).toEqual(Array.from(manual));
    await expect(embedTexts(model, ['x'], { maxLength: 500 })).rejects.toBeInstanceOf(UsageError);
    model.encoder.dispose();
  });
});
