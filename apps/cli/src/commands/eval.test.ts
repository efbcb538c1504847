import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readManifest, readRows, writeArtifact, writeEmbeddings } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { evalCommand } from './eval.js';

// `hbt eval` in-process on a two-query experiment: finds <artifacts>/prep and the index stage's
// embeddings, writes <artifacts>/variants/default/eval/{metrics,per_query}.parquet with a manifest, is
// cached on the second run, and exports TREC files on request. Values are tested in @hbt/evaluator.
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-eval-'));
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
  vi.restoreAllMocks();
});

const cli = async (args: string[]) => {
  let err = '';
  let out = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  await yargs().command(evalCommand).strict().exitProcess(false).parseAsync(args);
  vi.restoreAllMocks();
  return { err, out, code: Number(process.exitCode ?? 0) };
};

describe('hbt eval', () => {
  it('says which stage to run when the embeddings are missing (exit 2)', async () => {
    const config = join(root, 'hbt.json');
    await writeFile(config, JSON.stringify({ eval: { measures: ['AP', 'R@1'] } }));
    const prep = join(root, 'artifacts', 'prep');
    await writeArtifact(join(prep, 'queries.parquet'), 'queries', {
      query_id: ['t/en/q1', 't/de/q1'],
      lang: ['en', 'de'],
      text: ['a?', 'b?'],
      group_id: ['g', 'g'],
      dataset: ['t', 't'],
    });
    await writeArtifact(join(prep, 'corpus.parquet'), 'corpus', {
      doc_id: ['t/en/d1', 't/en/d2', 't/de/d1'],
      lang: ['en', 'en', 'de'],
      text: ['x', 'y', 'z'],
      context: [null, null, null],
      group_id: [null, null, null],
      dataset: ['t', 't', 't'],
    });
    await writeArtifact(join(prep, 'qrels.parquet'), 'qrels', {
      query_id: ['t/en/q1', 't/en/q1', 't/de/q1', 't/de/q1'],
      doc_id: ['t/en/d1', 't/de/d1', 't/en/d1', 't/de/d1'],
      relevance: [1, 1, 1, 1],
    });
    const r = await cli(['eval', '-c', config]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/index[/\\]queries\.arrow, which does not exist/);
    expect(r.err).toMatch(/run `hbt index -c /);
  });

  it('runs the stage, caches it, and exports TREC files', async () => {
    const config = join(root, 'hbt.json');
    const index = join(root, 'artifacts', 'variants', 'default', 'index');
    await writeEmbeddings(join(index, 'queries.arrow'), {
      ids: ['t/en/q1', 't/de/q1'],
      langs: ['en', 'de'],
      dim: 2,
      vectors: Float32Array.from([1, 0, 0, 1]),
    });
    await writeEmbeddings(join(index, 'corpus.arrow'), {
      ids: ['t/en/d1', 't/en/d2', 't/de/d1'],
      langs: ['en', 'en', 'de'],
      dim: 2,
      vectors: Float32Array.from([0.5, 0.1, 0.9, 0.2, 0.2, 0.8]),
    });
    const first = await cli([
      'eval',
      '-c',
      config,
      '--export-trec',
      join(root, 'trec'),
      '--export-depth',
      '0',
    ]);
    expect(first.code).toBe(0);
    const dir = join(root, 'artifacts', 'variants', 'default', 'eval');
    const m = await readManifest(dir);
    expect(m?.stage).toBe('eval');
    const rows = await readRows<{
      setting: string;
      query_lang: string;
      doc_lang: string;
      measure: string;
      value: number;
    }>(join(dir, 'metrics.parquet'));
    // en query: en d2 (.9) is ranked above the relevant d1 (.5) → mono AP 1/2.
    expect(rows.find((r) => r.setting === 'mono' && r.query_lang === 'en' && r.measure === 'AP')?.value).toBe(
      0.5,
    );
    expect(existsSync(join(dir, 'per_query.parquet'))).toBe(true);
    expect(readdirSync(join(root, 'trec', 'default', 't', 'multi')).sort()).toEqual([
      'de-all.qrels.gz',
      'de-all.run.gz',
      'en-all.qrels.gz',
      'en-all.run.gz',
    ]);
    // Only what is asked: one setting, one language.
    const only = await cli([
      'eval',
      '-c',
      config,
      '--export-trec',
      join(root, 'only'),
      '--export-setting',
      'mono',
      '--export-lang',
      'de',
    ]);
    expect(only.code).toBe(0);
    expect(readdirSync(join(root, 'only', 'default', 't'))).toEqual(['mono']);
    expect(readdirSync(join(root, 'only', 'default', 't', 'mono')).sort()).toEqual([
      'de-de.qrels.gz',
      'de-de.run.gz',
    ]);
    // Every relevant candidate is within the depth: no caveat.
    expect(only.err).not.toMatch(/AP \(mAP\) from a list cut/);
    // At depth 1 the en query's relevant d1 (rank 2 in en, after d2) is cut: the AP caveat, counted; the
    // list holds the top candidate alone, and --json says how many lines and cut lists were written.
    const cut = await cli([
      'eval',
      '-c',
      config,
      '--export-trec',
      join(root, 'cut'),
      '--export-setting',
      'mono',
      '--export-depth',
      '1',
      '--json',
    ]);
    expect(cut.code).toBe(0);
    expect(cut.err).toMatch(
      /1 exported lists end at depth 1 before their last relevant candidate: AP \(mAP\) from a list cut/,
    );
    expect(
      gunzipSync(readFileSync(join(root, 'cut', 'default', 't', 'mono', 'en-en.run.gz'))).toString(),
    ).toBe('t/en/q1 Q0 t/en/d2 1 0.9 hbt\n');
    expect(JSON.parse(cut.out).variants[0].trec).toMatchObject({ lines: 2, truncated: 1 });
    expect(
      (await cli(['eval', '-c', config, '--export-trec', join(root, 'x'), '--export-gzip-level', '0'])).code,
    ).toBe(2);
    process.exitCode = undefined; // this file's cli() does not clear it
    const second = await cli(['eval', '-c', config, '--json']);
    expect(second.code).toBe(0);
    expect(second.err).toMatch(/eval: up to date/);
    // --json: one line on stdout with the stage's outcome and its macro averages.
    expect(second.out.trim().split('\n')).toHaveLength(1);
    const j = JSON.parse(second.out) as {
      command: string;
      variants: Array<{ variant: string; cached: boolean; metrics: Array<Record<string, unknown>> }>;
    };
    expect(j.command).toBe('eval');
    expect(j.variants[0]).toMatchObject({ variant: 'default', cached: true });
    expect(j.variants[0]!.metrics).toContainEqual(
      expect.objectContaining({ setting: 'mono', measure: 'AP', query_lang: '*', doc_lang: '*' }),
    );
    // As `hbt run` calls it: its own argv, without this command's options.
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const argv = { config, set: [], force: false, quiet: true, verbose: false, _: ['run'], $0: 'hbt' };
    await (evalCommand.handler as (a: typeof argv) => Promise<void>)(argv);
    expect(Number(process.exitCode ?? 0)).toBe(0);
  });
});
