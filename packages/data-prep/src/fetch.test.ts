import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DataError, memoryLogger, type ProgressReporter, silentProgress, validate } from '@hbt/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { datasetCacheDir, FETCH_MARKER, fetchDataset } from './fetch.js';
import { locateDatasets } from './locate.js';
import { type DatasetEntry, getDataset } from './registry.js';
import { FIXTURES, realMirror, tempDir } from './test-utils/prep.js';

// The real HTTP path, against a server on 127.0.0.1 serving the fixtures. Checksums by `sha256sum`.
const EN = {
  path: 'en.json',
  bytes: 2635,
  sha256: 'b2e5381e18b678c3086b55657546ae40b7529af52e4f33a1c00a82e8d81a139c',
};
const DE = {
  path: 'de.json',
  bytes: 2828,
  sha256: 'acf9b5b5cf86770150949a8b4c90b35ff82442f1bae50aeaa8fdfabec23d6e42',
};
const fixture = (name: string) => readFileSync(join(FIXTURES, 'lareqa', name));

let server: http.Server;
let base = '';
const requests: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const url = req.url ?? '';
    requests.push(url);
    const name = url.split('/').pop()!;
    if (url.startsWith('/data/') || url.startsWith('/mirror/tiny/')) {
      const body = fixture(name);
      res.writeHead(200, { 'content-length': body.length });
      res.end(body);
    } else if (url.startsWith('/moved/')) {
      res.writeHead(302, { location: `/data/${name}` });
      res.end();
    } else if (url.startsWith('/corrupt/')) {
      const body = Buffer.from(fixture(name));
      body[10] = body[10]! ^ 1;
      res.writeHead(200);
      res.end(body);
    } else {
      res.writeHead(404, 'Not Found');
      res.end('no such file');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
  requests.length = 0;
});
function cacheDir(): string {
  const t = tempDir('hbt-fetch-test-');
  cleanup = t.cleanup;
  return t.dir;
}

function entry(files: Array<typeof EN & { url: string }>): DatasetEntry {
  return {
    name: 'tiny',
    title: 't',
    format: 'lareqa',
    licence: 'x',
    languages: ['de', 'en'],
    source: 's',
    notes: '',
    files,
  };
}

function recorder(): ProgressReporter & { bytes: number; done: number } {
  const r = {
    bytes: 0,
    done: 0,
    start: () => ({
      tick: (n = 1) => {
        r.bytes += n;
      },
      done: () => {
        r.done++;
      },
    }),
  };
  return r;
}

async function failure(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('fetchDataset over HTTP', () => {
  it('downloads, verifies, reports progress, marks the dataset complete, then serves it from the cache', async () => {
    const cache = cacheDir();
    const progress = recorder();
    const e = entry([
      { ...EN, url: `${base}/data/en.json` },
      { ...DE, url: `${base}/moved/de.json` }, // a redirect is followed
    ]);
    const r = await fetchDataset(e, { cache, progress, log: memoryLogger() });
    expect(r.files.map((f) => f.status)).toEqual(['downloaded', 'downloaded']);
    const dir = datasetCacheDir(cache, 'tiny');
    expect(readFileSync(join(dir, 'en.json'))).toEqual(fixture('en.json'));
    expect(readFileSync(join(dir, 'de.json'))).toEqual(fixture('de.json'));
    expect(existsSync(join(dir, FETCH_MARKER))).toBe(true);
    expect(progress.bytes).toBe(EN.bytes + DE.bytes);
    expect(progress.done).toBe(2);
    expect(requests).toEqual(['/data/en.json', '/moved/de.json', '/data/de.json']);

    requests.length = 0;
    const again = await fetchDataset(e, { cache, progress: silentProgress, log: memoryLogger() });
    expect(again.files.map((f) => f.status)).toEqual(['cached', 'cached']);
    expect(requests).toEqual([]);
  });

  it('rejects a file whose checksum does not match and leaves the cache untouched', async () => {
    const cache = cacheDir();
    const dir = datasetCacheDir(cache, 'tiny');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'en.json'), 'an older copy');
    const err = await failure(
      fetchDataset(entry([{ ...EN, url: `${base}/corrupt/en.json` }]), {
        cache,
        progress: silentProgress,
        log: memoryLogger(),
      }),
    );
    expect(err.message).toMatch(/checksum mismatch for tiny\/en\.json/);
    expect(err.message).toContain(EN.sha256);
    expect(err.where.file).toBe(`${base}/corrupt/en.json`);
    expect(readdirSync(dir)).toEqual(['en.json']); // no partial file, no marker
    expect(readFileSync(join(dir, 'en.json'), 'utf8')).toBe('an older copy');
  });

  it('reports HTTP 404 with the URL', async () => {
    const cache = cacheDir();
    const err = await failure(
      fetchDataset(entry([{ ...EN, url: `${base}/nowhere/en.json` }]), {
        cache,
        progress: silentProgress,
        log: memoryLogger(),
      }),
    );
    expect(err.message).toMatch(/HTTP 404 Not Found/);
    expect(err.where.file).toBe(`${base}/nowhere/en.json`);
    expect(existsSync(join(datasetCacheDir(cache, 'tiny'), 'en.json'))).toBe(false);
  });

  it('reports a refused connection and suggests a mirror', async () => {
    const cache = cacheDir();
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await failure(
      fetchDataset(entry([{ ...EN, url: `http://127.0.0.1:${port}/en.json` }]), {
        cache,
        progress: silentProgress,
        log: memoryLogger(),
      }),
    );
    expect(err.message).toMatch(/connection refused/);
    expect(err.message).toMatch(/--mirror/);
    expect(readdirSync(datasetCacheDir(cache, 'tiny'))).toEqual([]);
  });

  it('fetches from an http(s) mirror laid out like ../shared/data instead of the canonical URLs', async () => {
    const cache = cacheDir();
    const e = entry([{ ...EN, url: 'https://example.invalid/en.json' }]);
    const r = await fetchDataset(e, {
      cache,
      mirror: `${base}/mirror/`,
      progress: silentProgress,
      log: memoryLogger(),
    });
    expect(r.files[0]!.status).toBe('downloaded');
    expect(requests).toEqual(['/mirror/tiny/en.json']);
  });
});

