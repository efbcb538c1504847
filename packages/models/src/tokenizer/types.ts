/** A batch of tokenised texts, row-major, ready to become tensors. */
export interface EncodedBatch {
  /** Token ids, `[b * t]`, padded with the pad id. */
  inputIds: Int32Array;
  /** 1 for real tokens (specials included), 0 for padding, `[b * t]`. */
  attentionMask: Int32Array;
  /** Segment ids (all 0 for single texts), `[b * t]`. */
  tokenTypeIds: Int32Array;
  /** `[b, t]`: t is the longest sequence in the batch (specials included), at most maxLength. */
  shape: [number, number];
  /** Length of each row without padding. */
  lengths: Int32Array;
}

/** Options of {@link Tokenizer.encode}. */
export interface EncodeOptions {
  /** Maximum sequence length, special tokens included (the content is truncated to fit). */
  maxLength: number;
  /** `longest` (default): pad to the longest row of the batch; `max_length`: pad to maxLength. */
  padding?: 'longest' | 'max_length';
}

/** Which special tokens frame a sequence: BERT `[CLS] … [SEP]`, XLM-R `<s> … </s>`. */
export interface SpecialTokens {
  pad: string;
  unk: string;
  cls: string;
  sep: string;
  mask: string | null;
  padId: number;
  unkId: number;
  clsId: number;
  sepId: number;
  maskId: number | null;
}

/** The tokenizer families hbt reads and writes. */
export type TokenizerKind = 'wordpiece' | 'unigram';

/**
 * A text → ids tokenizer with Hugging Face semantics (the ids equal Python `transformers`' fast
 * tokenizer's for the same `tokenizer.json`).
 */
export interface Tokenizer {
  readonly kind: TokenizerKind;
  /** Number of ids (the embedding matrix needs this many rows). */
  readonly vocabSize: number;
  readonly specials: SpecialTokens;
  /** Whether the normaliser lower-cases (BERT uncased). */
  readonly lowercase: boolean;
  /** Sub-word strings of one text, without special tokens. */
  tokenize(text: string): string[];
  /** Ids of one text, without special tokens and without truncation. */
  encodeIds(text: string): number[];
  /** Tokenise, truncate, add special tokens and pad a batch. */
  encode(texts: readonly string[], opts: EncodeOptions): EncodedBatch;
  idToToken(id: number): string | undefined;
  tokenToId(token: string): number | undefined;
  /** The Hugging Face `tokenizer.json` object. */
  toJSON(): Record<string, unknown>;
  /**
   * Write the Hugging Face files into `dir`: `tokenizer.json`, `tokenizer_config.json`,
   * `special_tokens_map.json`, and `vocab.txt` for WordPiece.
   */
  save(dir: string, opts?: { modelMaxLength?: number }): Promise<void>;
}
