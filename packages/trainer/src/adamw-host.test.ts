// adamwRows (the AdamW rule compiled into a float32 loop over rows) against the tensor kernels' update of
// the same rule (AdamW.apply), bit for bit, for every shape of update: with and without weight decay,
// with and without a clipping coefficient.
import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW } from './adamw.js';
import { adamwRows } from './adamw-host.js';
import { TEST_BACKEND } from './test-utils/fixtures.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

const [ROWS, COLS] = [6, 5];

describe('adamwRows', () => {
  for (const weightDecay of [0, 0.01]) {
    for (const gradScale of [1, 0.37]) {
      it(`equals the tensor update bit for bit (weight decay ${weightDecay}, clipping ${gradScale})`, () => {
        const init = tf.randomNormal([ROWS, COLS], 0, 0.02, 'float32', 5);
        const pVar = tf.variable(init, true, `adamw-host-${weightDecay}-${gradScale}`);
        const opts = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8, weightDecay, decays: () => true };
        const opt = new AdamW(new Map([['w', pVar]]), opts);
        const p = init.dataSync().slice() as Float32Array;
        const m = new Float32Array(ROWS * COLS);
        const v = new Float32Array(ROWS * COLS);
        const all = Int32Array.from({ length: ROWS }, (_, i) => i);
        for (let s = 0; s < 3; s++) {
          const lr = [1e-2, 5e-3, 2e-2][s]!;
          const g = tf.randomNormal([ROWS, COLS], 0, 1, 'float32', 20 + s);
          const k = opt.nextConstants(lr);
          adamwRows(p, m, v, all, g.dataSync() as Float32Array, COLS, {
            b1: opts.beta1,
            b2: opts.beta2,
            eps: opts.epsilon,
            decay: k.decay,
            stepSize: k.stepSize,
            bc2Sqrt: k.bc2Sqrt,
            gradScale,
          });
          opt.apply(new Map([['w', g]]), lr, gradScale);
          g.dispose();
        }
        const mv = opt.moments('w')!;
        expect(Array.from(p)).toEqual(Array.from(pVar.dataSync()));
        expect(Array.from(m)).toEqual(Array.from(mv.m.dataSync()));
        expect(Array.from(v)).toEqual(Array.from(mv.v.dataSync()));
        opt.dispose();
        tf.dispose([init, pVar]);
      });
    }
  }

  it('updates only the rows it is given, and its example holds', () => {
    const p = new Float32Array(4 * 2);
    const m = new Float32Array(8);
    const v = new Float32Array(8);
    const k = {
      b1: 0.9,
      b2: 0.999,
      eps: 1e-8,
      decay: 1,
      stepSize: 0.1,
      bc2Sqrt: Math.sqrt(0.001),
      gradScale: 1,
    };
    adamwRows(p, m, v, Int32Array.from([1, 3]), new Float32Array([1, 2, 3, 4]), 2, k);
    // First step from zero moments: m = 0.1 g, √v / √(1 − β2) = |g|, so p moves by 0.1 · 0.1 = 0.01 (float32).
    expect(Array.from(p).map((x) => Number(x.toFixed(6)))).toEqual([0, 0, -0.01, -0.01, 0, 0, -0.01, -0.01]);
    expect(Array.from(m)).toEqual([0, 0, 1, 2, 0, 0, 3, 4].map((g) => Math.fround(g * Math.fround(1 - 0.9))));
  });

  it('refuses gradient rows of the wrong size', () => {
    const a = new Float32Array(8);
    const k = { b1: 0.9, b2: 0.999, eps: 1e-8, decay: 1, stepSize: 0.1, bc2Sqrt: 0.03, gradScale: 1 };
    expect(() => adamwRows(a, a.slice(), a.slice(), Int32Array.from([1]), new Float32Array(3), 2, k)).toThrow(
      /3 gradient values for 1 rows of 2/,
    );
  });
});
