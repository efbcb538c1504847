import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { describe, expect, it } from 'vitest';
import { readEmbeddings, writeEmbeddings } from './embeddings-ipc.js';

describe('embeddings Arrow IPC', () => {
  it('round-trips a FixedSizeList<Float32> matrix exactly', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-ipc-'));
    const p = join(dir, 'e.arrow');
    const vectors = new Float32Array(1000 * 8).map((_, i) => Math.sin(i) * 1e3);
    const ids = Array.from({ length: 1000 }, (_, i) => `doc-${i}`);
    const langs = ids.map((_, i) => (i % 2 ? 'en' : 'de'));
    await writeEmbeddings(p, { ids, langs, dim: 8, vectors });
    const back = await readEmbeddings(p);
    expect(back.dim).toBe(8);
    expect(back.ids).toEqual(ids);
    expect(back.langs).toEqual(langs);
    expect(Array.from(back.vectors)).toEqual(Array.from(vectors));
    const { readFile } = await import('node:fs/promises');
    const t = tableFromIPC(await readFile(p));
    expect(String(t.schema.fields[2]!.type)).toBe('FixedSizeList[8]<Float32>');
  });

  it('rejects a file that is not Arrow', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hbt-ipc-'));
    const p = join(dir, 'bad.arrow');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(p, 'not arrow at all');
    await expect(readEmbeddings(p)).rejects.toThrow(/bad\.arrow/);
  });
});
