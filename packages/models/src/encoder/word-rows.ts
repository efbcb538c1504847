import type { EncoderConfig } from './config.js';

/** The word-table rows some batches use: sorted distinct token ids, and each id's row. */
export interface WordRowIndex {
  /** Sorted distinct token ids used. */
  rows: Int32Array;
  /** `rowOf[id]`: the row of `id` in `rows`, −1 for ids not used (`[vocabSize]`). */
  rowOf: Int32Array;
}

/**
 * The sorted distinct token ids of some batches' `inputIds` (the word-embedding rows they touch), with
 * the padding row added when `withPad` (a valid padding id that is not already there).
 *
 * @example
 * usedWordIds(cfg, [tok.encode(['a b', 'c'], { maxLength: 16 })]); // Int32Array [0, 101, 102, …]
 */
export function usedWordIds(
  cfg: EncoderConfig,
  batches: readonly { inputIds: ArrayLike<number> }[],
  withPad = false,
): Int32Array {
  const V = cfg.vocabSize;
  const seen = new Uint8Array(V);
  let n = 0;
  for (const b of batches) {
    for (let i = 0; i < b.inputIds.length; i++) {
      const id = b.inputIds[i]!;
      if (seen[id] === 0) {
        seen[id] = 1;
        n++;
      }
    }
  }
  const pad = cfg.padTokenId;
  const addPad = withPad && pad >= 0 && pad < V && seen[pad] === 0;
  if (addPad) {
    seen[pad] = 1;
    n++;
  }
  const out = new Int32Array(n);
  for (let id = 0, k = 0; id < V; id++) if (seen[id] === 1) out[k++] = id;
  return out;
}

/**
 * {@link WordRowIndex} of some batches: the rows a step's word-embedding gradient (or a fed word table)
 * is compacted to.
 *
 * @example
 * const { rows, rowOf } = wordRowIndex(cfg, batches); // rowOf[rows[i]] === i
 */
export function wordRowIndex(
  cfg: EncoderConfig,
  batches: readonly { inputIds: ArrayLike<number> }[],
): WordRowIndex {
  const rows = usedWordIds(cfg, batches);
  const rowOf = new Int32Array(cfg.vocabSize).fill(-1);
  for (let i = 0; i < rows.length; i++) rowOf[rows[i]!] = i;
  return { rows, rowOf };
}
