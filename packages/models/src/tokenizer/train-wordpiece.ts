import { PairHeap } from './heap.js';
import { HfTokenizer } from './hf-tokenizer.js';
import { wordPieceJson } from './json-builders.js';
import type { Tokenizer } from './types.js';

/** Options of {@link trainWordPiece}. */
export interface TrainWordPieceOptions {
  /** Target vocabulary size, special tokens included. */
  vocabSize: number;
  /** Lower-case (and strip accents, as BERT uncased). Default false. */
  lowercase?: boolean;
  /** A pair must occur this often to be merged. Default 2. */
  minFrequency?: number;
  /** Keep at most this many distinct characters (the most frequent). Default min(1000 + vocabSize / 10, (vocabSize − 5) / 4). */
  limitAlphabet?: number;
}

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const SHIFT = 2 ** 21;

/**
 * Train a WordPiece vocabulary the way Hugging Face's `WordPieceTrainer` does: BERT normalisation and
 * pre-tokenisation, then byte-pair-style merges of the most frequent adjacent pieces, with `##` marking
 * pieces that continue a word, until `vocabSize` tokens. Ties break on the pair's ids, so the result is
 * deterministic. The tokenizer then encodes with greedy longest-match WordPiece, like BERT's.
 *
 * @example
 * const tok = trainWordPiece(texts, { vocabSize: 8000 });
 */
export function trainWordPiece(texts: Iterable<string>, opts: TrainWordPieceOptions): Tokenizer {
  const wpOpts = { lowercase: opts.lowercase ?? false };
  const base = new HfTokenizer(wordPieceJson(SPECIALS, wpOpts));
  const wordCounts = new Map<string, number>();
  for (const t of texts) for (const w of base.preTokenize(t)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);

  // Alphabet: the most frequent characters.
  const charCounts = new Map<string, number>();
  for (const [w, c] of wordCounts) for (const ch of w) charCounts.set(ch, (charCounts.get(ch) ?? 0) + c);
  // Characters (with their ## forms) take at most half of the vocabulary unless told otherwise.
  const limit =
    opts.limitAlphabet ??
    Math.min(1000 + Math.floor(opts.vocabSize / 10), Math.floor((opts.vocabSize - 5) / 4));
  const alphabet = new Set(
    [...charCounts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, limit)
      .map(([ch]) => ch),
  );

  const vocab: string[] = [...SPECIALS];
  const idOf = new Map<string, number>(vocab.map((t, i) => [t, i]));
  const intern = (tok: string) => {
    let id = idOf.get(tok);
    if (id === undefined) {
      id = vocab.length;
      vocab.push(tok);
      idOf.set(tok, id);
    }
    return id;
  };
  // Initial symbols, in a stable order: first-position characters, then continuation characters.
  const sortedWords = [...wordCounts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const chars = [...alphabet].sort();
  const inner = new Set<string>();
  for (const [w] of sortedWords) for (const ch of [...w].slice(1)) inner.add(ch);
  for (const ch of chars) intern(ch);
  for (const ch of chars) if (inner.has(ch)) intern(`##${ch}`);

  const words: number[][] = [];
  const freqs: number[] = [];
  for (const [w, c] of sortedWords) {
    const cs = [...w];
    if (!cs.every((ch) => alphabet.has(ch))) continue;
    words.push(cs.map((ch, i) => idOf.get(i === 0 ? ch : `##${ch}`)!));
    freqs.push(c);
  }

  const pairCount = new Map<number, number>();
  const pairWords = new Map<number, Set<number>>();
  const addPairs = (wi: number, sign: number) => {
    const w = words[wi]!;
    for (let i = 0; i + 1 < w.length; i++) {
      const key = w[i]! * SHIFT + w[i + 1]!;
      pairCount.set(key, (pairCount.get(key) ?? 0) + sign * freqs[wi]!);
      if (sign > 0) {
        let s = pairWords.get(key);
        if (!s) {
          s = new Set();
          pairWords.set(key, s);
        }
        s.add(wi);
      }
    }
  };
  for (let wi = 0; wi < words.length; wi++) addPairs(wi, 1);
  const heap = new PairHeap();
  for (const [key, c] of pairCount) heap.push(c, key);

  const minFreq = opts.minFrequency ?? 2;
  while (vocab.length < opts.vocabSize) {
    const top = heap.pop();
    if (!top) break;
    const current = pairCount.get(top.key) ?? 0;
    if (current !== top.count) {
      if (current > 0) heap.push(current, top.key);
      continue;
    }
    if (current < minFreq) break;
    const a = Math.floor(top.key / SHIFT);
    const b = top.key % SHIFT;
    const merged = intern(vocab[a]! + vocab[b]!.slice(2));
    const touched = [...(pairWords.get(top.key) ?? [])].sort((x, y) => x - y);
    const changed = new Set<number>();
    for (const wi of touched) {
      const w = words[wi]!;
      let has = false;
      for (let i = 0; i + 1 < w.length; i++) if (w[i] === a && w[i + 1] === b) has = true;
      if (!has) continue;
      addPairs(wi, -1);
      const nw: number[] = [];
      for (let i = 0; i < w.length; i++) {
        if (i + 1 < w.length && w[i] === a && w[i + 1] === b) {
          nw.push(merged);
          i++;
        } else nw.push(w[i]!);
      }
      words[wi] = nw;
      addPairs(wi, 1);
      for (let i = 0; i + 1 < nw.length; i++) changed.add(nw[i]! * SHIFT + nw[i + 1]!);
    }
    pairCount.delete(top.key);
    for (const key of changed) {
      const c = pairCount.get(key) ?? 0;
      if (c > 0) heap.push(c, key);
    }
  }
  return new HfTokenizer(wordPieceJson(vocab, wpOpts));
}
