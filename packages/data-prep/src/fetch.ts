import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { lstat, mkdir, rename, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  DataError,
  hashFile,
  type Logger,
  openRegularFile,
  type ProgressReporter,
  writeFileAtomic,
} from '@hbt/core';
import type { DatasetEntry, RegistryFile } from './registry.js';

/**
 * `hbt data fetch`: put a registry dataset into the cache, file by file, each verified against its
 * sha256 before it is kept. A file is written to `<file>.part-<pid>` and renamed into place only when
 * its checksum matches, so the cache never holds a partial or wrong file; a failure leaves whatever was
 * there before untouched. When every file is in place, `<dataset>/.hbt-fetched.json` marks the dataset
 * complete (prep reads a cached dataset only then).
 *
 * Sources, in order: a mirror (`mirror`: a folder laid out like `../shared/data`, or an http(s) URL of
 * one), else each file's canonical URL. Files already cached with the right checksum are kept (unless
 * `force`).
 *
 * @example
 * await fetchDataset(getDataset('xquad-r'), { cache: '/home/me/.cache/hbt', mirror: '../shared/data',
 *   progress: createProgress(), log: createLogger() });
 */
export const FETCH_MARKER = '.hbt-fetched.json';

export interface FetchOptions {
  /** Cache root (`$HBT_CACHE`, default `~/.cache/hbt`); datasets go to `<cache>/data/<name>/`. */
  cache: string;
  /** Local mirror folder, or the http(s) URL of one; null to download from the canonical URLs. */
  mirror?: string | null;
  /** Fetch again even when the cached file's checksum matches. */
  force?: boolean;
  progress: ProgressReporter;
  log: Logger;
  /** Give up on a connection idle this long (default 60 s). */
  timeoutMs?: number;
}

export interface FetchedFile {
  path: string;
  status: 'cached' | 'copied' | 'downloaded';
  bytes: number;
  source: string;
}

export interface FetchResult {
  name: string;
  dir: string;
  files: FetchedFile[];
}

/** The folder a dataset is cached in. */
export function datasetCacheDir(cacheRoot: string, name: string): string {
  return join(cacheRoot, 'data', name);
}

/** The cache root: `$HBT_CACHE`, else `<home>/.cache/hbt`. For the CLI, which owns the environment. */
export function defaultCacheRoot(env: { HBT_CACHE?: string | undefined }, home: string): string {
  return env.HBT_CACHE !== undefined && env.HBT_CACHE !== '' ? env.HBT_CACHE : join(home, '.cache', 'hbt');
}

