// A loss setup on a tiny Hugging Face fixture, and a small multilingual batch, for the step tests.
import { join } from 'node:path';
import { Encoder, loadModel } from '@hbt/models';
import type { TextBatch } from '../batch.js';
import { infonce } from '../objectives/infonce.js';
import type { LossSetup } from '../step.js';
import { FIXTURES } from './fixtures.js';

/** Three queries and four passages in six scripts: the fourth passage is a hard negative. */
export const MULTILINGUAL_BATCH: TextBatch = {
  queries: [
    'Query: Where is the Eiffel Tower located?',
    'Query: Hello world!',
    'Query: Москва — столица России.',
  ],
  passages: [
    'Passage: The Normans gave their name to Normandy, a region in France.',
    'Passage: 東京は日本の首都です。',
    'Passage: Hà Nội là thủ đô của Việt Nam.',
    'Passage: 北京是中华人民共和国的首都。',
  ],
  numPositives: 3,
};

/**
 * A {@link LossSetup} on `test-fixtures/models/<fixture>` with hidden and attention dropout `dropout`:
 * max length 24, symmetric InfoNCE, one pass per view, scale 20, unless `over` says otherwise
 * (`symmetric` and `scale` set the InfoNCE objective; `objectives` replaces it).
 */
export async function tinyLossSetup(
  fixture: string,
  dropout: number,
  over: Partial<LossSetup> & { symmetric?: boolean; scale?: number } = {},
): Promise<LossSetup> {
  const { symmetric = true, scale = 20, ...rest } = over;
  const m = await loadModel(join(FIXTURES, 'models', fixture));
  const cfg = { ...m.encoder.config, hiddenDropout: dropout, attentionDropout: dropout };
  const encoder = new Encoder(cfg, await m.encoder.getValues());
  m.encoder.dispose();
  return {
    encoder,
    tokenizer: m.tokenizer,
    maxLength: 24,
    microBatch: null,
    objectives: [{ objective: infonce({ scale, symmetric }), weight: 1 }],
    ...rest,
  };
}
