import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hbt/core/errors';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { aggregate } from '../measures/evaluate.js';
import { parseMeasures } from '../measures/registry.js';
import { FIXTURES } from '../test-utils/data.js';
import { evaluateTrecFiles, judgeTrecRunText } from './files.js';
import { parseTrecQrels, readTrecQrels } from './qrels.js';
import { feedText, type LineSink, MAX_LINE_BYTES, readLineRegions } from './regions.js';
import { latin1 } from './scan.js';
import { CHUNK_BYTES, openTrecInput, type TrecInput } from './source.js';

/**
 * Streaming: lines split across chunks of any size (CRLF, no final newline, a file larger than one read)
 * read exactly as the whole text; garbage fails at line 1 after one chunk, whatever follows it.
 */
const tmp = mkdtempSync(join(tmpdir(), 'hbt-trec-regions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const MEASURES = parseMeasures('AP,RR,P@5,R@10,nDCG@10,nDCG');

/** A sink that records each line (without its newline) and the number it was given. */
class Recorder implements LineSink {
  readonly got: Array<[number, string]> = [];
  lines(b: Uint8Array, s: number, e: number, first: number): number {
    let no = first;
    for (let i = s; i < e; ) {
      const nl = b.indexOf(10, i);
      this.got.push([no++, latin1(b, i, nl)]);
      i = nl + 1;
    }
    return no - first;
  }
}

/** `bytes` cut into chunks at the given sizes (cycled), as a {@link TrecInput}; `read` counts bytes given. */
function chunked(bytes: Uint8Array, sizes: number[]): TrecInput & { read: () => number } {
  let given = 0;
  return {
    rereadable: false,
    close() {},
    read: () => given,
    chunks: (async function* () {
      for (let i = 0, k = 0; i < bytes.length; k++) {
        const n = Math.max(1, sizes[k % sizes.length]!);
        given += Math.min(n, bytes.length - i);
        yield bytes.subarray(i, i + n);
        i += n;
      }
    })(),
  };
}

describe('streamed lines', () => {
  it('are the same lines, with the same numbers, however the bytes are cut (CRLF, no final newline)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.stringMatching(/^[a-z0-9 .\tQ-]{0,30}$/), { maxLength: 40 }),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
        async (lines, eol, finalNewline, sizes) => {
          const text = lines.join(eol) + (finalNewline && lines.length > 0 ? eol : '');
          const rec = new Recorder();
          const n = await readLineRegions(chunked(Buffer.from(text, 'latin1'), sizes), 'x', rec);
          const want = text === '' ? [] : text.replace(/\n$/, '').split('\n');
          expect(rec.got).toEqual(want.map((l, i) => [i + 1, l]));
          expect(n).toBe(want.length);
        },
      ),
      { numRuns: 300, seed: 5 },
    );
  });

  it('a run file larger than one read judges as the same text in memory', async () => {
    // 80 queries × 600 lines ≈ 1.3 MB: more than CHUNK_BYTES, CRLF, no final newline, unsorted scores
    // and ties, a non-ASCII query id; 40 judgements per query
    const run: string[] = [];
    const qrels: string[] = [];
    for (let q = 0; q < 80; q++) {
      const qid = q % 7 === 0 ? `q-\u00c3\u00a9${q}` : `q${q}`;
      for (let d = 0; d < 600; d++) {
        const doc = `D${String((d * 7919 + q) % 1000).padStart(4, '0')}`;
        run.push(`${qid} Q0 ${doc} ${d} ${(d * 37) % 101}.25 run`);
        if (d % 15 === q % 15) qrels.push(`${qid} 0 ${doc} ${d % 4}`);
      }
      qrels.push(`${qid} 0 NEVER-RETRIEVED 2`);
    }
    const text = run.join('\r\n');
    expect(text.length).toBeGreaterThan(CHUNK_BYTES);
    const runPath = join(tmp, 'big.run');
    const qrelsPath = join(tmp, 'big.qrels');
    writeFileSync(runPath, Buffer.from(text, 'latin1'));
    writeFileSync(qrelsPath, Buffer.from(qrels.join('\n'), 'latin1'));
    const e = await evaluateTrecFiles(qrelsPath, runPath, MEASURES);
    const judgements = parseTrecQrels(qrels.join('\n'), 'q');
    const mem = judgeTrecRunText(text, 'r', judgements);
    const want = aggregate(judgements, mem.judged, mem.runQueries, MEASURES);
    expect(e.queryIds.length).toBe(80);
    expect(e.queryIds).toEqual(want.queryIds);
    expect(e.perQuery.map((v) => [...v])).toEqual(want.perQuery.map((v) => [...v]));
    expect(e.means[0]).toBeGreaterThan(0);
  });

  it('reads qrels streamed from a file as from text', async () => {
    const path = join(FIXTURES, 'trec', 'qrels.txt');
    const streamed = await readTrecQrels(path);
    const text = parseTrecQrels(readFileSync(path, 'latin1'), path);
    expect([...streamed.keys()]).toEqual([...text.keys()]);
    for (const [q, j] of text) {
      expect([...streamed.get(q)!.relevance]).toEqual([...j.relevance]);
      expect([...streamed.get(q)!.idealGains]).toEqual([...j.idealGains]);
    }
  });
});

