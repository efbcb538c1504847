// "Up to date" is decided by the outputs, not by the manifest alone: every way an output can go missing or
// change since its manifest was written makes the stage run again.
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from './logger.js';
import { MANIFEST_FILE } from './manifest.js';
import { silentProgress } from './progress.js';
import { runStage, type StageSpec } from './stage.js';
import { verifyOutputs } from './stage-owner.js';

async function setup() {
  const root = await mkdtemp(join(tmpdir(), 'hbt-verify-'));
  const dir = join(root, 'prep');
  const log = memoryLogger();
  const spec: StageSpec = {
    stage: 'prep',
    stageVersion: 1,
    dir,
    config: {},
    keyConfig: {},
    inputs: {},
    seed: 1,
    backend: null,
    log,
    progress: silentProgress,
  };
  let runs = 0;
  const run = () =>
    runStage(spec, async (ctx) => {
      runs++;
      await writeFile(join(ctx.outDir, 'corpus.parquet'), 'corpus bytes');
      await writeFile(join(ctx.outDir, 'qrels.parquet'), 'qrels');
      return {};
    });
  const first = await run();
  return { dir, log, run, first, runs: () => runs };
}

describe('a stage is up to date only when its outputs match the manifest', () => {
  it('records the size of every output', async () => {
    const { first } = await setup();
    expect(first.manifest.outputs.map((o) => [o.path, o.size])).toEqual([
      ['corpus.parquet', 12],
      ['qrels.parquet', 5],
    ]);
  });

  it('unchanged outputs: up to date, the stage does not run', async () => {
    const s = await setup();
    expect((await s.run()).cached).toBe(true);
    expect(s.runs()).toBe(1);
  });

  it.each([
    ['deleted', (f: string) => rm(f)],
    ['truncated', (f: string) => truncate(f, 3)],
    ['rewritten with the same size', (f: string) => writeFile(f, 'CORPUS BYTES')],
    ['replaced by a folder', (f: string) => rm(f).then(() => mkdir(f))],
  ])('an output %s: the stage runs again and restores it', async (_what, damage) => {
    const s = await setup();
    await damage(join(s.dir, 'corpus.parquet'));
    const again = await s.run();
    expect(again.cached).toBe(false);
    expect(s.runs()).toBe(2);
    expect(readFileSync(join(s.dir, 'corpus.parquet'), 'utf8')).toBe('corpus bytes');
    expect(s.log.lines.some((l) => l.includes('no longer matches its manifest (corpus.parquet'))).toBe(true);
  });

  it('a manifest written before sizes were recorded is checked by existence and hash', async () => {
    const s = await setup();
    const path = join(s.dir, MANIFEST_FILE);
    const m = JSON.parse(readFileSync(path, 'utf8')) as { outputs: Array<{ size?: number }> };
    for (const o of m.outputs) delete o.size;
    await writeFile(path, JSON.stringify(m));
    expect((await s.run()).cached).toBe(true);
    await rm(join(s.dir, 'qrels.parquet'));
    expect((await s.run()).cached).toBe(false);
  });

  it('verifyOutputs names the first difference', async () => {
    const s = await setup();
    const m = s.first.manifest;
    expect(await verifyOutputs(s.dir, m)).toBeNull();
    await truncate(join(s.dir, 'qrels.parquet'), 0);
    expect(await verifyOutputs(s.dir, m)).toBe('qrels.parquet has 0 bytes, the manifest says 5');
  });
});
