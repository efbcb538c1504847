import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, writeArtifact } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { candidateTexts, groupRows, readTextTable } from './prep.js';
import { compareIds, idTieKeys } from './vectors.js';

const dir = await mkdtemp(join(tmpdir(), 'hbt-index-prep-'));
afterAll(() => rm(dir, { recursive: true, force: true }));

const corpus = (ids: string[]) => ({
  doc_id: ids,
  lang: ids.map(() => 'en'),
  text: ids.map((i) => `text ${i}`),
  context: ids.map((_, j) => (j === 0 ? 'ctx' : null)),
  group_id: ids.map(() => null),
  dataset: ids.map(() => 'x'),
});

describe('prep tables', () => {
  it('reads ids, texts and contexts in file order', async () => {
    const p = join(dir, 'ok.parquet');
    await writeArtifact(p, 'corpus', corpus(['b', 'a']));
    const t = await readTextTable(p, 'doc_id');
    expect(t.ids).toEqual(['b', 'a']);
    expect(t.contexts).toEqual(['ctx', null]);
    expect(candidateTexts(t, 'sentence')).toEqual(['text b', 'text a']);
    expect(candidateTexts(t, 'sentence+context')).toEqual(['text b ctx', 'text a']);
  });

  it('names the file and row of a duplicate id', async () => {
    const p = join(dir, 'dup.parquet');
    await writeArtifact(p, 'corpus', corpus(['a', 'b', 'a']));
    const err = await readTextTable(p, 'doc_id').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataError);
    expect((err as Error).message).toContain(`${p}: row 3: duplicate doc_id "a" (also row 1)`);
  });

  it('names a missing column', async () => {
    const p = join(dir, 'q.parquet');
    await writeArtifact(p, 'corpus', corpus(['a']));
    await expect(readTextTable(p, 'query_id')).rejects.toThrow(/column "query_id" is missing/);
  });
});

describe('ids and groups', () => {
  it('orders ids by code point (astral characters after the BMP), like Python', () => {
    const ids = ['b', 'a\u{1F600}', 'a\uFFFF', 'a', 'ab'];
    // Python: sorted(['b','a😀','a\uffff','a','ab']) → ['a', 'ab', 'a\uffff', 'a😀', 'b']
    expect([...ids].sort(compareIds)).toEqual(['a', 'ab', 'a\uFFFF', 'a\u{1F600}', 'b']);
    expect(Array.from(idTieKeys(ids))).toEqual([4, 3, 2, 0, 1]);
  });

  it('groups rows by value, values sorted', () => {
    const g = groupRows(['y', 'x', 'y']);
    expect([...g.keys()]).toEqual(['x', 'y']);
    expect(Array.from(g.get('y')!)).toEqual([0, 2]);
  });
});
