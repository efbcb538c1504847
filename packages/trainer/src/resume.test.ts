// kill -9 at an arbitrary point after the first checkpoint, then the same command again: the run resumes
// and ends with the weights of an uninterrupted run, byte for byte. Slow-ish (~15 s): three trainings,
// two of them in child processes.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, writeToyArtifacts } from './test-utils/fixtures.js';
import { smokeConfig, trainIn } from './test-utils/stage.js';

const child = new URL('./test-utils/train-child.ts', import.meta.url).pathname;
const tsx = join(REPO, 'node_modules/.bin/tsx');

async function fresh(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-resume-'));
  await writeToyArtifacts(dir, { pairs: 48, valPairs: 16, steps: 24, batch: 8 });
  return dir;
}

function start(
  root: string,
  sleepMs: number,
): { p: ChildProcess; out: () => string; exit: Promise<number | null> } {
  // detached: tsx runs node as a child, so the whole process group is killed, like `kill -9` of a job.
  const p = spawn(tsx, ['--conditions=source', child, root, String(sleepMs)], {
    cwd: REPO,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  p.stdout!.on('data', (d) => (out += d));
  p.stderr!.on('data', (d) => (out += d));
  return { p, out: () => out, exit: new Promise((r) => p.on('exit', (code) => r(code))) };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error(`timeout waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('kill -9 and resume', () => {
  it('ends with the weights of an uninterrupted run', async () => {
    const ref = await fresh();
    const uninterrupted = await trainIn(ref, smokeConfig({ train: { checkpoint_every: 3 } }));

    const root = await fresh();
    const trainDir = join(root, 'artifacts', 'variants', 'default', 'train');
    const latest = join(`${trainDir}.work`, 'LATEST');
    const first = start(root, 250);
    const ckptStep = () =>
      existsSync(latest) ? Number(readFileSync(latest, 'utf8').replace('ckpt-', '')) : 0;
    await until(() => ckptStep() >= 6, 60_000, `a checkpoint at step ≥ 6 in ${latest}`);
    await new Promise((r) => setTimeout(r, 170)); // somewhere inside a later step
    process.kill(-first.p.pid!, 'SIGKILL');
    const code = await first.exit;
    expect(code, first.out()).toBe(null); // killed, not finished
    expect(existsSync(trainDir)).toBe(false);
    const killedAt = ckptStep();
    expect(killedAt).toBeGreaterThanOrEqual(6);
    expect(killedAt).toBeLessThan(24);
    // The stage lock names the killed grandchild (node under tsx); wait until the kernel has reaped it,
    // as any later rerun by a user would.
    const lock = `${trainDir}.lock`;
    const owner = existsSync(lock) ? (JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid : 0;
    await until(() => owner <= 0 || !alive(owner), 10_000, `pid ${owner} to exit`);

    const second = start(root, 0);
    expect(await second.exit, second.out()).toBe(0);
    expect(second.out()).toMatch(new RegExp(`resuming from the checkpoint at step ${killedAt} of 24`));
    expect(second.out()).not.toMatch(/warning/);
    for (const f of [
      'model/model.safetensors',
      'best/model.safetensors',
      'train_log.parquet',
      'manifest.json',
    ]) {
      const a = await readFile(join(trainDir, f));
      const b = await readFile(join(uninterrupted.dir, f));
      if (f === 'manifest.json') {
        // Input paths differ between the two experiment folders; everything else is equal.
        const strip = (x: Buffer) => x.toString().replaceAll(root, '<root>').replaceAll(ref, '<root>');
        expect(strip(a)).toBe(strip(b));
      } else expect(a.equals(b), f).toBe(true);
    }
  }, 120_000);
});
