import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRows, readTable } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCHES_FILE } from './run.js';
import { buildPairs } from './test-utils/random-pairs.js';
import { configWith, runSample, tempDir, writePairs } from './test-utils/stage.js';

// Integration test of the `run` entry through runStage: the artifact, its manifest, caching, and
// byte-identical output for equal seeds.
const root = tempDir('run');
const cols = buildPairs(
  [
    { name: 'alpha', langs: ['de', 'en', 'fr'], groups: 25, combos: 'all', vocab: 40, negatives: true },
    { name: 'beta', langs: ['en'], groups: 15, combos: 'all', vocab: 100, negatives: false },
  ],
  17,
);

afterAll(async () => {
  const { rm } = await import('node:fs/promises');
  await rm(root, { recursive: true, force: true });
});

describe('run (sample stage)', () => {
  it('writes batches.parquet that matches the schema and the plan, and a manifest with the stats', async () => {
    const tp = await writePairs(join(root, 'train_pairs.parquet'), cols);
    const config = configWith({ strategy: 'hybrid', alpha: 0.5, batch_size: 6, steps: 40 }, 13);
    const r = await runSample(join(root, 'a'), tp, config);
    expect(r.cached).toBe(false);
    const t = await readTable(join(root, 'a', BATCHES_FILE));
    expect(t.metadata['hbt.artifact']).toBe('batches');
    expect(Object.keys(t.columns)).toEqual(['step', 'slot', 'pair_id', 'kind', 'query_lang', 'pos_lang']);
    const rows = await readRows<{
      step: number;
      slot: number;
      pair_id: string;
      kind: string;
      query_lang: string;
      pos_lang: string;
    }>(join(root, 'a', BATCHES_FILE));
    const byId = new Map(cols.pair_id.map((id, i) => [id, i]));
    let prev = { step: -1, slot: -1 };
    for (const row of rows) {
      const i = byId.get(row.pair_id)!;
      expect(i).toBeDefined();
      expect(row.query_lang).toBe(cols.query_lang[i]);
      expect(row.pos_lang).toBe(cols.pos_lang[i]);
      expect(row.kind).toBe(row.query_lang === row.pos_lang ? 'mono' : 'cross');
      // rows in (step, slot) order, slots numbered from 0
      expect(
        row.step === prev.step ? row.slot === prev.slot + 1 : row.step === prev.step + 1 && row.slot === 0,
      ).toBe(true);
      prev = row;
    }
    expect(prev.step).toBe(39);
    const m = r.manifest;
    expect(m.outputs.find((o) => o.name === BATCHES_FILE)?.rows).toBe(rows.length);
    expect(m.stats.rows).toBe(rows.length);
    expect(m.stats.batches).toMatchObject({ mixed: 0 });
    expect(Object.keys(m.stats)).toEqual(
      expect.arrayContaining([
        'mono_fraction',
        'query_lang_hist',
        'pos_lang_hist',
        'lang_matrix',
        'batch_size_hist',
        'short_batches',
        'pools',
        'epochs_consumed',
      ]),
    );
  });

  it('the same seed twice gives byte-identical batches.parquet; a rerun is cached; another seed differs', async () => {
    const tp = join(root, 'train_pairs.parquet');
    const config = configWith({ strategy: 'hybrid', batch_size: 6, steps: 40 }, 13);
    const a = await runSample(join(root, 'b1'), tp, config);
    const b = await runSample(join(root, 'b2'), tp, config);
    expect(readFileSync(join(root, 'b2', BATCHES_FILE))).toEqual(
      readFileSync(join(root, 'b1', BATCHES_FILE)),
    );
    expect(b.manifest.stats).toEqual(a.manifest.stats);
    const again = await runSample(join(root, 'b1'), tp, config);
    expect(again.cached).toBe(true);
    const other = await runSample(
      join(root, 'b3'),
      tp,
      configWith({ strategy: 'hybrid', batch_size: 6, steps: 40 }, 14),
    );
    expect(other.cached).toBe(false);
    expect(
      readFileSync(join(root, 'b3', BATCHES_FILE)).equals(readFileSync(join(root, 'b1', BATCHES_FILE))),
    ).toBe(false);
  });

  it('fails without a partial artifact when on_short_batch=error and a pool is too small', async () => {
    const tp = join(root, 'train_pairs.parquet');
    const config = configWith(
      { strategy: 'x-x-mono', batch_size: 500, steps: 3, on_short_batch: 'error' },
      13,
    );
    await expect(runSample(join(root, 'c'), tp, config)).rejects.toThrow(/can fill only \d+ of 500 slots/);
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(root, 'c', BATCHES_FILE))).toBe(false);
  });

  it('logs short batches and counts them in the manifest under shrink', async () => {
    const tp = join(root, 'train_pairs.parquet');
    const r = await runSample(
      join(root, 'd'),
      tp,
      configWith({ strategy: 'x-x-mono', batch_size: 500, steps: 3 }, 13),
    );
    expect(r.manifest.stats.short_batches).toBe(3);
    expect(r.log.lines.join('\n')).toMatch(/warning: 3 of 3 batches are short/);
  });

  it('sampler.subset: plans over the kept groups only, records them in the manifest, caches per size', async () => {
    const tp = join(root, 'train_pairs.parquet');
    const base = { strategy: 'hybrid', batch_size: 4, steps: 30 };
    const small = configWith({ ...base, subset: { fraction: 0.2 } }, 13);
    const r = await runSample(join(root, 's20'), tp, small);
    const sub = r.manifest.stats.subset as {
      seed: number;
      pairs_kept: number;
      pairs_total: number;
      datasets: Record<string, { groups_kept: number; groups_total: number; pairs_kept: number }>;
    };
    expect(sub.seed).toBe(0);
    expect(sub.datasets.alpha).toMatchObject({ groups_total: 25, groups_kept: 5 });
    expect(sub.datasets.beta).toMatchObject({ groups_total: 15, groups_kept: 3 });
    expect(sub.pairs_total).toBe(cols.pair_id.length);
    expect(r.manifest.stats.pairs_total).toBe(sub.pairs_kept);
    const keptGroups = (rows: Array<{ pair_id: string }>) => {
      const byId = new Map(cols.pair_id.map((id, i) => [id, `${cols.dataset[i]}/${cols.group_id[i]}`]));
      return new Set(rows.map((row) => byId.get(row.pair_id)!));
    };
    const g20 = keptGroups(await readRows<{ pair_id: string }>(join(root, 's20', BATCHES_FILE)));
    expect(g20.size).toBeLessThanOrEqual(8);
    // same config: cached; another size: a new plan over a superset of the groups
    expect((await runSample(join(root, 's20'), tp, small)).cached).toBe(true);
    const larger = await runSample(
      join(root, 's20'),
      tp,
      configWith({ ...base, subset: { fraction: 0.6 } }, 13),
    );
    expect(larger.cached).toBe(false);
    const sub60 = larger.manifest.stats.subset as typeof sub;
    expect(sub60.datasets.alpha!.groups_kept).toBe(15);
    // without a subset the manifest says null
    const all = await runSample(join(root, 'sall'), tp, configWith(base, 13));
    expect(all.manifest.stats.subset).toBeNull();
    expect(all.manifest.stats.pairs_total).toBe(cols.pair_id.length);
  });
});
