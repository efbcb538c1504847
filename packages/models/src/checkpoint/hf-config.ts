import { DataError } from '@hbt/core';
import type { EncoderConfig, ModelType } from '../encoder/config.js';

type Json = Record<string, unknown>;

/** The architecture part of an {@link EncoderConfig} from a Hugging Face `config.json`. */
export function fromHfConfig(
  json: Json,
  file: string,
): Omit<EncoderConfig, 'pooling' | 'dense' | 'normalize'> {
  const modelType = json.model_type;
  if (modelType !== 'bert' && modelType !== 'xlm-roberta') {
    throw new DataError(`unsupported architecture: model_type "${String(modelType)}"`, {
      file,
      hint: 'hbt loads model_type "bert" (BERT, mBERT, LaBSE) and "xlm-roberta"',
    });
  }
  const act = json.hidden_act ?? 'gelu';
  if (act !== 'gelu') {
    throw new DataError(`unsupported hidden_act "${String(act)}"`, {
      file,
      hint: 'only the exact "gelu" is supported',
    });
  }
  const pe = json.position_embedding_type ?? 'absolute';
  if (pe !== 'absolute') {
    throw new DataError(`unsupported position_embedding_type "${String(pe)}"`, {
      file,
      hint: 'only "absolute" is supported',
    });
  }
  const int = (key: string, dflt?: number): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
      throw new DataError(`"${key}" must be a non-negative integer, got ${JSON.stringify(v)}`, { file });
    }
    return v;
  };
  const num = (key: string, dflt: number): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== 'number')
      throw new DataError(`"${key}" must be a number, got ${JSON.stringify(v)}`, { file });
    return v;
  };
  const hiddenSize = int('hidden_size');
  const numHeads = int('num_attention_heads');
  if (numHeads === 0 || hiddenSize % numHeads !== 0) {
    throw new DataError(`hidden_size ${hiddenSize} is not a multiple of num_attention_heads ${numHeads}`, {
      file,
    });
  }
  return {
    modelType: modelType as ModelType,
    vocabSize: int('vocab_size'),
    hiddenSize,
    numLayers: int('num_hidden_layers'),
    numHeads,
    intermediateSize: int('intermediate_size'),
    maxPositionEmbeddings: int('max_position_embeddings', 512),
    typeVocabSize: int('type_vocab_size', 2),
    layerNormEps: num('layer_norm_eps', 1e-12),
    hiddenDropout: num('hidden_dropout_prob', 0.1),
    attentionDropout: num('attention_probs_dropout_prob', 0.1),
    padTokenId: int('pad_token_id', modelType === 'xlm-roberta' ? 1 : 0),
  };
}

/** A Hugging Face `config.json` object for an encoder (loadable by `transformers.AutoModel`). */
export function toHfConfig(cfg: EncoderConfig): Json {
  const xlmr = cfg.modelType === 'xlm-roberta';
  const out: Json = {
    architectures: [xlmr ? 'XLMRobertaModel' : 'BertModel'],
    attention_probs_dropout_prob: cfg.attentionDropout,
    hidden_act: 'gelu',
    hidden_dropout_prob: cfg.hiddenDropout,
    hidden_size: cfg.hiddenSize,
    initializer_range: 0.02,
    intermediate_size: cfg.intermediateSize,
    layer_norm_eps: cfg.layerNormEps,
    max_position_embeddings: cfg.maxPositionEmbeddings,
    model_type: cfg.modelType,
    num_attention_heads: cfg.numHeads,
    num_hidden_layers: cfg.numLayers,
    pad_token_id: cfg.padTokenId,
    position_embedding_type: 'absolute',
    torch_dtype: 'float32',
    type_vocab_size: cfg.typeVocabSize,
    use_cache: true,
    vocab_size: cfg.vocabSize,
  };
  if (xlmr) {
    out.bos_token_id = 0;
    out.eos_token_id = 2;
  }
  return out;
}
