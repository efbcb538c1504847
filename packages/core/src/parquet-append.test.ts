import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROW_GROUP_ROWS, readTable, writeArtifact } from './parquet.js';
import { openArtifactAppender } from './parquet-append.js';
import { ParquetRowRanges } from './parquet-ranges.js';

/** A `batches`-shaped table of n rows (2.5 row groups at n = 250,001): steps of 7 slots, short steps too. */
function table(n: number) {
  const step = new Int32Array(n);
  const slot = new Int32Array(n);
  const pairId: string[] = [];
  const kind: string[] = [];
  const q: string[] = [];
  const p: string[] = [];
  for (let i = 0, s = 0, k = 0; i < n; i++) {
    step[i] = s;
    slot[i] = k;
    pairId.push(`p${(i * 7919) % 100_003}`);
    kind.push(i % 3 === 0 ? 'mono' : 'cross');
    q.push(['de', 'en', 'zh'][i % 3]!);
    p.push(['ar', 'en'][i % 2]!);
    k++;
    if (k === 7 || (s % 11 === 0 && k === 5)) {
      s++;
      k = 0;
    }
  }
  return { step, slot, pair_id: pairId, kind, query_lang: q, pos_lang: p };
}

function slice(cols: ReturnType<typeof table>, a: number, b: number) {
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(a, b)]));
}

describe('ParquetAppender', () => {
  const n = 2 * ROW_GROUP_ROWS + 50_001;
  const cols = table(n);
  const meta = { 'hbt.sampler.steps': '1234' };

  it('writes the bytes writeArtifact writes, however the rows are split', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-append-'));
    await writeArtifact(join(dir, 'whole.parquet'), 'batches', cols, meta);
    const whole = readFileSync(join(dir, 'whole.parquet'));
    // one call; chunks that straddle row groups; a chunk of exactly one group; empty chunks
    for (const cuts of [
      [n],
      [1, 99_999, 100_000, 100_001, n],
      [ROW_GROUP_ROWS, 2 * ROW_GROUP_ROWS, n],
      [0, 0, 77_777, 77_777, n],
    ]) {
      const w = await openArtifactAppender(join(dir, 'streamed.parquet'), 'batches', meta);
      let a = 0;
      for (const b of cuts) {
        w.append(slice(cols, a, b));
        a = b;
      }
      expect(await w.finish()).toBe(n);
      expect(readFileSync(join(dir, 'streamed.parquet')).equals(whole)).toBe(true);
    }
    expect(readdirSync(dir).sort()).toEqual(['streamed.parquet', 'whole.parquet']);
    // no rows at all: the same empty file
    await writeArtifact(join(dir, 'whole0.parquet'), 'batches', slice(cols, 0, 0), meta);
    const w0 = await openArtifactAppender(join(dir, 'streamed0.parquet'), 'batches', meta);
    expect(await w0.finish()).toBe(0);
    expect(
      readFileSync(join(dir, 'streamed0.parquet')).equals(readFileSync(join(dir, 'whole0.parquet'))),
    ).toBe(true);
  });

  it('abort and a bad chunk leave no file behind', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-append-'));
    const w = await openArtifactAppender(join(dir, 'b.parquet'), 'batches');
    w.append(slice(cols, 0, 10));
    const bad = { ...slice(cols, 10, 20), pair_id: [...cols.pair_id.slice(10, 19), null] };
    expect(() => w.append(bad)).toThrow(/column "pair_id" row 19 is null/);
    await w.abort();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'b.parquet'))).toBe(false);
  });
});

describe('ParquetRowRanges', () => {
  it('reads any row range as readTable reads the whole file, with per-group statistics', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-ranges-'));
    const n = ROW_GROUP_ROWS + 20_000;
    const cols = table(n);
    const file = join(dir, 'b.parquet');
    await writeArtifact(file, 'batches', cols, { 'hbt.sampler.seed': '13' });
    const whole = await readTable(file);
    const f = await ParquetRowRanges.open(file);
    expect(f.numRows).toBe(n);
    expect(f.metadata['hbt.sampler.seed']).toBe('13');
    expect(f.rowGroups.map((g) => [g.rowStart, g.numRows])).toEqual([
      [0, ROW_GROUP_ROWS],
      [ROW_GROUP_ROWS, 20_000],
    ]);
    expect(f.rowGroups[1]!.stats.step).toEqual({
      min: cols.step[ROW_GROUP_ROWS],
      max: cols.step[n - 1],
    });
    for (const [a, b] of [
      [0, 5],
      [99_990, 100_010],
      [n - 3, n + 10],
    ] as const) {
      const got = await f.read(a, b, ['step', 'pair_id']);
      expect(got.step).toEqual(whole.columns.step!.slice(a, b));
      expect(got.pair_id).toEqual(whole.columns.pair_id!.slice(a, b));
    }
    await expect(f.read(0, 1, ['nope'])).rejects.toThrow(/column "nope" not found/);
    await expect(ParquetRowRanges.open(join(dir, 'missing.parquet'))).rejects.toThrow(/file not found/);
  });
});
