import { closeSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { DataError, UsageError } from './errors.js';

/**
 * The per-directory lock of a stage: `<dir>.lock`, created with O_EXCL, holding JSON that identifies its
 * owner beyond the pid: `{"hbt_lock":1,"pid":…,"start":…,"boot":…,"host":…}`. `start` is the process
 * start time (field 22 of `/proc/<pid>/stat`, clock ticks since boot) and `boot` the kernel boot id, so a
 * pid reused by another process after a crash or a reboot is recognised.
 *
 * A lock is stale, and taken over, when its owner is provably gone: same host, and the boot id differs,
 * the pid is not running (or is a zombie), or the pid runs but started at another time. A lock whose
 * owner runs is a {@link DataError} (another hbt process is writing). A lock that cannot be judged (another
 * host, an old plain-pid lock whose pid runs, unreadable content) is a {@link UsageError} saying how to
 * remove it; hbt never deletes such a file itself.
 *
 * @example
 * await withLock('artifacts/prep', async () => {
 *   // … write artifacts/prep atomically (writeDirAtomic) …
 * });
 */
export async function withLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(dirname(dir), { recursive: true });
  const lock = `${dir}.lock`;
  const mine = acquire(lock);
  const release = () => {
    if (readText(lock) === mine.trim()) {
      try {
        unlinkSync(lock);
      } catch {
        /* already gone */
      }
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

/** Who holds a lock, as written in the lock file. */
export interface LockOwner {
  pid: number;
  /** Process start time in clock ticks since boot (Linux), else null. */
  start: string | null;
  /** Kernel boot id (Linux), else null. */
  boot: string | null;
  host: string;
}

/** What this machine can tell about processes (injectable for tests). */
export interface ProcessProbe {
  host: string;
  boot: string | null;
  /** Start time of a running pid (null when unknown), or undefined when no such process runs. */
  startOf(pid: number): string | null | undefined;
}

export type LockVerdict =
  | { state: 'stale'; why: string }
  | { state: 'held'; owner: LockOwner }
  | { state: 'unknown'; why: string };

/**
 * Judge the text of an existing lock file. Pure apart from `probe`.
 *
 * @example
 * judgeLock('{"hbt_lock":1,"pid":4242,"start":"9","boot":"b","host":"h"}', probe);
 * // { state: 'stale', why: 'pid 4242 now belongs to a process started at another time' } when 4242 was reused
 */
export function judgeLock(text: string, probe: ProcessProbe): LockVerdict {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) {
    // A plain pid: the lock format of earlier hbt builds.
    const pid = Number(trimmed);
    if (pid <= 0 || pid === process.pid) return { state: 'stale', why: `pid ${pid} is not a live owner` };
    if (probe.startOf(pid) === undefined) return { state: 'stale', why: `pid ${pid} is not running` };
    return {
      state: 'unknown',
      why: `it names only pid ${pid}, which is running, so hbt cannot tell whether it is hbt`,
    };
  }
  const owner = parseOwner(trimmed);
  if (owner === null) return { state: 'unknown', why: 'it is not an hbt lock file' };
  if (owner.host !== probe.host) {
    return {
      state: 'unknown',
      why: `it is held by pid ${owner.pid} on host ${owner.host}, which hbt cannot check from here`,
    };
  }
  if (owner.boot !== null && probe.boot !== null && owner.boot !== probe.boot) {
    return { state: 'stale', why: 'it was taken before the machine restarted' };
  }
  const start = probe.startOf(owner.pid);
  if (start === undefined) return { state: 'stale', why: `pid ${owner.pid} is not running` };
  if (owner.start !== null && start !== null && owner.start !== start) {
    return { state: 'stale', why: `pid ${owner.pid} now belongs to a process started at another time` };
  }
  return { state: 'held', owner };
}

/** This machine's probe: /proc on Linux; elsewhere only "is the pid running". */
export const localProbe: ProcessProbe = {
  host: hostname(),
  boot: readText('/proc/sys/kernel/random/boot_id') || null,
  startOf(pid: number): string | null | undefined {
    try {
      process.kill(pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
    }
    const stat = readText(`/proc/${pid}/stat`);
    if (stat === '') return null; // not Linux, or /proc hidden: running, start unknown
    // Fields after the command name, which is in parentheses and may hold spaces: field 3 is the state.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z') return undefined; // a zombie holds nothing any more
    return fields[19] ?? null; // field 22: start time
  },
};

/** The lock text this process writes. */
export function ownLockText(probe: ProcessProbe = localProbe): string {
  const owner: LockOwner = {
    pid: process.pid,
    start: probe.startOf(process.pid) ?? null,
    boot: probe.boot,
    host: probe.host,
  };
  return JSON.stringify({ hbt_lock: 1, ...owner });
}

function parseOwner(text: string): LockOwner | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return null;
  }
  if (v === null || typeof v !== 'object') return null;
  const o = v as Record<string, unknown>;
  const strOrNull = (x: unknown) => x === null || typeof x === 'string';
  if (o.hbt_lock !== 1 || !Number.isSafeInteger(o.pid) || (o.pid as number) <= 0) return null;
  if (!strOrNull(o.start) || !strOrNull(o.boot) || typeof o.host !== 'string') return null;
  return {
    pid: o.pid as number,
    start: o.start as string | null,
    boot: o.boot as string | null,
    host: o.host,
  };
}

function acquire(lock: string): string {
  const text = ownLockText();
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(lock, 'wx');
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      return text;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const found = readLock(lock);
    if (found === null) continue; // released meanwhile: try again
    const verdict = judgeLock(found, localProbe);
    if (verdict.state === 'held') {
      const who =
        verdict.owner.pid === process.pid ? 'this process' : `another hbt process (pid ${verdict.owner.pid})`;
      throw new DataError(`${who} is writing this stage directory`, {
        file: lock,
        hint: 'wait for it to finish; a lock whose process has ended is taken over by the next run',
      });
    }
    if (verdict.state === 'unknown') {
      throw new UsageError(`cannot take the stage lock: ${verdict.why}`, {
        file: lock,
        hint: `if no hbt process is writing this stage, delete the lock file (rm '${lock}') and run again`,
      });
    }
    // Stale: remove it only if it still holds what was judged (another process may have taken over).
    if (readLock(lock) === found) {
      try {
        unlinkSync(lock);
      } catch {
        /* raced with another process */
      }
    }
  }
  throw new DataError('could not take the stage lock (other processes keep taking it)', { file: lock });
}

/** The lock file's text (at most 4 KiB: a lock is one short JSON line), or null when it is gone. */
function readLock(p: string): string | null {
  let code: string | undefined;
  try {
    const info = lstatSync(p);
    if (!info.isFile()) code = 'not a regular file';
    else if (info.size > 4096) code = `${info.size} bytes, too large for a lock`;
    else return readFileSync(p, 'utf8');
  } catch (e) {
    code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    if (code === 'ENOENT') return null;
  }
  throw new UsageError(`cannot read the stage lock (${code})`, {
    file: p,
    hint: `the lock must be a small file hbt wrote; if no hbt process is writing this stage, remove it (rm -r '${p}') and run again`,
  });
}

function readText(p: string): string {
  try {
    return readFileSync(p, 'utf8').trim();
  } catch {
    return '';
  }
}
