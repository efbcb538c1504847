import { execFileSync, spawn } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { DataError } from '@hbt/core/errors';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../test-utils/data.js';
import { readTrecRun } from './parse.js';
import { readLineRegions } from './regions.js';
import { openTrecInput } from './source.js';

/**
 * What a TREC input may be: a regular file (gzip or not), a FIFO, standard input; and what it may not:
 * a directory, a device, a missing path or a dangling link — each a DataError naming the path.
 */
const tmp = mkdtempSync(join(tmpdir(), 'hbt-trec-source-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const runPath = join(FIXTURES, 'trec', 'run.txt');
const runBytes = readFileSync(runPath);

async function bytesOf(path: string, stdin?: Readable): Promise<Buffer> {
  const input = await openTrecInput(path, 'run', stdin);
  const parts: Uint8Array[] = [];
  for await (const c of input.chunks) parts.push(Buffer.from(c));
  input.close();
  return Buffer.concat(parts);
}

describe('TREC inputs', () => {
  it('a regular file, and a gzip file (by its magic bytes, whatever its name)', async () => {
    expect((await bytesOf(runPath)).equals(runBytes)).toBe(true);
    const gz = join(tmp, 'run.txt.gz');
    writeFileSync(gz, gzipSync(runBytes));
    expect((await bytesOf(gz)).equals(runBytes)).toBe(true);
    const renamed = join(tmp, 'gzipped-run.txt');
    writeFileSync(renamed, gzipSync(runBytes));
    const a = await readTrecRun(renamed);
    expect(a).toEqual(await readTrecRun(runPath));
  });

  it('a damaged gzip file is a DataError naming it', async () => {
    const gz = join(tmp, 'cut.gz');
    const whole = gzipSync(Buffer.concat(Array.from({ length: 50 }, () => runBytes)));
    writeFileSync(gz, whole.subarray(0, whole.length >> 1));
    await expect(readTrecRun(gz)).rejects.toThrow(/cut\.gz: run is not valid gzip/);
  });

  it('standard input (`-`), in chunks of any size, gzip included', async () => {
    const pieces = [runBytes.subarray(0, 1), runBytes.subarray(1, 77), runBytes.subarray(77)];
    expect((await bytesOf('-', Readable.from(pieces))).equals(runBytes)).toBe(true);
    const gz = gzipSync(runBytes);
    const gzPieces = [gz.subarray(0, 1), gz.subarray(1)];
    expect((await bytesOf('-', Readable.from(gzPieces))).equals(runBytes)).toBe(true);
    expect((await bytesOf('-', Readable.from([]))).length).toBe(0);
  });

  it.skipIf(process.platform === 'win32')('a FIFO, read as its writer writes', async () => {
    const fifo = join(tmp, 'run.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${runPath}" > "${fifo}"`]);
    const done = new Promise((r) => writer.on('close', r));
    const got = await bytesOf(fifo);
    expect(got.equals(runBytes)).toBe(true);
    expect(await done).toBe(0);
  });

  it('a directory, a device, a missing file, a dangling link: DataErrors naming the path', async () => {
    const dir = join(tmp, 'a-dir.run');
    mkdirSync(dir);
    await expect(openTrecInput(dir, 'run')).rejects.toThrow(
      /a-dir\.run: run is not a regular file or a pipe \(directory\)/,
    );
    if (existsSync('/dev/zero')) {
      await expect(openTrecInput('/dev/zero', 'run')).rejects.toThrow(
        /\/dev\/zero: run is not a regular file or a pipe \(character device\)/,
      );
    }
    await expect(openTrecInput(join(tmp, 'nope.run'), 'qrels')).rejects.toThrow(/nope\.run: no such qrels/);
    const link = join(tmp, 'dangling.run');
    symlinkSync(join(tmp, 'gone'), link);
    await expect(openTrecInput(link, 'run')).rejects.toThrow(
      /dangling\.run: run is a dangling symbolic link/,
    );
    const err = await openTrecInput(dir, 'run').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
  });

  it('the line reader closes the input when done', async () => {
    const input = await openTrecInput(runPath, 'run');
    let n = 0;
    await readLineRegions(input, runPath, {
      lines: (b, s, e) => {
        let k = 0;
        for (let i = s; i < e; i++) if (b[i] === 10) k++;
        n += k;
        return k;
      },
    });
    expect(n).toBe(runBytes.toString('latin1').split('\n').length - 1);
  });
});
