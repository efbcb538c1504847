// Writes the report fixture's Parquet files with DuckDB (an independent Parquet writer, so the report's
// tests also check that it reads other writers' files). Called by make_fixture.py, which computes the rows
// with numpy and passes them as JSON: node write-parquet.mjs MANIFEST.json, where the manifest lists
// [{ "json": rows file (array of objects), "parquet": output path, "columns": { name: DuckDB type } }].
// Each JSON file is removed once its Parquet file is written.
import { readFileSync, rmSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';

const manifest = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const inst = await DuckDBInstance.create(':memory:');
const conn = await inst.connect();
const quote = (s) => `'${s.replaceAll("'", "''")}'`;
for (const f of manifest) {
  const cols = Object.entries(f.columns)
    .map(([name, type]) => `${quote(name)}: ${quote(type)}`)
    .join(', ');
  await conn.run(
    `COPY (SELECT * FROM read_json(${quote(f.json)}, format = 'array', columns = {${cols}}))
     TO ${quote(f.parquet)} (FORMAT parquet, COMPRESSION zstd)`,
  );
  rmSync(f.json);
}
conn.closeSync();
inst.closeSync();
