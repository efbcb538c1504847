// The host-side lazy AdamW against the tensor-kernel lazy AdamW (gather → update → scatter on the backend).
import { initBackend, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from './adamw.js';
import { TEST_BACKEND } from './test-utils/fixtures.js';

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

const NAME = 'embeddings.word_embeddings.weight';

function run(host: boolean) {
  const p = tf.variable(tf.randomNormal([50, 8], 0, 0.02, 'float32', 1), true, `host-rows-test-${host}`);
  const opt = new AdamW(new Map([[NAME, p]]), {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    decays: decaysByDefault,
    hostLazy: host ? [NAME] : [],
  });
  const steps: Array<[number[], number]> = [
    [[1, 4, 7, 30], 1],
    [[4, 5, 49], 0.5], // a clipping coefficient
    [[0, 1, 4], 1],
  ];
  for (const [s, [rows, gradScale]] of steps.entries()) {
    const ids = tf.tensor1d(rows, 'int32');
    const values = tf.randomNormal([rows.length, 8], 0, 1, 'float32', 10 + s) as tf.Tensor2D;
    opt.apply(new Map([[NAME, { rows: ids, values }]]), 1e-2, gradScale);
    tf.dispose([ids, values]);
  }
  opt.syncParams();
  return { p, opt };
}

describe('HostRows (lazy AdamW on the host)', () => {
  it('gives the tensor path bit for bit: parameters, both moments, untouched rows unchanged', async () => {
    const dev = run(false);
    const host = run(true);
    const init = tf.randomNormal([50, 8], 0, 0.02, 'float32', 1).dataSync();
    const pd = dev.p.dataSync();
    const ph = host.p.dataSync();
    expect(Array.from(ph)).toEqual(Array.from(pd));
    const sd = await dev.opt.getState();
    const sh = await host.opt.getState();
    expect(Array.from(sh.m.get(NAME)!)).toEqual(Array.from(sd.m.get(NAME)!));
    expect(Array.from(sh.v.get(NAME)!)).toEqual(Array.from(sd.v.get(NAME)!));
    // Row 2 was never used: untouched; row 1 was used: moved.
    expect(Array.from(ph.subarray(16, 24))).toEqual(Array.from(init.subarray(16, 24)));
    expect(Array.from(ph.subarray(8, 16))).not.toEqual(Array.from(init.subarray(8, 16)));
    // hostRows serves the current rows for the forward pass.
    const rows = host.opt.hostRows(NAME, Int32Array.from([4, 2]))!;
    expect(Array.from(rows.dataSync())).toEqual([...ph.subarray(32, 40), ...ph.subarray(16, 24)]);
    rows.dispose();
    expect(host.opt.hostRows('other', Int32Array.from([0]))).toBeNull();
    // A checkpoint round trip restores the host moments.
    host.opt.setState(sd);
    const again = await host.opt.getState();
    expect(Array.from(again.m.get(NAME)!)).toEqual(Array.from(sd.m.get(NAME)!));
    for (const r of [dev, host]) {
      r.opt.dispose();
      r.p.dispose();
    }
  });

  it('refuses a dense gradient for a host-updated parameter', () => {
    const p = tf.variable(tf.zeros([4, 2]), true, 'host-rows-dense');
    const opt = new AdamW(new Map([[NAME, p]]), {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: 1e-8,
      weightDecay: 0,
      decays: decaysByDefault,
      hostLazy: [NAME],
    });
    const g = tf.ones([4, 2]);
    expect(() => opt.apply(new Map([[NAME, g]]), 1e-3)).toThrow(/needs row gradients/);
    tf.dispose([g, p]);
    opt.dispose();
  });
});
