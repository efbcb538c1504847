import { initBackend } from '@hbt/models';
import { describe, expect, it } from 'vitest';
import { autoGroupSize, resolveGroupSize } from './grouped.js';
import { searchExact } from './search.js';
import { naiveTopK, randomUnit, ternary } from './test-utils/data.js';
import { idTieKeys } from './vectors.js';

// The grouped search is the default on the native `tensorflow` backend (tfjs-node). CI runs on wasm,
// where tfjs-node may be absent: these tests then skip (grouped.test.ts covers the same logic on wasm).
const native = await initBackend('tensorflow').then(
  () => true,
  () => false,
);

describe.skipIf(!native)(
  'grouped search on the native tensorflow backend (skipped: tfjs-node does not load)',
  () => {
    const ids = (n: number) =>
      Array.from({ length: n }, (_, i) => `d${String((i * 7919) % n).padStart(5, '0')}`);

    it('is the default there and equals the plain download-everything path bit for bit', async () => {
      expect(resolveGroupSize('auto', 'tfjs', 13014, 100)).toBe(autoGroupSize(13014, 100));
      expect(resolveGroupSize('auto', 'tfjs', 13014, 100)).toBeGreaterThan(0);
      const q = randomUnit(300, 32, 1);
      const c = randomUnit(5003, 32, 2);
      const tieKeys = idTieKeys(ids(5003));
      for (const [k, bq, bc] of [
        [100, undefined, undefined],
        [10, 64, 1500],
        [1, 300, 5003],
      ] as const) {
        const opts = {
          k,
          tieKeys,
          ...(bq ? { blockQueries: bq } : {}),
          ...(bc ? { blockCandidates: bc } : {}),
        };
        const grouped = await searchExact(q, c, { ...opts, engine: 'tfjs' });
        const plain = await searchExact(q, c, { ...opts, engine: 'tfjs', groupSize: 0 });
        expect(Array.from(grouped.rows)).toEqual(Array.from(plain.rows));
        expect(Array.from(grouped.scores)).toEqual(Array.from(plain.scores));
      }
    });

    it('breaks exact ties by tie key on integer scores, like a brute force', async () => {
      const q = ternary(30, 8, 3);
      const c = ternary(2011, 8, 4);
      const names = ids(2011);
      for (const k of [5, 40]) {
        const r = await searchExact(q, c, { k, engine: 'tfjs', tieKeys: idTieKeys(names), blockQueries: 8 });
        const ref = naiveTopK(q, c, k, names);
        for (let i = 0; i < 30; i++) {
          expect(Array.from(r.rows.subarray(i * k, (i + 1) * k))).toEqual(ref[i]!.map((x) => x.row));
          expect(Array.from(r.scores.subarray(i * k, (i + 1) * k))).toEqual(ref[i]!.map((x) => x.score));
        }
      }
    });
  },
);
