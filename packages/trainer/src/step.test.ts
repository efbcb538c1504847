import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault, type Grad } from './adamw.js';
import { usedTokenIds } from './batch.js';
import { WORD_EMBEDDINGS } from './loop.js';
import { type LossSetup, lossAndGrads } from './step.js';
import { TEST_BACKEND } from './test-utils/fixtures.js';
import { MULTILINGUAL_BATCH, tinyLossSetup } from './test-utils/loss-setup.js';

const batch = MULTILINGUAL_BATCH;
const setupWith = (dropout: number, over: Partial<LossSetup> = {}) =>
  tinyLossSetup('tiny-mbert', dropout, over);

async function gradsOf(setup: LossSetup, seed = 7) {
  const r = lossAndGrads(setup, batch, setup.encoder.trainableVariables(), seed, 0);
  const out = new Map<string, Float32Array>();
  for (const [vn, g] of r.grads) {
    const name = setup.encoder.nameOf(setup.encoder.trainableVariables().find((v) => v.name === vn)!)!;
    out.set(name, (await g.data()) as Float32Array);
    g.dispose();
  }
  return { loss: r.loss, grads: out, chunks: r.chunks };
}

function maxRelDiff(a: Map<string, Float32Array>, b: Map<string, Float32Array>): number {
  let worst = 0;
  for (const [n, x] of a) {
    const y = b.get(n)!;
    let scale = 1e-3; // floor: key biases have an analytic gradient of 0 and float noise of ~1e-9
    for (const v of y) scale = Math.max(scale, Math.abs(v));
    for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!) / scale);
  }
  return worst;
}

describe('lossAndGrads', () => {
  beforeAll(async () => {
    await initBackend(TEST_BACKEND);
  });

  it('GradCache micro-batches give the one-pass loss and gradients (all in-batch negatives kept)', async () => {
    const setup = await setupWith(0);
    const full = await gradsOf(setup);
    const before = tf.memory().numTensors;
    const cached = await gradsOf({ ...setup, microBatch: 2 });
    expect(tf.memory().numTensors).toBe(before);
    expect(cached.chunks.length).toBe(4); // 3 queries → 2 + 1, 4 passages → 2 + 2
    expect(cached.loss).toBeCloseTo(full.loss, 5);
    expect(maxRelDiff(cached.grads, full.grads)).toBeLessThan(1e-4);
    setup.encoder.dispose();
  });

  it('with dropout, a micro-batch as large as the batch reproduces the one-pass masks exactly', async () => {
    const setup = await setupWith(0.1);
    const a = await gradsOf(setup, 11);
    const b = await gradsOf({ ...setup, microBatch: 100 }, 11);
    const c = await gradsOf(setup, 12);
    expect(b.loss).toBeCloseTo(a.loss, 5);
    expect(maxRelDiff(b.grads, a.grads)).toBeLessThan(1e-4);
    expect(Math.abs(c.loss - a.loss)).toBeGreaterThan(1e-4); // another seed draws other masks
    setup.encoder.dispose();
  });

  it('the word-embedding gradient has non-zero rows exactly for the ids used (pad aside)', async () => {
    const setup = await setupWith(0);
    const r = await gradsOf(setup);
    const g = r.grads.get(WORD_EMBEDDINGS)!;
    const h = setup.encoder.config.hiddenSize;
    const nonZero: number[] = [];
    for (let row = 0; row < g.length / h; row++) {
      if (g.subarray(row * h, (row + 1) * h).some((x) => x !== 0)) nonZero.push(row);
    }
    const pad = setup.tokenizer.specials.padId;
    const used = [...usedTokenIds(r.chunks, setup.encoder)].filter((id) => id !== pad);
    expect(used.length).toBeGreaterThan(10);
    expect(nonZero).toEqual(used);
    expect(used.length).toBeLessThan(setup.tokenizer.vocabSize / 10);
    setup.encoder.dispose();
  });
});

