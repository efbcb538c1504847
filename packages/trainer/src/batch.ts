import type { EncodedBatch, Encoder, Tokenizer, WordRowIndex } from '@hbt/models';
import type { Pairs } from './pairs.js';

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
  const batchPairs = rows.map((r) => ({
    pair_id: pairs.pairId(r),
    query_text: pairs.queryText(r),
    query_lang: pairs.queryLang(r),
    pos_text: pairs.posText(r),
    pos_lang: pairs.posLang(r),
  }));
  const queries = batchPairs.map((p) => opts.queryPrefix + p.query_text);
  const passages = batchPairs.map((p) => opts.passagePrefix + p.pos_text);
  if (opts.hardNegatives) {
    for (const r of rows) {
      const n = pairs.negText(r);
      if (n !== null) passages.push(opts.passagePrefix + n);
    }
  }
  return { queries, passages, numPositives: rows.length, pairs: batchPairs };
}

/**
 * Every distinct text the encoder can see in training, as it sees it (prefixed; hard negatives only when
 * `opts.hardNegatives`), each once, in order of first appearance: row by row, the query, the positive,
 * then the negative. Streams over the pairs' text numbers (one byte of state per text and role), so
 * it never holds the texts; equal to collecting `prefix + text` of every pair into a `Set`.
 *
 * @example
 * [...encoderTexts(pairs, { queryPrefix: 'Q: ', passagePrefix: 'P: ', hardNegatives: false })];
 * // ['Q: what is…', 'P: It is…', …]
 */
export function* encoderTexts(pairs: Pairs, opts: TextOptions): Generator<string> {
  const qp = opts.queryPrefix;
  const pp = opts.passagePrefix;
  const n = pairs.texts.size;
  const seenP = new Uint8Array(n);
  const seenQ = qp === pp ? seenP : new Uint8Array(n);
  // A query and a passage read the same once prefixed only when one prefix extends the other: with
  // qp = pp + d, query text a is passage text d + a (and with pp = qp + d, passage text b is query text
  // d + b). Such a string is marked seen under the one text number it has as the shorter prefix's role.
  const seenAs = (long: string, short: string, t: number): [Uint8Array, number] | null => {
    if (long === short || !long.startsWith(short)) return null;
    const other = pairs.texts.lookup(long.slice(short.length) + pairs.text(t));
    return other < 0 ? null : [long === qp ? seenP : seenQ, other];
  };
  const mark = (seen: Uint8Array, t: number, prefix: string): string | null => {
    const alias = prefix === qp ? seenAs(qp, pp, t) : seenAs(pp, qp, t);
    const [s, k] = alias ?? [seen, t];
    if (s[k] === 1) return null;
    s[k] = 1;
    return prefix + pairs.text(t);
  };
  for (let i = 0; i < pairs.size; i++) {
    const q = mark(seenQ, pairs.query[i]!, qp);
    if (q !== null) yield q;
    const p = mark(seenP, pairs.positive[i]!, pp);
    if (p !== null) yield p;
    const neg = pairs.negative[i]!;
    if (opts.hardNegatives && neg >= 0) {
      const x = mark(seenP, neg, pp);
      if (x !== null) yield x;
    }
  }
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
