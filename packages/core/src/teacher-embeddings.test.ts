import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { readTable, writeTable } from './parquet.js';
import { specs } from './schemas.js';
import { readTeacherEmbeddings, writeTeacherEmbeddings } from './teacher-embeddings.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-teacher-emb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('teacher embeddings', () => {
  it('round-trips texts and float32 vectors and looks texts up', async () => {
    const p = join(dir, 'embeddings.parquet');
    const v = Float32Array.from([0.1, -2, 3.5, 1e-8, 7, 0.3]);
    expect(await writeTeacherEmbeddings(p, ['Hello', 'Zürich', '😀'], v, 2)).toBe(3);
    const t = await readTeacherEmbeddings(p);
    expect(t.texts).toEqual(['Hello', 'Zürich', '😀']);
    expect(t.dim).toBe(2);
    expect(Array.from(t.get('Zürich')!)).toEqual(Array.from(v.subarray(2, 4)));
    expect(t.get('missing')).toBeNull();
    const meta = (await readTable(p)).metadata;
    expect(meta['hbt.artifact']).toBe('teacher_embeddings');
    expect(meta['hbt.dim']).toBe('2');
    expect(meta['ARROW:schema']).toBeDefined(); // FixedSizeList<Float32>[2] for pyarrow / polars
  });

  it('refuses unsorted or duplicate texts on write', async () => {
    const p = join(dir, 'e.parquet');
    await expect(writeTeacherEmbeddings(p, ['b', 'a'], new Float32Array(2), 1)).rejects.toThrow(/sorted/);
    await expect(writeTeacherEmbeddings(p, ['a', 'a'], new Float32Array(2), 1)).rejects.toThrow(/unique/);
  });

  it('names the file and row of a bad table', async () => {
    const p = join(dir, 'bad.parquet');
    const cols = specs([
      ['text', 'string'],
      ['embedding', 'list<float32>'],
    ]);
    await writeTable(p, cols, { text: ['a', 'b'], embedding: [[1, 2], [3]] });
    const e = await readTeacherEmbeddings(p).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(DataError);
    expect(String((e as DataError).message)).toMatch(/row 2: embedding has 1 values, expected 2/);
    expect((e as DataError).where.file).toBe(p);
    await writeTable(p, cols, { text: ['b', 'a'], embedding: [[1], [3]] });
    await expect(readTeacherEmbeddings(p)).rejects.toThrow(/row 2: texts are not unique and sorted/);
  });
});
