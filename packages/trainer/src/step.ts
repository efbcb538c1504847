import { fnv1a } from '@hbt/core';
import type { Tokenizer } from '@hbt/models';
import { batchToTensors, type Encoder, tf } from '@hbt/models';
import { type Chunk, chunkBatch, type TextBatch } from './batch.js';
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
}

/** Result of {@link lossAndGrads}: the caller owns (and disposes) the gradient tensors. */
export interface LossAndGrads {
  loss: number;
  /** Gradient by variable name (`Variable.name`), for every variable that has one. */
  grads: Map<string, tf.Tensor>;
  /** The chunks that were encoded (their ids are the embedding rows used). */
  chunks: Chunk[];
}

/** The dropout seed of one forward pass of a training step: a function of (seed, step, group, chunk) only. */
export function dropoutSeed(seed: number, step: number, chunk: Chunk): number {
  return fnv1a(`${seed}/train/${step}/${chunk.group}/${chunk.index}`);
}

/**
 * Loss and gradients of one training batch w.r.t. `vars` (with dropout; masks from
 * {@link dropoutSeed}).
 *
 * Without `microBatch`, the queries and the passages are each encoded in one pass and differentiated in
 * one backward pass. With `microBatch` the step is GradCache (Gao et al. 2021): (1) every chunk is
 * encoded without a tape; (2) the loss over the *full* batch (all in-batch negatives) is differentiated
 * w.r.t. the embeddings; (3) each chunk is encoded again with a tape and back-propagates its slice of
 * that gradient (∂L/∂θ = Σ_chunks J_chunkᵀ · ∂L/∂e_chunk). The result equals the one-pass gradient up to
 * float rounding, while only one chunk's activations are alive at a time. Both passes of a chunk use
 * the same dropout masks.
 */
export function lossAndGrads(
  setup: LossSetup,
  batch: TextBatch,
  vars: tf.Variable[],
  seed: number,
  step: number,
): LossAndGrads {
  const chunks = chunkBatch(setup.tokenizer, batch, setup.maxLength, setup.microBatch);
  const embed = (c: Chunk) =>
    setup.encoder.forward(batchToTensors(c.encoded), {
      training: true,
      dropoutSeed: dropoutSeed(seed, step, c),
    }).pooled;
  const lossOf = (q: tf.Tensor2D, p: tf.Tensor2D) => batchLossTensor(setup, batch, q, p);
  if (setup.microBatch === null) {
    const { value, grads } = tf.variableGrads(() => {
      const [q, p] = [embed(chunks[0]!), embed(chunks[1]!)];
      return lossOf(q, p);
    }, vars);
    const loss = value.dataSync()[0]!;
    value.dispose();
    return { loss, grads: new Map(Object.entries(grads)), chunks };
  }
  return gradCache(setup, chunks, vars, embed, lossOf);
}

function gradCache(
  setup: LossSetup,
  chunks: Chunk[],
  vars: tf.Variable[],
  embed: (c: Chunk) => tf.Tensor2D,
  lossOf: (q: tf.Tensor2D, p: tf.Tensor2D) => tf.Scalar,
): LossAndGrads {
  // (1) Embeddings of every chunk, no tape.
  const embs = chunks.map((c) => tf.tidy(() => embed(c)));
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
  tf.dispose(embs);
  // (2) Full-batch loss and its gradient w.r.t. the embeddings (and the scale).
  const scaleVar = setup.scale instanceof tf.Variable ? [setup.scale] : [];
  const head = tf.variableGrads(() => lossOf(qv as tf.Tensor2D, pv as tf.Tensor2D), [qv, pv, ...scaleVar]);
  const loss = head.value.dataSync()[0]!;
  head.value.dispose();
  const dq = head.grads[qv.name]!;
  const dp = head.grads[pv.name]!;
  qv.dispose();
  pv.dispose();
  const grads = new Map<string, tf.Tensor>();
  for (const s of scaleVar) grads.set(s.name, head.grads[s.name]!);
  // (3) Each chunk back-propagates its slice of ∂L/∂e.
  const encVars = vars.filter((v) => !scaleVar.includes(v));
  const offset = { q: 0, p: 0 };
  for (const c of chunks) {
    const n = c.encoded.shape[0];
    const d = c.group === 'q' ? dq : dp;
    const slice = tf.slice(d, [offset[c.group], 0], [n, d.shape[1]!]);
    offset[c.group] += n;
    const part = tf.variableGrads(() => tf.sum(tf.mul(embed(c), slice)) as tf.Scalar, encVars);
    part.value.dispose();
    slice.dispose();
    for (const [name, g] of Object.entries(part.grads)) {
      const prev = grads.get(name);
      if (prev) {
        grads.set(name, tf.add(prev, g));
        prev.dispose();
        g.dispose();
      } else grads.set(name, g);
    }
  }
  dq.dispose();
  dp.dispose();
  return { loss, grads, chunks };
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
