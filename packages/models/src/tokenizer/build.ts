import type { ModelConfig } from '@hbt/core';
import { UsageError } from '@hbt/core';
import { HfTokenizer } from './hf-tokenizer.js';
import { wordPieceJson } from './json-builders.js';
import { readVocabFile } from './load.js';
import { restrictWordPiece } from './restrict.js';
import { trainUnigram } from './train-unigram.js';
import { trainWordPiece } from './train-wordpiece.js';
import type { Tokenizer } from './types.js';

/** The `model.tokenizer` config section. */
export type TokenizerConfig = ModelConfig['tokenizer'];

/** Options of {@link buildTokenizer}. */
export interface BuildTokenizerOptions {
  /** The mBERT `vocab.txt` (for kind `mbert-vocab`), e.g. `<data mirror>/mbert-vocab/mbert_modified_vocab.txt`. */
  mbertVocabPath?: string;
}

/**
 * The tokenizer of a from-scratch model, from the `model.tokenizer` config and the training texts (any
 * iterable, read once: a generator keeps them out of memory):
 * - `mbert-vocab`: the mBERT WordPiece vocabulary, restricted to the tokens the training texts use
 *   (plus single characters) when `restrict_to_training`, else all 119,547 tokens;
 * - `wordpiece`: a WordPiece vocabulary of `vocab_size` trained on the texts;
 * - `unigram`: a SentencePiece-style Unigram model of `vocab_size` trained on the texts.
 * (`checkpoint` is not built: it comes with `loadModel`.) Deterministic for equal inputs.
 *
 * @example
 * const tok = await buildTokenizer(cfg.model.tokenizer, texts, { mbertVocabPath });
 */
export async function buildTokenizer(
  cfg: TokenizerConfig,
  texts: Iterable<string>,
  opts: BuildTokenizerOptions = {},
): Promise<Tokenizer> {
  switch (cfg.kind) {
    case 'mbert-vocab': {
      if (!opts.mbertVocabPath) {
        throw new UsageError('tokenizer kind "mbert-vocab" needs the mBERT vocabulary file', {
          hint: 'fetch it with `hbt data fetch mbert-vocab` or choose model.tokenizer.kind "wordpiece"',
        });
      }
      const vocab = await readVocabFile(opts.mbertVocabPath);
      const wp = { lowercase: cfg.lowercase };
      return cfg.restrict_to_training
        ? restrictWordPiece(vocab, texts, wp)
        : new HfTokenizer(wordPieceJson(vocab, wp), {}, opts.mbertVocabPath);
    }
    case 'wordpiece':
      return trainWordPiece(texts, { vocabSize: cfg.vocab_size, lowercase: cfg.lowercase });
    case 'unigram':
      return trainUnigram(texts, { vocabSize: cfg.vocab_size, lowercase: cfg.lowercase });
    case 'checkpoint':
      throw new UsageError('tokenizer kind "checkpoint" comes with the checkpoint', {
        hint: 'set model.init to a Hugging Face folder and load it with loadModel',
      });
  }
}