describe('bad input stops at its first bad line', () => {
  it('megabytes of random bytes fail at line 1 after reading one chunk', async () => {
    const garbage = Buffer.alloc(6 << 20);
    let s = 12345;
    for (let i = 0; i < garbage.length; i++) {
      s = (Math.imul(s, 1103515245) + 12345) >>> 0;
      garbage[i] = s >>> 24;
    }
    const path = join(tmp, 'garbage.run');
    writeFileSync(path, garbage);
    const qrels = join(FIXTURES, 'trec', 'qrels.txt');
    const err = await evaluateTrecFiles(qrels, path, MEASURES).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toMatch(/^\S*garbage\.run: line 1: /);
    // the same bytes cut in chunks: at most the first chunk is read before the error
    const input = chunked(garbage, [CHUNK_BYTES]);
    await expect(readLineRegions(input, 'g', new Recorder())).rejects.toThrow(/g: line 1: invalid UTF-8/);
    expect(input.read()).toBe(CHUNK_BYTES);
  });

  it('a line without end fails once it passes the longest line read, holding no more than that', async () => {
    const input = chunked(Buffer.alloc(5 * MAX_LINE_BYTES, 0x61), [64 << 10]);
    const err = await readLineRegions(input, 'long.run', new Recorder()).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^long\.run: line 1 is longer than 1\.0 MiB/);
    expect(input.read()).toBeLessThanOrEqual(MAX_LINE_BYTES + (64 << 10));
  });

  it('invalid UTF-8 names the line and byte offset; the lines before it were read', () => {
    const rec = new Recorder();
    expect(() => feedText('a b\nc d\ne \u00ff f\n', 'bad.txt', rec)).toThrow(
      /^bad\.txt: line 3: invalid UTF-8 \(byte offset 10\)/,
    );
    expect(rec.got).toEqual([
      [1, 'a b'],
      [2, 'c d'],
    ]);
  });

  it('an input opened for streaming is closed when the reading fails', async () => {
    const path = join(tmp, 'bad-score.run');
    writeFileSync(path, '1 Q0 a 1 x t\n');
    const input = await openTrecInput(path, 'run');
    let closed = 0;
    const close = input.close;
    input.close = () => {
      closed++;
      close();
    };
    const sink: LineSink = {
      lines: () => {
        throw new DataError('stop');
      },
    };
    await expect(readLineRegions(input, path, sink)).rejects.toThrow('stop');
    expect(closed).toBe(1);
  });
});
