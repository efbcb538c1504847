import { DataError, decodeUtf8Strict, readBoundedFile } from '@hbt/core';
import { MODEL_FILE_BYTES, ModelFolder, readJsonObject } from '../checkpoint/model-folder.js';
import { HfTokenizer } from './hf-tokenizer.js';
import { wordPieceJson } from './json-builders.js';
import type { Tokenizer } from './types.js';

/**
 * Load the tokenizer of a Hugging Face model folder: `tokenizer.json` when present (any WordPiece or
 * Unigram tokenizer, exactly as `transformers`' fast tokenizer), else `vocab.txt` (BERT WordPiece, with
 * `do_lower_case`, `tokenize_chinese_chars` and `strip_accents` from `tokenizer_config.json`). Files are
 * read inside the folder only, as regular files with a size bound (a FIFO is refused, never waited on).
 *
 * @example
 * const tok = await loadTokenizer('test-fixtures/models/tiny-mbert');
 */
export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  return loadTokenizerFrom(await ModelFolder.open(dir));
}

/** {@link loadTokenizer} for a folder already opened (a model folder or one of its modules). */
export async function loadTokenizerFrom(folder: ModelFolder): Promise<Tokenizer> {
  const cfgPath = await folder.find('tokenizer_config.json', 'tokenizer_config.json');
  const config = cfgPath ? await readJsonObject(cfgPath, 'tokenizer_config.json') : null;
  const tjPath = await folder.find('tokenizer.json', 'tokenizer.json');
  if (tjPath) {
    const json = await readJsonObject(tjPath, 'tokenizer.json', MODEL_FILE_BYTES.tokenizer);
    return new HfTokenizer(json, config ?? {}, tjPath);
  }
  const vocabPath = await folder.find('vocab.txt', 'vocab.txt');
  if (vocabPath) {
    const flag = <T>(key: string, dflt: T): T | boolean => {
      const v = config?.[key];
      return typeof v === 'boolean' ? v : dflt;
    };
    return wordPieceFromVocabFile(vocabPath, {
      lowercase: flag('do_lower_case', false),
      stripAccents: flag<null>('strip_accents', null),
      handleChineseChars: flag('tokenize_chinese_chars', true),
    });
  }
  let spm: string | null = null;
  for (const f of ['sentencepiece.bpe.model', 'spiece.model'])
    if (spm === null && (await folder.find(f, f)) !== null) spm = f;
  throw new DataError(spm ? `only a SentencePiece model (${spm}) was found` : 'no tokenizer found', {
    file: folder.path,
    hint: spm
      ? 'save the tokenizer with transformers (AutoTokenizer.from_pretrained(dir).save_pretrained(dir)) to get tokenizer.json'
      : 'the folder needs tokenizer.json or vocab.txt',
  });
}

/** A BERT WordPiece tokenizer from a `vocab.txt` file (one token per line, line number = id). */
export async function wordPieceFromVocabFile(
  path: string,
  opts: { lowercase?: boolean; stripAccents?: boolean | null; handleChineseChars?: boolean } = {},
): Promise<Tokenizer> {
  const vocab = await readVocabFile(path);
  return new HfTokenizer(wordPieceJson(vocab, opts), {}, path);
}

/**
 * Read a `vocab.txt`: one token per line (a trailing newline is ignored), strict UTF-8, a regular file
 * of at most 64 MiB.
 */
export async function readVocabFile(path: string): Promise<string[]> {
  const bytes = await readBoundedFile(path, { maxBytes: MODEL_FILE_BYTES.vocab, what: 'vocabulary file' });
  const { text } = decodeUtf8Strict(bytes, { file: path, hint: 'a vocab.txt is UTF-8; re-download it' });
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new DataError('the vocabulary file is empty', { file: path });
  return lines;
}
