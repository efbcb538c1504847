import { mkdtempSync } from 'node:fs';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmbeddings } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { readEmbeddingBatches } from './shard-io.js';
import { listShards, mergeShards, parseShard, shardFileName, shardRows, writeShard } from './shards.js';
import { randomUnit } from './test-utils/data.js';

const root = mkdtempSync(join(tmpdir(), 'hbt-shards-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Write a corpus of `n` rows (dim 4) as `count` shards of `chunk`-row chunks into a fresh folder. */
async function writeSplit(name: string, n: number, count: number, chunk: number) {
  const dir = join(root, name);
  const v = randomUnit(n, 4, 7);
  const ids = Array.from({ length: n }, (_, i) => `d${i}`);
  const langs = ids.map((_, i) => (i % 2 ? 'de' : 'en'));
  for (let i = 0; i < count; i++) {
    const [start, end] = shardRows(n, { index: i, count }, chunk);
    await writeShard(
      dir,
      { index: i, count },
      {
        ids: ids.slice(start, end),
        langs: langs.slice(start, end),
        dim: 4,
        vectors: v.vectors.slice(start * 4, end * 4),
      },
      { start, end, corpusRows: n, key: 'k1', chunk },
    );
  }
  return { dir, ids, langs, vectors: v.vectors };
}

describe('shard slices', () => {
  it('parses i/n and rejects the rest with a usage message', () => {
    expect(parseShard('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    for (const bad of ['8/8', '1/0', '-1/4', 'a/b', '3', '1/2/3'])
      expect(() => parseShard(bad)).toThrow(/i\/n/);
  });

  it('tiles the rows exactly once, on chunk boundaries, for any corpus size and shard count', () => {
    for (const n of [0, 1, 5, 16, 17, 100, 1000]) {
      for (const count of [1, 2, 3, 4, 7, 50]) {
        let next = 0;
        for (let i = 0; i < count; i++) {
          const [s, e] = shardRows(n, { index: i, count }, 16);
          expect(s).toBe(next);
          expect(e).toBeGreaterThanOrEqual(s);
          if (s < n) expect(s % 16).toBe(0);
          next = e;
        }
        expect(next).toBe(n);
      }
    }
    expect(shardRows(40000, { index: 1, count: 2 })).toEqual([16384, 40000]);
  });
});

describe('shard files', () => {
  it('are written in record batches of one chunk; merged, they equal the unsharded matrix', async () => {
    const { dir, ids, langs, vectors } = await writeSplit('ok', 50, 3, 8);
    expect((await readdir(dir)).sort()).toEqual(
      [0, 1, 2]
        .flatMap((i) => {
          const f = shardFileName({ index: i, count: 3 });
          return [f, f.replace('.arrow', '.json')];
        })
        .sort(),
    );
    const shards = await listShards(dir, 3, { key: 'k1' });
    expect(shards.map((s) => [s.meta.start, s.meta.end])).toEqual([
      [0, 16],
      [16, 32],
      [32, 50],
    ]);
    const sizes: number[] = [];
    for await (const b of readEmbeddingBatches(shards[2]!.file)) sizes.push(b.ids.length);
    expect(sizes).toEqual([8, 8, 2]);
    // readEmbeddings (the whole-file reader) reads a shard too.
    expect((await readEmbeddings(shards[1]!.file)).ids).toEqual(ids.slice(16, 32));
    const m = await mergeShards(shards);
    expect(m.ids).toEqual(ids);
    expect(m.langs).toEqual(langs);
    expect(m.vectors).toEqual(vectors);
  });

  it('empty shards (more shards than chunks) are files of no rows', async () => {
    const { dir, ids } = await writeSplit('empty', 10, 4, 8);
    const shards = await listShards(dir, 4);
    expect(shards.map((s) => s.meta.end - s.meta.start)).toEqual([0, 8, 0, 2]);
    expect((await mergeShards(shards)).ids).toEqual(ids);
  });

  it('a missing shard is an error naming it and the job to run', async () => {
    const { dir } = await writeSplit('missing', 50, 3, 8);
    await rm(join(dir, shardFileName({ index: 1, count: 3 })));
    await expect(listShards(dir, 3)).rejects.toThrow(
      /corpus-00001-of-00003\.arrow: shard 1\/3 is missing.*--shard 1\/3/s,
    );
  });

  it('a shard of another split (rows counted twice) is an error naming that file', async () => {
    const { dir } = await writeSplit('dup', 50, 3, 8);
    const other = await writeSplit('dup-other', 50, 2, 8);
    const f = shardFileName({ index: 0, count: 2 });
    await writeFile(join(dir, f), await readFile(join(other.dir, f)));
    await expect(listShards(dir, 3)).rejects.toThrow(
      /corpus-00000-of-00002\.arrow: shard file of a split into 2 shards.*counted twice/s,
    );
  });

  it('a foreign key, a renamed shard and a truncated file are errors naming the shard', async () => {
    const { dir } = await writeSplit('bad', 50, 3, 8);
    await expect(listShards(dir, 3, { key: 'k2' })).rejects.toThrow(
      /shard 0\/3 was encoded with another model/,
    );
    await writeFile(
      join(dir, 'corpus-00002-of-00003.json'),
      JSON.stringify({ format: 'hbt-corpus-shard', shard: 1, shards: 3 }),
    );
    await expect(listShards(dir, 3)).rejects.toThrow(/sidecar says shard 1\/3, the file name 2\/3/);
    const { dir: d2 } = await writeSplit('trunc', 50, 3, 8);
    await truncate(join(d2, shardFileName({ index: 1, count: 3 })), 100);
    await expect(listShards(d2, 3)).rejects.toThrow(/shard 1\/3 does not match the sha256/);
  });
});
