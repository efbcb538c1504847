import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { openRegularFile } from './files.js';

/**
 * Content hashes: sha256, hex. Cache keys are always content hashes, never "the file exists".
 *
 * @example
 * await hashFile('artifacts/prep/corpus.parquet'); // 'sha256:…'
 * hashJson({ b: 1, a: 2 }) === hashJson({ a: 2, b: 1 }); // true: keys are sorted
 */
export async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  // Only a regular file: a FIFO or a device (a link to /dev/zero) would never end.
  const { fh } = await openRegularFile(path);
  await new Promise<void>((resolve, reject) => {
    fh.createReadStream()
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve())
      .on('error', reject);
  });
  return `sha256:${h.digest('hex')}`;
}

export function hashBytes(data: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** JSON with object keys sorted at every level: equal values give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortKeys(x);
    }
    return out;
  }
  return v;
}

export function hashJson(value: unknown): string {
  return hashBytes(canonicalJson(value));
}

/**
 * Hash of a directory: every regular file's relative path and content hash, sorted. `manifest.json`
 * files are included; names starting with `.` are skipped.
 */
export async function hashDir(dir: string): Promise<string> {
  const files = await listFiles(dir);
  const parts: string[] = [];
  for (const f of files) parts.push(`${relative(dir, f).split(sep).join('/')}\t${await hashFile(f)}`);
  return hashBytes(parts.join('\n'));
}

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    if (e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await listFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Hash a file or a directory, whichever the path is. */
export async function hashPath(path: string): Promise<string> {
  const s = await stat(path);
  return s.isDirectory() ? hashDir(path) : hashFile(path);
}
