import { DataError } from '@hbt/core';
import { type EncoderConfig, maxSequenceLength, type Pooling } from '../encoder/config.js';
import { Encoder } from '../encoder/encoder.js';
import type { Model } from '../model.js';
import { tf } from '../tf.js';
import { loadTokenizerFrom } from '../tokenizer/load.js';
import { fromHfConfig } from './hf-config.js';
import { ModelFolder, readJsonObject } from './model-folder.js';
import { readStPrompts } from './st-config.js';
import { readStModules } from './st-modules.js';
import { readEncoderWeights } from './weights.js';

/** Options of {@link loadModel}. */
export interface LoadModelOptions {
  /** Override the pooling (default: the sentence-transformers Pooling module, else `mean`). */
  pooling?: Pooling;
  /** Override L2 normalisation (default: a Normalize module if sentence-transformers, else true). */
  normalize?: boolean;
  /** Default max length (default: `max_seq_length` of sentence_bert_config.json, else min(512, positions)). */
  maxLength?: number;
}

/**
 * Load a Hugging Face model folder: `config.json` (model_type `bert` or `xlm-roberta`),
 * `model.safetensors` or a sharded `model.safetensors.index.json`, the tokenizer (`tokenizer.json` or
 * `vocab.txt`), and, for a sentence-transformers folder, `modules.json` with Pooling, Dense and Normalize
 * and the prompts of `config_sentence_transformers.json` ({@link Model.prompts}).
 * Tensor names may carry a `bert.` / `roberta.` prefix. A missing or mis-shaped tensor, an unsupported
 * architecture or a malformed file → {@link DataError} naming the file, tensor and shapes.
 *
 * Untrusted folders are safe to load: every file read is inside the folder (no absolute or `..` names,
 * no symbolic link out of it), a regular file, and size-bounded; `config.json` sizes are checked against
 * `MODEL_LIMITS` (parameter count included) and every safetensors header against the format's rules
 * before any weight is read.
 *
 * @example
 * const model = await loadModel('test-fixtures/models/tiny-labse');
 */
export async function loadModel(dir: string, opts: LoadModelOptions = {}): Promise<Model> {
  const folder = await ModelFolder.open(dir);
  const st = await readStModules(folder);
  const tdir = st?.transformer ?? folder;
  const cfgPath = await tdir.find('config.json', 'config.json');
  if (cfgPath === null) {
    throw new DataError('no config.json: not a Hugging Face model folder', {
      file: tdir.path,
      hint: 'point --model at a folder with config.json, model.safetensors and tokenizer files',
    });
  }
  const dense = st?.dense ?? null;
  const arch = fromHfConfig(
    await readJsonObject(cfgPath, 'config.json'),
    cfgPath,
    dense?.head.outFeatures ?? 0,
  );
  if (dense && dense.head.inFeatures !== arch.hiddenSize) {
    throw new DataError(`Dense in_features ${dense.head.inFeatures} ≠ hidden_size ${arch.hiddenSize}`, {
      file: dir,
    });
  }
  const cfg: EncoderConfig = {
    ...arch,
    pooling: opts.pooling ?? st?.pooling ?? 'mean',
    dense: dense?.head ?? null,
    normalize: opts.normalize ?? (st ? st.normalize : true),
  };
  const { values, extras } = await readEncoderWeights(tdir, cfg);
  if (dense) {
    values.set('dense.linear.weight', dense.weight);
    if (dense.bias) values.set('dense.linear.bias', dense.bias);
  }
  const tokenizer = await loadTokenizerFrom(tdir);
  if (tokenizer.vocabSize > cfg.vocabSize) {
    throw new DataError(
      `the tokenizer has ${tokenizer.vocabSize} tokens but vocab_size is ${cfg.vocabSize}`,
      {
        file: tdir.path,
        hint: 'the tokenizer does not belong to this checkpoint',
      },
    );
  }
  const tokCfgPath = await tdir.find('tokenizer_config.json', 'tokenizer_config.json');
  const tokMax = tokCfgPath
    ? (await readJsonObject(tokCfgPath, 'tokenizer_config.json')).model_max_length
    : undefined;
  const fromTok =
    Number.isInteger(tokMax) && (tokMax as number) > 1 && (tokMax as number) < 1e6
      ? (tokMax as number)
      : undefined;
  const maxLen = opts.maxLength ?? st?.maxSeqLength ?? fromTok ?? 512;
  const { prompts, defaultPromptName } = await readStPrompts(folder);
  // Tensors only now that every file has been read and checked: an error above leaks nothing.
  const tensors = new Map<string, tf.Tensor>();
  for (const [name, t] of extras) tensors.set(name, tf.tensor(t.data, t.shape, 'float32'));
  const encoder = new Encoder(cfg, values, tensors);
  return {
    encoder,
    tokenizer,
    maxLength: Math.min(maxLen, maxSequenceLength(cfg)),
    prompts,
    defaultPromptName,
  };
}
