// The train stage end to end on a toy experiment (tiny from-scratch model, wasm): it learns, writes its
// outputs deterministically, stops cleanly on NaN and resumes from its checkpoint, and stops early.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { memoryLogger, readTable } from '@hbt/core';
import { loadModel, tf } from '@hbt/models';
import { beforeAll, describe, expect, it } from 'vitest';
import { textBatch } from './batch.js';
import { readPairs, readPlan } from './data.js';
import { setupModel } from './model-setup.js';
import { infonce } from './objectives/infonce.js';
import { evalLoss } from './step.js';
import { FIXTURES, writeToyArtifacts } from './test-utils/fixtures.js';
import { smokeConfig, trainIn } from './test-utils/stage.js';

const config = smokeConfig({ train: { hard_negatives: true, symmetric: true } });
let root: string;
let first: Awaited<ReturnType<typeof trainIn>>;
const tensorCounts: number[] = [];

async function fresh(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-train-'));
  await writeToyArtifacts(dir, { pairs: 48, valPairs: 16, steps: 24, batch: 8, negatives: true });
  return dir;
}
const bytes = (dir: string, f: string) => readFile(join(dir, f));

describe('train stage (smoke)', () => {
  beforeAll(async () => {
    root = await fresh();
    first = await trainIn(root, config, {
      hooks: { onStep: () => void tensorCounts.push(tf.memory().numTensors) },
    });
  });

  it('lowers the loss on fixed training batches', async () => {
    const art = join(root, 'artifacts');
    const pairs = await readPairs(join(art, 'prep', 'train_pairs.parquet'));
    const plan = (await readPlan(join(art, 'variants', 'default', 'sample', 'batches.parquet'), pairs)).slice(
      0,
      4,
    );
    const text = { queryPrefix: 'Query: ', passagePrefix: 'Passage: ', hardNegatives: true };
    const lossOf = (m: {
      encoder: import('@hbt/models').Encoder;
      tokenizer: import('@hbt/models').Tokenizer;
    }) =>
      plan.reduce(
        (s, rows) =>
          s +
          evalLoss(
            {
              encoder: m.encoder,
              tokenizer: m.tokenizer,
              maxLength: 16,
              microBatch: null,
              objectives: [{ objective: infonce({ scale: 20, symmetric: true }), weight: 1 }],
            },
            textBatch(pairs, rows, text),
          ),
        0,
      ) / plan.length;
    const initial = await setupModel(config, { init: null, mbertVocab: null }, pairs, memoryLogger());
    const trained = await loadModel(join(first.dir, 'model'));
    const before = lossOf(initial);
    const after = lossOf(trained);
    expect(after).toBeLessThan(before * 0.7);
    initial.encoder.dispose();
    trained.encoder.dispose();
  });

  it('writes model/, best/, train_log.parquet and stats; removes the work dir', async () => {
    const dir = first.dir;
    for (const f of [
      'model/model.safetensors',
      'model/config.json',
      'model/tokenizer.json',
      'best/model.safetensors',
    ]) {
      expect(existsSync(join(dir, f)), f).toBe(true);
    }
    expect(existsSync(`${dir}.work`)).toBe(false);
    const log = await readTable(join(dir, 'train_log.parquet'));
    expect(log.numRows).toBe(24);
    expect(log.columns.step).toEqual([...Array(24).keys()]);
    const val = log.columns.val_loss as Array<number | null>;
    expect(val.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0)).toEqual([7, 15, 23]);
    expect(Object.keys(log.columns)).toEqual(['step', 'loss', 'lr', 'grad_norm', 'val_loss']);
    // Throughput per step, beside the log (outside the manifest's hashes).
    const perStep = await readTable(join(dir, '.timing.parquet'));
    expect(perStep.metadata['hbt.artifact']).toBe('train_timing');
    expect(perStep.columns.step).toEqual([...Array(24).keys()]);
    expect(perStep.columns.pairs).toEqual(Array(24).fill(8));
    for (let i = 0; i < 24; i++) {
      const [sec, pps] = [perStep.columns.seconds![i] as number, perStep.columns.pairs_per_s![i] as number];
      expect(sec).toBeGreaterThan(0);
      expect(pps).toBeCloseTo(8 / sec, 6);
    }
    expect(first.manifest.side_files).toEqual(['.timing.json', '.timing.parquet']);
    const lr = log.columns.lr as number[];
    expect(lr[0]).toBeCloseTo(3e-3 / 2, 12); // warmup round(24 · 0.1) = 2 steps
    expect(lr[23]).toBeCloseTo(3e-3 / 22, 12);
    const s = first.manifest.stats as Record<string, unknown>;
    expect(s.steps_done).toBe(24);
    expect(s.stop_reason).toBe('completed');
    const best = Math.min(...(val.filter((v) => v !== null) as number[]));
    expect(s.best_val_loss).toBe(best);
    expect(val[s.best_step as number]).toBe(best);
    expect(s.backend).toBe(tf.getBackend());
    const same = (await bytes(dir, 'best/model.safetensors')).equals(
      await bytes(dir, 'model/model.safetensors'),
    );
    expect(same).toBe(s.best_step === 23);
    const timing = JSON.parse(await readFile(join(dir, '.timing.json'), 'utf8'));
    expect(timing.steps).toBe(24);
    expect(first.manifest.outputs.map((o) => o.name)).not.toContain('.timing.json');
  });

  it('model/ and best/ carry the training prompts and a model card', async () => {
    for (const [folder, weights] of [
      ['model', "last step's weights"],
      ['best', first.manifest.stats.best_step === 23 ? "last step's weights" : 'lowest validation loss'],
    ] as const) {
      const st = JSON.parse(
        await readFile(join(first.dir, folder, 'config_sentence_transformers.json'), 'utf8'),
      );
      expect(st.prompts).toEqual({ document: config.train.passage_prefix, query: config.train.query_prefix });
      expect((await loadModel(join(first.dir, folder))).prompts).toEqual(st.prompts);
      const card = await readFile(join(first.dir, folder, 'README.md'), 'utf8');
      expect(card).toMatch(/^---\nlibrary_name: sentence-transformers\n/);
      expect(card).toContain(weights);
      expect(card).toContain('the query prompt `"Query: "` and the document prompt `"Passage: "`');
      expect(card).toContain('24 of 24 planned steps (completed)');
    }
  });

  it('keeps the tensor count constant from step to step', () => {
    expect(tensorCounts.length).toBe(24);
    expect(new Set(tensorCounts).size).toBe(1);
  });

  it('is byte-for-byte reproducible (manifest included)', async () => {
    const files = [
      'model/model.safetensors',
      'model/tokenizer.json',
      'best/model.safetensors',
      'train_log.parquet',
      'manifest.json',
    ];
    const before = await Promise.all(files.map((f) => bytes(first.dir, f)));
    const again = await trainIn(root, config, { force: true });
    expect(again.cached).toBe(false);
    const after = await Promise.all(files.map((f) => bytes(first.dir, f)));
    for (const [i, f] of files.entries()) expect(after[i]!.equals(before[i]!), f).toBe(true);
    expect((await trainIn(root, config)).cached).toBe(true);
  });

  it('a NaN loss stops with the step named, keeps the last checkpoint, and a rerun resumes to the same weights', async () => {
    const dir2 = await fresh();
    const failed = trainIn(dir2, config, { hooks: { nanAtStep: 13 } });
    await expect(failed).rejects.toThrow(/training diverged at step 13: the loss is NaN/);
    const trainDir = join(dir2, 'artifacts', 'variants', 'default', 'train');
    expect(existsSync(trainDir)).toBe(false);
    const work = `${trainDir}.work`;
    expect((await readFile(join(work, 'LATEST'), 'utf8')).trim()).toBe('ckpt-00000012');
    const state = JSON.parse(await readFile(join(work, 'ckpt-00000012', 'state.json'), 'utf8'));
    expect(state.step).toBe(12);
    expect(state.log.length).toBe(12);
    // `.hbt-work`: runStage's mark that hbt made this work folder
    expect((await readdir(work)).sort()).toEqual(['.hbt-work', 'LATEST', 'best-00000007', 'ckpt-00000012']);
    const resumed = await trainIn(dir2, config);
    expect(resumed.lines).toContain('train: resuming from the checkpoint at step 12 of 24');
    for (const f of ['model/model.safetensors', 'best/model.safetensors', 'train_log.parquet']) {
      expect((await bytes(resumed.dir, f)).equals(await bytes(first.dir, f)), f).toBe(true);
    }
  });

  it('ignores (and removes) a checkpoint of another config', async () => {
    const dir = await fresh();
    await expect(trainIn(dir, config, { hooks: { nanAtStep: 5 } })).rejects.toThrow(/step 5/);
    const work = join(dir, 'artifacts', 'variants', 'default', 'train.work');
    expect(existsSync(join(work, 'ckpt-00000004'))).toBe(true);
    const other = smokeConfig({ train: { hard_negatives: true, symmetric: true, lr: 1e-3 } });
    const r = await trainIn(dir, other, { hooks: { nanAtStep: 1 } }).catch((e: Error) => e);
    expect(String(r)).toMatch(/step 1/);
    expect(existsSync(join(work, 'ckpt-00000004'))).toBe(false); // the stale checkpoint is gone
  });

  it('fine-tunes a Hugging Face checkpoint (model.init) and exports it in the same format', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-train-init-'));
    await writeToyArtifacts(dir, { pairs: 24, valPairs: 8, steps: 6, batch: 4 });
    const init = join(FIXTURES, 'models', 'tiny-labse');
    // Also through the loop: GradCache micro-batches and a learnable logit scale (checkpointed with the rest).
    const cfg = smokeConfig({
      model: { init },
      train: { validate_every: 3, micro_batch: 3, learnable_scale: true },
    });
    const r = await trainIn(dir, cfg);
    expect(r.manifest.inputs.map((i) => i.name)).toEqual(['batches', 'init', 'train_pairs', 'val_pairs']);
    const stats = r.manifest.stats as Record<string, number | string>;
    expect(stats.tokenizer).toBe('checkpoint');
    expect(stats.logit_scale).not.toBe(20);
    expect(Math.abs((stats.logit_scale as number) - 20)).toBeLessThan(1);
    const before = await loadModel(init);
    const after = await loadModel(join(r.dir, 'model'));
    expect(after.encoder.config.pooling).toBe('cls');
    expect(after.encoder.config.dense).toEqual(before.encoder.config.dense);
    expect(after.tokenizer.vocabSize).toBe(before.tokenizer.vocabSize);
    const a = (await before.encoder.getValues()).get('dense.linear.weight')!;
    const b = (await after.encoder.getValues()).get('dense.linear.weight')!;
    expect(a.some((x, i) => x !== b[i])).toBe(true);
    before.encoder.dispose();
    after.encoder.dispose();
  });

  it('without validation pairs: no val_loss, best/ is the final model, a warning says so', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-train-noval-'));
    await writeToyArtifacts(dir, { pairs: 24, steps: 5, batch: 4 });
    await rm(join(dir, 'artifacts', 'prep', 'val_pairs.parquet'));
    const r = await trainIn(dir, smokeConfig());
    expect(r.lines).toContain(
      'warning: train: no validation pairs, so no validation loss and best/ is the final model',
    );
    const s = r.manifest.stats as Record<string, unknown>;
    expect([s.best_step, s.best_val_loss, s.validation_batches]).toEqual([null, null, 0]);
    expect(
      (await bytes(r.dir, 'best/model.safetensors')).equals(await bytes(r.dir, 'model/model.safetensors')),
    ).toBe(true);
  });

  it('stops early after `patience` validations without a lower loss', async () => {
    const dir3 = await fresh();
    const cfg = smokeConfig({
      train: { lr: 0.05, clip_norm: null, validate_every: 2, patience: 1, warmup_fraction: 0 },
    });
    const r = await trainIn(dir3, cfg);
    const log = await readTable(join(r.dir, 'train_log.parquet'));
    const val = (log.columns.val_loss as Array<number | null>).filter((v): v is number => v !== null);
    // The first validation that is not a new minimum stops the run (patience 1).
    const k = val.findIndex((v, i) => i > 0 && v >= Math.min(...val.slice(0, i)));
    const s = r.manifest.stats as Record<string, unknown>;
    expect(k).toBeGreaterThan(0); // lr 0.05 without clipping does not improve at every validation
    expect(s.stop_reason).toBe('early_stopping');
    expect(s.steps_done).toBe(2 * (k + 1));
    expect(log.numRows).toBe(2 * (k + 1));
    expect(s.best_val_loss).toBe(Math.min(...val));
  });
});
