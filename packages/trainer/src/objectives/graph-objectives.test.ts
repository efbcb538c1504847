// The graph step evaluates every objective as the eager step does (native backend): a weighted sum of
// infonce with a learned logit scale, simcse and distill, with dropout (fed masks), two steps each.
import { createRequire } from 'node:module';
import { initBackend, tf } from '@hbt/models';
import { describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault, LOGIT_SCALE } from '../adamw.js';
import type { TextBatch } from '../batch.js';
import { clipCoefficient, globalNorm } from '../clip.js';
import { GraphStep } from '../graph-step.js';
import { type LossSetup, lossAndGrads } from '../step.js';
import { MULTILINGUAL_BATCH, tinyLossSetup } from '../test-utils/loss-setup.js';
import { distill } from './distill.js';
import { infonce } from './infonce.js';
import { simcse } from './simcse.js';

let native = false;
try {
  createRequire(import.meta.url)('@tensorflow/tfjs-node');
  native = true;
} catch {
  // no native backend here (see tooling/scripts/install-native.sh)
}

const langs = ['en', 'de', 'ru'];
const batch: TextBatch = {
  ...MULTILINGUAL_BATCH,
  pairs: MULTILINGUAL_BATCH.queries.map((q, i) => ({
    pair_id: `p${i}`,
    query_text: q,
    query_lang: 'en',
    pos_text: MULTILINGUAL_BATCH.passages[i]!,
    pos_lang: langs[i]!,
  })),
};
const teacher = {
  dim: 32,
  get: (t: string) => Float32Array.from({ length: 32 }, (_, j) => Math.sin(t.length + j)),
};

/** A setup whose objective sums infonce (learned scale), simcse and distill, and its optimizer. */
async function setupWithScale(): Promise<{ setup: LossSetup; opt: AdamW; scale: tf.Variable }> {
  const base = await tinyLossSetup('tiny-mbert', 0.1);
  const scale = tf.variable(tf.scalar(Math.log(20)), true);
  const objectives = [
    { objective: infonce({ scale, symmetric: true }), weight: 1 },
    { objective: simcse({ scale: 20 }), weight: 0.5 },
    {
      objective: distill({ teacher, sourceLanguages: ['en'], file: 'test', studentDim: base.encoder.dim }),
      weight: 0.25,
    },
  ];
  const params = new Map(base.encoder.weights);
  params.set(LOGIT_SCALE, scale);
  const opt = new AdamW(params, {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    decays: decaysByDefault,
  });
  return { setup: { ...base, objectives }, opt, scale };
}

describe.skipIf(!native)('GraphStep objectives (native backend only)', () => {
  it('infonce (learned scale) + simcse + distill: two graph steps equal two eager steps', async () => {
    await initBackend('tensorflow');
    const a = await setupWithScale();
    const b = await setupWithScale();
    expect(GraphStep.unsupported(a.setup)).toBeNull();
    const nameOf = new Map([...a.opt.params].map(([n, v]) => [v.name, n]));
    const eager: Array<[number, number]> = [];
    for (const s of [0, 1]) {
      const r = lossAndGrads(a.setup, batch, [...a.opt.params.values()], 5, s);
      const grads = new Map([...r.grads].map(([k, g]) => [nameOf.get(k)!, g]));
      const norm = globalNorm([...grads.values()]);
      a.opt.apply(grads, 1e-3, clipCoefficient(norm, 0.5));
      tf.dispose([...r.grads.values()]);
      eager.push([r.loss, norm]);
    }
    const gs = (await GraphStep.create(b.setup, b.opt, false, 'fed'))!;
    for (const s of [0, 1]) {
      const r = gs.compute(batch, 5, s, 1e-3, 0.5);
      expect(r.loss, `loss of step ${s}`).toBeCloseTo(eager[s]![0], 5);
      expect(r.norm, `norm of step ${s}`).toBeCloseTo(eager[s]![1], 4);
      r.commit();
    }
    expect(b.scale.dataSync()[0]).toBeCloseTo(a.scale.dataSync()[0]!, 5);
    expect(a.scale.dataSync()[0]).not.toBe(Math.fround(Math.log(20))); // the scale was trained
    const [sa, sb] = [await a.opt.getState(), await b.opt.getState()];
    for (const [name, m] of sa.m) {
      const mb = sb.m.get(name)!;
      let d = 0;
      for (let i = 0; i < m.length; i++) d = Math.max(d, Math.abs(m[i]! - mb[i]!));
      expect(d, `first moment of ${name}`).toBeLessThan(1e-6);
    }
    for (const [name, va] of a.setup.encoder.weights) {
      if (name.endsWith('attention.self.key.bias')) continue;
      const vb = b.setup.encoder.weights.get(name)!.dataSync();
      const x = va.dataSync();
      let d = 0;
      for (let i = 0; i < x.length; i++) d = Math.max(d, Math.abs(x[i]! - vb[i]!));
      // Gradients agree to ~1e-8 (the moments above); Adam (ε 1e-8) turns the float noise of elements
      // whose gradient is ~0 into steps of up to lr, hence the looser bound on the weights.
      expect(d, name).toBeLessThan(1e-4);
    }
    gs.dispose();
    for (const x of [a, b]) {
      x.opt.dispose();
      x.setup.encoder.dispose();
      x.scale.dispose();
    }
  });
});
