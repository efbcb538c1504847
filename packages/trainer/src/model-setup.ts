import { type HbtConfig, type Logger, UsageError } from '@hbt/core';
import { buildTokenizer, createModel, loadModel, type Model } from '@hbt/models';
import { encoderTexts } from './batch.js';
import type { Pairs } from './pairs.js';

/** Where the model comes from, besides the config. */
export interface ModelSources {
  /** Hugging Face folder of `model.init`, resolved by the caller (null: from scratch). */
  init: string | null;
  /** The mBERT vocab.txt for tokenizer kind `mbert-vocab`, resolved by the caller. */
  mbertVocab: string | null;
}

/**
 * The model to train:
 * - from a Hugging Face checkpoint when `sources.init` is set (its tokenizer, pooling and dense head;
 *   inputs truncated at `model.max_length`);
 * - else from scratch: a tokenizer built from the training texts as the encoder sees them (prefixes
 *   included, each distinct text once, in file order; hard negatives only when they are used:
 *   {@link encoderTexts}; the unrestricted mBERT vocabulary reads none), then
 *   `createModel(config.model, tokenizer, config.seed)`.
 * Deterministic for equal inputs, so a resumed run rebuilds the same tokenizer and shapes.
 */
export async function setupModel(
  config: HbtConfig,
  sources: ModelSources,
  pairs: Pairs,
  log: Logger,
): Promise<Model> {
  const m = config.model;
  if (sources.init !== null) {
    if (m.tokenizer.kind !== 'checkpoint')
      log.debug(`train: model.init is set, so the checkpoint's tokenizer is used`);
    return loadModel(sources.init, { maxLength: m.max_length });
  }
  if (m.tokenizer.kind === 'checkpoint') {
    throw new UsageError('model.tokenizer.kind "checkpoint" needs model.init (a Hugging Face folder)', {
      hint: 'set model.init, or choose tokenizer kind mbert-vocab, wordpiece or unigram',
    });
  }
  const t = config.train;
  // the mBERT vocabulary unrestricted reads no text; the other kinds learn from (or restrict to) them
  const needsTexts = m.tokenizer.kind !== 'mbert-vocab' || m.tokenizer.restrict_to_training;
  // Streamed: the learners and the restriction read each text once, so no array of every distinct text
  // is built (39 M mMARCO triples would not fit one).
  let count = 0;
  const texts = function* () {
    if (!needsTexts) return;
    for (const text of encoderTexts(pairs, {
      queryPrefix: t.query_prefix,
      passagePrefix: t.passage_prefix,
      hardNegatives: t.hard_negatives,
    })) {
      count++;
      yield text;
    }
  };
  const tok = await buildTokenizer(
    m.tokenizer,
    texts(),
    sources.mbertVocab ? { mbertVocabPath: sources.mbertVocab } : {},
  );
  log.info(
    `train: ${m.tokenizer.kind} tokenizer, ${tok.vocabSize} tokens` +
      (needsTexts ? `, from ${count} distinct texts` : ''),
  );
  return createModel(m, tok, config.seed);
}
