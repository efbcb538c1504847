// The graph training step against the eager one (lossAndGrads): same loss and gradients up to float
// rounding, with dropout, padding, hard negatives, the symmetric term, compact and dense word gradients.
import { createRequire } from 'node:module';
import { initBackend, tf } from '@hbt/models';
import { describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from './adamw.js';
import type { TextBatch } from './batch.js';
import { clipCoefficient, globalNorm } from './clip.js';
import { GraphStep } from './graph-step.js';
import { WORD_EMBEDDINGS } from './loop.js';
import { type LossSetup, lossAndGrads, optimizerGrads } from './step.js';
import { MULTILINGUAL_BATCH, tinyLossSetup } from './test-utils/loss-setup.js';

let native = false;
try {
  createRequire(import.meta.url)('@tensorflow/tfjs-node');
  native = true;
} catch {
  // no native backend here (see tooling/scripts/install-native.sh)
}

const batch = MULTILINGUAL_BATCH;

const batch2: TextBatch = {
  queries: ['Query: a b c', 'Query: Berlin', 'Query: 北京'],
  passages: ['Passage: x y', 'Passage: die Hauptstadt Deutschlands ist Berlin', 'Passage: 中国的首都'],
  numPositives: 3,
};

const setupFor = (fixture: string, symmetric: boolean) => tinyLossSetup(fixture, 0.1, { symmetric });

function optimizer(setup: LossSetup, lazy: boolean): AdamW {
  return new AdamW(new Map(setup.encoder.weights), {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: 1e-8,
    weightDecay: 0.01,
    decays: decaysByDefault,
    hostLazy: lazy ? [WORD_EMBEDDINGS] : [],
  });
}

/** Two steps of the eager path: lossAndGrads, global norm, clipping, AdamW. */
function eagerSteps(setup: LossSetup, opt: AdamW, lazy: boolean): Array<[number, number]> {
  const vars = setup.encoder.trainableVariables();
  const nameOf = new Map([...setup.encoder.weights].map(([n, v]) => [v.name, n]));
  const out: Array<[number, number]> = [];
  for (const [s, b] of [batch, batch2].entries()) {
    const r = lossAndGrads(
      { ...setup, wordTable: (ids) => opt.hostRows(WORD_EMBEDDINGS, ids) },
      b,
      vars,
      5,
      s,
      lazy,
    );
    const { grads, owned } = optimizerGrads(r, nameOf, WORD_EMBEDDINGS);
    const norm = globalNorm([...grads.values()].map((g) => (g instanceof tf.Tensor ? g : g.values)));
    opt.apply(grads, 1e-3, clipCoefficient(norm, 0.5));
    tf.dispose(owned);
    out.push([r.loss, norm]);
  }
  opt.syncParams();
  return out;
}

describe.skipIf(!native)('GraphStep (native backend only: needs @tensorflow/tfjs-node)', () => {
  for (const [fixture, symmetric, lazy] of [
    ['tiny-mbert', true, true],
    ['tiny-mbert', false, false],
    ['tiny-xlmr', true, false],
    ['tiny-labse', false, true],
  ] as const) {
    it(`${fixture}, symmetric ${symmetric}, lazy word table ${lazy}: two steps equal the eager steps`, async () => {
      await initBackend('tensorflow');
      const a = await setupFor(fixture, symmetric);
      const b = await setupFor(fixture, symmetric);
      const optA = optimizer(a, lazy);
      const optB = optimizer(b, lazy);
      const eager = eagerSteps(a, optA, lazy);
      const gs = (await GraphStep.create(b, optB, lazy, 'fed'))!;
      expect(gs).not.toBeNull();
      const before = tf.memory().numTensors;
      for (const [s, bt] of [batch, batch2].entries()) {
        const r = gs.compute(bt, 5, s, 1e-3, 0.5);
        expect(r.loss).toBeCloseTo(eager[s]![0], 5);
        expect(r.norm).toBeCloseTo(eager[s]![1], 4);
        r.commit();
      }
      optB.syncParams();
      expect(tf.memory().numTensors).toBe(before);
      expect(optB.steps).toBe(2);
      for (const [name, va] of a.encoder.weights) {
        // Key biases have an analytic gradient of 0: Adam turns their float noise into ±lr steps.
        if (name.endsWith('attention.self.key.bias')) continue;
        const diff = maxAbsDiff(b.encoder.weights.get(name)!.dataSync(), va.dataSync());
        expect(diff, name).toBeLessThan(2e-5);
      }
      const [sa, sb] = [await optA.getState(), await optB.getState()];
      for (const name of [WORD_EMBEDDINGS, 'encoder.layer.0.output.dense.weight']) {
        expect(maxAbsDiff(sb.m.get(name)!, sa.m.get(name)!), name).toBeLessThan(1e-6);
      }
      gs.dispose();
      for (const [x, o] of [
        [a, optA],
        [b, optB],
      ] as const) {
        o.dispose();
        x.encoder.dispose();
      }
    });
  }
});

function maxAbsDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  return worst;
}

describe.skipIf(!native)('GraphStep with masks drawn in the graph', () => {
  it('is reproducible, draws other masks for another step, and drops units (loss differs from no dropout)', async () => {
    await initBackend('tensorflow');
    const lossOf = async (dropout: number, step: number) => {
      const setup = await tinyLossSetup('tiny-mbert', dropout);
      const encoder = setup.encoder;
      const opt = optimizer(setup, true);
      const gs = (await GraphStep.create(setup, opt, true))!;
      const r = gs.compute(batch, 5, step, 1e-3, 1);
      r.dispose();
      gs.dispose();
      opt.dispose();
      encoder.dispose();
      return r.loss;
    };
    const a = await lossOf(0.1, 0);
    expect(await lossOf(0.1, 0)).toBe(a);
    expect(Math.abs((await lossOf(0.1, 1)) - a)).toBeGreaterThan(1e-5);
    expect(Math.abs((await lossOf(0, 0)) - a)).toBeGreaterThan(1e-4);
  });
});
