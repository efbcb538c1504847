import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { FixedSizeList, tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from './errors.js';
import { CREATED_BY, readTable, writeArtifact, writeTable } from './parquet.js';
import { specs } from './schemas.js';

// Interop with an independent reader/writer: DuckDB's node package.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hbt-parquet-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function duck(sql: string) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const reader = await conn.runAndReadAll(sql);
  const rows = reader.getRowObjectsJS();
  const types = reader.columnTypes().map((t) => t.toString());
  conn.closeSync();
  inst.closeSync();
  return { rows, types, names: reader.columnNames() };
}

describe('Parquet', () => {
  it('a file written by hbt is read by DuckDB with identical rows and types', async () => {
    const p = join(dir, 'corpus.parquet');
    const cols = {
      doc_id: ['d1', 'd2', 'd3'],
      lang: ['en', 'zh', 'ar'],
      text: ['Hello.', '你好。', 'مرحبا'],
      context: ['Hello. World.', null, 'ctx'],
      group_id: ['g1', null, 'g1'],
      dataset: ['x', 'x', 'x'],
    };
    expect(await writeArtifact(p, 'corpus', cols)).toBe(3);
    const d = await duck(`SELECT * FROM read_parquet('${p}')`);
    expect(d.names).toEqual(['doc_id', 'lang', 'text', 'context', 'group_id', 'dataset']);
    expect(d.types).toEqual(['VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR', 'VARCHAR']);
    expect(d.rows.map((r) => r.text)).toEqual(cols.text);
    expect(d.rows.map((r) => r.context)).toEqual(cols.context);
    expect(d.rows.map((r) => r.group_id)).toEqual(cols.group_id);
  });

  it('numeric and list<float32> columns keep their types in DuckDB', async () => {
    const p = join(dir, 'emb.parquet');
    const emb = [new Float32Array([0.5, -1.25, 3]), new Float32Array([1e-3, 0, 2.5])];
    await writeTable(
      p,
      specs([
        ['id', 'string'],
        ['rank', 'int32'],
        ['score', 'float32'],
        ['value', 'float64'],
        ['flag', 'bool'],
        ['embedding', 'list<float32>'],
      ]),
      {
        id: ['a', 'b'],
        rank: [1, 2],
        score: [0.25, -0.5],
        value: [Math.PI, 1e-12],
        flag: [true, false],
        embedding: emb,
      },
    );
    const d = await duck(`SELECT * FROM read_parquet('${p}')`);
    expect(d.types).toEqual(['VARCHAR', 'INTEGER', 'FLOAT', 'DOUBLE', 'BOOLEAN', 'FLOAT[]']);
    expect(d.rows[0]).toMatchObject({ id: 'a', rank: 1, score: 0.25, value: Math.PI, flag: true });
    expect(d.rows[1]!.value).toBe(1e-12);
    expect(d.rows.map((r) => r.embedding)).toEqual(emb.map((e) => Array.from(e)));
    const back = await readTable(p);
    expect(back.columns.embedding!.map((e) => Array.from(e as number[]))).toEqual(
      emb.map((e) => Array.from(e)),
    );
    expect(back.columns.rank).toEqual([1, 2]);
  });

  it('carries column statistics and created_by with the hbt version (DuckDB parquet_metadata)', async () => {
    const p = join(dir, 'stats.parquet');
    await writeArtifact(p, 'qrels', {
      query_id: ['q2', 'q1', 'q3'],
      doc_id: ['d', 'e', 'f'],
      relevance: [2, 0, 1],
    });
    const meta = await duck(`SELECT created_by FROM parquet_file_metadata('${p}')`);
    expect(CREATED_BY).toMatch(/^hbt version \d+\.\d+\.\d+/);
    expect(meta.rows[0]!.created_by).toBe(CREATED_BY);
    const stats = await duck(
      `SELECT path_in_schema AS col, stats_min_value AS lo, stats_max_value AS hi, stats_null_count AS nulls FROM parquet_metadata('${p}') ORDER BY column_id`,
    );
    expect(stats.rows).toEqual([
      { col: 'query_id', lo: 'q1', hi: 'q3', nulls: 0n },
      { col: 'doc_id', lo: 'd', hi: 'f', nulls: 0n },
      { col: 'relevance', lo: '0', hi: '2', nulls: 0n },
    ]);
  });

  it('an embedding column of fixed size is recorded as FixedSizeList<Float32>[d], and casts to FLOAT[d] in DuckDB', async () => {
    const p = join(dir, 'fixed.parquet');
    const emb = [new Float32Array([1, 0, 0]), new Float32Array([0.6, 0.8, 0])];
    await writeTable(
      p,
      specs([
        ['id', 'string'],
        ['embedding', 'list<float32>', false, 3],
      ]),
      {
        id: ['a', 'b'],
        embedding: emb,
      },
    );
    const t = await readTable(p);
    const arrow = tableFromIPC(Buffer.from(t.metadata['ARROW:schema']!, 'base64'));
    const type = arrow.schema.fields[1]!.type as FixedSizeList;
    expect(type).toBeInstanceOf(FixedSizeList);
    expect(type.listSize).toBe(3);
    expect(arrow.schema.fields[1]!.nullable).toBe(false);
    // DuckDB reads Parquet lists as FLOAT[]; the cast to the fixed size is what its array functions take.
    const d = await duck(
      `SELECT id, array_cosine_similarity(embedding::FLOAT[3], [1, 0, 0]::FLOAT[3]) AS cos FROM read_parquet('${p}') ORDER BY id`,
    );
    expect(d.rows.map((r) => Number((r.cos as number).toFixed(6)))).toEqual([1, 0.6]);
    await expect(
      writeTable(join(dir, 'bad.parquet'), specs([['embedding', 'list<float32>', false, 3]]), {
        embedding: [new Float32Array(2)],
      }),
    ).rejects.toThrow(/row 0 has 2 values, expected 3/);
  });

  it('reads a ZSTD Parquet written by DuckDB', async () => {
    const p = join(dir, 'duck-zstd.parquet');
    await duck(
      `COPY (SELECT 'q' || i::VARCHAR AS query_id, i::INTEGER AS relevance, i * 0.5 AS score,
              [i::FLOAT, (i * 2)::FLOAT] AS vec, CASE WHEN i % 2 = 0 THEN NULL ELSE 'x' END AS maybe
            FROM range(1000) t(i))
       TO '${p}' (FORMAT parquet, COMPRESSION zstd)`,
    );
    const meta = await duck(`SELECT DISTINCT compression FROM parquet_metadata('${p}')`);
    expect(meta.rows.map((r) => r.compression)).toEqual(['ZSTD']);
    const t = await readTable(p);
    expect(t.numRows).toBe(1000);
    expect(t.columns.query_id![999]).toBe('q999');
    expect(t.columns.relevance![7]).toBe(7);
    expect(t.columns.score![3]).toBe(1.5);
    expect(Array.from(t.columns.vec![4] as number[])).toEqual([4, 8]);
    expect(t.columns.maybe![2]).toBeNull();
    expect(t.columns.maybe![3]).toBe('x');
  });

  it('rejects a truncated file with a DataError naming it', async () => {
    const good = join(dir, 'good.parquet');
    await writeArtifact(good, 'qrels', { query_id: ['q'], doc_id: ['d'], relevance: [1] });
    const { readFile } = await import('node:fs/promises');
    const bytes = await readFile(good);
    const bad = join(dir, 'truncated.parquet');
    await writeFile(bad, bytes.subarray(0, bytes.length - 20));
    await expect(readTable(bad)).rejects.toThrow(DataError);
    await expect(readTable(bad)).rejects.toThrow(/truncated\.parquet/);
  });

  it('refuses nulls in a non-nullable column and missing columns', async () => {
    const p = join(dir, 'x.parquet');
    await expect(
      writeArtifact(p, 'qrels', { query_id: [null], doc_id: ['d'], relevance: [1] }),
    ).rejects.toThrow(/query_id.*row 0/);
    await expect(writeArtifact(p, 'qrels', { query_id: ['q'], doc_id: ['d'] })).rejects.toThrow(/relevance/);
  });

  it('reads strings back exactly as written, a leading byte-order mark included', async () => {
    const path = join(dir, 'bom.parquet');
    const texts = ['\ufeffThe group has now transformed', 'plain', '\ufeff', 'mid\ufeffdle'];
    await writeTable(path, specs([['text', 'string', false]]), { text: texts });
    for (const strictStrings of [false, true]) {
      const t = await readTable(path, { strictStrings });
      expect(t.columns.text).toEqual(texts);
    }
  });

  it('same data gives byte-identical files', async () => {
    const { readFile } = await import('node:fs/promises');
    const cols = { query_id: ['a', 'b'], doc_id: ['x', 'y'], relevance: [1, 2] };
    await writeArtifact(join(dir, 'a.parquet'), 'qrels', cols);
    await writeArtifact(join(dir, 'b.parquet'), 'qrels', cols);
    expect(
      Buffer.compare(await readFile(join(dir, 'a.parquet')), await readFile(join(dir, 'b.parquet'))),
    ).toBe(0);
  });
});
