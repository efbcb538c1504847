import { encoderParameterCount, MODEL_LIMITS, type ModelConfig, UsageError } from '@hbt/core';
import { encoderConfigFromModelConfig, maxSequenceLength } from './encoder/config.js';
import { createEncoder, type Encoder } from './encoder/encoder.js';
import type { Tokenizer } from './tokenizer/types.js';

/** An encoder with its tokenizer: what a Hugging Face model folder holds. */
export interface Model {
  encoder: Encoder;
  tokenizer: Tokenizer;
  /** Default maximum input length in tokens (special tokens included). */
  maxLength: number;
  /**
   * Prompts by name (`query`, `document`, …), the texts prepended to an input before tokenising, from a
   * folder's `config_sentence_transformers.json`. Absent or empty: the model defines none.
   */
  prompts?: Readonly<Record<string, string>>;
  /** The prompt to apply when none is named (sentence-transformers' `default_prompt_name`), or null. */
  defaultPromptName?: string | null;
}

/**
 * A new model from the `model` config section (sizes, pooling, dense head, dropout) and a tokenizer
 * (see `buildTokenizer`), with weights initialised from `seed`. The config schema bounds each size; here,
 * with the vocabulary known, the parameter count is checked against `MODEL_LIMITS.parameters` before
 * anything is allocated ({@link UsageError}, exit 2).
 *
 * @example
 * const tok = await buildTokenizer(cfg.model.tokenizer, trainTexts, { mbertVocabPath });
 * const model = createModel(cfg.model, tok, cfg.seed);
 */
export function createModel(config: ModelConfig, tokenizer: Tokenizer, seed: number): Model {
  const enc = encoderConfigFromModelConfig(config, tokenizer);
  const n = encoderParameterCount({
    vocab: enc.vocabSize,
    hidden: enc.hiddenSize,
    layers: enc.numLayers,
    intermediate: enc.intermediateSize,
    positions: enc.maxPositionEmbeddings,
    typeVocab: enc.typeVocabSize,
    denseOut: enc.dense?.outFeatures ?? 0,
  });
  if (n > MODEL_LIMITS.parameters) {
    throw new UsageError(
      `model: ${enc.vocabSize} tokens, hidden size ${enc.hiddenSize} and ${enc.numLayers} layers make ${n.toLocaleString('en-US')} parameters, over the limit of ${MODEL_LIMITS.parameters.toLocaleString('en-US')}`,
      { hint: 'lower model.hidden or model.layers, or use a smaller vocabulary (model.tokenizer)' },
    );
  }
  return {
    encoder: createEncoder(enc, seed),
    tokenizer,
    maxLength: Math.min(config.max_length, maxSequenceLength(enc)),
  };
}
