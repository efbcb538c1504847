import { join } from 'node:path';
import { initBackend, readSafetensors, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from './adamw.js';
import { chunkBatch } from './batch.js';
import { clipCoefficient, globalNorm } from './clip.js';
import { lossAndGrads } from './step.js';
import { FIXTURES, TEST_BACKEND } from './test-utils/fixtures.js';
import { goldenBatch, goldenLr, readGolden } from './test-utils/golden.js';
import { tinyLossSetup } from './test-utils/loss-setup.js';

const golden = readGolden('golden-steps.json');
const meta = golden.meta;

/** tiny-mbert with dropout 0 (the golden run sets hidden and attention dropout to 0). */
const tinyMbert = () => tinyLossSetup('tiny-mbert', 0, { maxLength: meta.max_length, scale: meta.scale });

const batchOf = goldenBatch;

function rows(ids: Int32Array, [b, t]: [number, number]): number[][] {
  return Array.from({ length: b }, (_, i) => Array.from(ids.subarray(i * t, (i + 1) * t)));
}

describe('training steps against PyTorch (tiny-mbert)', () => {
  beforeAll(async () => {
    await initBackend(TEST_BACKEND);
  });

  it('tokenises the golden batches as transformers does', async () => {
    const setup = await tinyMbert();
    for (const s of golden.steps) {
      const [q, p] = chunkBatch(setup.tokenizer, batchOf(s), meta.max_length, null);
      expect(rows(q!.encoded.inputIds, q!.encoded.shape)).toEqual(s.query_ids);
      expect(rows(p!.encoded.inputIds, p!.encoded.shape)).toEqual(s.passage_ids);
    }
    setup.encoder.dispose();
  });

  // On wasm, initBackend has patched BatchMatMul (untransposed operands): this checks the patched kernel.
  it('matches losses, gradient norms, learning rates and final weights of torch AdamW', () => goldenRun());
});

async function goldenRun(): Promise<void> {
  {
    const setup = await tinyMbert();
    const enc = setup.encoder;
    const params = new Map(enc.weights);
    const vars = [...params.values()];
    const nameOf = new Map([...params].map(([n, v]) => [v.name, n]));
    const opt = new AdamW(params, {
      beta1: 0.9,
      beta2: 0.999,
      epsilon: meta.epsilon,
      weightDecay: meta.weight_decay,
      decays: decaysByDefault,
    });
    const start = await enc.getValues();
    const tensorsBefore = tf.memory().numTensors;
    golden.steps.forEach((s, step) => {
      const r = lossAndGrads(setup, batchOf(s), vars, 0, step);
      const grads = new Map([...r.grads].map(([k, g]) => [nameOf.get(k)!, g]));
      const norm = globalNorm([...grads.values()]);
      const lr = goldenLr(meta, step);
      expect(r.loss).toBeCloseTo(s.loss, 5);
      expect(Math.abs(norm - s.grad_norm) / s.grad_norm).toBeLessThan(1e-4);
      expect(lr).toBeCloseTo(s.lr, 12);
      opt.apply(grads, lr, clipCoefficient(norm, meta.clip_norm));
      for (const g of r.grads.values()) g.dispose();
    });
    expect(tf.memory().numTensors).toBe(tensorsBefore);
    const want = (await readSafetensors(join(FIXTURES, 'trainer', 'golden-final.safetensors'))).tensors;
    const got = await enc.getValues();
    let maxErr = 0;
    let maxMove = 0;
    for (const [name, v] of got) {
      const w = want.get(name)!.data as Float32Array;
      const s0 = start.get(name)!;
      expect(w.length, name).toBe(v.length);
      for (let i = 0; i < v.length; i++) {
        maxErr = Math.max(maxErr, Math.abs(v[i]! - w[i]!));
        maxMove = Math.max(maxMove, Math.abs(w[i]! - s0[i]!));
      }
    }
    // The weights moved by up to ~3·lr; hbt and torch agree far closer than that.
    expect(maxMove).toBeGreaterThan(1e-3);
    expect(maxErr).toBeLessThan(2e-5);
    opt.dispose();
    enc.dispose();
  }
}
