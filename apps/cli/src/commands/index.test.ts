import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readEmbeddings, readManifest, readTable, validate, writeArtifact } from '@hbt/core';
import { createModel, initBackend, saveModel, trainWordPiece } from '@hbt/models';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { indexCommand } from './index.js';

// `hbt index` in-process on a tiny experiment with two variants (a tiny saved model each; variant b
// also has train/best, which must win), then a TREC export of one cross-lingual setting.
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-index-'));
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
});
const art = join(root, 'artifacts');
const config = join(root, 'hbt.json');
const cli = (args: string[]) =>
  yargs()
    .command(indexCommand)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new Error(msg);
    })
    .parseAsync(args);

const langs = ['de', 'en', 'fr'];
const corpus = {
  doc_id: [] as string[],
  lang: [] as string[],
  text: [] as string[],
  context: [] as null[],
  group_id: [] as string[],
  dataset: [] as string[],
};
const queries = {
  query_id: [] as string[],
  lang: [] as string[],
  text: [] as string[],
  group_id: [] as string[],
  dataset: [] as string[],
};
const words = ['river', 'city', 'cat', 'dog', 'sun', 'rain'];
for (let g = 0; g < words.length; g++) {
  for (const l of langs) {
    corpus.doc_id.push(`d-${l}-${g}`);
    corpus.lang.push(l);
    corpus.text.push(`${l} ${words[g]} sentence ${g}.`);
    corpus.context.push(null);
    corpus.group_id.push(`g${g}`);
    corpus.dataset.push('toy');
    queries.query_id.push(`q-${l}-${g}`);
    queries.lang.push(l);
    queries.text.push(`${l} what about the ${words[g]}?`);
    queries.group_id.push(`g${g}`);
    queries.dataset.push('toy');
  }
}

beforeAll(async () => {
  await initBackend('wasm');
  await writeArtifact(join(art, 'prep', 'corpus.parquet'), 'corpus', corpus);
  await writeArtifact(join(art, 'prep', 'queries.parquet'), 'queries', queries);
  const cfg = {
    name: 'tiny',
    backend: 'wasm',
    model: { hidden: 16, layers: 1, heads: 2, intermediate: 32, max_length: 16, dropout: 0 },
    index: { top_k: 4, batch_size: 8 },
    variants: [{ name: 'a' }, { name: 'b' }],
  };
  await writeFile(config, JSON.stringify(cfg));
  const tok = trainWordPiece(['Query: Passage:', ...corpus.text, ...queries.text], { vocabSize: 100 });
  const modelCfg = validate(cfg, config).model;
  for (const [dir, seed] of [
    ['variants/a/train/model', 1],
    ['variants/b/train/model', 2],
    ['variants/b/train/best', 3],
  ] as const) {
    const m = createModel(modelCfg, tok, seed);
    await saveModel(m, join(art, dir));
    m.encoder.dispose();
  }
});

