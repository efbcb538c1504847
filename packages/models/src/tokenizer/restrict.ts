import { HfTokenizer } from './hf-tokenizer.js';
import { type WordPieceOptions, wordPieceJson } from './json-builders.js';
import type { Tokenizer } from './types.js';

/**
 * Restrict a WordPiece vocabulary (e.g. mBERT's 119,547 tokens) to what a training set uses: the special
 * tokens, every token the full vocabulary produces on `texts`, and (by default) every single-character
 * token (`x` and `##x`) so that unseen words still split into characters instead of becoming `[UNK]`.
 * The kept tokens keep their original order, with new, dense ids.
 *
 * @example
 * const tok = restrictWordPiece(mbertVocab, trainTexts); // a few thousand tokens instead of 119,547
 */
export function restrictWordPiece(
  vocab: readonly string[],
  texts: Iterable<string>,
  opts: WordPieceOptions & { keepSingleChars?: boolean } = {},
): Tokenizer {
  const full = new HfTokenizer(wordPieceJson(vocab, opts), {}, 'vocab.txt');
  const keep = new Uint8Array(vocab.length);
  vocab.forEach((t, i) => {
    if (/^\[(PAD|UNK|CLS|SEP|MASK)\]$/.test(t)) keep[i] = 1;
    else if (opts.keepSingleChars !== false && [...t.replace(/^##/, '')].length === 1) keep[i] = 1;
  });
  for (const text of texts) for (const id of full.encodeIds(text)) keep[id] = 1;
  const kept = vocab.filter((_, i) => keep[i] === 1);
  return new HfTokenizer(wordPieceJson(kept, opts), {}, 'vocab.txt');
}
