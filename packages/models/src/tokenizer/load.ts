import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { HfTokenizer } from './hf-tokenizer.js';
import { wordPieceJson } from './json-builders.js';
import type { Tokenizer } from './types.js';

type Json = Record<string, unknown>;

/**
 * Load the tokenizer of a Hugging Face model folder: `tokenizer.json` when present (any WordPiece or
 * Unigram tokenizer, exactly as `transformers`' fast tokenizer), else `vocab.txt` (BERT WordPiece, with
 * `do_lower_case`, `tokenize_chinese_chars` and `strip_accents` from `tokenizer_config.json`).
 *
 * @example
 * const tok = await loadTokenizer('test-fixtures/models/tiny-mbert');
 */
export async function loadTokenizer(dir: string): Promise<Tokenizer> {
  const config = await readJsonIf(join(dir, 'tokenizer_config.json'));
  const tjPath = join(dir, 'tokenizer.json');
  if (existsSync(tjPath)) {
    return new HfTokenizer(await readJson(tjPath), config ?? {}, tjPath);
  }
  const vocabPath = join(dir, 'vocab.txt');
  if (existsSync(vocabPath)) {
    return wordPieceFromVocabFile(vocabPath, {
      lowercase: (config?.do_lower_case as boolean | undefined) ?? false,
      stripAccents: (config?.strip_accents as boolean | null | undefined) ?? null,
      handleChineseChars: (config?.tokenize_chinese_chars as boolean | undefined) ?? true,
    });
  }
  const spm = ['sentencepiece.bpe.model', 'spiece.model'].find((f) => existsSync(join(dir, f)));
  throw new DataError(spm ? `only a SentencePiece model (${spm}) was found` : 'no tokenizer found', {
    file: dir,
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

/** Read a `vocab.txt`: one token per line (a trailing newline is ignored). */
export async function readVocabFile(path: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new DataError(`cannot read the vocabulary: ${(e as Error).message}`, { file: path });
  }
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  if (lines.length === 0) throw new DataError('the vocabulary file is empty', { file: path });
  return lines;
}

async function readJson(path: string): Promise<Json> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as Json;
  } catch (e) {
    throw new DataError(`not valid JSON: ${(e as Error).message}`, { file: path });
  }
}

async function readJsonIf(path: string): Promise<Json | null> {
  return existsSync(path) ? readJson(path) : null;
}
