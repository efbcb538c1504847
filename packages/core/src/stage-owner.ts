import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { hashFile } from './hash.js';
import { MANIFEST_FILE, type Manifest } from './manifest.js';

/**
 * Whether a folder is a stage's own output, and whether that output is still what its manifest says.
 *
 * hbt replaces a stage directory only when {@link stageDirOwnership} says so: the path is absent or an
 * empty folder (nothing to lose), or it holds a `manifest.json` naming this stage and every file in the
 * folder is one the manifest lists (in `outputs` or `side_files`). A stage is "up to date" only when
 * {@link verifyOutputs} finds every listed output with its size, and its sha256 for files up to
 * {@link HASH_VERIFY_MAX_BYTES}.
 *
 * @example
 * const own = await stageDirOwnership('artifacts/prep', 'prep');
 * if (!own.ok) console.log(own.why); // e.g. 'has no manifest.json: hbt did not write it'
 * const problem = await verifyOutputs('artifacts/prep', manifest); // null, or 'corpus.parquet is missing'
 */
export type Ownership =
  | { ok: true; empty: boolean; manifest: Manifest | null }
  | { ok: false; empty: false; why: string };

/** Outputs up to this size are re-hashed before a stage is called up to date; larger ones are size-checked. */
export const HASH_VERIFY_MAX_BYTES = 64 * 1024 * 1024;

export async function stageDirOwnership(dir: string, stage: string): Promise<Ownership> {
  const no = (why: string): Ownership => ({ ok: false, empty: false, why });
  const info = await lstat(dir).catch((e: NodeJS.ErrnoException) => e);
  if (info instanceof Error) {
    return info.code === 'ENOENT'
      ? { ok: true, empty: true, manifest: null }
      : no(`cannot be read (${info.code})`);
  }
  if (info.isSymbolicLink()) return no('is a symbolic link, not a folder hbt wrote');
  if (!info.isDirectory()) return no('is a file, not a folder hbt wrote');
  const top = await readdir(dir);
  if (top.length === 0) return { ok: true, empty: true, manifest: null };
  if (!top.includes(MANIFEST_FILE)) return no(`has no ${MANIFEST_FILE}: hbt did not write it`);
  const manifest = await readOwnManifest(join(dir, MANIFEST_FILE));
  if (manifest === null) return no(`its ${MANIFEST_FILE} is not a manifest hbt wrote`);
  if (manifest.stage !== stage) {
    return no(`its ${MANIFEST_FILE} belongs to the stage "${manifest.stage}", not "${stage}"`);
  }
  const listed = new Set([
    ...manifest.outputs.map((o) => o.path),
    ...(manifest.side_files ?? []),
    MANIFEST_FILE,
  ]);
  // A manifest from before `side_files` existed did not list the trainer's `.timing.json`: its top-level
  // dot-files are taken as hbt's.
  const legacy = manifest.side_files === undefined;
  const foreign = (await listFiles(dir)).filter((f) => !listed.has(f) && !(legacy && /^\.[^/]*$/.test(f)));
  if (foreign.length > 0) {
    const shown =
      foreign.slice(0, 3).join(', ') + (foreign.length > 3 ? `, … (${foreign.length} in all)` : '');
    return no(`holds files its ${MANIFEST_FILE} does not list (${shown})`);
  }
  return { ok: true, empty: false, manifest };
}

/**
 * The first way `dir`'s outputs differ from what `manifest` lists (missing, not a file, another size, or
 * another sha256 for files up to {@link HASH_VERIFY_MAX_BYTES}), or null when they match. Manifests
 * written before sizes were recorded are checked by existence and hash.
 */
export async function verifyOutputs(dir: string, manifest: Manifest): Promise<string | null> {
  if (!Array.isArray(manifest.outputs)) return `its ${MANIFEST_FILE} lists no outputs`;
  for (const e of manifest.outputs) {
    const info = await stat(join(dir, e.path)).catch(() => null);
    if (info === null) return `${e.path} is missing`;
    if (!info.isFile()) return `${e.path} is not a file`;
    if (e.size !== undefined && info.size !== e.size) {
      return `${e.path} has ${info.size} bytes, the manifest says ${e.size}`;
    }
    if (info.size <= HASH_VERIFY_MAX_BYTES && (await hashFile(join(dir, e.path))) !== e.hash) {
      return `${e.path} was changed (its sha256 differs from the manifest's)`;
    }
  }
  return null;
}

async function readOwnManifest(file: string): Promise<Manifest | null> {
  try {
    if (!(await lstat(file)).isFile()) return null;
    const m = JSON.parse(await readFile(file, 'utf8')) as Partial<Manifest> | null;
    if (m === null || typeof m !== 'object' || typeof m.stage !== 'string' || typeof m.key !== 'string')
      return null;
    if (!Array.isArray(m.outputs) || !m.outputs.every((o) => typeof o?.path === 'string')) return null;
    if (
      m.side_files !== undefined &&
      !(Array.isArray(m.side_files) && m.side_files.every((f) => typeof f === 'string'))
    ) {
      return null;
    }
    return m as Manifest;
  } catch {
    return null;
  }
}

/** Every non-directory entry below `dir`, as a '/'-separated relative path. */
async function listFiles(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(join(dir, e.name), rel)));
    else out.push(rel);
  }
  return out;
}
