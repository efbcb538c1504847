/**
 * @hbt/models — tokenizers, BERT-family encoders in tfjs, Hugging Face checkpoint import/export and the
 * run-time choice of compute backend. Shared by the trainer and the indexer.
 *
 * @example
 * import { embedTexts, initBackend, loadModel } from '@hbt/models';
 * await initBackend('auto');                       // 'tensorflow' | 'wasm' | 'cpu'
 * const model = await loadModel('path/to/hf-folder');
 * const vecs = await embedTexts(model, ['Hallo Welt', 'hello world'], { batchSize: 32, maxLength: 64 });
 * // vecs: Float32Array [2 * model.encoder.dim], rows L2-normalised when the model normalises
 */

// Backends.
export {
  type BackendInfo,
  type BackendPreference,
  backendInfo,
  initBackend,
  initBackendInfo,
} from './backend.js';
export { type LoadModelOptions, loadModel } from './checkpoint/load.js';
export {
  openSafetensors,
  parseSafetensors,
  readSafetensors,
  type SafeTensor,
  type SafetensorsFile,
  serializeSafetensors,
  writeSafetensors,
} from './checkpoint/safetensors.js';
export {
  MAX_HEADER_BYTES,
  type SafetensorsEntry,
  type SafetensorsHeader,
} from './checkpoint/safetensors-header.js';
export { type SaveModelOptions, saveModel } from './checkpoint/save.js';
// Embedding texts.
export { type EmbedOptions, embedTexts, GRAPH_MIN_TEXTS } from './embed.js';
export { type BackwardOptions, WORD_EMBEDDINGS } from './encoder/backward.js';
// Encoder.
export {
  type DenseHead,
  type EncoderConfig,
  encoderConfigFromModelConfig,
  type ModelType,
  type Pooling,
} from './encoder/config.js';
export {
  createEncoder,
  Encoder,
  type EncoderInputs,
  type EncoderOutput,
  type EncoderPass,
  type ForwardOptions,
} from './encoder/encoder.js';
export { batchToTensors, dropout, dropoutMask, gatherRows, gelu } from './encoder/ops.js';
export { positionIds } from './encoder/positions.js';
export type { WordRowIndex } from './encoder/word-rows.js';
// Inference as one TensorFlow graph (native backend).
export { GraphBuilder } from './graph/builder.js';
export {
  encoderTrainPass,
  type GraphPass,
  type MaskInput,
  type PassFeedOptions,
} from './graph/encoder-train-graph.js';
export { GraphRunner, loadGraph, type SavedModel } from './graph/native-runner.js';
export type { NodeDef, SignatureTensor } from './graph/saved-model.js';
// Models (encoder + tokenizer) and Hugging Face folders.
export { createModel, type Model } from './model.js';
// tfjs: one shared instance for every package.
export { tf } from './tf.js';
export { type BuildTokenizerOptions, buildTokenizer, type TokenizerConfig } from './tokenizer/build.js';
export { HfTokenizer, vocabList } from './tokenizer/hf-tokenizer.js';
export { unigramJson, type WordPieceOptions, wordPieceJson } from './tokenizer/json-builders.js';
export { loadTokenizer, readVocabFile, wordPieceFromVocabFile } from './tokenizer/load.js';
export { restrictWordPiece } from './tokenizer/restrict.js';
export { type TrainUnigramOptions, trainUnigram } from './tokenizer/train-unigram.js';
export { type TrainWordPieceOptions, trainWordPiece } from './tokenizer/train-wordpiece.js';
// Tokenizers.
export type {
  EncodedBatch,
  EncodeOptions,
  SpecialTokens,
  Tokenizer,
  TokenizerKind,
} from './tokenizer/types.js';
export { patchWasmMatMul } from './wasm-matmul.js';
