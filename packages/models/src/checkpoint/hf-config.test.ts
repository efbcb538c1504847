import { DataError, encoderParameterCount, type ModelConfig, UsageError } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import type { EncoderConfig } from '../encoder/config.js';
import { parameterShapes } from '../encoder/params.js';
import { createModel } from '../model.js';
import { readJsonFixture } from '../test-utils/fixtures.js';
import type { Tokenizer } from '../tokenizer/types.js';
import { fromHfConfig } from './hf-config.js';

const tinyMbert = readJsonFixture<Record<string, unknown>>('tiny-mbert', 'config.json');

function rejection(json: Record<string, unknown>): DataError {
  try {
    fromHfConfig(json, 'm/config.json');
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    expect((e as Error).message.startsWith('m/config.json: ')).toBe(true);
    return e as DataError;
  }
  throw new Error('accepted');
}

describe('fromHfConfig: a checkpoint’s sizes are checked before anything is allocated', () => {
  it('reads the tiny mBERT fixture', () => {
    expect(fromHfConfig(tinyMbert, 'config.json')).toMatchObject({
      hiddenSize: 32,
      numHeads: 4,
      numLayers: 2,
    });
  });

  const cases: Array<[string, Record<string, unknown>, RegExp]> = [
    [
      'hidden_size 1e9',
      { hidden_size: 1e9 },
      /"hidden_size" must be an integer from 1 to 8192, got 1000000000/,
    ],
    [
      'num_hidden_layers 1e6',
      { num_hidden_layers: 1_000_000 },
      /"num_hidden_layers" must be an integer from 1 to 128/,
    ],
    [
      'vocab_size 1e300',
      { vocab_size: 1e300 },
      /"vocab_size" must be an integer from 1 to 1000000, got 1e\+300/,
    ],
    ['a string size', { intermediate_size: '64' }, /"intermediate_size" must be an integer .* got "64"/],
    ['a fractional size', { num_attention_heads: 2.5 }, /"num_attention_heads" must be an integer/],
    ['a missing size', { hidden_size: undefined }, /"hidden_size" must be an integer .* got nothing/],
    ['zero heads', { num_attention_heads: 0 }, /"num_attention_heads" must be an integer from 1/],
    [
      'hidden 65 with 4 heads',
      { hidden_size: 65 },
      /hidden_size 65 is not a multiple of num_attention_heads 4/,
    ],
    [
      'a pad id outside the vocabulary',
      { pad_token_id: 99999 },
      /"pad_token_id" must be an integer from 0 to/,
    ],
    ['dropout 1', { hidden_dropout_prob: 1 }, /"hidden_dropout_prob" must be a number in \[0, 1\), got 1/],
    ['a negative epsilon', { layer_norm_eps: -1 }, /"layer_norm_eps" must be a number in \(0, 1\)/],
    ['type_vocab_size 1e6', { type_vocab_size: 1e6 }, /"type_vocab_size" must be an integer from 1 to 1024/],
    [
      'sizes each in range that make too many parameters',
      {
        hidden_size: 8192,
        num_attention_heads: 64,
        num_hidden_layers: 128,
        intermediate_size: 32768,
        vocab_size: 1000,
      },
      /the model has [\d,]+ parameters, over the limit of 1,000,000,000/,
    ],
    [
      'an XLM-R position table too short for any input',
      { model_type: 'xlm-roberta', max_position_embeddings: 3, pad_token_id: 1 },
      /max_position_embeddings 3 leaves no room for inputs/,
    ],
    [
      'a nested value (printed short)',
      { hidden_size: [[[[[[[[1]]]]]]]] },
      /got \[\[\[\[\[\[\[\[1\]\]\]\]\]\]\]\]/,
    ],
  ];
  for (const [what, patch, msg] of cases) {
    it(`refuses ${what}`, () => {
      expect(rejection({ ...tinyMbert, ...patch }).message).toMatch(msg);
    });
  }

  it('accepts the sizes of xlm-roberta-large and bge-m3', () => {
    const large = {
      model_type: 'xlm-roberta',
      vocab_size: 250002,
      hidden_size: 1024,
      num_hidden_layers: 24,
      num_attention_heads: 16,
      intermediate_size: 4096,
      max_position_embeddings: 8194,
      type_vocab_size: 1,
      pad_token_id: 1,
      layer_norm_eps: 1e-5,
    };
    expect(fromHfConfig(large, 'config.json').maxPositionEmbeddings).toBe(8194);
  });
});

const cfg = (over: Partial<EncoderConfig>): EncoderConfig => ({
  modelType: 'bert',
  vocabSize: 100,
  hiddenSize: 16,
  numLayers: 3,
  numHeads: 2,
  intermediateSize: 40,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  layerNormEps: 1e-12,
  hiddenDropout: 0,
  attentionDropout: 0,
  padTokenId: 0,
  pooling: 'mean',
  dense: null,
  normalize: true,
  ...over,
});

describe('encoderParameterCount', () => {
  it('is the sum over parameterShapes (BERT, XLM-R-like, with a dense head)', () => {
    for (const c of [
      cfg({}),
      cfg({ modelType: 'xlm-roberta', typeVocabSize: 1, maxPositionEmbeddings: 514, numLayers: 1 }),
      cfg({ dense: { inFeatures: 16, outFeatures: 8, bias: true, activation: 'tanh' } }),
    ]) {
      let sum = 0;
      for (const shape of parameterShapes(c).values()) sum += shape.reduce((a, b) => a * b, 1);
      expect(
        encoderParameterCount({
          vocab: c.vocabSize,
          hidden: c.hiddenSize,
          layers: c.numLayers,
          intermediate: c.intermediateSize,
          positions: c.maxPositionEmbeddings,
          typeVocab: c.typeVocabSize,
          denseOut: c.dense?.outFeatures ?? 0,
        }),
      ).toBe(sum);
    }
  });
});

describe('createModel', () => {
  it('refuses a vocabulary × hidden size over the parameter limit before allocating (exit 2)', () => {
    // What createModel reads of a tokenizer: kind, vocabSize, the pad id. 1M tokens × 2048 = 2 G weights.
    const huge = { kind: 'wordpiece', vocabSize: 1_000_000, specials: { padId: 0 } } as unknown as Tokenizer;
    const model = {
      hidden: 2048,
      layers: 1,
      heads: 8,
      intermediate: null,
      max_length: 64,
      dropout: 0.1,
      pooling: 'mean',
      dense: false,
    } as ModelConfig;
    let err: unknown;
    try {
      createModel(model, huge, 1);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(
      /model: 1000000 tokens, hidden size 2048 and 1 layers make [\d,]+ parameters, over the limit/,
    );
  });
});