describe('fetchDataset from a local mirror folder', () => {
  it('copies and verifies; a corrupt mirror file is rejected', async () => {
    const cache = cacheDir();
    const mirror = join(cache, 'mirror');
    mkdirSync(join(mirror, 'tiny'), { recursive: true });
    writeFileSync(join(mirror, 'tiny', 'en.json'), fixture('en.json'));
    writeFileSync(join(mirror, 'tiny', 'de.json'), 'not the file');
    const e = entry([
      { ...EN, url: 'https://example.invalid/en.json' },
      { ...DE, url: 'https://example.invalid/de.json' },
    ]);
    const err = await failure(
      fetchDataset(e, { cache, mirror, progress: silentProgress, log: memoryLogger() }),
    );
    expect(err.message).toMatch(/checksum mismatch for tiny\/de\.json/);
    const dir = datasetCacheDir(cache, 'tiny');
    expect(readdirSync(dir).sort()).toEqual(['en.json']); // the good file stays, no marker
    writeFileSync(join(mirror, 'tiny', 'de.json'), fixture('de.json'));
    const r = await fetchDataset(e, { cache, mirror, progress: silentProgress, log: memoryLogger() });
    expect(r.files.map((f) => f.status)).toEqual(['cached', 'copied']);
    expect(existsSync(join(dir, FETCH_MARKER))).toBe(true);
  });

  it('names the missing file when the mirror lacks the dataset', async () => {
    const cache = cacheDir();
    const err = await failure(
      fetchDataset(entry([{ ...EN, url: 'x' }]), {
        cache,
        mirror: cache,
        progress: silentProgress,
        log: memoryLogger(),
      }),
    );
    expect(err.message).toMatch(/tiny is not in the mirror/);
    expect(err.where.file).toBe(join(cache, 'tiny', 'en.json'));
  });

  it.skipIf(realMirror() === null)(
    'fetches the real mlqa-r from ../shared/data, and prep then finds it in the cache',
    async () => {
      const cache = cacheDir();
      const r = await fetchDataset(getDataset('mlqa-r'), {
        cache,
        mirror: realMirror(),
        progress: silentProgress,
        log: memoryLogger(),
      });
      expect(r.files.map((f) => f.status)).toEqual(Array(8).fill('copied'));
      const config = validate({ data: { cache, eval: [{ name: 'mlqa-r' }] } }, join(cache, 'hbt.json'));
      const [ds] = locateDatasets(config.data, cache).datasets;
      expect(ds!.from).toBe('cache');
      expect(ds!.files.map((f) => f.lang)).toEqual(['ar', 'de', 'en', 'es', 'hi', 'vi', 'zh']);
    },
  );
});
