import { fnv1a } from '@hbt/core';
import type { Tokenizer } from '@hbt/models';
import { batchToTensors, type Encoder, tf, WORD_EMBEDDINGS } from '@hbt/models';
import type { Grad } from './adamw.js';
import {
  type Chunk,
  chunkBatch,
  type TextBatch,
  type View,
  type WordRowIndex,
  wordRowIndex,
} from './batch.js';
import { EagerOps } from './objectives/eager-ops.js';
import {
  objectiveFeeds,
  totalLoss,
  type ViewEmbeddings,
  viewsOf,
  type WeightedObjective,
} from './objectives/objective.js';

/** What a loss computation needs besides the batch. */
export interface LossSetup {
  encoder: Encoder;
  tokenizer: Tokenizer;
  /** Max tokens per text (special tokens included). */
  maxLength: number;
  /** GradCache chunk size (texts per forward pass), null for one pass per view. */
  microBatch: number | null;
  /** What is minimised: the weighted objectives of `train.objective` (`objectiveTerms`). */
  objectives: WeightedObjective[];
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
  /**
   * Reference comparisons only (the objective golden tests): the dropout masks of a pass, in the encoder's
   * site order (`ForwardOptions.masks`), instead of the masks drawn from {@link dropoutSeed}. Fresh
   * tensors on every call; the pass owns them.
   */
  dropoutMasks?: (chunk: Chunk, step: number) => tf.Tensor[];
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
  const views = viewsOf(setup.objectives);
  const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, setup.microBatch, views);
  const enc = setup.encoder;
  const words = setup.words ?? null;
  const index = words ? words.index : compactWordGrad ? wordRowIndex(chunks, enc) : null;
  // A host-row table is this step's to dispose; the compact parameter is not.
  const hostTable = !words && index ? (setup.wordTable?.(index.rows) ?? null) : null;
  const table = words ? (words.table as tf.Tensor2D) : hostTable;
  const wordTable = table && index ? { wordTable: { rows: table, rowOf: index.rowOf } } : {};
  const fwdOpts = (c: Chunk) => ({
    training: true,
    dropoutSeed: dropoutSeed(seed, step, c),
    ...wordTable,
    ...(setup.dropoutMasks ? { masks: setup.dropoutMasks(c, step) } : {}),
  });
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
  const join = (g: View) =>
    tf.tidy(() =>
      tf.variable(
        tf.concat(
          embs.filter((_, i) => chunks[i]!.group === g),
          0,
        ),
        true,
      ),
    );
  const viewVars = new Map(views.map((v) => [v, join(v)]));
  if (!keepPasses) tf.dispose(embs);
  // (2) Full-batch loss and its gradient w.r.t. the embeddings (and the objectives' own variables).
  const extra = setup.objectives.flatMap((t) => t.objective.variables ?? []);
  const feeds = objectiveFeeds(setup.objectives, batch, 'train');
  const head = tf.variableGrads(
    () => totalLoss(new EagerOps(feeds), setup.objectives, Object.fromEntries(viewVars)) as tf.Scalar,
    [...viewVars.values(), ...extra],
  );
  tf.dispose(Object.values(feeds));
  const loss = head.value.dataSync()[0]!;
  head.value.dispose();
  const dView = new Map([...viewVars].map(([v, x]) => [v, head.grads[x.name]!]));
  tf.dispose([...viewVars.values()]);
  const grads = new Map<string, tf.Tensor>();
  for (const x of extra) {
    if (vars.includes(x)) grads.set(x.name, head.grads[x.name]!);
    else head.grads[x.name]?.dispose();
  }
  // (3) Each chunk back-propagates its slice of ∂L/∂e.
  const wanted = new Map<string, string>(); // HF name → variable name
  for (const [name, v] of enc.weights) {
    const param = words && name === WORD_EMBEDDINGS ? words.table : v;
    if (vars.includes(param)) wanted.set(name, param.name);
  }
  const bwdOpts = index ? { wordRows: { rowOf: index.rowOf, count: index.rows.length } } : {};
  const offset = new Map<View, number>();
  for (const [i, c] of chunks.entries()) {
    const n = c.encoded.shape[0];
    const d = dView.get(c.group)!;
    const at = offset.get(c.group) ?? 0;
    const slice = tf.slice(d, [at, 0], [n, d.shape[1]!]) as tf.Tensor2D;
    offset.set(c.group, at + n);
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
  tf.dispose([...dView.values()]);
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

/**
 * The loss of a batch without dropout and without gradients (validation; fixed-batch evaluation).
 * Encodes the shared views `q` and `p` in chunks of `microBatch` texts when set; without dropout a second
 * pass (`q2`, `p2`) would give the same vectors, so those views reuse them.
 */
export function evalLoss(setup: LossSetup, batch: TextBatch): number {
  const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, setup.microBatch);
  const feeds = objectiveFeeds(setup.objectives, batch, 'eval');
  try {
    return tf.tidy(() => {
      const embs = chunks.map((c) => setup.encoder.forward(batchToTensors(c.encoded)).pooled);
      const join = (g: View) =>
        tf.concat(
          embs.filter((_, i) => chunks[i]!.group === g),
          0,
        ) as tf.Tensor2D;
      const q = join('q');
      const p = join('p');
      const p2 = p.shape[0] === batch.numPositives ? p : tf.slice(p, [0, 0], [batch.numPositives, -1]);
      const views: ViewEmbeddings<tf.Tensor> = { q, p, q2: q, p2 };
      return totalLoss(new EagerOps(feeds), setup.objectives, views).dataSync()[0]!;
    });
  } finally {
    tf.dispose(Object.values(feeds));
  }
}
