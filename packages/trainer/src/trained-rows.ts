import { type Encoder, type Tokenizer, tf, type WordRowIndex } from '@hbt/models';

/**
 * The word-embedding rows a run can train, split from those it cannot, so that dense AdamW — exactly
 * `torch.optim.AdamW` — costs O(rows the training texts use) per step instead of O(vocabulary).
 *
 * Under dense AdamW a row that no training text uses never gets a gradient: its moments stay 0, so
 * every step only multiplies it by `1 − lr·λ`. Such rows are left out of the step: the trained rows
 * `ids` (every token of every training text, padding included) form a compact variable `table`
 * (`[ids.length, hidden]`) that the optimizer updates densely, like any other parameter — zero-gradient
 * rows included, so momentum and decay act on every trained row at every step, as in torch — and the
 * other rows get their decay in closed form when the model is read ({@link TrainedRows.sync}):
 * `p = p₀ · Π_s (1 − lr_s·λ)` (the product in float64, then one float32 rounding; torch rounds after every
 * step, a difference of a few ulps). The full table is written only by `sync`, from the initial values,
 * so a resumed run syncs to the same bytes as an uninterrupted one.
 *
 * @example
 * const rows = TrainedRows.create(encoder.weights.get(WORD_EMBEDDINGS)!, trainedTokenIds(tok, texts, 64, encoder));
 * // train rows.table (forward with { wordTable: { rows: rows.table, rowOf: rows.index.rowOf } })
 * rows.sync(decayProduct); // before anything reads the encoder's word table
 */
export class TrainedRows {
  private constructor(
    /** The encoder's full word table `[vocab, hidden]` (read-only for training, written by sync). */
    readonly full: tf.Variable,
    /** The trained rows: `rows` the token ids, `rowOf[id]` the row of an id in {@link table} or −1. */
    readonly index: WordRowIndex,
    /** `[index.rows.length, hidden]`: the trained rows' current values (the parameter the optimizer updates). */
    readonly table: tf.Variable,
    /** The full table's initial values. */
    private readonly initial: Float32Array,
  ) {}

  /** Split `full` into the rows `ids` (sorted, distinct) and the rest. */
  static create(full: tf.Variable, ids: Int32Array): TrainedRows {
    if (full.rank !== 2) throw new Error(`TrainedRows: ${full.name} is not a matrix`);
    const vocab = full.shape[0]!;
    const rowOf = new Int32Array(vocab).fill(-1);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id < 0 || id >= vocab || (i > 0 && id <= ids[i - 1]!))
        throw new RangeError(`TrainedRows: ids must be sorted, distinct and below ${vocab}`);
      rowOf[id] = i;
    }
    const table = tf.tidy(() => tf.variable(tf.gather(full, tf.tensor1d(ids, 'int32')), true));
    return new TrainedRows(full, { rows: ids, rowOf }, table, (full.dataSync() as Float32Array).slice());
  }

  /**
   * Write the full table: the trained rows from {@link table}, every other row its initial value times
   * `decay`, the product of the per-step factors `1 − lr_s·λ` of the steps taken so far (1 without weight
   * decay).
   */
  sync(decay: number): void {
    const { full, initial, index, table } = this;
    tf.tidy(() => {
      const base = tf.tensor(initial, full.shape, 'float32');
      const decayed = decay === 1 ? base : tf.mul(base, tf.scalar(decay, 'float32'));
      full.assign(
        tf.tensorScatterUpdate(decayed, tf.tensor2d(index.rows, [index.rows.length, 1], 'int32'), table),
      );
    });
  }

  dispose(): void {
    this.table.dispose();
  }
}

/**
 * The sorted distinct token ids of `texts` as the encoder sees them (truncated at `maxLength`), plus the
 * padding id that padded batches look up: every word-embedding row a training step can touch. Streams:
 * `texts` is read 1,024 at a time (an iterable, e.g. `encoderTexts` over tens of millions of
 * pairs) and only the distinct ids are kept.
 *
 * @example
 * trainedTokenIds(tok, encoderTexts(pairs, textOptions), 64, encoder); // Int32Array [0, 5, 17, …]
 */
export function trainedTokenIds(
  tok: Tokenizer,
  texts: Iterable<string>,
  maxLength: number,
  encoder: Encoder,
): Int32Array {
  const used = new Set<number>(); // at most the vocabulary
  const add = (chunk: string[]) => {
    for (const id of encoder.usedWordIds([tok.encode(chunk, { maxLength })])) used.add(id);
  };
  let chunk: string[] = [];
  for (const t of texts) {
    chunk.push(t);
    if (chunk.length === 1024) {
      add(chunk);
      chunk = [];
    }
  }
  if (chunk.length > 0) add(chunk);
  return encoder.usedWordIds([{ inputIds: Int32Array.from(used) }], { withPad: true });
}
