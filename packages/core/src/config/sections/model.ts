import { z } from 'zod';

/** `model`: the encoder, from scratch or a Hugging Face checkpoint. Owned by @hbt/models. */
export const modelSection = z
  .object({
    init: z.string().nullable().default(null).describe('Hugging Face checkpoint folder; null = from scratch'),
    tokenizer: z
      .object({
        kind: z.enum(['mbert-vocab', 'wordpiece', 'unigram', 'checkpoint']).default('mbert-vocab'),
        vocab_size: z.number().int().positive().default(30000),
        restrict_to_training: z
          .boolean()
          .default(false)
          .describe(
            'mbert-vocab only. false (default): the full 119,547-token vocabulary, so every text is segmented ' +
              'as mBERT segments it (rows no training text uses are exact: they only decay). true: an opt-in ' +
              'approximation keeping the tokens of the training texts plus single characters; evaluation words ' +
              'unseen in training then split differently (measured: zero-shot XQuAD-R mono mAP −.048; see ' +
              'packages/models/README.md)',
          ),
        lowercase: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    hidden: z.number().int().positive().default(128),
    layers: z.number().int().positive().default(2),
    heads: z.number().int().positive().default(4),
    intermediate: z.number().int().positive().nullable().default(null).describe('default 4 × hidden'),
    max_length: z.number().int().positive().default(64),
    pooling: z.enum(['cls', 'mean']).default('mean'),
    dense: z.boolean().default(false).describe('LaBSE-style dense head with tanh'),
    dropout: z.number().min(0).max(1).default(0.1),
  })
  .strict();
