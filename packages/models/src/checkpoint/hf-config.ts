import { DataError, encoderParameterCount, MODEL_LIMITS } from '@hbt/core';
import { type EncoderConfig, type ModelType, maxSequenceLength } from '../encoder/config.js';
import { showValue } from './show-value.js';

type Json = Record<string, unknown>;
const L = MODEL_LIMITS;

/**
 * The architecture part of an {@link EncoderConfig} from a Hugging Face `config.json`. Every size is an
 * integer within `MODEL_LIMITS`, dropouts are in [0, 1), `layer_norm_eps` in (0, 1), and the parameter
 * count (with a dense head of `denseOut` outputs) is at most `MODEL_LIMITS.parameters` — all checked
 * before anything is allocated. Anything else → {@link DataError} naming the file and the key.
 *
 * @example
 * fromHfConfig({ model_type: 'bert', vocab_size: 30522, hidden_size: 768, num_hidden_layers: 12,
 *   num_attention_heads: 12, intermediate_size: 3072 }, 'config.json').hiddenSize; // 768
 */
export function fromHfConfig(
  json: Json,
  file: string,
  denseOut = 0,
): Omit<EncoderConfig, 'pooling' | 'dense' | 'normalize'> {
  const modelType = json.model_type;
  if (modelType !== 'bert' && modelType !== 'xlm-roberta') {
    throw new DataError(`unsupported architecture: model_type ${showValue(modelType)}`, {
      file,
      hint: 'hbt loads model_type "bert" (BERT, mBERT, LaBSE) and "xlm-roberta"',
    });
  }
  const act = json.hidden_act ?? 'gelu';
  if (act !== 'gelu') {
    throw new DataError(`unsupported hidden_act ${showValue(act)}`, {
      file,
      hint: 'only the exact "gelu" is supported',
    });
  }
  const pe = json.position_embedding_type ?? 'absolute';
  if (pe !== 'absolute') {
    throw new DataError(`unsupported position_embedding_type ${showValue(pe)}`, {
      file,
      hint: 'only "absolute" is supported',
    });
  }
  const int = (key: string, min: number, max: number, dflt?: number): number => {
    const v = json[key] ?? dflt;
    if (!Number.isSafeInteger(v) || (v as number) < min || (v as number) > max) {
      throw new DataError(`"${key}" must be an integer from ${min} to ${max}, got ${showValue(v)}`, {
        file,
        hint: 'the file is damaged, or the model is larger than hbt loads (up to the size of XLM-R large)',
      });
    }
    return v as number;
  };
  const num = (key: string, dflt: number, ok: (v: number) => boolean, rule: string): number => {
    const v = json[key] ?? dflt;
    if (typeof v !== 'number' || !ok(v))
      throw new DataError(`"${key}" must be ${rule}, got ${showValue(v)}`, { file });
    return v;
  };
  const prob = (v: number) => v >= 0 && v < 1;
  const hiddenSize = int('hidden_size', 1, L.hidden);
  const numHeads = int('num_attention_heads', 1, L.heads);
  if (hiddenSize % numHeads !== 0) {
    throw new DataError(`hidden_size ${hiddenSize} is not a multiple of num_attention_heads ${numHeads}`, {
      file,
    });
  }
  const vocabSize = int('vocab_size', 1, L.vocab);
  const cfg = {
    modelType: modelType as ModelType,
    vocabSize,
    hiddenSize,
    numLayers: int('num_hidden_layers', 1, L.layers),
    numHeads,
    intermediateSize: int('intermediate_size', 1, L.intermediate),
    maxPositionEmbeddings: int('max_position_embeddings', 2, L.positions, 512),
    typeVocabSize: int('type_vocab_size', 1, L.typeVocab, 2),
    layerNormEps: num('layer_norm_eps', 1e-12, (v) => v > 0 && v < 1, 'a number in (0, 1)'),
    hiddenDropout: num('hidden_dropout_prob', 0.1, prob, 'a number in [0, 1)'),
    attentionDropout: num('attention_probs_dropout_prob', 0.1, prob, 'a number in [0, 1)'),
    padTokenId: int('pad_token_id', 0, vocabSize - 1, modelType === 'xlm-roberta' ? 1 : 0),
  };
  if (maxSequenceLength({ ...cfg, pooling: 'cls', dense: null, normalize: false }) < 2) {
    throw new DataError(
      `max_position_embeddings ${cfg.maxPositionEmbeddings} leaves no room for inputs (XLM-R positions start after pad_token_id ${cfg.padTokenId})`,
      { file },
    );
  }
  const n = encoderParameterCount({
    vocab: vocabSize,
    hidden: hiddenSize,
    layers: cfg.numLayers,
    intermediate: cfg.intermediateSize,
    positions: cfg.maxPositionEmbeddings,
    typeVocab: cfg.typeVocabSize,
    denseOut,
  });
  if (n > L.parameters) {
    throw new DataError(
      `the model has ${n.toLocaleString('en-US')} parameters, over the limit of ${L.parameters.toLocaleString('en-US')}`,
      { file, hint: 'hbt loads encoders up to the size of XLM-R large (560 M parameters)' },
    );
  }
  return cfg;
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
