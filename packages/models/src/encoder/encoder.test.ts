import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { loadModel } from '../checkpoint/load.js';
import { FIXTURES, maxAbsDiff, SENTENCES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { tf } from '../tf.js';
import { batchToTensors, dropoutMask, gatherRows, gelu } from './ops.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

describe('ops', () => {
  it('gatherRows: value of gather, gradient scattered into the used rows only (duplicates summed)', () => {
    const table = tf.tensor2d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [5, 2]);
    const ids = tf.tensor2d([0, 2, 2, 4], [2, 2], 'int32');
    const w = tf.tensor3d([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2]);
    const v = tf.variable(table, true, 'gather-test-table');
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(() => tf.sum(tf.mul(gatherRows(v, ids), w)) as tf.Scalar, [v]);
    // Hand computation: row 0 gets w[0,0] = (1,2); row 2 gets w[0,1] + w[1,0] = (3+5, 4+6); row 4 gets (7,8).
    const g = Object.values(grads)[0]!;
    expect(Array.from(g.dataSync())).toEqual([1, 2, 0, 0, 8, 10, 0, 0, 7, 8]);
    // value = sum(gather * w) = 0*1+1*2 + 4*3+5*4 + 4*5+5*6 + 8*7+9*8
    expect(value.dataSync()[0]).toBe(2 + 32 + 50 + 128);
    tf.dispose([value, g]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([table, ids, w, v]);
  });

  it('gelu is the exact erf form, with the analytic gradient', () => {
    // Reference values: torch.nn.functional.gelu (erf form) and its autograd gradient, in float64.
    const x = tf.tensor1d([-3, -0.5, 0, 1, 2.5]);
    const expected = [-0.0040496941, -0.1542687694, 0, 0.8413447461, 2.4844758367];
    expect(maxAbsDiff(gelu(x).dataSync(), expected)).toBeLessThan(2e-6);
    const dgelu = tf.grad((t: tf.Tensor) => tf.sum(gelu(t)));
    const expectedGrad = [-0.0119456472, 0.1325048753, 0.5, 1.0833154706, 1.0376110859];
    expect(maxAbsDiff(dgelu(x).dataSync(), expectedGrad)).toBeLessThan(2e-6);
  });
});

describe('dropoutMask', () => {
  it('drops a `rate` fraction independently, scales the rest by 1/(1 − rate), and is reproducible', () => {
    const n = 1_000_001; // odd: the last element uses half a hash
    const rate = 0.1;
    const m = dropoutMask([n], rate, 5, 3).dataSync();
    const keep = Math.fround(1 / (1 - rate));
    let zeros = 0;
    let other = 0; // values that are neither 0 nor the keep scale
    let bothZero = 0; // neighbours share a 32-bit hash: they must still be independent
    let zeroThenZero = 0; // and so must consecutive hashes
    for (let i = 0; i < n; i++) {
      if (m[i] !== 0 && m[i] !== keep) other++;
      if (m[i] === 0) zeros++;
      if (i % 2 === 0 && i + 1 < n && m[i] === 0 && m[i + 1] === 0) bothZero++;
      if (i % 2 === 1 && i + 1 < n && m[i] === 0 && m[i + 1] === 0) zeroThenZero++;
    }
    expect(other).toBe(0);
    // Binomial standard deviations: sqrt(n p (1 − p)) / n ≈ 3e-4 for the rate, 1.4e-4 for pairs.
    expect(Math.abs(zeros / n - rate)).toBeLessThan(2e-3);
    expect(Math.abs(bothZero / (n / 2) - rate * rate)).toBeLessThan(1.5e-3);
    expect(Math.abs(zeroThenZero / (n / 2) - rate * rate)).toBeLessThan(1.5e-3);
    expect(Array.from(dropoutMask([n], rate, 5, 3).dataSync())).toEqual(Array.from(m));
    const site4 = dropoutMask([n], rate, 5, 4).dataSync();
    let same = 0;
    for (let i = 0; i < n; i++) if (site4[i] === m[i]) same++;
    expect(same / n).toBeLessThan(0.85); // independent masks agree on ~0.82 of the entries
    expect(() => dropoutMask([4], 1, 0, 0)).toThrow(/rate must be in/);
  });
});

describe('Encoder', () => {
  it('dropout is reproducible from the step seed and off at inference', async () => {
    const model = await loadModel(join(FIXTURES, 'tiny-mbert'), { pooling: 'mean' });
    const batch = model.tokenizer.encode(SENTENCES.slice(0, 4), { maxLength: 16 });
    const run = (training: boolean, seed?: number) =>
      tf.tidy(() =>
        Array.from(
          model.encoder.forward(batchToTensors(batch), { training, dropoutSeed: seed }).pooled.dataSync(),
        ),
      );
    const a = run(true, 42);
    expect(run(true, 42)).toEqual(a);
    expect(maxAbsDiff(run(true, 43), a)).toBeGreaterThan(1e-3);
    expect(run(false, 42)).toEqual(run(false));
    expect(maxAbsDiff(run(false), a)).toBeGreaterThan(1e-3);
    expect(() => run(true)).toThrow(/needs a dropoutSeed/);
    model.encoder.dispose();
  });

  it('trains on wasm: every parameter gets a gradient, the embedding gradient touches only used rows', async () => {
    const model = await loadModel(join(FIXTURES, 'tiny-labse'));
    const enc = model.encoder;
    const q = model.tokenizer.encode(SENTENCES.slice(0, 6), { maxLength: 16 });
    const p = model.tokenizer.encode(SENTENCES.slice(6, 12), { maxLength: 16 });
    const before = tf.memory().numTensors;
    const lossFn = () => {
      const a = enc.forward(batchToTensors(q), { training: true, dropoutSeed: 1 }).pooled;
      const b = enc.forward(batchToTensors(p), { training: true, dropoutSeed: 2 }).pooled;
      const logits = tf.div(tf.matMul(a, b, false, true), 0.05);
      return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.range(0, 6, 1, 'int32'), 6), logits) as tf.Scalar;
    };
    const { value, grads } = tf.variableGrads(lossFn, enc.trainableVariables());
    const names = [...enc.weights.keys()];
    expect(Object.keys(grads).length).toBe(names.length);
    for (const [vname, g] of Object.entries(grads)) {
      const n = tf.tidy(() => tf.norm(g).dataSync()[0]!);
      if (!vname.includes('token_type_embeddings')) expect(n, vname).toBeGreaterThan(0);
    }
    const wordGrad = grads[enc.weights.get('embeddings.word_embeddings.weight')!.name]!;
    const rows = tf.tidy(() => Array.from(tf.sum(tf.abs(wordGrad), 1).dataSync()));
    const used = new Set([...q.inputIds, ...p.inputIds]);
    rows.forEach((r, id) => {
      if (!used.has(id)) expect(r).toBe(0);
    });
    const opt = tf.train.adam(1e-2);
    opt.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
    const after = tf.tidy(() => lossFn().dataSync()[0]!);
    expect(after).toBeLessThan(value.dataSync()[0]!);
    tf.dispose([value, ...Object.values(grads)]);
    opt.dispose();
    expect(tf.memory().numTensors).toBe(before);
    enc.dispose();
  });
});
