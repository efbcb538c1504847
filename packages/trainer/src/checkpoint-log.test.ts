// Each resumable checkpoint the trainer writes is announced at -v (debug): step and folder.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, runStage, silentProgress } from '@hbt/core';
import { initBackend } from '@hbt/models';
import { expect, it } from 'vitest';
import { run, trainStageSpec } from './run.js';
import { TEST_BACKEND, writeToyArtifacts } from './test-utils/fixtures.js';
import { resolved, smokeConfig } from './test-utils/stage.js';

it('logs every checkpoint it writes, with its step and folder, when verbose', async () => {
  const root = await mkdtemp(join(tmpdir(), 'hbt-ckpt-log-'));
  await writeToyArtifacts(root, { pairs: 16, valPairs: 8, steps: 8, batch: 4 });
  const config = smokeConfig({ train: { checkpoint_every: 3, validate_every: 100 } });
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, done) {
      text += String(chunk);
      done();
    },
  });
  const backend = await initBackend(TEST_BACKEND);
  const { spec, inputs } = trainStageSpec(resolved(root, config), {
    log: createLogger({ stream, verbose: true }),
    progress: silentProgress,
    backend,
    mbertVocab: null,
  });
  await runStage(spec, (ctx) => run(inputs, config, ctx));
  const work = `${spec.dir}.work`;
  const lines = text.split('\n').filter((l) => l.includes('checkpoint of step'));
  // Every 3 steps and at the end (step 8 of 8).
  expect(lines).toEqual([3, 6, 8].map((s) => `debug: train: checkpoint of step ${s}/8 written to ${work}`));
}, 120_000);
