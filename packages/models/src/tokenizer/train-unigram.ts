import { HfTokenizer } from './hf-tokenizer.js';
import { unigramJson } from './json-builders.js';
import type { Tokenizer } from './types.js';

/** Options of {@link trainUnigram}. */
export interface TrainUnigramOptions {
  /** Target vocabulary size, the 5 special tokens included. */
  vocabSize: number;
  /** Lower-case the text. Default false. */
  lowercase?: boolean;
  /** Longest piece in characters. Default 16 (SentencePiece's default). */
  maxPieceLength?: number;
  /** Fraction of pieces kept per pruning round. Default 0.75 (SentencePiece's shrinking factor). */
  shrinkingFactor?: number;
  /** EM iterations per round. Default 2. */
  emIterations?: number;
}

interface Words {
  text: string[];
  /** UTF-16 offsets of each character start, plus the end. */
  starts: Int32Array[];
  freq: Float64Array;
}

/**
 * Train a SentencePiece-style Unigram model (Kudo 2018) on texts: NFKC normalisation and Metaspace
 * (`▁`) pre-tokenisation, as XLM-R; seed pieces are the most frequent substrings (frequency × length),
 * then rounds of EM (forward–backward over each word's lattice) and pruning of the pieces whose removal
 * costs the least likelihood, until `vocabSize`. Every character seen stays a piece. Deterministic.
 * Encoding uses Viterbi over the learned log-probabilities (the Unigram model of `tokenizer.json`).
 *
 * @example
 * const tok = trainUnigram(texts, { vocabSize: 8000 });
 */
export function trainUnigram(texts: Iterable<string>, opts: TrainUnigramOptions): Tokenizer {
  const lowercase = opts.lowercase ?? false;
  const maxLen = opts.maxPieceLength ?? 16;
  const base = new HfTokenizer(unigramJson([['▁', 0]], { lowercase }));
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of base.preTokenize(t)) counts.set(w, (counts.get(w) ?? 0) + 1);
  const entries = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const words: Words = { text: [], starts: [], freq: new Float64Array(entries.length) };
  entries.forEach(([w, c], i) => {
    words.text.push(w);
    const st: number[] = [];
    let off = 0;
    for (const ch of w) {
      st.push(off);
      off += ch.length;
    }
    st.push(off);
    words.starts.push(Int32Array.from(st));
    words.freq[i] = c;
  });

  const target = Math.max(1, opts.vocabSize - 5);
  // Characters are always kept; seeds are frequent substrings.
  const chars = new Map<string, number>();
  const subs = new Map<string, number>();
  const SUB_CAP = 2_000_000;
  words.text.forEach((w, wi) => {
    const st = words.starts[wi]!;
    const f = words.freq[wi]!;
    const n = st.length - 1;
    for (let i = 0; i < n; i++) {
      const ch = w.slice(st[i], st[i + 1]);
      chars.set(ch, (chars.get(ch) ?? 0) + f);
      for (let j = i + 2; j <= Math.min(n, i + maxLen); j++) {
        const s = w.slice(st[i], st[j]);
        const c = subs.get(s);
        if (c !== undefined) subs.set(s, c + f);
        else if (subs.size < SUB_CAP) subs.set(s, f);
      }
    }
  });
  const seedSize = Math.max(target * 8, 1000);
  const seeds = [...subs.entries()]
    .filter(([, c]) => c >= 2)
    .map(([s, c]) => [s, c * [...s].length] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, seedSize);
  const pieces = new Map<string, number>();
  let total = 0;
  for (const [, c] of chars) total += c;
  for (const [, c] of seeds) total += c;
  for (const [s, c] of chars) pieces.set(s, Math.log(c / total));
  for (const [s, c] of seeds) pieces.set(s, Math.log(c / total));

  const isChar = (s: string) => chars.has(s);
  const em = (iters: number) => {
    for (let it = 0; it < iters; it++) {
      const expected = expectedCounts(words, pieces, maxLen);
      let sum = 0;
      for (const [s, c] of expected) {
        if (c < 0.5 && !isChar(s)) expected.delete(s);
        else sum += c;
      }
      for (const s of [...pieces.keys()]) {
        const c = expected.get(s);
        if (c === undefined) {
          if (isChar(s)) pieces.set(s, Math.log(0.5 / sum));
          else pieces.delete(s);
        } else pieces.set(s, Math.log(c / sum));
      }
    }
  };
  const emIters = opts.emIterations ?? 2;
  const shrink = opts.shrinkingFactor ?? 0.75;
  em(emIters);
  const floor = Math.max(target, chars.size);
  while (pieces.size > floor) {
    const keep = Math.max(floor, Math.floor(pieces.size * shrink));
    prune(words, pieces, isChar, keep, maxLen);
    em(emIters);
  }
  const final = [...pieces.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return new HfTokenizer(unigramJson(final, { lowercase }));
}

