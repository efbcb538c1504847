import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { DataError } from './errors.js';

/**
 * Atomic stage directories and a per-directory lock.
 *
 * A stage writes into `<final>.tmp-<pid>` and, when everything (manifest included) is there, the temp
 * directory is renamed onto `<final>`. A process killed mid-write leaves only a `.tmp-*` sibling, which the
 * next run removes: nothing ever appears at the final path half-written.
 *
 * The lock is `<final>.lock`, created with O_EXCL and holding the owner's pid. A second process gets a clear
 * error; a lock whose pid is gone (after kill -9) is stale and is taken over.
 *
 * @example
 * await withLock('artifacts/prep', async () => {
 *   await writeDirAtomic('artifacts/prep', async (tmp) => { … write files into tmp … });
 * });
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  await mkdir(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  acquire(lock);
  const release = () => {
    try {
      unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
  process.once('exit', release);
  try {
    return await fn();
  } finally {
    process.removeListener('exit', release);
    release();
  }
}

function acquire(lock: string): void {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const pid = Number(readText(lock));
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new DataError(`another hbt process (pid ${pid}) is writing this stage directory`, {
          file: lock,
          hint: 'wait for it to finish; if no such process runs, delete the lock file',
        });
      }
      try {
        unlinkSync(lock); // stale: its owner is gone
      } catch {
        /* raced with another process */
      }
    }
  }
  throw new DataError('could not take the stage lock', { file: lock });
}

function readText(p: string): string {
  try {
    return readFileSync(p, 'utf8').trim();
  } catch {
    return '';
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process whose parent has not reaped it yet is a zombie: it holds nothing any more.
  const stat = readText(`/proc/${pid}/stat`);
  return !/^\d+ \(.*\) Z/.test(stat);
}

/**
 * Build a directory atomically: `fn` fills a fresh temp directory; on success it replaces `finalDir`.
 * On failure the temp directory is removed and `finalDir` is untouched.
 */
export async function writeDirAtomic<T>(finalDir: string, fn: (tmpDir: string) => Promise<T>): Promise<T> {
  await removeLeftovers(finalDir);
  const tmp = `${finalDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true });
  await mkdir(tmp, { recursive: true });
  let result: T;
  try {
    result = await fn(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  const old = `${finalDir}.old-${process.pid}`;
  if (await exists(finalDir)) await rename(finalDir, old);
  await rename(tmp, finalDir);
  await rm(old, { recursive: true, force: true });
  return result;
}

/** Remove `.tmp-*` / `.old-*` siblings left by a killed process (only when their pid is gone). */
export async function removeLeftovers(finalDir: string): Promise<void> {
  const parent = dirname(finalDir);
  const base = basename(finalDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return;
  }
  for (const n of names) {
    const m = /^(.*)\.(tmp|old)-(\d+)$/.exec(n);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[3]);
    if (pid !== process.pid && alive(pid)) continue;
    const p = join(parent, n);
    if (m[2] === 'old' && !(await exists(finalDir))) {
      await rename(p, finalDir); // killed between the two renames: the old output is still whole
    } else {
      await rm(p, { recursive: true, force: true });
    }
  }
}

export async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}
