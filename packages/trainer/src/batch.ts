import type { EncodedBatch, Encoder, Tokenizer, WordRowIndex } from '@hbt/models';
import type { Pairs } from './data.js';

/** The texts of one batch, prefixed, as the encoder sees them. */
export interface TextBatch {
  /** `[B]` queries, prefixed. */
  queries: string[];
  /** `[B + K]` passages, prefixed: the B positives in slot order, then the K hard negatives. */
  passages: string[];
  /** B. */
  numPositives: number;
  /**
   * The B pairs as read (texts without prefixes, languages, ids), for objectives that need more than the
   * texts (distillation's source side). Filled by {@link textBatch}.
   */
  pairs?: readonly BatchPair[];
}

/** One pair of a batch as `train_pairs` holds it (what `distillSource` reads). */
export interface BatchPair {
  pair_id: string;
  query_text: string;
  query_lang: string;
  pos_text: string;
  pos_lang: string;
}

/**
 * An encoder pass over some texts of a batch: `q` the B queries, `p` the B positives and K hard
 * negatives — the passes every objective shares — and `q2`, `p2` second passes over the queries and the B
 * positives with their own dropout masks (SimCSE). A view's dropout masks come from its own stream
 * (`dropoutSeed`), so adding an objective never changes the masks of another view.
 */
export type View = 'q' | 'p' | 'q2' | 'p2';

/** The texts of a view of a batch. */
export function viewTexts(batch: TextBatch, view: View): string[] {
  if (view === 'q' || view === 'q2') return batch.queries;
  return view === 'p' ? batch.passages : batch.passages.slice(0, batch.numPositives);
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
  const batchPairs = rows.map((r) => ({
    pair_id: pairs.ids[r]!,
    query_text: pairs.queries[r]!,
    query_lang: pairs.queryLangs[r]!,
    pos_text: pairs.positives[r]!,
    pos_lang: pairs.posLangs[r]!,
  }));
  return { queries, passages, numPositives: rows.length, pairs: batchPairs };
}

/** One forward pass's worth of texts: which view (see {@link View}) and which chunk of it. */
export interface Chunk {
  group: View;
  index: number;
  encoded: EncodedBatch;
}

/**
 * Tokenise the views of a batch (default `q`, `p`) into chunks of at most `chunkSize` texts per view
 * (`null`: one chunk per view), each padded to its own longest row, truncated to `maxLength` tokens.
 */
export function chunkBatch(
  tok: Tokenizer,
  batch: TextBatch,
  maxLength: number,
  chunkSize: number | null,
  views: readonly View[] = ['q', 'p'],
): Chunk[] {
  const out: Chunk[] = [];
  for (const group of views) {
    const texts = viewTexts(batch, group);
    const size = chunkSize ?? texts.length;
    for (let i = 0, c = 0; i < texts.length; i += size, c++) {
      out.push({ group, index: c, encoded: tok.encode(texts.slice(i, i + size), { maxLength }) });
    }
  }
  return out;
}

export type { WordRowIndex } from '@hbt/models';

/** The sorted distinct token ids used by some chunks (the embedding rows a step touches). */
export function usedTokenIds(chunks: readonly Chunk[], encoder: Encoder): Int32Array {
  return encoder.usedWordIds(chunks.map((c) => c.encoded));
}

/** The rows a step's word-embedding gradient is compacted to ({@link WordRowIndex}) for some chunks. */
export function wordRowIndex(chunks: readonly Chunk[], encoder: Encoder): WordRowIndex {
  return encoder.wordRowIndex(chunks.map((c) => c.encoded));
}
