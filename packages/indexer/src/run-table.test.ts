import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRun, runColumns, writeRun } from './run-table.js';
import type { SearchResult } from './search.js';

const dir = await mkdtemp(join(tmpdir(), 'hbt-index-run-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const res = (queryRows: number[], rows: number[], k: number): SearchResult => ({
  k,
  queryRows: Int32Array.from(queryRows),
  rows: Int32Array.from(rows),
  scores: Float32Array.from(rows, (r) => (r < 0 ? Number.NaN : 1 / (r + 1))),
  engine: 'js',
});

describe('run columns', () => {
  it('interleaves per-dataset results in query order, ranks from 1, skipping -1 rows', () => {
    const a = res([2, 0], [1, 0, 2, -1], 2); // query 2 → d1, d0; query 0 → d2
    const b = res([1], [3, 4], 2); // query 1 → d3, d4
    const cols = runColumns([a, b], ['q0', 'q1', 'q2'], ['d0', 'd1', 'd2', 'd3', 'd4']);
    expect(cols.query_id).toEqual(['q0', 'q1', 'q1', 'q2', 'q2']);
    expect(cols.doc_id).toEqual(['d2', 'd3', 'd4', 'd1', 'd0']);
    expect(Array.from(cols.rank)).toEqual([1, 1, 2, 1, 2]);
    expect(cols.score[0]).toBe(Math.fround(1 / 3));
  });

  it('round-trips through run.parquet', async () => {
    const cols = runColumns([res([0], [1, 0], 2)], ['q'], ['d0', 'd1']);
    const p = join(dir, 'run.parquet');
    expect(await writeRun(p, cols)).toBe(2);
    const back = await readRun(p);
    expect(back).toEqual(cols);
  });
});
