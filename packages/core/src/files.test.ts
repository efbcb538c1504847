import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import {
  formatBytes,
  readBoundedFile,
  readBoundedFileSync,
  statRegularFile,
  statRegularFileSync,
} from './files.js';

let dir = '';
let server: Server | null = null;
const p = (n: string) => join(dir, n);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hbt-files-'));
  writeFileSync(p('ok.json'), '{"a":1}');
  writeFileSync(p('big.bin'), Buffer.alloc(5000, 65));
  mkdirSync(p('en.json'));
  symlinkSync(p('missing-target'), p('dangling.json'));
  symlinkSync(p('loop-b'), p('loop-a'));
  symlinkSync(p('loop-a'), p('loop-b'));
  symlinkSync(p('ok.json'), p('link-ok.json'));
  symlinkSync('/dev/zero', p('zero.json'));
  execFileSync('mkfifo', [p('fifo.json')]);
  server = createServer();
  await new Promise<void>((res) => server!.listen(p('sock.json'), res));
});
afterAll(() => {
  server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The DataError a call throws (sync or async), or fails the test. */
async function errorOf(f: () => unknown): Promise<DataError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

// Every kind of entry that is not a regular file, with the words its error must use. The file name is
// in every message; contents never are.
const NOT_REGULAR: Array<[string, RegExp]> = [
  ['en.json', /data file is not a regular file \(directory\)/],
  ['fifo.json', /data file is not a regular file \(FIFO\)/],
  ['sock.json', /data file is not a regular file \(socket\)/],
  ['zero.json', /data file is not a regular file \(character device\)/],
  ['dangling.json', /data file is a dangling symbolic link \(its target .*missing-target does not exist\)/],
  ['loop-a', /data file is a symbolic link loop/],
  ['absent.json', /no such data file/],
];

describe('statRegularFile', () => {
  it('accepts a regular file and a symbolic link to one', async () => {
    expect((await statRegularFile(p('ok.json'))).size).toBe(7);
    expect((await statRegularFile(p('link-ok.json'))).size).toBe(7);
    expect(statRegularFileSync(p('link-ok.json')).size).toBe(7);
  });

  it.each(NOT_REGULAR)('refuses %s, saying what it is (async and sync)', async (name, re) => {
    for (const call of [
      () => statRegularFile(p(name), 'data file'),
      () => statRegularFileSync(p(name), 'data file'),
    ]) {
      const e = await errorOf(call);
      expect(e.message).toMatch(re);
      expect(e.where.file).toBe(p(name));
      expect(e.exitCode).toBe(1);
    }
  });
});

describe('readBoundedFile', () => {
  it('reads a regular file (async and sync) within the bound', async () => {
    expect((await readBoundedFile(p('link-ok.json'), { maxBytes: 7 })).toString()).toBe('{"a":1}');
    expect(readBoundedFileSync(p('ok.json'), { maxBytes: 100 }).toString()).toBe('{"a":1}');
    expect((await readBoundedFile(p('big.bin'), { maxBytes: 5000 })).length).toBe(5000);
  });

  it('refuses a file above the bound, naming its size, the bound and the file', async () => {
    for (const call of [
      () => readBoundedFile(p('big.bin'), { maxBytes: 4096, what: 'tokenizer.json' }),
      () => readBoundedFileSync(p('big.bin'), { maxBytes: 4096, what: 'tokenizer.json' }),
    ]) {
      const e = await errorOf(call);
      expect(e.message).toContain('tokenizer.json is 4.9 KiB, more than the 4.0 KiB hbt reads');
      expect(e.where.file).toBe(p('big.bin'));
    }
  });

  it.each(NOT_REGULAR)('refuses %s without blocking or reading it', async (name, re) => {
    // A FIFO with no writer would block a plain open or read forever: the test would time out.
    const e = await errorOf(() => readBoundedFile(p(name), { maxBytes: 1 << 30, what: 'data file' }));
    expect(e.message).toMatch(re);
    const s = await errorOf(() => readBoundedFileSync(p(name), { maxBytes: 1 << 30, what: 'data file' }));
    expect(s.message).toMatch(re);
  });

  it('leaves the files as they were', () => {
    expect(existsSync(p('fifo.json'))).toBe(true);
    expect(existsSync(p('en.json'))).toBe(true);
  });
});

describe('formatBytes', () => {
  it('writes sizes in binary units', () => {
    expect([0, 1023, 1024, 1536, 5 * 2 ** 20, 3 * 2 ** 30].map(formatBytes)).toEqual([
      '0 B',
      '1023 B',
      '1.0 KiB',
      '1.5 KiB',
      '5.0 MiB',
      '3.0 GiB',
    ]);
  });
});
