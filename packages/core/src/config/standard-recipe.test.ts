// The defaults are the standard recipe that an independent PyTorch implementation uses
// (../shared/reference): torch.optim.AdamW on every word-embedding row and the full mBERT vocabulary.
// The faster approximations stay opt-in; this test keeps a concurrent edit from flipping them back.
import { describe, expect, it } from 'vitest';
import { configSchema } from './schema.js';

describe('default recipe', () => {
  const c = configSchema.parse({});
  it('updates word embeddings with dense AdamW (torch.optim.AdamW), not the lazy approximation', () => {
    expect(c.train.embedding_update).toBe('dense');
    expect(c.train.weight_decay).toBe(0.01);
    expect([c.train.adam_beta1, c.train.adam_beta2, c.train.adam_epsilon]).toEqual([0.9, 0.999, 1e-8]);
  });
  it('keeps the full mBERT vocabulary (no restriction to the training texts)', () => {
    expect(c.model.tokenizer.kind).toBe('mbert-vocab');
    expect(c.model.tokenizer.restrict_to_training).toBe(false);
  });
  it('still offers both approximations', () => {
    expect(configSchema.parse({ train: { embedding_update: 'lazy' } }).train.embedding_update).toBe('lazy');
    expect(
      configSchema.parse({ model: { tokenizer: { restrict_to_training: true } } }).model.tokenizer
        .restrict_to_training,
    ).toBe(true);
  });
});
