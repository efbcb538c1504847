import { fnv1a } from '@hbt/core';
import type { Tokenizer } from '@hbt/models';
import { batchToTensors, type Encoder, tf, WORD_EMBEDDINGS } from '@hbt/models';
import type { Grad } from './adamw.js';
import { type Chunk, chunkBatch, type TextBatch, type WordRowIndex, wordRowIndex } from './batch.js';
import { infoNce } from './loss.js';

/** What a loss computation needs besides the batch. */
export interface LossSetup {
  encoder: Encoder;
  tokenizer: Tokenizer;
  /** Max tokens per text (special tokens included). */
  maxLength: number;
  symmetric: boolean;
  /** GradCache chunk size (texts per forward pass), null for one pass per group. */
  microBatch: number | null;
  /** Fixed logit scale 1/τ, or a variable holding log(scale) (learnable scale). */
  scale: number | tf.Variable;
  /**
   * With a compact word gradient: the current word-embedding rows of these ids (`[ids.length, hidden]`,
   * the caller disposes), when the table is kept on the host (see `HostRows`); else the forward pass
   * gathers from the encoder's own table.
   */
  wordTable?: (ids: Int32Array) => tf.Tensor2D | null;
  /**
   * The trained word rows as a compact parameter (see `TrainedRows`, dense AdamW): the forward pass reads
   * `table` through `index.rowOf`, and the word gradient is `[index.rows.length, hidden]`, keyed by
   * `table`'s variable name. Takes precedence over `wordTable`.
   */
  words?: { index: WordRowIndex; table: tf.Variable };
}

/** Result of {@link lossAndGrads}: the caller owns (and disposes) the gradient tensors. */
export interface LossAndGrads {
  loss: number;
  /** Gradient by variable name (`Variable.name`), for every variable asked for. */
  grads: Map<string, tf.Tensor>;
  /** The chunks that were encoded (their ids are the embedding rows used). */
  chunks: Chunk[];
  /**
   * With `compactWordGrad`: the sorted distinct token ids of the step; the word-embedding gradient then
   * has one row per id, in this order (`[rows, hidden]`). Null: that gradient is dense `[vocab, hidden]`.
   */
  wordRows: Int32Array | null;
}

/** The dropout seed of one forward pass of a training step: a function of (seed, step, group, chunk) only. */
export function dropoutSeed(seed: number, step: number, chunk: Chunk): number {
  return fnv1a(`${seed}/train/${step}/${chunk.group}/${chunk.index}`);
}

/**
 * Loss and gradients of one training batch w.r.t. `vars` (with dropout; masks from
 * {@link dropoutSeed}).
 *
 * The encoder is differentiated by its hand-written backward pass (`Encoder.trainForward`), the loss by
 * tfjs autodiff: (1) every chunk is encoded; (2) the loss over the *full* batch (all in-batch negatives)
 * is differentiated w.r.t. the embeddings (and a learnable scale); (3) each chunk back-propagates its
 * slice of that gradient (∂L/∂θ = Σ_chunks J_chunkᵀ · ∂L/∂e_chunk). Without `microBatch` there is one
 * chunk per group and (1) keeps the activations for (3). With `microBatch` this is GradCache (Gao et al.
 * 2021): (1) keeps only the embeddings and (3) encodes each chunk again, so only one chunk's activations
 * are alive at a time; both passes of a chunk use the same dropout masks, and the result equals the
 * one-pass gradient up to float rounding.
 *
 * `compactWordGrad` returns the word-embedding gradient as the rows of the ids used (see
 * {@link LossAndGrads.wordRows}), for the lazy embedding update: no `[vocab, hidden]` tensor is built.
 */
