// AdamW, the learning-rate schedule and gradient clipping, against hand computations.
import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from './adamw.js';
import { clipCoefficient, globalNorm } from './clip.js';
import { lrAt, warmupSteps } from './schedule.js';
import { TEST_BACKEND } from './test-utils/fixtures.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

/** AdamW as written in Loshchilov & Hutter (Algorithm 2, with η = lr and decoupled λ·lr), in doubles. */
function adamwByHand(
  p0: number[],
  grads: number[][],
  lr: number,
  wd: number,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8,
) {
  const p = [...p0];
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  grads.forEach((g, k) => {
    const t = k + 1;
    for (let i = 0; i < p.length; i++) {
      p[i] = p[i]! * (1 - lr * wd);
      m[i] = b1 * m[i]! + (1 - b1) * g[i]!;
      v[i] = b2 * v[i]! + (1 - b2) * g[i]! ** 2;
      const mh = m[i]! / (1 - b1 ** t);
      const vh = v[i]! / (1 - b2 ** t);
      p[i] = p[i]! - (lr * mh) / (Math.sqrt(vh) + eps);
    }
  });
  return p;
}

function makeOpt(wd: number) {
  const params = new Map([
    ['layer.dense.weight', tf.variable(tf.tensor1d([1, -2, 0.5]))],
    ['layer.dense.bias', tf.variable(tf.tensor1d([0.25, 3]))],
  ]);
  const opt = new AdamW(params, {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: wd,
    decays: decaysByDefault,
  });
  return { params, opt };
}

const G = {
  w: [
    [0.5, -1, 0.001],
    [0.1, 0.3, -0.02],
    [-0.4, 0.2, 0.0],
  ],
  b: [
    [1, -0.5],
    [0.2, 0.2],
    [0.3, -1],
  ],
};

describe('AdamW', () => {
  it('follows the decoupled-weight-decay update; biases get no decay', async () => {
    const lr = 0.05;
    const wd = 0.2;
    const { params, opt } = makeOpt(wd);
    const before = tf.memory().numTensors;
    for (let k = 0; k < 3; k++) {
      const grads = new Map([
        ['layer.dense.weight', tf.tensor1d(G.w[k]!)],
        ['layer.dense.bias', tf.tensor1d(G.b[k]!)],
      ]);
      opt.apply(grads, lr);
      tf.dispose([...grads.values()]);
    }
    expect(tf.memory().numTensors).toBe(before);
    const w = Array.from(await params.get('layer.dense.weight')!.data());
    const b = Array.from(await params.get('layer.dense.bias')!.data());
    for (const [i, x] of adamwByHand([1, -2, 0.5], G.w, lr, wd).entries()) expect(w[i]).toBeCloseTo(x, 6);
    for (const [i, x] of adamwByHand([0.25, 3], G.b, lr, 0).entries()) expect(b[i]).toBeCloseTo(x, 6);
    expect(opt.steps).toBe(3);
    opt.dispose();
    tf.dispose([...params.values()]);
  });

  it('scales gradients by the clipping coefficient before the moments', async () => {
    const { params, opt } = makeOpt(0);
    tf.tidy(() => opt.apply(new Map([['layer.dense.weight', tf.tensor1d([2, 4, 6])]]), 0.1, 0.5));
    const st = await opt.getState();
    expect(Array.from(st.m.get('layer.dense.weight')!)).toEqual([0.1, 0.2, 0.3].map((x) => Math.fround(x)));
    expect(Array.from(st.m.get('layer.dense.bias')!)).toEqual([0, 0]); // no gradient: left alone
    opt.dispose();
    tf.dispose([...params.values()]);
  });

  it('getState / setState continue bit for bit', async () => {
    const step = (opt: AdamW, k: number) =>
      tf.tidy(() =>
        opt.apply(
          new Map([
            ['layer.dense.weight', tf.tensor1d(G.w[k]!)],
            ['layer.dense.bias', tf.tensor1d(G.b[k]!)],
          ]),
          0.05,
        ),
      );
    const a = makeOpt(0.1);
    for (const k of [0, 1, 2]) step(a.opt, k);
    const b = makeOpt(0.1);
    step(b.opt, 0);
    const st = await b.opt.getState();
    const values = new Map([...b.params].map(([n, v]) => [n, v.dataSync().slice()]));
    const c = makeOpt(0.1);
    c.opt.setState(st);
    tf.tidy(() => {
      for (const [n, v] of c.params) v.assign(tf.tensor1d(values.get(n)!));
    });
    for (const k of [1, 2]) step(c.opt, k);
    for (const n of a.params.keys()) {
      expect(Array.from(c.params.get(n)!.dataSync())).toEqual(Array.from(a.params.get(n)!.dataSync()));
    }
    for (const o of [a, b, c]) {
      o.opt.dispose();
      tf.dispose([...o.params.values()]);
    }
  });

  it('decays weights and embeddings, not biases, LayerNorm or the logit scale', () => {
    expect(decaysByDefault('encoder.layer.0.attention.self.query.weight')).toBe(true);
    expect(decaysByDefault('embeddings.word_embeddings.weight')).toBe(true);
    expect(decaysByDefault('encoder.layer.0.attention.self.query.bias')).toBe(false);
    expect(decaysByDefault('embeddings.LayerNorm.weight')).toBe(false);
    expect(decaysByDefault('encoder.layer.1.output.LayerNorm.bias')).toBe(false);
    expect(decaysByDefault('logit_scale')).toBe(false);
  });
});

describe('schedule', () => {
  it('warms up linearly from the first step, then decays linearly, never reaching 0', () => {
    const s = { lr: 1, total: 10, warmup: 2 };
    expect([0, 1, 2, 5, 9].map((k) => lrAt(k, s))).toEqual([0.5, 1, 1, 5 / 8, 1 / 8]);
    expect(lrAt(0, { lr: 2, total: 4, warmup: 0 })).toBe(2);
    expect(lrAt(3, { lr: 2, total: 4, warmup: 0 })).toBe(0.5);
    expect(warmupSteps(1000, 0.1)).toBe(100);
    expect(warmupSteps(7, 0)).toBe(0);
  });
});

describe('clipping', () => {
  it('global norm over all gradients; torch clip_grad_norm_ coefficient', () => {
    const gs = [tf.tensor1d([3, 0]), tf.tensor2d([[4], [12]])];
    expect(globalNorm(gs)).toBeCloseTo(13, 5);
    tf.dispose(gs);
    expect(globalNorm([tf.tensor1d([Number.NaN])])).toBeNaN();
    expect(clipCoefficient(4, 1)).toBeCloseTo(0.25, 6);
    expect(clipCoefficient(0.5, 1)).toBe(1);
    expect(clipCoefficient(100, null)).toBe(1);
  });
});
