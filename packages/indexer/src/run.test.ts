import { mkdtempSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  memoryLogger,
  type ResolvedConfig,
  readEmbeddings,
  readTable,
  runStage,
  silentProgress,
  stageDir,
  validate,
  writeArtifact,
} from '@hbt/core';
import { createModel, embedTexts, initBackend, loadModel, saveModel, tf, trainWordPiece } from '@hbt/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadIndexed } from './load.js';
import { CORPUS_FILE, indexStageSpec, QUERIES_FILE, run } from './run.js';
import { readRun } from './run-table.js';
import { searchSetting, settingQueryCount } from './setting.js';
import { encodeShard, shardBase, shardFolder, shardKey } from './shard-job.js';

// End to end on a tiny model (1 layer, hidden 16) and tiny prep tables: two datasets, two languages.
const root = mkdtempSync(join(tmpdir(), 'hbt-index-'));
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const CORPUS = {
  doc_id: ['x-en-2', 'x-de-1', 'x-en-1', 'x-de-2', 'y-en-1', 'y-en-2', 'y-en-3'],
  lang: ['en', 'de', 'en', 'de', 'en', 'en', 'en'],
  text: [
    'The river flows north.',
    'Der Fluss fließt nach Norden.',
    'Paris is the capital.',
    'Paris ist die Hauptstadt.',
    'Cats sleep a lot.',
    'Dogs bark at night.',
    'Birds sing in spring.',
  ],
  context: [
    'Paris is the capital. The river flows north.',
    'Paris ist die Hauptstadt. Der Fluss fließt nach Norden.',
    'Paris is the capital. The river flows north.',
    'Paris ist die Hauptstadt. Der Fluss fließt nach Norden.',
    null,
    null,
    null,
  ],
  group_id: ['g2', 'g1', 'g1', 'g2', null, null, null],
  dataset: ['x', 'x', 'x', 'x', 'y', 'y', 'y'],
};
const QUERIES = {
  query_id: ['qx-de', 'qy-en', 'qx-en', 'qz-en'],
  lang: ['de', 'en', 'en', 'en'],
  text: [
    'Was ist die Hauptstadt?',
    'Which animal barks?',
    'Where does the river flow?',
    'Nobody has my dataset',
  ],
  group_id: ['g1', null, 'g2', null],
  dataset: ['x', 'y', 'x', 'z'],
};

function config(index: Record<string, unknown> = {}): ResolvedConfig {
  const raw = {
    artifacts: 'artifacts',
    model: { hidden: 16, layers: 1, heads: 2, intermediate: 32, max_length: 16, dropout: 0 },
    index: { top_k: 3, batch_size: 2, candidate_text: 'sentence+context', ...index },
  };
  return { config: validate(raw, 'test'), baseDir: root, file: join(root, 'hbt.json'), variant: 'default' };
}

let modelDir: string;
beforeAll(async () => {
  await initBackend('wasm');
  const rc = config();
  const prep = stageDir(rc, 'prep');
  await writeArtifact(join(prep, 'corpus.parquet'), 'corpus', CORPUS);
  await writeArtifact(join(prep, 'queries.parquet'), 'queries', QUERIES);
  const texts = [...CORPUS.text, ...QUERIES.text, ...CORPUS.context.filter((c): c is string => c !== null)];
  const tok = trainWordPiece(['Query: Passage:', ...texts], { vocabSize: 120 });
  const model = createModel(rc.config.model, tok, 5);
  modelDir = join(stageDir(rc, 'train'), 'model');
  await saveModel(model, modelDir);
  model.encoder.dispose();
});

async function runIndex(rc: ResolvedConfig, force = false) {
  const log = memoryLogger();
  const { spec, inputs } = indexStageSpec(rc, { log, progress: silentProgress, backend: 'wasm', force });
  const res = await runStage(spec, (ctx) => run(inputs, rc.config, ctx));
  return { res, log, dir: spec.dir, inputs };
}

async function duck(sql: string) {
  const inst = await DuckDBInstance.create(':memory:');
  const conn = await inst.connect();
  const rows = (await conn.runAndReadAll(sql)).getRowObjectsJS();
  conn.closeSync();
  inst.closeSync();
  return rows;
}