function logAdd(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** Expected piece counts under the current model (forward–backward per word, × word frequency). */
function expectedCounts(words: Words, pieces: Map<string, number>, maxLen: number): Map<string, number> {
  const out = new Map<string, number>();
  words.text.forEach((w, wi) => {
    const st = words.starts[wi]!;
    const n = st.length - 1;
    const alpha = new Float64Array(n + 1).fill(-Infinity);
    const beta = new Float64Array(n + 1).fill(-Infinity);
    alpha[0] = 0;
    for (let i = 0; i < n; i++) {
      if (alpha[i] === -Infinity) continue;
      for (let j = i + 1; j <= Math.min(n, i + maxLen); j++) {
        const s = pieces.get(w.slice(st[i], st[j]));
        if (s !== undefined) alpha[j] = logAdd(alpha[j]!, alpha[i]! + s);
      }
    }
    beta[n] = 0;
    for (let j = n; j > 0; j--) {
      if (beta[j] === -Infinity) continue;
      for (let i = Math.max(0, j - maxLen); i < j; i++) {
        const s = pieces.get(w.slice(st[i], st[j]));
        if (s !== undefined) beta[i] = logAdd(beta[i]!, beta[j]! + s);
      }
    }
    const z = alpha[n]!;
    if (z === -Infinity) return;
    const f = words.freq[wi]!;
    for (let i = 0; i < n; i++) {
      if (alpha[i] === -Infinity) continue;
      for (let j = i + 1; j <= Math.min(n, i + maxLen); j++) {
        const key = w.slice(st[i], st[j]);
        const s = pieces.get(key);
        if (s === undefined) continue;
        const p = Math.exp(alpha[i]! + s + beta[j]! - z);
        if (p > 0) out.set(key, (out.get(key) ?? 0) + f * p);
      }
    }
  });
  return out;
}

/** Best segmentation score of `s` with the pieces, not using `s` itself as one piece. */
function altScore(s: string, pieces: Map<string, number>, maxLen: number): number {
  const cs = [...s];
  const n = cs.length;
  const best = new Float64Array(n + 1).fill(-Infinity);
  best[0] = 0;
  for (let i = 0; i < n; i++) {
    if (best[i] === -Infinity) continue;
    let sub = '';
    for (let j = i + 1; j <= Math.min(n, i + maxLen); j++) {
      sub += cs[j - 1];
      if (i === 0 && j === n) continue;
      const sc = pieces.get(sub);
      if (sc !== undefined && best[i]! + sc > best[j]!) best[j] = best[i]! + sc;
    }
  }
  return best[n]!;
}

/**
 * Keep the `keep` pieces whose removal would cost the most: for a piece with expected count c and
 * log-probability s whose best alternative segmentation scores a, the loss is c·(s − a). Characters stay.
 */
function prune(
  words: Words,
  pieces: Map<string, number>,
  isChar: (s: string) => boolean,
  keep: number,
  maxLen: number,
) {
  const counts = expectedCounts(words, pieces, maxLen);
  const scored: Array<[string, number]> = [];
  let kept = 0;
  for (const [s, sc] of pieces) {
    if (isChar(s)) {
      kept++;
      continue;
    }
    const c = counts.get(s) ?? 0;
    const alt = altScore(s, pieces, maxLen);
    scored.push([s, alt === -Infinity ? Infinity : c * (sc - alt)]);
  }
  scored.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  const room = Math.max(0, keep - kept);
  for (const [s] of scored.slice(room)) pieces.delete(s);
}
