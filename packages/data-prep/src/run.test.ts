import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { readRows } from '@hbt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runPrep, tempDir } from './test-utils/prep.js';

// Expected values are counted by hand from test-fixtures/data-prep/lareqa (see its README):
// en 6 questions / 8 sentences, de 6 / 9, es 5 / 7 (es has no q6); q1–q5 exist in 3 languages, q6 in 2.
const LAREQA = join(FIXTURES, 'lareqa');

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
function tmp(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}

async function sql(query: string): Promise<Record<string, unknown>[]> {
  const inst = await DuckDBInstance.create(':memory:');
  const con = await inst.connect();
  try {
    return (await con.runAndReadAll(query)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    con.closeSync();
    inst.closeSync();
  }
}

describe('prep stage on the tiny LAReQA fixture', () => {
  it('writes corpus, queries and qrels as LAReQA defines them, readable by DuckDB', async () => {
    const out = tmp();
    const { dir, manifest } = await runPrep(
      { eval: [{ name: 'tiny', format: 'lareqa', path: LAREQA }] },
      out,
      out,
    );
    const p = (f: string) => `'${join(dir, f)}'`;
    expect(
      await sql(
        `SELECT lang, count(*)::INT AS n FROM read_parquet(${p('corpus.parquet')}) GROUP BY lang ORDER BY lang`,
      ),
    ).toEqual([
      { lang: 'de', n: 9 },
      { lang: 'en', n: 8 },
      { lang: 'es', n: 7 },
    ]);
    expect(
      await sql(
        `SELECT lang, count(*)::INT AS n FROM read_parquet(${p('queries.parquet')}) GROUP BY lang ORDER BY lang`,
      ),
    ).toEqual([
      { lang: 'de', n: 6 },
      { lang: 'en', n: 6 },
      { lang: 'es', n: 5 },
    ]);
    // q1..q5: 3 languages x 3 relevant; q6: 2 x 2.
    expect(
      await sql(
        `SELECT count(*)::INT AS n, min(relevance)::INT AS lo, max(relevance)::INT AS hi FROM read_parquet(${p('qrels.parquet')})`,
      ),
    ).toEqual([{ n: 49, lo: 1, hi: 1 }]);
    // Every qrel points at a real candidate and a real query.
    expect(
      await sql(
        `SELECT count(*)::INT AS n FROM read_parquet(${p('qrels.parquet')}) q
         LEFT JOIN read_parquet(${p('corpus.parquet')}) c USING (doc_id)
         LEFT JOIN read_parquet(${p('queries.parquet')}) u USING (query_id)
         WHERE c.doc_id IS NULL OR u.query_id IS NULL`,
      ),
    ).toEqual([{ n: 0 }]);
    const rel = await sql(
      `SELECT doc_id FROM read_parquet(${p('qrels.parquet')}) WHERE query_id = 'tiny/de/q4' ORDER BY doc_id`,
    );
    expect(rel.map((r) => r.doc_id)).toEqual(['tiny/de/1-0', 'tiny/en/1-0', 'tiny/es/1-0']);
    const q6 = await sql(
      `SELECT doc_id FROM read_parquet(${p('qrels.parquet')}) WHERE query_id = 'tiny/en/q6' ORDER BY doc_id`,
    );
    expect(q6.map((r) => r.doc_id)).toEqual(['tiny/de/2-2', 'tiny/en/2-2']);

    const corpus = await readRows<Record<string, string | null>>(join(dir, 'corpus.parquet'));
    const doc = corpus.find((d) => d.doc_id === 'tiny/en/0-1')!;
    expect(doc).toEqual({
      doc_id: 'tiny/en/0-1',
      lang: 'en',
      text: 'It flows through ten countries.',
      context:
        'The Danube is the second-longest river in Europe. It flows through ten countries. Its source is in the Black Forest of Germany.',
      group_id: 'tiny/q2',
      dataset: 'tiny',
    });
    expect(corpus.find((d) => d.doc_id === 'tiny/de/1-2')).toMatchObject({
      text: 'Viele Touristen fahren auf ihm.',
      group_id: null,
    });
    const queries = await readRows<Record<string, string>>(join(dir, 'queries.parquet'));
    expect(queries.find((q) => q.query_id === 'tiny/es/q5')).toEqual({
      query_id: 'tiny/es/q5',
      lang: 'es',
      text: '¿Qué hace subir la masa?',
      group_id: 'tiny/q5',
      dataset: 'tiny',
    });
    const stats = manifest.stats as { datasets: Record<string, { languages: Record<string, unknown> }> };
    expect(stats.datasets.tiny!.languages.es).toEqual({
      questions: 5,
      candidates: 7,
      qrels: 15,
      train_pairs: 0,
      val_pairs: 0,
    });
    expect(manifest.outputs.map((o) => [o.name, o.rows])).toEqual([
      ['corpus.parquet', 24],
      ['datasets.parquet', 1],
      ['qrels.parquet', 49],
      ['queries.parquet', 17],
      ['train_pairs.parquet', 0],
      ['val_pairs.parquet', 0],
    ]);
  });

  it('builds every (query language, passage language) pair of a train dataset and evaluates it in-domain', async () => {
    const out = tmp();
    const { dir, manifest } = await runPrep(
      { train: [{ name: 'tiny', format: 'lareqa', path: LAREQA }], pairs: { hard_negatives: true } },
      out,
      out,
    );
    const train = await readRows<Record<string, string | null>>(join(dir, 'train_pairs.parquet'));
    const val = await readRows<Record<string, string | null>>(join(dir, 'val_pairs.parquet'));
    // 5 groups x 9 combinations + q6 x 4 = 49; 6 groups, 5% rounds to 0 -> at least 1 held out.
    expect(train.length + val.length).toBe(49);
    const valGroups = new Set(val.map((p) => p.group_id));
    expect(valGroups.size).toBe(1);
    expect(train.some((p) => valGroups.has(p.group_id))).toBe(false);
    const all = [...train, ...val];
    expect(new Set(all.map((p) => p.pair_id)).size).toBe(49);
    const p = all.find((x) => x.pair_id === 'tiny/q4/en-de')!;
    expect(p).toMatchObject({
      group_id: 'tiny/q4',
      query_text: 'Where does the Rhine end?',
      query_lang: 'en',
      pos_text: 'Der Rhein mündet in die Nordsee.',
      pos_lang: 'de',
      dataset: 'tiny',
    });
    expect(['Frachtschiffe nutzen ihn jeden Tag.', 'Viele Touristen fahren auf ihm.']).toContain(p.neg_text);
    // Train datasets with passages are in the eval artifacts too.
    expect(manifest.outputs.find((o) => o.name === 'corpus.parquet')!.rows).toBe(24);
    expect(
      (manifest.stats as { datasets: Record<string, { roles: string[] }> }).datasets.tiny!.roles,
    ).toEqual(['train', 'eval']);
  });

  it('caps pairs per group by seed, filters languages, and is byte-identical on re-run', async () => {
    const out = tmp();
    const cfg = (seed: number) => ({
      train: [{ name: 'tiny', format: 'lareqa', path: LAREQA }],
      pairs: { max_per_group: 2, seed, validation_fraction: 0 },
    });
    const a = await runPrep(cfg(1), out, join(out, 'a'));
    const b = await runPrep(cfg(1), out, join(out, 'b'));
    const c = await runPrep(cfg(2), out, join(out, 'c'));
    const pa = await readRows<{ pair_id: string }>(join(a.dir, 'train_pairs.parquet'));
    expect(pa.length).toBe(12);
    for (const f of ['corpus.parquet', 'train_pairs.parquet', 'qrels.parquet', 'manifest.json']) {
      expect(readFileSync(join(b.dir, f))).toEqual(readFileSync(join(a.dir, f)));
    }
    const pc = await readRows<{ pair_id: string }>(join(c.dir, 'train_pairs.parquet'));
    expect(pc.map((x) => x.pair_id)).not.toEqual(pa.map((x) => x.pair_id));
    const d = await runPrep(
      { ...cfg(1), pairs: { languages: ['en', 'de'], validation_fraction: 0 } },
      out,
      join(out, 'd'),
    );
    const pd = await readRows<{ query_lang: string; pos_lang: string }>(join(d.dir, 'train_pairs.parquet'));
    expect(pd.length).toBe(24);
    expect(pd.every((x) => x.query_lang !== 'es' && x.pos_lang !== 'es')).toBe(true);
  });

  it('reads only the first `limit` questions of each file', async () => {
    const o = tmp();
    const { manifest } = await runPrep(
      { eval: [{ name: 'tiny', format: 'lareqa', path: LAREQA, limit: 2 }] },
      o,
      o,
    );
    // q1, q2 of each language: all in the first paragraph (3 sentences in each language).
    expect(manifest.outputs.map((x) => [x.name, x.rows]).slice(0, 4)).toEqual([
      ['corpus.parquet', 9],
      ['datasets.parquet', 1],
      ['qrels.parquet', 2 * 3 * 3],
      ['queries.parquet', 6],
    ]);
  });

  it('is a cached no-op when only other sections or the mirror change, and re-runs when data changes', async () => {
    const out = tmp();
    const data = { eval: [{ name: 'tiny', format: 'lareqa', path: LAREQA }] };
    const first = await runPrep(data, out, out);
    expect(first.cached).toBe(false);
    const other = { sampler: { alpha: 0.9 }, model: { hidden: 64 }, seed: 99 };
    expect((await runPrep(data, out, out, { config: other })).cached).toBe(true);
    expect((await runPrep({ ...data, mirror: '/elsewhere' }, out, out)).cached).toBe(true);
    expect((await runPrep({ ...data, pairs: { seed: 5 } }, out, out)).cached).toBe(false);
  });
});