describe('hbt index', () => {
  it('indexes every variant, preferring train/best', async () => {
    await cli(['index', '--config', config, '--quiet']);
    expect(process.exitCode ?? 0).toBe(0);
    for (const v of ['a', 'b']) {
      const dir = join(art, 'variants', v, 'index');
      const m = await readManifest(dir);
      expect(m?.stage).toBe('index');
      expect(m?.backend).toBe('wasm');
      expect((await readTable(join(dir, 'run.parquet'))).numRows).toBe(18 * 4);
    }
    const mb = await readManifest(join(art, 'variants', 'b', 'index'));
    expect(mb?.inputs.find((i) => i.name === 'model')?.path).toBe(join(art, 'variants/b/train/best'));
    const ma = await readManifest(join(art, 'variants', 'a', 'index'));
    expect(ma?.inputs.find((i) => i.name === 'model')?.path).toBe(join(art, 'variants/a/train/model'));
  });

  it('exports a cross-lingual setting as a TREC run that matches a naive search of the embeddings', async () => {
    const out = join(root, 'de-en.trec');
    await cli([
      'index',
      '--config',
      config,
      '--variant',
      'a',
      '--quiet',
      '--export',
      out,
      '--query-lang',
      'de',
      '--doc-lang',
      'en',
      '--k',
      '3',
    ]);
    expect(process.exitCode ?? 0).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(' '));
    expect(lines.length).toBe(6 * 3);
    const q = await readEmbeddings(join(art, 'variants/a/index/queries.arrow'));
    const c = await readEmbeddings(join(art, 'variants/a/index/corpus.arrow'));
    const dim = q.dim;
    let li = 0;
    q.ids.forEach((qid, qi) => {
      if (q.langs[qi] !== 'de') return;
      const ranked = c.ids
        .map((id, ci) => {
          let s = 0;
          for (let d = 0; d < dim; d++) s += q.vectors[qi * dim + d]! * c.vectors[ci * dim + d]!;
          return { id, s, lang: c.langs[ci] };
        })
        .filter((x) => x.lang === 'en')
        .sort((x, y) => y.s - x.s || (x.id < y.id ? -1 : 1))
        .slice(0, 3);
      ranked.forEach((x, r) => {
        const [tq, q0, td, trank, tscore, tag] = lines[li++]!;
        expect([tq, q0, td, trank, tag]).toEqual([qid, 'Q0', x.id, String(r + 1), 'hbt-a']);
        expect(Math.abs(Number(tscore) - x.s)).toBeLessThan(1e-5);
      });
    });
  });

  it('refuses --export with several variants (exit 2), and filters without --export', async () => {
    await cli(['index', '--config', config, '--quiet', '--export', join(root, 'x.trec')]);
    expect(process.exitCode).toBe(2);
    expect(existsSync(join(root, 'x.trec'))).toBe(false);
    await expect(async () => cli(['index', '--config', config, '--query-lang', 'de'])).rejects.toThrow(
      /need --export/,
    );
  });

  it('--shard i/n jobs at once, then index.shards = n: the same files as one job; a missing shard exits 1 naming it', async () => {
    const dir = join(art, 'variants/a/index');
    const files = ['corpus.arrow', 'queries.arrow', 'run.parquet'];
    const base = ['index', '--config', config, '--variant', 'a', '--quiet', '--set', 'index.encode_chunk=5'];
    await cli([...base, '--force']);
    const want = files.map((f) => readFileSync(join(dir, f)));
    // 18 rows in chunks of 5: shards of 5, 5 and 8 rows.
    await Promise.all([0, 1, 2].map((i) => cli([...base, '--shard', `${i}/3`])));
    expect(process.exitCode ?? 0).toBe(0);
    const shardDir = join(art, 'variants/a/index-shards');
    const [keyDir] = readdirSync(shardDir);
    expect(readdirSync(join(shardDir, keyDir!)).filter((f) => f.endsWith('.arrow'))).toEqual([
      'corpus-00000-of-00003.arrow',
      'corpus-00001-of-00003.arrow',
      'corpus-00002-of-00003.arrow',
    ]);
    await cli([...base, '--set', 'index.shards=3', '--force']);
    expect(process.exitCode ?? 0).toBe(0);
    files.forEach((f, i) => {
      expect(readFileSync(join(dir, f)).equals(want[i]!), f).toBe(true);
    });
    await rm(join(shardDir, keyDir!, 'corpus-00001-of-00003.arrow'));
    const err = await captureStderr(() => cli([...base, '--set', 'index.shards=3', '--force']));
    expect(process.exitCode).toBe(1);
    expect(err).toMatch(/corpus-00001-of-00003\.arrow: shard 1\/3 is missing/);
    await cli([...base, '--set', 'index.shards=4', '--shard', '1/3']);
    expect(process.exitCode).toBe(2);
  });
});

async function captureStderr(f: () => Promise<unknown>): Promise<string> {
  const write = process.stderr.write.bind(process.stderr);
  let out = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    await f();
  } finally {
    process.stderr.write = write;
  }
  return out;
}