export async function fetchDataset(entry: DatasetEntry, opts: FetchOptions): Promise<FetchResult> {
  const dir = datasetCacheDir(opts.cache, entry.name);
  await mkdir(dir, { recursive: true });
  const files: FetchedFile[] = [];
  for (const f of entry.files) {
    const dest = join(dir, f.path);
    if (!opts.force && (await sha256Of(dest)) === f.sha256) {
      files.push({ path: f.path, status: 'cached', bytes: f.bytes, source: dest });
      continue;
    }
    const source = sourceOf(entry, f, opts.mirror ?? null);
    const isUrl = /^https?:\/\//.test(source);
    await mkdir(dirname(dest), { recursive: true });
    const tmp = `${dest}.part-${process.pid}`;
    const bar = opts.progress.start(`${entry.name}/${f.path}`, f.bytes, 'B');
    try {
      const input = isUrl
        ? await httpGet(source, opts.timeoutMs ?? 60_000)
        : await openLocal(source, entry, opts.mirror!);
      const got = await streamToFile(input, tmp, (n) => bar.tick(n), source);
      bar.done();
      if (got !== f.sha256) {
        throw new DataError(
          `checksum mismatch for ${entry.name}/${f.path}: got sha256 ${got}, expected ${f.sha256}`,
          {
            file: source,
            hint: 'the file was not kept; the source is corrupt or a different version — fix the mirror or retry',
          },
        );
      }
      await rename(tmp, dest);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
    files.push({ path: f.path, status: isUrl ? 'downloaded' : 'copied', bytes: f.bytes, source });
    opts.log.debug(`${entry.name}/${f.path}: ${isUrl ? 'downloaded' : 'copied'} and verified`);
  }
  await writeFileAtomic(
    join(dir, FETCH_MARKER),
    `${JSON.stringify({ name: entry.name, files: entry.files.map((f) => ({ path: f.path, sha256: f.sha256 })) }, null, 2)}\n`,
  );
  return { name: entry.name, dir, files };
}

function sourceOf(entry: DatasetEntry, f: RegistryFile, mirror: string | null): string {
  if (mirror === null) return f.url;
  if (/^https?:\/\//.test(mirror)) return `${mirror.replace(/\/+$/, '')}/${entry.name}/${f.path}`;
  return join(mirror, entry.name, f.path);
}

/**
 * A mirror file, opened for copying: a regular file only (a FIFO or a device is refused before a byte is
 * copied, so a copy always ends; the checksum then decides).
 */
async function openLocal(path: string, entry: DatasetEntry, mirror: string): Promise<Readable> {
  try {
    await lstat(path);
  } catch {
    throw new DataError(`${entry.name} is not in the mirror`, {
      file: path,
      hint: `a mirror is laid out like ../shared/data: ${join(mirror, entry.name)}/<file>`,
    });
  }
  const { fh } = await openRegularFile(path, 'mirror file');
  return fh.createReadStream();
}

/** sha256 (hex) of a cached file, or null when there is none (anything but a regular file is an error). */
async function sha256Of(path: string): Promise<string | null> {
  try {
    await lstat(path);
  } catch {
    return null;
  }
  return (await hashFile(path)).replace(/^sha256:/, '');
}

async function streamToFile(
  input: Readable,
  tmp: string,
  tick: (n: number) => void,
  source: string,
): Promise<string> {
  const h = createHash('sha256');
  input.on('data', (chunk: Buffer) => {
    h.update(chunk);
    tick(chunk.length);
  });
  try {
    await pipeline(input, createWriteStream(tmp));
  } catch (e) {
    throw netError(e as NodeJS.ErrnoException, source);
  }
  return h.digest('hex');
}

/** GET a URL (following up to 5 redirects); resolves with the body stream of a 200 response. */
export function httpGet(url: string, timeoutMs: number, redirects = 0): Promise<Readable> {
  const mod = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.get(url, { headers: { 'user-agent': 'hbt-data-fetch' }, timeout: timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(status) && location) {
        res.resume();
        if (redirects >= 5) {
          reject(new DataError('too many redirects', { file: url }));
          return;
        }
        resolve(httpGet(new URL(location, url).href, timeoutMs, redirects + 1));
        return;
      }
      if (status !== 200) {
        res.resume();
        reject(
          new DataError(`HTTP ${status} ${res.statusMessage ?? ''}`.trim(), {
            file: url,
            hint:
              status === 404
                ? 'the file is not at this URL; check the mirror URL, or use --mirror DIR with a local copy'
                : 'retry later, or use --mirror DIR with a local copy',
          }),
        );
        return;
      }
      res.setTimeout(timeoutMs, () =>
        res.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })),
      );
      resolve(res);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', (e: NodeJS.ErrnoException) => reject(netError(e, url)));
  });
}

function netError(e: NodeJS.ErrnoException, source: string): Error {
  if (e instanceof DataError) return e;
  const what: Record<string, string> = {
    ECONNREFUSED: 'connection refused',
    ENOTFOUND: 'host not found',
    EAI_AGAIN: 'host not found (no network?)',
    ECONNRESET: 'connection reset',
    ETIMEDOUT: 'timed out',
  };
  const reason = (e.code && what[e.code]) ?? e.message;
  return new DataError(`cannot fetch: ${reason}`, {
    file: source,
    hint: 'no internet here? copy from a local mirror: hbt data fetch NAME --mirror DIR (or set HBT_DATA_MIRROR)',
  });
}