describe('index stage', () => {
  it('writes embeddings in prep order, with prefixes and sentence+context, and a same-dataset run', async () => {
    const rc = config();
    const { res, dir, inputs, log } = await runIndex(rc);
    expect(res.cached).toBe(false);
    expect(inputs.model).toBe(modelDir); // no best/, so model/
    const q = await readEmbeddings(join(dir, QUERIES_FILE));
    const c = await readEmbeddings(join(dir, CORPUS_FILE));
    expect(q.ids).toEqual(QUERIES.query_id);
    expect(q.langs).toEqual(QUERIES.lang);
    expect(c.ids).toEqual(CORPUS.doc_id);
    expect(c.langs).toEqual(CORPUS.lang);
    expect(q.dim).toBe(16);
    expect(c.vectors.length).toBe(7 * 16);

    // Each vector is the model's embedding of the prefixed text, encoded alone (no batching, no sorting).
    const model = await loadModel(modelDir);
    const one = async (t: string) => embedTexts(model, [t], { batchSize: 1, maxLength: 16 });
    const d0 = await one(`Passage: ${CORPUS.text[0]} ${CORPUS.context[0]}`);
    const d4 = await one(`Passage: ${CORPUS.text[4]}`); // null context → the sentence alone
    const q1 = await one(`Query: ${QUERIES.text[1]}`);
    model.encoder.dispose();
    const close = (a: Float32Array, b: Float32Array) => {
      for (let i = 0; i < a.length; i++) expect(Math.abs(a[i]! - b[i]!)).toBeLessThan(1e-5);
    };
    close(c.vectors.subarray(0, 16), d0);
    close(c.vectors.subarray(4 * 16, 5 * 16), d4);
    close(q.vectors.subarray(16, 32), q1);

    // run.parquet: top 3 per query among its own dataset's candidates, scores = the float64 inner
    // products of the stored embeddings, order score desc then doc_id asc. qz-en (dataset z) has none.
    const runT = await readRun(join(dir, 'run.parquet'));
    const expected: Array<[string, string, number, number]> = [];
    QUERIES.query_id.forEach((qid, qi) => {
      const cands = CORPUS.doc_id
        .map((id, ci) => ({ id, ci }))
        .filter(({ ci }) => CORPUS.dataset[ci] === QUERIES.dataset[qi]);
      const scored = cands.map(({ id, ci }) => {
        let s = 0;
        for (let d = 0; d < 16; d++) s += q.vectors[qi * 16 + d]! * c.vectors[ci * 16 + d]!;
        return { id, s };
      });
      scored.sort((a, b) => b.s - a.s || (a.id < b.id ? -1 : 1));
      scored.slice(0, 3).forEach((x, r) => {
        expected.push([qid, x.id, r + 1, x.s]);
      });
    });
    expect(runT.query_id.length).toBe(expected.length); // 3 + 3 + 3 + 0
    expected.forEach(([qid, did, rank, s], i) => {
      expect([runT.query_id[i], runT.doc_id[i], runT.rank[i]]).toEqual([qid, did, rank]);
      expect(Math.abs(runT.score[i]! - s)).toBeLessThan(1e-5);
    });
    expect(log.lines.some((l) => l.includes('1 queries belong to datasets without candidates'))).toBe(true);

    const m = res.manifest;
    expect(m.backend).toBe('wasm');
    expect(m.stats).toMatchObject({
      dim: 16,
      queries: 4,
      candidates: 7,
      run_rows: 9,
      queries_without_candidates: 1,
    });
    expect(m.stats.datasets).toEqual({ x: { queries: 2, candidates: 4 }, y: { queries: 1, candidates: 3 } });
    expect(m.outputs.map((o) => o.name)).toEqual(['corpus.arrow', 'queries.arrow', 'run.parquet']);

    // DuckDB reads run.parquet with the schema's types.
    const rows = await duck(
      `SELECT query_id, doc_id, rank, score, typeof(rank) AS tr, typeof(score) AS ts FROM read_parquet('${join(dir, 'run.parquet')}') ORDER BY query_id, rank`,
    );
    expect(rows.length).toBe(9);
    expect(rows[0]).toMatchObject({ query_id: 'qx-de', rank: 1, tr: 'INTEGER', ts: 'FLOAT' });
  });

  it('is cached on a second run, byte-identical when forced, and leaks no tensors', async () => {
    const rc = config();
    const first = await runIndex(rc);
    expect(first.res.cached).toBe(true);
    const before = await readFile(join(first.dir, 'run.parquet'));
    const beforeEmb = await readFile(join(first.dir, CORPUS_FILE));
    const tensors = tf.memory().numTensors;
    const again = await runIndex(rc, true);
    expect(again.res.cached).toBe(false);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(await readFile(join(first.dir, 'run.parquet'))).toEqual(before);
    expect(await readFile(join(first.dir, CORPUS_FILE))).toEqual(beforeEmb);
  });

  it('keeps the cache when only index.threads changes (results do not depend on it)', async () => {
    const { res } = await runIndex(config({ threads: 'auto' }));
    expect(res.cached).toBe(true);
  });

  it('changes the cache key with the candidate text and re-encodes', async () => {
    const rc = config({ candidate_text: 'sentence' });
    const { res } = await runIndex(rc);
    expect(res.cached).toBe(false);
    expect(res.manifest.stats.candidate_text).toBe('sentence');
  });

  it('searches a setting again from the stored embeddings (cross-lingual de → en)', async () => {
    const rc = config();
    await runIndex(rc);
    const { queries, corpus } = await loadIndexed(stageDir(rc, 'index'), stageDir(rc, 'prep'));
    expect(queries.datasets).toEqual(QUERIES.dataset);
    const r = await searchSetting(queries, corpus, { queryLangs: ['de'], docLangs: ['en'] }, { k: 5 });
    expect(r.results.length).toBe(1);
    expect(Array.from(r.results[0]!.queryRows)).toEqual([0]);
    const docs = Array.from(r.results[0]!.rows).map((i) => CORPUS.doc_id[i]);
    expect(docs.sort()).toEqual(['x-en-1', 'x-en-2']);
    expect(r.datasets).toEqual({ x: { queries: 1, candidates: 2 } });
    // The progress total is the queries searched: de queries exist only in x; with docLangs de, y's en
    // queries have no candidate and are not counted.
    expect(settingQueryCount(queries, corpus, { queryLangs: ['de'], docLangs: ['en'] })).toBe(1);
    const ticked: number[] = [];
    const bar = { tick: (n = 1) => void ticked.push(n), done() {} };
    const all = { queryLangs: null, docLangs: ['de'] };
    const n = settingQueryCount(queries, corpus, all);
    await searchSetting(queries, corpus, all, { k: 5, progress: bar });
    expect(ticked.reduce((a, b) => a + b, 0)).toBe(n);
    expect(n).toBeLessThan(queries.ids.length);
  });

  it('with ann = lancedb, measures recall against exact search (flat below min_rows → 1)', async () => {
    const rc = config({ ann: 'lancedb', lancedb: { recall_queries: 10 } });
    const { res, dir } = await runIndex(rc);
    const ann = res.manifest.stats.ann as Record<string, unknown>;
    expect(ann).toMatchObject({ backend: 'lancedb', recall_queries: 3, recall_at_10: 1, recall_at_k: 1 });
    expect(ann.datasets).toEqual({
      x: { index: 'flat', rows: 4, partitions: null },
      y: { index: 'flat', rows: 3, partitions: null },
    });
    expect(res.manifest.seed).toBe(13);
    const t = await readTable(join(dir, 'run.parquet'));
    expect(t.numRows).toBe(9);
  });

  it('uses train/best when it exists, and names a missing model folder', async () => {
    const rc = config();
    const { inputs } = indexStageSpec(rc, {
      log: memoryLogger(),
      progress: silentProgress,
      backend: 'wasm',
      model: modelDir,
    });
    expect(inputs.model).toBe(modelDir);
    expect(() =>
      indexStageSpec(rc, {
        log: memoryLogger(),
        progress: silentProgress,
        backend: 'wasm',
        model: join(root, 'nope'),
      }),
    ).toThrow(/model folder not found/);
  });
});

