import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, UsageError } from './errors.js';
import { judgeLock, localProbe, type ProcessProbe, withLock } from './stage-lock.js';

// A fake machine: pid 100 started at tick 500, pid 200 at tick 700; nothing else runs.
const probe: ProcessProbe = {
  host: 'box',
  boot: 'boot-a',
  startOf: (pid) => ({ 100: '500', 200: '700' })[pid as 100 | 200],
};
const lockJson = (o: Record<string, unknown>) =>
  JSON.stringify({ hbt_lock: 1, pid: 100, start: '500', boot: 'boot-a', host: 'box', ...o });

describe('judgeLock', () => {
  it.each([
    ['its owner runs', lockJson({}), 'held'],
    ['start time unknown, pid runs', lockJson({ start: null }), 'held'],
    ['no boot id recorded, pid runs', lockJson({ boot: null }), 'held'],
    ['the pid was reused (other start time)', lockJson({ start: '499' }), 'stale'],
    ['the pid is not running', lockJson({ pid: 300 }), 'stale'],
    ['taken before a reboot', lockJson({ boot: 'boot-b' }), 'stale'],
    ['another host', lockJson({ host: 'other' }), 'unknown'],
    ['old plain pid, not running', '300', 'stale'],
    ['old plain pid with a newline, not running', '300\n', 'stale'],
    ['old plain pid, running (cannot tell whether it is hbt)', '200', 'unknown'],
    ['old plain pid 0', '0', 'stale'],
    ['empty', '', 'unknown'],
    ['garbage', 'hello', 'unknown'],
    ['JSON without the hbt mark', JSON.stringify({ pid: 100 }), 'unknown'],
    ['a negative pid', lockJson({ pid: -5 }), 'unknown'],
    ['a fractional pid', lockJson({ pid: 1.5 }), 'unknown'],
    ['a numeric start', lockJson({ start: 500 }), 'unknown'],
    ['JSON null', 'null', 'unknown'],
  ])('%s', (_what, text, state) => {
    expect(judgeLock(text, probe).state).toBe(state);
  });
});

describe('withLock on this machine', () => {
  let child: ChildProcess;
  let dead: number;
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hbt-lock-'));
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => gone.on('exit', r));
    dead = gone.pid!;
  });
  afterAll(() => {
    child.kill('SIGKILL');
  });

  /** Put `text` in `<name>.lock`, run withLock, report what happened and what the lock holds after. */
  async function attempt(name: string, text: string) {
    const dir = join(root, name);
    await writeFile(`${dir}.lock`, text);
    let ran = false;
    let error: unknown = null;
    try {
      await withLock(dir, async () => {
        ran = true;
        const own = JSON.parse(readFileSync(`${dir}.lock`, 'utf8')) as { pid: number; start: string };
        expect(own.pid).toBe(process.pid);
        expect(own.start).toBe(localProbe.startOf(process.pid));
      });
    } catch (e) {
      error = e;
    }
    const after = existsSync(`${dir}.lock`) ? readFileSync(`${dir}.lock`, 'utf8') : null;
    return { ran, error, after, lock: `${dir}.lock` };
  }

  const live = () => ({
    hbt_lock: 1,
    pid: child.pid!,
    start: localProbe.startOf(child.pid!),
    boot: localProbe.boot,
    host: localProbe.host,
  });

  it('refuses while the owner process runs, and leaves its lock alone', async () => {
    const text = JSON.stringify(live());
    const r = await attempt('held', text);
    expect(r.ran).toBe(false);
    expect(r.error).toBeInstanceOf(DataError);
    expect((r.error as Error).message).toContain(`another hbt process (pid ${child.pid})`);
    expect(r.after).toBe(text);
  });

  it('takes over a lock whose pid now belongs to a process started at another time', async () => {
    const r = await attempt('reused', JSON.stringify({ ...live(), start: '1' }));
    expect(r.error).toBeNull();
    expect(r.ran).toBe(true);
    expect(r.after).toBeNull(); // released
  });

  it('takes over a lock whose process is gone, in either format', async () => {
    for (const text of [JSON.stringify({ ...live(), pid: dead }), String(dead)]) {
      const r = await attempt('gone', text);
      expect(r.error).toBeNull();
      expect(r.ran).toBe(true);
    }
  });

  it.each([
    ['an old plain pid that runs (`echo -n 1 > train.lock`)', () => '1'],
    ['garbage', () => 'not a lock'],
    ['an empty file', () => ''],
    ['another host', () => JSON.stringify({ ...live(), host: `${localProbe.host}-elsewhere` })],
  ])('stops with a clear exit-2 error saying how to remove %s, and keeps the file', async (_w, make) => {
    const text = make();
    const r = await attempt('unknown', text);
    expect(r.ran).toBe(false);
    expect(r.error).toBeInstanceOf(UsageError);
    expect((r.error as UsageError).exitCode).toBe(2);
    expect((r.error as Error).message).toContain(r.lock);
    expect((r.error as Error).message).toContain(`rm '${r.lock}'`);
    expect(r.after).toBe(text);
  });

  it('refuses a lock path that is a folder or a FIFO without reading it (no hang)', async () => {
    for (const kind of ['dir', 'fifo'] as const) {
      const lock = join(root, `odd-${kind}.lock`);
      if (kind === 'dir') await mkdir(lock);
      else spawnSync('mkfifo', [lock]);
      const err = await withLock(join(root, `odd-${kind}`), async () => {}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(UsageError);
      expect((err as Error).message).toMatch(/not a regular file/);
      expect(existsSync(lock)).toBe(true);
    }
  });
});
