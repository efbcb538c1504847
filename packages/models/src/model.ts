import type { ModelConfig } from '@hbt/core';
import { encoderConfigFromModelConfig, maxSequenceLength } from './encoder/config.js';
import { createEncoder, type Encoder } from './encoder/encoder.js';
import type { Tokenizer } from './tokenizer/types.js';

/** An encoder with its tokenizer: what a Hugging Face model folder holds. */
export interface Model {
  encoder: Encoder;
  tokenizer: Tokenizer;
  /** Default maximum input length in tokens (special tokens included). */
  maxLength: number;
}

/**
 * A new model from the `model` config section (sizes, pooling, dense head, dropout) and a tokenizer
 * (see `buildTokenizer`), with weights initialised from `seed`.
 *
 * @example
 * const tok = await buildTokenizer(cfg.model.tokenizer, trainTexts, { mbertVocabPath });
 * const model = createModel(cfg.model, tok, cfg.seed);
 */
export function createModel(config: ModelConfig, tokenizer: Tokenizer, seed: number): Model {
  const enc = encoderConfigFromModelConfig(config, tokenizer);
  return {
    encoder: createEncoder(enc, seed),
    tokenizer,
    maxLength: Math.min(config.max_length, maxSequenceLength(enc)),
  };
}