describe('AdamW on the word embeddings: dense vs lazy', () => {
  it('dense: untouched rows get only weight decay at step 1 and keep moving by momentum after; lazy: untouched rows never change', async () => {
    await initBackend(TEST_BACKEND);
    const lr = 1e-2;
    const wd = 0.1;
    const run = async (lazy: boolean) => {
      const setup = await setupWith(0);
      const enc = setup.encoder;
      const emb = enc.weights.get(WORD_EMBEDDINGS)!;
      const params = new Map([[WORD_EMBEDDINGS, emb]]);
      const opt = new AdamW(params, {
        beta1: 0.9,
        beta2: 0.999,
        epsilon: 1e-8,
        weightDecay: wd,
        decays: decaysByDefault,
      });
      // Copies: the cpu backend's data() returns the live buffer, which its TensorScatterUpdate writes in place.
      const snaps: Float32Array[] = [((await emb.data()) as Float32Array).slice()];
      const usedPerStep: Int32Array[] = [];
      for (const [step, b] of [
        batch,
        {
          ...batch,
          queries: ['Query: a', 'Query: Hello world!'],
          passages: ['Passage: a', 'Passage: b'],
          numPositives: 2,
        },
      ].entries()) {
        const r = lossAndGrads(setup, b, [emb], 0, step);
        const g = [...r.grads.values()][0]!;
        const used = usedTokenIds(r.chunks, setup.encoder);
        usedPerStep.push(used);
        const rows = tf.tensor1d(used, 'int32');
        const values = tf.gather(g, rows) as tf.Tensor2D;
        const grad: Grad = lazy ? { rows, values } : g;
        opt.apply(new Map([[WORD_EMBEDDINGS, grad]]), lr);
        tf.dispose([g, rows, values]);
        snaps.push(((await emb.data()) as Float32Array).slice());
      }
      const st = await opt.getState();
      opt.dispose();
      enc.dispose();
      return { snaps, usedPerStep, m: st.m.get(WORD_EMBEDDINGS)!, h: enc.config.hiddenSize };
    };
    const dense = await run(false);
    const lazy = await run(true);
    const h = dense.h;
    const [u1, u2] = dense.usedPerStep as [Int32Array, Int32Array];
    const untouched = [...Array(dense.snaps[0]!.length / h).keys()].filter(
      (r) => !u1.includes(r) && !u2.includes(r),
    );
    const onlyFirst = [...u1].filter((r) => !u2.includes(r));
    expect(untouched.length).toBeGreaterThan(100);
    expect(onlyFirst.length).toBeGreaterThan(3);
    const decay = Math.fround(1 - lr * wd);
    const row = (a: Float32Array, r: number) => Array.from(a.subarray(r * h, (r + 1) * h));
    for (const r of untouched.slice(0, 50)) {
      // Dense step 1: p·(1 − lr·λ) exactly (the moments are 0, so the Adam term is 0/ε = 0).
      expect(row(dense.snaps[1]!, r)).toEqual(row(dense.snaps[0]!, r).map((p) => Math.fround(p * decay)));
      expect(row(dense.m, r).every((x) => x === 0)).toBe(true);
      // Lazy: bit-for-bit unchanged.
      expect(row(lazy.snaps[2]!, r)).toEqual(row(lazy.snaps[0]!, r));
    }
    // Rows used in step 1: both updates agree there at step 1.
    for (const r of u1) {
      const d = row(dense.snaps[1]!, r);
      for (const [i, x] of row(lazy.snaps[1]!, r).entries()) expect(x).toBeCloseTo(d[i]!, 6);
    }
    // Rows used in step 1 only: dense keeps moving them at step 2 (momentum), lazy does not.
    for (const r of onlyFirst) {
      expect(row(lazy.snaps[2]!, r)).toEqual(row(lazy.snaps[1]!, r));
      const moved = row(dense.snaps[2]!, r).some(
        (x, i) => Math.abs(x - Math.fround(row(dense.snaps[1]!, r)[i]! * decay)) > 1e-4,
      );
      expect(moved).toBe(true);
    }
  });
});
