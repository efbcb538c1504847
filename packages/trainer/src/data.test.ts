// Reading pairs and batch plans; fixed validation batches.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeArtifact } from '@hbt/core';
import { describe, expect, it } from 'vitest';
import { textBatch } from './batch.js';
import { readPairs, readPlan, validationBatches } from './data.js';
import { toyPairs, toyPlan } from './test-utils/fixtures.js';

async function tables(plan: Record<string, unknown[]>) {
  const dir = await mkdtemp(join(tmpdir(), 'hbt-trainer-data-'));
  await writeArtifact(join(dir, 'pairs.parquet'), 'train_pairs', toyPairs(12, 'p', { negatives: true }));
  await writeArtifact(join(dir, 'batches.parquet'), 'batches', plan);
  const pairs = await readPairs(join(dir, 'pairs.parquet'));
  return { pairs, plan: join(dir, 'batches.parquet') };
}

describe('readPlan', () => {
  it('gives pair rows per step in slot order', async () => {
    const plan = toyPlan(12, 3, 4);
    const { pairs, plan: file } = await tables(plan);
    const steps = await readPlan(file, pairs);
    expect(steps.length).toBe(3);
    expect(steps[0]).toEqual((plan.pair_id as string[]).slice(0, 4).map((id) => pairs.rowOf(id)));
  });

  it('names the first row out of (step, slot) order', async () => {
    const plan = toyPlan(12, 3, 4);
    const order = [0, 1, 3, 2, 4, 5, 6, 7, 8, 9, 10, 11]; // slots 3 and 2 of step 0 swapped
    const swapped = Object.fromEntries(Object.entries(plan).map(([k, v]) => [k, order.map((i) => v[i])]));
    const a = await tables(swapped);
    await expect(readPlan(a.plan, a.pairs)).rejects.toThrow(
      /row 3: rows are not in \(step, slot\) order: step 0 slot 2 follows step 0 slot 3/,
    );
    const back = toyPlan(12, 3, 2);
    (back.step as number[])[4] = 0; // step 2's first row says step 0
    const b = await tables(back);
    await expect(readPlan(b.plan, b.pairs)).rejects.toThrow(/row 4: rows are not in \(step, slot\) order/);
  });

  it('names the row of an unknown pair_id and a missing step', async () => {
    const plan = toyPlan(12, 2, 3);
    (plan.pair_id as string[])[4] = 'nope';
    const a = await tables(plan);
    await expect(readPlan(a.plan, a.pairs)).rejects.toThrow(
      /row 4 \(step 1, slot 1\): pair_id "nope" is not in/,
    );
    const gap = toyPlan(12, 3, 3);
    for (let i = 3; i < 6; i++) (gap.step as number[])[i] = 2;
    const b = await tables(gap);
    await expect(readPlan(b.plan, b.pairs)).rejects.toThrow(/step 1 has no rows/);
  });
});

describe('textBatch', () => {
  it('prefixes queries and passages; hard negatives follow the positives', async () => {
    const { pairs } = await tables(toyPlan(12, 1, 2));
    const opts = { queryPrefix: 'Q: ', passagePrefix: 'P: ', hardNegatives: true };
    const b = textBatch(pairs, [0, 1, 2], opts);
    expect(b.queries[0]).toBe(`Q: ${pairs.queryText(0)}`);
    expect(b.passages.length).toBe(3 + 2); // rows 0 and 2 have a negative
    expect(b.passages[3]).toBe(`P: ${pairs.negText(0)}`);
    expect(textBatch(pairs, [0, 1, 2], { ...opts, hardNegatives: false }).passages.length).toBe(3);
  });
});

describe('validationBatches', () => {
  it('never puts two pairs of one group in a batch, is deterministic, and honours maxPairs', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-trainer-val-'));
    await writeArtifact(join(dir, 'v.parquet'), 'train_pairs', toyPairs(40, 'v'));
    const v = await readPairs(join(dir, 'v.parquet'));
    const a = validationBatches(v, { batchSize: 6, maxPairs: null, seed: 3 });
    expect(validationBatches(v, { batchSize: 6, maxPairs: null, seed: 3 })).toEqual(a);
    for (const b of a) {
      expect(b.length).toBeLessThanOrEqual(6);
      expect(new Set(b.map((i) => v.group[i])).size).toBe(b.length);
    }
    expect(a.flat().length).toBeGreaterThanOrEqual(38); // at most one pair left over
    expect(validationBatches(v, { batchSize: 6, maxPairs: 10, seed: 3 }).flat().length).toBeLessThanOrEqual(
      10,
    );
  });

  it('keeps only mono or only cross pairs when asked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-trainer-val-'));
    const cols = toyPairs(30, 'v'); // every toy pair is cross (query lang ≠ passage lang)
    // Make every third pair mono: its passage in the query's language.
    const langs = cols.pos_lang as string[];
    for (let i = 0; i < 30; i += 3) langs[i] = (cols.query_lang as string[])[i]!;
    await writeArtifact(join(dir, 'v.parquet'), 'train_pairs', cols);
    const v = await readPairs(join(dir, 'v.parquet'));
    const mono = validationBatches(v, { batchSize: 4, maxPairs: null, seed: 1, kind: 'mono' }).flat();
    const cross = validationBatches(v, { batchSize: 4, maxPairs: null, seed: 1, kind: 'cross' }).flat();
    expect(mono.length).toBeGreaterThan(0);
    expect(mono.every((i) => i % 3 === 0)).toBe(true);
    expect(cross.every((i) => i % 3 !== 0)).toBe(true);
    expect(mono.length + cross.length).toBeGreaterThanOrEqual(28);
  });
});
