import { configSchema, Rng } from '@hbt/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { BatchGuard } from './guard.js';
import { indexPairs, type PairTable } from './pairs.js';
import type { Pool } from './pool.js';
import { roundRobinOrder, shuffledOrder } from './pool.js';
import { buildPools } from './pools.js';
import { buildPairs, datasetsArb } from './test-utils/random-pairs.js';

// buildPools (counting sorts over typed arrays) against the plain reference it replaced: rows bucketed
// with JS arrays, cross groups in a Map (insertion order = first cross pair), sorted largest first with
// ties in insertion order. The rows are shuffled first so that a group's pairs are scattered and ties
// between groups depend on the first-cross-pair rule.
function referenceItems(pairs: PairTable, d: number) {
  const rows: number[] = [];
  for (let i = 0; i < pairs.n; i++) if (pairs.dataset[i] === d) rows.push(i);
  const mono = new Map<number, number[]>();
  const byGroup = new Map<number, number[]>();
  for (const i of rows) {
    const q = pairs.qLang[i]!;
    const m = q === pairs.pLang[i] ? mono : byGroup;
    const k = q === pairs.pLang[i] ? q : pairs.group[i]!;
    m.set(k, [...(m.get(k) ?? []), i]);
  }
  const lists = [...byGroup.values()];
  const order = lists.map((_, i) => i).sort((a, b) => lists[b]!.length - lists[a]!.length || a - b);
  const starts = [0];
  const items: number[] = [];
  for (const li of order) {
    items.push(...lists[li]!);
    starts.push(items.length);
  }
  const monoLangs = [...mono.keys()].sort((a, b) => a - b);
  return { rows, mono: monoLangs.map((l) => mono.get(l)!), cross: { items, starts } };
}

/** A pool's first epoch order: fill it whole past a guard that refuses nothing. */
function firstEpoch(pool: Pool): number[] {
  const all = { begin() {}, accepts: () => true, take() {} } as unknown as BatchGuard;
  const out = new Int32Array(pool.size);
  pool.fill(all, out, 0, pool.size);
  return Array.from(out);
}

function shuffledRows<T extends Record<string, unknown[]>>(cols: T, seed: number): T {
  const order = Rng.fromSeed(seed).shuffle([...cols.pair_id!.keys()]);
  return Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, order.map((i) => v[i])])) as T;
}

describe('buildPools', () => {
  it('gives each pool the items, in the order, of the Map-based reference (property)', () => {
    fc.assert(
      fc.property(
        datasetsArb,
        fc.integer(),
        fc.constantFrom('x-x-mono', 'x-y', 'hybrid', 'mixed'),
        fc.integer({ min: 0, max: 1e6 }),
        (specs, dataSeed, strategy, seed) => {
          const cols = shuffledRows(
            buildPairs(specs, dataSeed) as unknown as Record<string, unknown[]>,
            seed,
          );
          const pairs = indexPairs(cols as never);
          const cfg = configSchema.parse({ sampler: { strategy } }).sampler;
          const root = Rng.fromSeed(seed).derive('sampler');
          const got = buildPools(pairs, cfg, root);
          got.forEach((ds, d) => {
            const ref = referenceItems(pairs, d);
            const epoch0 = (key: string) => root.derive('pool', key, 'epoch', 0);
            const keepMono = strategy !== 'mixed' && (strategy !== 'x-y' || ref.cross.items.length === 0);
            expect(ds.mono.map(firstEpoch)).toEqual(
              keepMono
                ? ref.mono.map((items, k) =>
                    Array.from(shuffledOrder(Int32Array.from(items))(epoch0(ds.mono[k]!.key))),
                  )
                : [],
            );
            if (ds.cross) {
              const order = roundRobinOrder(
                Int32Array.from(ref.cross.items),
                Int32Array.from(ref.cross.starts),
              );
              expect(firstEpoch(ds.cross)).toEqual(Array.from(order(epoch0(ds.cross.key))));
            } else {
              expect(strategy === 'x-y' || strategy === 'hybrid' ? ref.cross.items.length : 0).toBe(0);
            }
            if (ds.mixed) {
              const order = shuffledOrder(Int32Array.from(ref.rows))(epoch0(ds.mixed.key));
              expect(firstEpoch(ds.mixed)).toEqual(Array.from(order));
            }
          });
        },
      ),
      { seed: 23, numRuns: 80 },
    );
  });
});
