// The hand-written backward pass against tfjs autodiff through the same forward pass (an independent
// reference: the tape differentiates the stock kernels one by one).
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadModel } from '../checkpoint/load.js';
import { FIXTURES, SENTENCES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { tf } from '../tf.js';
import { WORD_EMBEDDINGS } from './backward.js';
import type { Pooling } from './config.js';
import { Encoder } from './encoder.js';
import { batchToTensors } from './ops.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

/** max |a − b| / max(|b|, 1e-3) over all entries. */
function relDiff(a: Float32Array, b: Float32Array): number {
  let scale = 1e-3;
  for (const v of b) scale = Math.max(scale, Math.abs(v));
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst / scale;
}

async function encoderFor(fixture: string, pooling: Pooling, dropout: number, heads?: number) {
  const m = await loadModel(join(FIXTURES, fixture));
  const cfg = {
    ...m.encoder.config,
    pooling,
    hiddenDropout: dropout,
    attentionDropout: dropout,
    numHeads: heads ?? m.encoder.config.numHeads,
  };
  const enc = new Encoder(cfg, await m.encoder.getValues());
  m.encoder.dispose();
  return { enc, tok: m.tokenizer };
}

describe('encoderBackward', () => {
  // Head size 8 (1/√8 stays a multiply) and, with 2 heads, 16: inference folds 1/4 into the query weights.
  const cases: Array<[string, Pooling, number, number?]> = [
    ['tiny-mbert', 'cls', 0],
    ['tiny-mbert', 'mean', 0.1, 2],
    ['tiny-mbert', 'mean', 0.1],
    ['tiny-xlmr', 'mean', 0],
    ['tiny-xlmr', 'cls', 0.1],
    ['tiny-labse', 'cls', 0.1], // dense tanh head
  ];
  for (const [fixture, pooling, dropout, heads] of cases) {
    it(`${fixture}, ${pooling} pooling, dropout ${dropout}${heads ? `, ${heads} heads` : ''}: equals autodiff for every parameter`, async () => {
      const { enc, tok } = await encoderFor(fixture, pooling, dropout, heads);
      // Texts of different lengths, so the batch has padding.
      const batch = tok.encode(SENTENCES.slice(0, 5), { maxLength: 20 });
      const inputs = batchToTensors(batch);
      const dim = enc.dim;
      const r = tf.randomNormal([5, dim], 0, 1, 'float32', 3) as tf.Tensor2D;
      const opts = { training: dropout > 0, dropoutSeed: 9 };
      const names = [...enc.weights.keys()];
      const auto = tf.variableGrads(
        () => tf.sum(tf.mul(enc.forward(inputs, opts).pooled, r)) as tf.Scalar,
        enc.trainableVariables(),
      );
      const before = tf.memory().numTensors;
      const pass = enc.trainForward(inputs, opts);
      expect(Array.from(pass.pooled.dataSync())).toEqual(
        Array.from(tf.tidy(() => enc.forward(inputs, opts).pooled.dataSync())),
      );
      const mine = pass.backward(r);
      pass.dispose();
      expect([...mine.keys()].sort()).toEqual([...names].sort());
      for (const n of names) {
        const a = mine.get(n)!;
        const b = auto.grads[enc.weights.get(n)!.name]!;
        expect(a.shape, n).toEqual(b.shape);
        expect(relDiff(a.dataSync() as Float32Array, b.dataSync() as Float32Array), n).toBeLessThan(2e-4);
      }
      tf.dispose([...mine.values()]);
      expect(tf.memory().numTensors).toBe(before);
      tf.dispose([auto.value, ...Object.values(auto.grads), r, ...Object.values(inputs)]);
      enc.dispose();
    });
  }

  it('wordRows: the compact word-embedding gradient holds the dense gradient rows of the ids used', async () => {
    const { enc, tok } = await encoderFor('tiny-mbert', 'mean', 0);
    const batch = tok.encode(SENTENCES.slice(3, 7), { maxLength: 16 });
    const inputs = batchToTensors(batch);
    const used = [...new Set(batch.inputIds)].sort((a, b) => a - b);
    const rowOf = new Int32Array(enc.config.vocabSize).fill(-1);
    used.forEach((id, i) => {
      rowOf[id] = i;
    });
    const r = tf.randomNormal([4, enc.dim], 0, 1, 'float32', 5) as tf.Tensor2D;
    const pass = enc.trainForward(inputs);
    const dense = pass.backward(r).get(WORD_EMBEDDINGS)!;
    const compact = pass.backward(r, { wordRows: { rowOf, count: used.length } }).get(WORD_EMBEDDINGS)!;
    pass.dispose();
    expect(compact.shape).toEqual([used.length, enc.config.hiddenSize]);
    const expected = tf.gather(dense, tf.tensor1d(used, 'int32'));
    expect(Array.from(compact.dataSync())).toEqual(Array.from(expected.dataSync()));
    // A pass whose ids lack a row is refused, naming the id.
    const missing = new Int32Array(enc.config.vocabSize).fill(-1);
    const pass2 = enc.trainForward(inputs);
    expect(() => pass2.backward(r, { wordRows: { rowOf: missing, count: 0 } })).toThrow(
      /token id \d+ has no row/,
    );
    pass2.dispose();
    enc.dispose();
  });
});
