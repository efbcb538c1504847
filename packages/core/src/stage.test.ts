import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from './logger.js';
import { silentProgress } from './progress.js';
import { runStage, type StageSpec } from './stage.js';

const child = new URL('./test-utils/slow-stage.ts', import.meta.url).pathname;

function spec(dir: string, over: Partial<StageSpec> = {}): StageSpec {
  return {
    stage: 'demo',
    stageVersion: 1,
    dir,
    config: { a: 1 },
    keyConfig: { a: 1 },
    inputs: {},
    seed: 3,
    backend: null,
    log: memoryLogger(),
    progress: silentProgress,
    ...over,
  };
}

async function waitFor(p: string, ms = 20_000) {
  const t0 = Date.now();
  while (!existsSync(p)) {
    if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${p}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('runStage', () => {
  it('writes outputs and a manifest, then is a no-op with equal hashes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-stage-'));
    const input = join(root, 'in.txt');
    await writeFile(input, 'x');
    const dir = join(root, 'out');
    let calls = 0;
    const body = async (ctx: { outDir: string }) => {
      calls++;
      await writeFile(join(ctx.outDir, 'a.txt'), 'hello');
      return { stats: { n: 1 } };
    };
    const r1 = await runStage(spec(dir, { inputs: { in: input } }), body);
    expect(r1.cached).toBe(false);
    expect(r1.manifest.outputs.map((o) => o.name)).toEqual(['a.txt']);
    expect(r1.manifest.inputs[0]!.hash).toMatch(/^sha256:/);
    const r2 = await runStage(spec(dir, { inputs: { in: input } }), body);
    expect(r2.cached).toBe(true);
    expect(calls).toBe(1);
    await writeFile(input, 'changed');
    const r3 = await runStage(spec(dir, { inputs: { in: input } }), body);
    expect(r3.cached).toBe(false);
    const r4 = await runStage(spec(dir, { inputs: { in: input }, keyConfig: { a: 2 } }), body);
    expect(r4.cached).toBe(false);
    expect(calls).toBe(3);
  });

  it('a failing stage leaves nothing at the final path and keeps the old output', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-stage-'));
    const dir = join(root, 'out');
    await expect(
      runStage(spec(dir), async () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(existsSync(dir)).toBe(false);
    expect(await readdir(root)).toEqual([]);
  });

  it('a stage killed mid-write leaves nothing at its final path; a rerun completes', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-stage-'));
    const dir = join(root, 'out');
    const marker = join(root, 'marker');
    const tsx = join(process.cwd(), 'node_modules/.bin/tsx');
    // detached: tsx runs node as a child, so kill the whole process group like `kill -9` of a job.
    const p = spawn(tsx, [child, dir, marker], { stdio: 'ignore', detached: true });
    await waitFor(marker);
    // A second process cannot take the lock while the first is alive.
    await expect(runStage(spec(dir, { stage: 'slow' }), async () => ({}))).rejects.toThrow(
      /another hbt process/,
    );
    process.kill(-p.pid!, 'SIGKILL');
    await new Promise((r) => p.on('exit', r));
    expect(existsSync(dir)).toBe(false); // only the temp dir and the stale lock remain
    const p2 = spawn(tsx, [child, dir, `${marker}2`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, SLOW_STAGE_FINISH: '1' },
    });
    const code = await new Promise((r) => p2.on('exit', r));
    expect(code).toBe(0);
    expect(await readFile(join(dir, 'rest.txt'), 'utf8')).toBe('done');
    expect((await readdir(root)).sort()).toEqual(['marker', 'marker2', 'out']);
  }, 60_000);
});
