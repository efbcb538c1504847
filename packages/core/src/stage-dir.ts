import { lstat, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from './errors.js';
import { judgeLock, localProbe, ownLockText } from './stage-lock.js';
import { stageDirOwnership } from './stage-owner.js';

/**
 * Atomic stage directories.
 *
 * A stage writes into `<final>.tmp-<pid>` (marked as hbt's by a `.hbt-partial` file naming its owner
 * process) and, when everything (manifest included) is there, the temp directory is renamed onto
 * `<final>`. A process killed mid-write leaves only a `.tmp-*` sibling, which the next run removes:
 * nothing ever appears at the final path half-written. `<final>` itself is replaced only when it is this
 * stage's own directory ({@link stageDirOwnership}); anything else there is a UsageError and stays as it is.
 *
 * @example
 * await withLock('artifacts/prep', async () => {
 *   await writeDirAtomic('artifacts/prep', 'prep', async (tmp) => { … write files into tmp … });
 * });
 */
export async function writeDirAtomic<T>(
  finalDir: string,
  stage: string,
  fn: (tmpDir: string) => Promise<T>,
): Promise<T> {
  await removeLeftovers(finalDir, stage);
  await assertReplaceable(finalDir, stage);
  const tmp = `${finalDir}.tmp-${process.pid}`;
  await rm(tmp, { recursive: true, force: true }); // this process's own name: a leftover of itself
  await mkdir(tmp, { recursive: true });
  await writeFile(join(tmp, PARTIAL_MARKER), ownLockText());
  let result: T;
  try {
    result = await fn(tmp);
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
  await rm(join(tmp, PARTIAL_MARKER), { force: true });
  await assertReplaceable(finalDir, stage); // again: the stage may have run for hours
  const old = `${finalDir}.old-${process.pid}`;
  if (await exists(finalDir)) await rename(finalDir, old);
  await rename(tmp, finalDir);
  await rm(old, { recursive: true, force: true });
  return result;
}

/** The file that marks a `.tmp-<pid>` directory as hbt's while a stage fills it (holds the owner, as a lock). */
export const PARTIAL_MARKER = '.hbt-partial';

/**
 * Throw a UsageError (exit 2) naming `dir` unless it is absent, an empty folder, or this stage's own
 * directory ({@link stageDirOwnership}).
 */
export async function assertReplaceable(dir: string, stage: string): Promise<void> {
  const own = await stageDirOwnership(dir, stage);
  if (own.ok) return;
  throw new UsageError(`${own.why}; hbt replaces only folders it wrote, so it leaves this one as it is`, {
    file: dir,
    hint: 'move it away (or delete it yourself if it is not needed), or point `artifacts` at another folder',
  });
}

/**
 * Remove what a killed process left beside `finalDir`, when it is provably hbt's and its owner is gone:
 * `.tmp-<pid>` folders marked by {@link PARTIAL_MARKER} (or empty, or holding this stage's complete
 * output), and `.old-<pid>` folders that are this stage's directory (renamed back when `finalDir` is
 * missing: killed between the two renames, the old output is still whole). Returns the leftovers it kept
 * because it could not prove them hbt's.
 *
 * @example
 * const kept = await removeLeftovers('artifacts/prep', 'prep'); // [] normally
 */
export async function removeLeftovers(finalDir: string, stage: string): Promise<string[]> {
  const parent = dirname(finalDir);
  const base = basename(finalDir);
  let names: string[];
  try {
    names = await readdir(parent);
  } catch {
    return [];
  }
  const kept: string[] = [];
  for (const n of names.sort()) {
    const m = /^(.*)\.(tmp|old)-(\d+)$/.exec(n);
    if (!m || m[1] !== base) continue;
    const pid = Number(m[3]);
    if (pid === process.pid) continue; // this process's own, in use or cleaned up by it
    const p = join(parent, n);
    if (m[2] === 'tmp') {
      const marker = await readMarker(join(p, PARTIAL_MARKER));
      if (marker !== null) {
        if (judgeLock(marker, localProbe).state === 'stale') await rm(p, { recursive: true, force: true });
        continue; // a live owner is still writing it
      }
      if (localProbe.startOf(pid) !== undefined) continue;
      if ((await isEmptyDir(p)) || (await stageDirOwnership(p, stage)).ok) {
        await rm(p, { recursive: true, force: true });
      } else kept.push(p);
      continue;
    }
    if (localProbe.startOf(pid) !== undefined) continue;
    const own = await stageDirOwnership(p, stage);
    if (!own.ok || own.empty) {
      if (own.empty) await rm(p, { recursive: true, force: true });
      else kept.push(p);
    } else if (!(await exists(finalDir))) await rename(p, finalDir);
    else await rm(p, { recursive: true, force: true });
  }
  return kept;
}

/** The file that marks a stage's work folder (`<dir>.work`) as hbt's. */
export const WORK_MARKER = '.hbt-work';

/**
 * Make `workDir` ready for a stage run: create it with {@link WORK_MARKER}, or accept it when it carries
 * the marker or is empty. A folder without the marker (not made by hbt) is a UsageError: hbt will neither
 * write into it nor remove it.
 */
export async function claimWorkDir(workDir: string): Promise<void> {
  const info = await lstat(workDir).catch(() => null);
  if (info !== null) {
    const ok =
      info.isDirectory() && ((await exists(join(workDir, WORK_MARKER))) || (await isEmptyDir(workDir)));
    if (!ok) {
      throw new UsageError(
        'the stage work folder exists, but hbt did not make it (it has no .hbt-work mark)',
        {
          file: workDir,
          hint: 'move it away; if it holds checkpoints of an interrupted hbt run, deleting it restarts the stage from the beginning',
        },
      );
    }
  }
  await mkdir(workDir, { recursive: true });
  await writeFile(join(workDir, WORK_MARKER), '');
}

/**
 * After a stage run: on success remove the claimed `workDir`; on failure keep what the stage left there
 * (checkpoints to resume from), marked again as hbt's, or remove it when the stage left nothing.
 */
export async function releaseWorkDir(workDir: string, succeeded: boolean): Promise<void> {
  const names = await readdir(workDir).catch(() => null);
  if (names === null) return;
  if (succeeded || names.every((n) => n === WORK_MARKER)) {
    await rm(workDir, { recursive: true, force: true });
  } else if (!names.includes(WORK_MARKER)) {
    await writeFile(join(workDir, WORK_MARKER), ''); // the stage recreated the folder: still hbt's
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

async function isEmptyDir(p: string): Promise<boolean> {
  try {
    return (await readdir(p)).length === 0;
  } catch {
    return false;
  }
}

async function readMarker(p: string): Promise<string | null> {
  try {
    if (!(await lstat(p)).isFile()) return null;
    return await readFile(p, 'utf8');
  } catch {
    return null;
  }
}
