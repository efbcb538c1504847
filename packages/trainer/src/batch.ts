import type { EncodedBatch, Tokenizer } from '@hbt/models';
import type { Pairs } from './data.js';

/** The texts of one batch, prefixed, as the encoder sees them. */
export interface TextBatch {
  /** `[B]` queries, prefixed. */
  queries: string[];
  /** `[B + K]` passages, prefixed: the B positives in slot order, then the K hard negatives. */
  passages: string[];
  /** B. */
  numPositives: number;
}

/** Text options of a batch (from the `train` config). */
export interface TextOptions {
  queryPrefix: string;
  passagePrefix: string;
  /** Add every pair's neg_text (when not null) as a negative for the whole batch. */
  hardNegatives: boolean;
}

/**
 * The texts of the pairs at `rows` (one batch), with the query and passage prefixes.
 *
 * @example
 * textBatch(pairs, [4, 9], { queryPrefix: 'Query: ', passagePrefix: 'Passage: ', hardNegatives: false });
 * // { queries: ['Query: …', 'Query: …'], passages: ['Passage: …', 'Passage: …'], numPositives: 2 }
 */
export function textBatch(pairs: Pairs, rows: readonly number[], opts: TextOptions): TextBatch {
  const queries = rows.map((r) => opts.queryPrefix + pairs.queries[r]!);
  const passages = rows.map((r) => opts.passagePrefix + pairs.positives[r]!);
  if (opts.hardNegatives) {
    for (const r of rows) {
      const n = pairs.negatives[r];
      if (n !== null && n !== undefined) passages.push(opts.passagePrefix + n);
    }
  }
  return { queries, passages, numPositives: rows.length };
}

/** One forward pass's worth of texts: which group (`q` queries, `p` passages) and which chunk of it. */
export interface Chunk {
  group: 'q' | 'p';
  index: number;
  encoded: EncodedBatch;
}

/**
 * Tokenise a batch into chunks of at most `chunkSize` texts per group (`null`: one chunk per group),
 * each padded to its own longest row, truncated to `maxLength` tokens.
 */
export function chunkBatch(
  tok: Tokenizer,
  batch: TextBatch,
  maxLength: number,
  chunkSize: number | null,
): Chunk[] {
  const out: Chunk[] = [];
  for (const [group, texts] of [
    ['q', batch.queries],
    ['p', batch.passages],
  ] as const) {
    const size = chunkSize ?? texts.length;
    for (let i = 0, c = 0; i < texts.length; i += size, c++) {
      out.push({ group, index: c, encoded: tok.encode(texts.slice(i, i + size), { maxLength }) });
    }
  }
  return out;
}

/** The sorted distinct token ids used by some chunks (the embedding rows a step touches). */
export function usedTokenIds(chunks: readonly Chunk[], vocabSize: number): Int32Array {
  const seen = new Uint8Array(vocabSize);
  let n = 0;
  for (const c of chunks) {
    for (const id of c.encoded.inputIds) {
      if (seen[id] === 0) {
        seen[id] = 1;
        n++;
      }
    }
  }
  const out = new Int32Array(n);
  for (let id = 0, k = 0; id < vocabSize; id++) if (seen[id] === 1) out[k++] = id;
  return out;
}

/** The rows a step's word-embedding gradient is compacted to: the ids used and each id's row. */
export interface WordRowIndex {
  /** Sorted distinct token ids used ({@link usedTokenIds}). */
  rows: Int32Array;
  /** `rowOf[id]`: the row of `id` in `rows`, −1 for ids not used (`[vocabSize]`). */
  rowOf: Int32Array;
}

/** {@link WordRowIndex} of some chunks. */
export function wordRowIndex(chunks: readonly Chunk[], vocabSize: number): WordRowIndex {
  const rows = usedTokenIds(chunks, vocabSize);
  const rowOf = new Int32Array(vocabSize).fill(-1);
  for (let i = 0; i < rows.length; i++) rowOf[rows[i]!] = i;
  return { rows, rowOf };
}