describe('index stage with sharded encoding', () => {
  // encode_chunk 2: the 7 corpus rows are 4 chunks, so 4 shards hold 2, 2, 2 and 1 rows.
  const sharded = (shards: number) => config({ encode_chunk: 2, shards, shard_dir: join(root, 'shards') });

  it('4 shard jobs at once + the stage = the single-job stage, byte for byte', async () => {
    const single = config({ encode_chunk: 2 });
    const one = await runIndex(single, true);
    const files = ['corpus.arrow', 'queries.arrow', 'run.parquet'];
    const want = await Promise.all(files.map((f) => readFile(join(one.dir, f))));

    const rc = sharded(4);
    const inputs = { corpus: one.inputs.corpus, model: one.inputs.model };
    const key = await shardKey(inputs, rc.config, 'wasm');
    const dir = shardFolder(shardBase(rc), key);
    const env = { log: memoryLogger(), progress: silentProgress, backend: 'wasm' };
    const jobs = await Promise.all(
      [0, 1, 2, 3].map((index) => encodeShard(inputs, rc.config, { index, count: 4 }, dir, key, env)),
    );
    expect(jobs.map((j) => j.meta.end - j.meta.start)).toEqual([2, 2, 2, 1]);
    const res = await runIndex(rc, true);
    expect(res.res.cached).toBe(false);
    const got = await Promise.all(files.map((f) => readFile(join(res.dir, f))));
    got.forEach((g, i) => {
      expect(g.equals(want[i]!), files[i]).toBe(true);
    });
    expect(res.log.lines.some((l) => l.includes('corpus vectors from 4 shards'))).toBe(true);
  });

  it('a missing shard is an error naming it; nothing is written', async () => {
    const rc = sharded(4);
    const { spec } = indexStageSpec(rc, { log: memoryLogger(), progress: silentProgress, backend: 'wasm' });
    const key = await shardKey(
      { corpus: join(stageDir(rc, 'prep'), 'corpus.parquet'), model: modelDir },
      rc.config,
      'wasm',
    );
    await rm(join(shardFolder(shardBase(rc), key), 'corpus-00002-of-00004.arrow'));
    const before = await readFile(join(spec.dir, 'run.parquet'));
    await expect(runIndex(rc, true)).rejects.toThrow(/corpus-00002-of-00004\.arrow: shard 2\/4 is missing/);
    expect(await readFile(join(spec.dir, 'run.parquet'))).toEqual(before);
  });
});
