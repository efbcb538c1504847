// Reading the batch plan by step ranges (what the training loop does) against reading it whole.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROW_GROUP_ROWS, writeArtifact } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { readPairs, readPlan } from './data.js';
import { PlanReader } from './plan-reader.js';
import { toyPairs, toyPlan } from './test-utils/fixtures.js';

describe('PlanReader (step ranges)', () => {
  it('any step range, and the windowed cursor from any start step, equal the whole plan', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-plan-ranges-'));
    await writeArtifact(join(dir, 'pairs.parquet'), 'train_pairs', toyPairs(40, 'p'));
    // Steps of 2..9 slots so that steps straddle the 100,000-row group boundary at odd places.
    const cols = toyPlan(40, 1, 2);
    for (const k of Object.keys(cols)) cols[k] = [];
    let rows = 0;
    let s = 0;
    while (rows < ROW_GROUP_ROWS + 3_000) {
      const size = 2 + ((s * 7) % 8);
      for (let k = 0; k < size; k++) {
        cols.step!.push(s);
        cols.slot!.push(k);
        cols.pair_id!.push(`p${(s * 13 + k * 5) % 40}`);
        cols.kind!.push('cross');
        cols.query_lang!.push('en');
        cols.pos_lang!.push('de');
      }
      rows += size;
      s++;
    }
    const file = join(dir, 'batches.parquet');
    await writeArtifact(file, 'batches', cols);
    const pairs = await readPairs(join(dir, 'pairs.parquet'));
    const whole = await readPlan(file, pairs);
    expect(whole.length).toBe(s);
    const plan = await PlanReader.open(file, pairs);
    expect(plan.steps).toBe(s);
    expect(plan.slots(0, s)).toBe(rows);
    // the step whose rows cross the row-group boundary, and ranges around it
    const cross = whole.findIndex((_, i) => plan.slots(0, i + 1) > ROW_GROUP_ROWS);
    for (const [a, b] of [
      [0, 1],
      [cross - 1, cross + 2],
      [cross, cross + 1],
      [s - 5, s + 10],
      [0, s],
    ] as const) {
      expect(await plan.read(a, b), `[${a}, ${b})`).toEqual(whole.slice(a, b));
    }
    // the loop's cursor: small windows, from step 0 and from a resumed step, cut to max_steps
    for (const [start, max, window] of [
      [0, null, 50],
      [cross - 3, null, 1_000],
      [cross - 20, cross + 10, 9],
    ] as const) {
      const c = plan.cursor(max, window);
      expect(c.steps).toBe(max ?? s);
      for (let t = start; t < c.steps; t += t < cross + 50 ? 1 : 997) {
        expect(await c.batch(t)).toEqual(whole[t]);
      }
      await expect(c.batch(c.steps)).rejects.toThrow(/outside the plan/);
    }
  });
});
