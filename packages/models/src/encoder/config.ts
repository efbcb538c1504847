import type { ModelConfig } from '@hbt/core';
import type { Tokenizer } from '../tokenizer/types.js';

/** Hugging Face `model_type`s hbt reads and writes. */
export type ModelType = 'bert' | 'xlm-roberta';
/** How token states become one vector: the first token (`cls`) or the masked mean (`mean`). */
export type Pooling = 'cls' | 'mean';

/** A dense layer after pooling (sentence-transformers `Dense`, as in LaBSE): `act(W x + b)`. */
export interface DenseHead {
  inFeatures: number;
  outFeatures: number;
  bias: boolean;
  activation: 'tanh' | 'identity';
}

/**
 * Everything that fixes an encoder's shape and behaviour. Field meanings follow Hugging Face's
 * `BertConfig` / `XLMRobertaConfig` (camelCase here, snake_case in `config.json`).
 */
export interface EncoderConfig {
  modelType: ModelType;
  vocabSize: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  intermediateSize: number;
  /** Rows of the position table. XLM-R uses ids from padTokenId + 1, so it can embed this − pad − 1 tokens. */
  maxPositionEmbeddings: number;
  typeVocabSize: number;
  layerNormEps: number;
  hiddenDropout: number;
  attentionDropout: number;
  padTokenId: number;
  pooling: Pooling;
  /** Optional dense head after pooling (LaBSE). */
  dense: DenseHead | null;
  /** L2-normalise the pooled output. */
  normalize: boolean;
}

/** The longest input (special tokens included) the position table allows. */
export function maxSequenceLength(cfg: EncoderConfig): number {
  return cfg.modelType === 'xlm-roberta'
    ? cfg.maxPositionEmbeddings - cfg.padTokenId - 1
    : cfg.maxPositionEmbeddings;
}

/**
 * The encoder config for a from-scratch model: sizes from the `model` config section, vocabulary and
 * pad id from the tokenizer. The position table covers `max(512, max_length)` positions (BERT's default),
 * so a model trained on short inputs can still embed longer ones.
 */
export function encoderConfigFromModelConfig(model: ModelConfig, tokenizer: Tokenizer): EncoderConfig {
  const modelType: ModelType = tokenizer.kind === 'unigram' ? 'xlm-roberta' : 'bert';
  const padTokenId = tokenizer.specials.padId;
  const positions = Math.max(512, model.max_length);
  return {
    modelType,
    vocabSize: tokenizer.vocabSize,
    hiddenSize: model.hidden,
    numLayers: model.layers,
    numHeads: model.heads,
    intermediateSize: model.intermediate ?? 4 * model.hidden,
    maxPositionEmbeddings: modelType === 'xlm-roberta' ? positions + padTokenId + 1 : positions,
    typeVocabSize: modelType === 'xlm-roberta' ? 1 : 2,
    layerNormEps: modelType === 'xlm-roberta' ? 1e-5 : 1e-12,
    hiddenDropout: model.dropout,
    attentionDropout: model.dropout,
    padTokenId,
    pooling: model.pooling,
    dense: model.dense
      ? { inFeatures: model.hidden, outFeatures: model.hidden, bias: true, activation: 'tanh' }
      : null,
    normalize: true,
  };
}
