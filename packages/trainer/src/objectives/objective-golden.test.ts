// Each objective against PyTorch (tooling/scripts/make-objective-golden.py): three AdamW steps of
// tiny-mbert with SimCSE, distillation and a weighted sum of all three objectives — losses, gradient
// norms and final weights — on the eager step and (native backend) the graph step, with the dropout
// masks the generator drew fed to both.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { objectiveSection } from '@hbt/core';
import { initBackend, readSafetensors, tf } from '@hbt/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AdamW, decaysByDefault } from '../adamw.js';
import type { BatchPair, Chunk, TextBatch } from '../batch.js';
import { clipCoefficient, globalNorm } from '../clip.js';
import { GraphStep } from '../graph-step.js';
import { type LossSetup, lossAndGrads } from '../step.js';
import { FIXTURES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { type GoldenStep, goldenBatch, goldenLr } from '../test-utils/golden.js';
import { tinyLossSetup } from '../test-utils/loss-setup.js';
import { objectivesOf } from './registry.js';

interface Run {
  terms: Array<{ name: string; weight: number }>;
  dropout: number;
  views: string[];
  steps: Array<GoldenStep & { pairs: BatchPair[] }>;
}
const file = join(FIXTURES, 'trainer', 'objective-golden.json');
const golden = JSON.parse(readFileSync(file, 'utf8')) as {
  meta: { max_length: number; lr: number; weight_decay: number; epsilon: number; clip_norm: number } & {
    total: number;
    warmup: number;
    scale: number;
    source_languages: string[];
  };
  teacher: Record<string, number[]>;
  runs: Record<string, Run>;
};
const { meta } = golden;

let native = false;
try {
  createRequire(import.meta.url)('@tensorflow/tfjs-node');
  native = true;
} catch {
  // no native backend here (see tooling/scripts/install-native.sh)
}

let masks: Map<string, { shape: number[]; data: Uint8Array }>;
let torchFinal: Map<string, Float32Array>;

const teacher = {
  dim: 32,
  get: (text: string) => (golden.teacher[text] ? Float32Array.from(golden.teacher[text]) : null),
};

/** The generator's masks of one pass, as the encoder takes them (0 or 1/(1 − rate), float32). */
function fedMasks(run: string, rate: number) {
  const keep = Math.fround(1 / (1 - rate));
  return (c: Chunk, step: number): tf.Tensor[] => {
    const out: tf.Tensor[] = [];
    for (let site = 0; ; site++) {
      const m = masks.get(`${run}/${step}/${c.group}/${site}`);
      if (!m) return out;
      out.push(
        tf.tensor(
          Float32Array.from(m.data, (x) => x * keep),
          m.shape,
          'float32',
        ),
      );
    }
  };
}

async function setupOf(name: string): Promise<LossSetup> {
  const run = golden.runs[name]!;
  const base = await tinyLossSetup('tiny-mbert', run.dropout, { maxLength: meta.max_length });
  const objectives = objectivesOf(objectiveSection.parse(run.terms), {
    temperature: 1 / meta.scale,
    symmetric: false,
    logitScale: null,
    studentDim: base.encoder.dim,
    teacher: { vectors: teacher, file, sourceLanguages: meta.source_languages },
  });
  return { ...base, objectives, ...(run.dropout > 0 ? { dropoutMasks: fedMasks(name, run.dropout) } : {}) };
}

const batchOf = (s: Run['steps'][number]): TextBatch => ({ ...goldenBatch(s), pairs: s.pairs });
const lrOf = (step: number) => goldenLr({ ...meta, lr: meta.lr } as never, step);

function optimizerOf(setup: LossSetup): AdamW {
  return new AdamW(new Map(setup.encoder.weights), {
    beta1: 0.9,
    beta2: 0.999,
    epsilon: meta.epsilon,
    weightDecay: meta.weight_decay,
    decays: decaysByDefault,
  });
}

/** Largest |hbt − torch| over the final weights (attention key biases left out: their gradient is 0). */
async function distanceToTorch(name: string, setup: LossSetup): Promise<number> {
  let d = 0;
  for (const [p, v] of await setup.encoder.getValues()) {
    if (p.endsWith('attention.self.key.bias')) continue;
    const w = torchFinal.get(`${name}/${p}`)!;
    expect(w.length, p).toBe(v.length);
    for (let i = 0; i < v.length; i++) d = Math.max(d, Math.abs(v[i]! - w[i]!));
  }
  return d;
}

describe('objectives against PyTorch (tiny-mbert, 3 steps)', () => {
  beforeAll(async () => {
    await initBackend(TEST_BACKEND);
    masks = new Map(
      [
        ...(await readSafetensors(join(FIXTURES, 'trainer', 'objective-golden-masks.safetensors'))).tensors,
      ].map(([k, t]) => [k, { shape: t.shape, data: t.data as Uint8Array }]),
    );
    const fin = (await readSafetensors(join(FIXTURES, 'trainer', 'objective-golden-final.safetensors')))
      .tensors;
    torchFinal = new Map([...fin].map(([k, t]) => [k, t.data as Float32Array]));
  });
  afterAll(() => {
    masks.clear();
    torchFinal.clear();
  });

  it.each(Object.keys(golden.runs))(
    '%s: the eager step gives torch’s losses, norms and weights',
    async (name) => {
      const setup = await setupOf(name);
      const opt = optimizerOf(setup);
      const nameOf = new Map([...opt.params].map(([n, v]) => [v.name, n]));
      const vars = [...opt.params.values()];
      const before = tf.memory().numTensors;
      golden.runs[name]!.steps.forEach((s, step) => {
        const r = lossAndGrads(setup, batchOf(s), vars, 0, step);
        const grads = new Map([...r.grads].map(([k, g]) => [nameOf.get(k)!, g]));
        const norm = globalNorm([...grads.values()]);
        expect(r.loss, `loss of step ${step}`).toBeCloseTo(s.loss, 5);
        expect(Math.abs(norm - s.grad_norm) / s.grad_norm, `norm of step ${step}`).toBeLessThan(1e-4);
        opt.apply(grads, lrOf(step), clipCoefficient(norm, meta.clip_norm));
        for (const g of r.grads.values()) g.dispose();
      });
      expect(tf.memory().numTensors).toBe(before);
      opt.syncParams();
      expect(await distanceToTorch(name, setup)).toBeLessThan(2e-5);
      opt.dispose();
      setup.encoder.dispose();
    },
  );

  it.skipIf(!native).each(Object.keys(golden.runs))(
    '%s: the graph step (native backend) gives them too',
    async (name) => {
      await initBackend('tensorflow');
      const setup = await setupOf(name);
      const opt = optimizerOf(setup);
      const gs = (await GraphStep.create(setup, opt, false, 'fed'))!;
      expect(gs).not.toBeNull();
      golden.runs[name]!.steps.forEach((s, step) => {
        const r = gs.compute(batchOf(s), 0, step, lrOf(step), meta.clip_norm);
        expect(r.loss, `loss of step ${step}`).toBeCloseTo(s.loss, 5);
        expect(Math.abs(r.norm - s.grad_norm) / s.grad_norm, `norm of step ${step}`).toBeLessThan(1e-4);
        r.commit();
      });
      opt.syncParams();
      const d = await distanceToTorch(name, setup);
      gs.dispose();
      opt.dispose();
      setup.encoder.dispose();
      await initBackend(TEST_BACKEND);
      expect(d).toBeLessThan(2e-5);
    },
  );
});
