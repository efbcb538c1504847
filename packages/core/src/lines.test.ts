import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { type ReadLinesOptions, readTextLines, type TextLine } from './lines.js';
import type { Utf8Location } from './utf8.js';

let dir = '';
const p = (n: string) => join(dir, n);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbt-lines-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lines(file: string, opts: Partial<ReadLinesOptions> = {}): Promise<TextLine[]> {
  const out: TextLine[] = [];
  for await (const l of readTextLines(file, { maxLineBytes: 1 << 20, ...opts })) out.push(l);
  return out;
}

async function errorOf(f: () => Promise<unknown>): Promise<DataError> {
  try {
    await f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('expected a DataError');
}

describe('readTextLines', () => {
  it('splits at \\n, drops \\r before it, a BOM and the final empty line', async () => {
    writeFileSync(p('a.tsv'), '\uFEFFa\tb\r\n\nc\nd');
    expect(await lines(p('a.tsv'))).toEqual([
      { text: 'a\tb', line: 1 },
      { text: '', line: 2 },
      { text: 'c', line: 3 },
      { text: 'd', line: 4 },
    ]);
    writeFileSync(p('b.tsv'), 'x\n');
    expect(await lines(p('b.tsv'))).toEqual([{ text: 'x', line: 1 }]);
  });

  it('joins lines across read chunks and gunzips', async () => {
    const long = 'é'.repeat(1_500_000); // 3 MB: spans several 1 MiB chunks, a 2-byte char cut between them
    const text = `first\n${long}\nlast\n`;
    writeFileSync(p('c.txt.gz'), gzipSync(text));
    const got = await lines(p('c.txt.gz'), { gunzip: true, maxLineBytes: 4 << 20 });
    expect(got.map((l) => l.text.length)).toEqual([5, 1_500_000, 4]);
    expect(got[1]!.text).toBe(long);
  });

  it('refuses a line longer than the bound without reading on', async () => {
    writeFileSync(p('long.txt'), `ok\n${'x'.repeat(5000)}\n`);
    const e = await errorOf(() => lines(p('long.txt'), { maxLineBytes: 4096 }));
    expect(e.message).toMatch(/long\.txt: line 2 is longer than 4\.0 KiB/);
    expect(e.message).not.toContain('xxx');
  });

  it('invalid UTF-8: an error naming line and offset, or each line replaced or skipped and reported', async () => {
    writeFileSync(
      p('bad.tsv'),
      Buffer.concat([Buffer.from('a\nb'), Buffer.from([0xff]), Buffer.from('\nc\n')]),
    );
    const e = await errorOf(() => lines(p('bad.tsv')));
    expect(e.message).toMatch(/bad\.tsv: line 2: invalid UTF-8 \(byte offset 3\)/);
    const seen: Utf8Location[] = [];
    const onInvalidLine = (w: Utf8Location) => seen.push(w);
    expect(await lines(p('bad.tsv'), { onInvalid: 'replace', onInvalidLine })).toEqual([
      { text: 'a', line: 1 },
      { text: 'b\uFFFD', line: 2 },
      { text: 'c', line: 3 },
    ]);
    expect(await lines(p('bad.tsv'), { onInvalid: 'skip', onInvalidLine })).toEqual([
      { text: 'a', line: 1 },
      { text: 'c', line: 3 },
    ]);
    expect(seen).toEqual([
      { line: 2, offset: 3 },
      { line: 2, offset: 3 },
    ]);
  });

  it('a truncated gzip file is a DataError naming the file', async () => {
    writeFileSync(p('t.jsonl.gz'), gzipSync('{"a":1}\n'.repeat(1000)).subarray(0, 40));
    const e = await errorOf(() => lines(p('t.jsonl.gz'), { gunzip: true }));
    expect(e.where.file).toBe(p('t.jsonl.gz'));
    expect(e.where.hint).toMatch(/truncated/);
  });

  it('refuses a FIFO and /dev/zero instead of blocking or reading without end', async () => {
    execFileSync('mkfifo', [p('fifo.jsonl')]);
    symlinkSync('/dev/zero', p('zero.jsonl'));
    expect((await errorOf(() => lines(p('fifo.jsonl')))).message).toMatch(/not a regular file \(FIFO\)/);
    expect((await errorOf(() => lines(p('zero.jsonl')))).message).toMatch(
      /not a regular file \(character device\)/,
    );
  });
});