export function lossAndGrads(
  setup: LossSetup,
  batch: TextBatch,
  vars: tf.Variable[],
  seed: number,
  step: number,
  compactWordGrad = false,
): LossAndGrads {
  const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, setup.microBatch);
  const enc = setup.encoder;
  const words = setup.words ?? null;
  const index = words ? words.index : compactWordGrad ? wordRowIndex(chunks, enc.config.vocabSize) : null;
  // A host-row table is this step's to dispose; the compact parameter is not.
  const hostTable = !words && index ? (setup.wordTable?.(index.rows) ?? null) : null;
  const table = words ? (words.table as tf.Tensor2D) : hostTable;
  const wordTable = table && index ? { wordTable: { rows: table, rowOf: index.rowOf } } : {};
  const fwdOpts = (c: Chunk) => ({ training: true, dropoutSeed: dropoutSeed(seed, step, c), ...wordTable });
  const withInputs = <T>(c: Chunk, f: (inputs: ReturnType<typeof batchToTensors>) => T): T => {
    const inputs = batchToTensors(c.encoded);
    try {
      return f(inputs);
    } finally {
      tf.dispose(Object.values(inputs));
    }
  };
  const keepPasses = setup.microBatch === null;
  // (1) Embeddings of every chunk (and, in one-pass mode, the saved activations).
  const passes = keepPasses ? chunks.map((c) => withInputs(c, (x) => enc.trainForward(x, fwdOpts(c)))) : [];
  const embs = keepPasses
    ? passes.map((p) => p.pooled)
    : chunks.map((c) => withInputs(c, (x) => tf.tidy(() => enc.forward(x, fwdOpts(c)).pooled)));
  const join = (g: Chunk['group']) =>
    tf.tidy(() =>
      tf.variable(
        tf.concat(
          embs.filter((_, i) => chunks[i]!.group === g),
          0,
        ),
        true,
      ),
    );
  const qv = join('q');
  const pv = join('p');
  if (!keepPasses) tf.dispose(embs);
  // (2) Full-batch loss and its gradient w.r.t. the embeddings (and the scale).
  const scaleVar = setup.scale instanceof tf.Variable ? [setup.scale] : [];
  const head = tf.variableGrads(
    () => batchLossTensor(setup, batch, qv as tf.Tensor2D, pv as tf.Tensor2D),
    [qv, pv, ...scaleVar],
  );
  const loss = head.value.dataSync()[0]!;
  head.value.dispose();
  const dq = head.grads[qv.name]!;
  const dp = head.grads[pv.name]!;
  qv.dispose();
  pv.dispose();
  const grads = new Map<string, tf.Tensor>();
  for (const s of scaleVar) if (vars.includes(s)) grads.set(s.name, head.grads[s.name]!);
  // (3) Each chunk back-propagates its slice of ∂L/∂e.
  const wanted = new Map<string, string>(); // HF name → variable name
  for (const [name, v] of enc.weights) {
    const param = words && name === WORD_EMBEDDINGS ? words.table : v;
    if (vars.includes(param)) wanted.set(name, param.name);
  }
  const bwdOpts = index ? { wordRows: { rowOf: index.rowOf, count: index.rows.length } } : {};
  const offset = { q: 0, p: 0 };
  for (const [i, c] of chunks.entries()) {
    const n = c.encoded.shape[0];
    const d = c.group === 'q' ? dq : dp;
    const slice = tf.slice(d, [offset[c.group], 0], [n, d.shape[1]!]) as tf.Tensor2D;
    offset[c.group] += n;
    const pass = keepPasses ? passes[i]! : withInputs(c, (x) => enc.trainForward(x, fwdOpts(c)));
    const part = pass.backward(slice, bwdOpts);
    pass.dispose();
    slice.dispose();
    for (const [name, g] of part) {
      const vn = wanted.get(name);
      if (vn === undefined) {
        g.dispose();
        continue;
      }
      const prev = grads.get(vn);
      if (prev) {
        grads.set(vn, tf.add(prev, g));
        prev.dispose();
        g.dispose();
      } else grads.set(vn, g);
    }
  }
  tf.dispose([dq, dp]);
  hostTable?.dispose();
  return { loss, grads, chunks, wordRows: !words && index ? index.rows : null };
}

/**
 * The gradients of {@link lossAndGrads} keyed by parameter name for `AdamW.apply`: the compact word
 * gradient becomes `{ rows, values }`. `owned` lists every tensor to dispose after the update (the
 * gradients included).
 */
export function optimizerGrads(
  r: LossAndGrads,
  nameOfVar: ReadonlyMap<string, string>,
  wordEmbeddings: string,
): { grads: Map<string, Grad>; owned: tf.Tensor[] } {
  const grads = new Map<string, Grad>();
  const owned: tf.Tensor[] = [];
  for (const [vn, g] of r.grads) {
    const name = nameOfVar.get(vn)!;
    owned.push(g);
    if (name === wordEmbeddings && r.wordRows) {
      const rows = tf.tensor1d(r.wordRows, 'int32');
      owned.push(rows);
      grads.set(name, { rows, values: g as tf.Tensor2D });
    } else grads.set(name, g);
  }
  return { grads, owned };
}

/** The InfoNCE loss of a batch from its query and passage embeddings. */
function batchLossTensor(setup: LossSetup, batch: TextBatch, q: tf.Tensor2D, p: tf.Tensor2D): tf.Scalar {
  const b = batch.numPositives;
  const pos = p.shape[0] === b ? p : (tf.slice(p, [0, 0], [b, p.shape[1]]) as tf.Tensor2D);
  const neg = p.shape[0] > b ? (tf.slice(p, [b, 0], [p.shape[0] - b, p.shape[1]]) as tf.Tensor2D) : null;
  const scale = typeof setup.scale === 'number' ? setup.scale : (tf.exp(setup.scale) as tf.Scalar);
  return infoNce(q, pos, neg, { scale, symmetric: setup.symmetric });
}

/**
 * The loss of a batch without dropout and without gradients (validation; fixed-batch evaluation).
 * Encodes in chunks of `microBatch` texts when set.
 */
export function evalLoss(setup: LossSetup, batch: TextBatch): number {
  const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, setup.microBatch);
  return tf.tidy(() => {
    const embs = chunks.map((c) => setup.encoder.forward(batchToTensors(c.encoded)).pooled);
    const q = tf.concat(
      embs.filter((_, i) => chunks[i]!.group === 'q'),
      0,
    ) as tf.Tensor2D;
    const p = tf.concat(
      embs.filter((_, i) => chunks[i]!.group === 'p'),
      0,
    ) as tf.Tensor2D;
    return batchLossTensor(setup, batch, q, p).dataSync()[0]!;
  });
}
