import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DATASET_FORMATS, DataError, readRows, specs, UsageError, writeTable } from '@hbt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { runPrep, tempDir } from '../test-utils/prep.js';
import { FORMAT_NAMES, FORMATS } from './index.js';

// The format registry, the generic parallel-text and sentences formats, and their bad inputs: each bad
// input stops prep with a DataError (exit 1) naming the file and line, and nothing is written.

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** A temp folder holding `files` (path → text). */
function folder(files: Record<string, string>): string {
  const t = tempDir('hbt-formats-');
  cleanup = t.cleanup;
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(t.dir, p, '..'), { recursive: true });
    writeFileSync(join(t.dir, p), text);
  }
  return t.dir;
}

async function failure(data: unknown, root: string): Promise<DataError | UsageError> {
  let err: unknown;
  try {
    await runPrep(data, root, join(root, 'out'));
  } catch (e) {
    err = e;
  }
  expect(err instanceof DataError || err instanceof UsageError, String(err)).toBe(true);
  expect(readdirSync(root).includes('out') ? readdirSync(join(root, 'out')) : []).toEqual([]);
  return err as DataError;
}

describe('the format registry', () => {
  it('has one record per name of the config table, named for it, with its task and settings', () => {
    expect(FORMAT_NAMES).toEqual(Object.keys(DATASET_FORMATS));
    for (const name of FORMAT_NAMES) {
      expect(FORMATS[name].name).toBe(name);
      expect(FORMATS[name].task !== null || FORMATS[name].train).toBe(true);
    }
    expect(FORMATS.ntrex.task).toBe('bitext');
    expect(FORMATS.afriqa.task).toBe('qa');
    expect(FORMATS['masakhane-news'].task).toBe('news');
    expect(FORMATS.miracl.task).toBe('trec');
    expect(FORMATS.sentences.task).toBeNull();
  });

  it('a setting the format does not read is a usage error naming it', async () => {
    const root = folder({ 'bt/news.en': 'a\n', 'bt/news.de': 'b\n' });
    const e = await failure({ eval: [{ name: 'bt', format: 'parallel', path: 'bt', split: 'test' }] }, root);
    expect(e.message).toMatch(/data\.eval\[0\]\.split: the parallel format does not read "split"/);
  });

  it('evaluation-only formats cannot be trained on', async () => {
    const root = folder({
      'NTREX-128/newstest2019-src.eng.txt': 'a\n',
      'NTREX-128/newstest2019-ref.hau.txt': 'b\n',
    });
    const e = await failure({ train: [{ name: 'nt', format: 'ntrex', path: '.' }] }, root);
    expect(e.message).toMatch(/evaluation data only/);
  });
});

describe('parallel text', () => {
  it('line-aligned files: bitext rows (ids <ds>/<lang>/<line>, groups <ds>/<line>) and cross pairs', async () => {
    const root = folder({ 'bt/news.en': 'one\ntwo\n', 'bt/news.swh': 'moja\nmbili\n', 'bt/README.md': 'x' });
    const { dir, manifest } = await runPrep(
      {
        eval: [{ name: 'bt', format: 'parallel', path: 'bt' }],
        train: [{ name: 'bt', format: 'parallel', path: 'bt' }],
      },
      root,
      join(root, 'out'),
      { config: {} },
    );
    const q = await readRows(join(dir, 'queries.parquet'));
    expect(q).toEqual([
      { query_id: 'bt/eng/0', lang: 'eng', text: 'one', group_id: 'bt/0', dataset: 'bt' },
      { query_id: 'bt/swa/0', lang: 'swa', text: 'moja', group_id: 'bt/0', dataset: 'bt' },
      { query_id: 'bt/eng/1', lang: 'eng', text: 'two', group_id: 'bt/1', dataset: 'bt' },
      { query_id: 'bt/swa/1', lang: 'swa', text: 'mbili', group_id: 'bt/1', dataset: 'bt' },
    ]);
    const stats = manifest.stats as { datasets: Record<string, Record<string, unknown>> };
    expect(stats.datasets.bt!.source_lang).toEqual({ eng: ['en'], swa: ['swh'] });
    expect(stats.datasets.bt!.not_read).toEqual([
      { file: join(root, 'bt', 'README.md'), reason: 'neither <name>.<lang>[.txt] nor .tsv' },
    ]);
    const pairs = [
      ...(await readRows<{ pair_id: string }>(join(dir, 'train_pairs.parquet'))),
      ...(await readRows<{ pair_id: string }>(join(dir, 'val_pairs.parquet'))),
    ].map((p) => p.pair_id);
    expect(pairs.sort()).toEqual(['bt/0/eng-swa', 'bt/0/swa-eng', 'bt/1/eng-swa', 'bt/1/swa-eng']);
    expect(await readRows(join(dir, 'datasets.parquet'))).toEqual([
      {
        dataset: 'bt',
        role: 'eval',
        format: 'parallel',
        task: 'bitext',
        pivot: 'eng',
        languages: ['eng', 'swa'],
      },
    ]);
  });

  it('a TSV whose header names the languages; "languages" accepts the source or the normalised code', async () => {
    const root = folder({ 'bt.tsv': 'en\tswh_Latn\tyo\none\tmoja\tọkan\n"two\tor"\tmbili\tmeji\n' });
    const { dir } = await runPrep(
      { eval: [{ name: 'bt', format: 'parallel', path: 'bt.tsv', languages: ['eng', 'swh'] }] },
      root,
      join(root, 'out'),
    );
    const q = await readRows<{ query_id: string; text: string }>(join(dir, 'queries.parquet'));
    expect(q.map((r) => [r.query_id, r.text])).toEqual([
      ['bt/eng/0', 'one'],
      ['bt/swa/0', 'moja'],
      ['bt/eng/1', 'two\tor'],
      ['bt/swa/1', 'mbili'],
    ]);
  });

  it('misaligned line counts: names the shorter file and its first missing line', async () => {
    const root = folder({ 'bt/news.en': 'one\ntwo\nthree\n', 'bt/news.hau': 'daya\nbiyu\n' });
    const e = await failure({ eval: [{ name: 'bt', format: 'parallel', path: 'bt' }] }, root);
    expect(e).toBeInstanceOf(DataError);
    expect((e as DataError).where.file).toBe(join(root, 'bt', 'news.hau'));
    expect((e as DataError).where.location).toBe('line 3');
    expect(e.message).toMatch(/news\.hau has 2 lines but news\.en has 3: the files are not line-aligned/);
  });

  it('a missing language file: a set with one language, or a language asked for that has no file', async () => {
    const root = folder({ 'bt/news.en': 'one\n', 'bt/news.hau': 'daya\n', 'bt/sport.en': 'goal\n' });
    const e = await failure({ eval: [{ name: 'bt', format: 'parallel', path: 'bt' }] }, root);
    expect(e.message).toMatch(
      /set "sport" has a file for one language only \(sport\.en\): a language file is missing/,
    );
    expect((e as DataError).where.file).toBe(join(root, 'bt'));
    const e2 = await failure(
      { eval: [{ name: 'bt', format: 'parallel', path: 'bt', languages: ['en', 'yor'] }] },
      root,
    );
    expect(e2).toBeInstanceOf(UsageError);
    expect(e2.message).toMatch(/language "yor" is not in bt/);
  });

  it('a TSV whose header does not name its languages: names the file, line 1 and the column', async () => {
    const root = folder({ 'bt.tsv': 'english\tsource\none\tdaya\n' });
    const e = await failure({ eval: [{ name: 'bt', format: 'parallel', path: 'bt.tsv' }] }, root);
    expect(e.message).toMatch(
      /the header does not name its languages: column 1 is "english", not a language code/,
    );
    expect((e as DataError).where).toMatchObject({ file: join(root, 'bt.tsv'), location: 'line 1' });
  });

  it('a TSV row with the wrong number of fields: names the line (or is skipped and counted)', async () => {
    const root = folder({ 'bt.tsv': 'en\thau\none\tdaya\ntwo\n' });
    const e = await failure({ eval: [{ name: 'bt', format: 'parallel', path: 'bt.tsv' }] }, root);
    expect((e as DataError).where).toMatchObject({ file: join(root, 'bt.tsv'), location: 'line 3' });
    const { manifest } = await runPrep(
      { eval: [{ name: 'bt', format: 'parallel', path: 'bt.tsv' }], on_invalid: 'skip' },
      root,
      join(root, 'out2'),
    );
    expect((manifest.stats as { skipped: { total: number } }).skipped.total).toBe(1);
  });
});

describe('sentences (SimCSE inputs)', () => {
  it('.txt, .jsonl and .parquet sentences become pairs whose query and positive are the same text', async () => {
    const root = folder({
      's/hau.txt': 'Ina kwana?\n\nLafiya lau.\n',
      's/news.en.jsonl': '{"text": "Good morning."}\n',
    });
    const { dir, manifest } = await runPrep(
      { train: [{ name: 's', format: 'sentences', path: 's' }], pairs: { validation_fraction: 0 } },
      root,
      join(root, 'out'),
    );
    const p = await readRows<Record<string, string | null>>(join(dir, 'train_pairs.parquet'));
    expect(p.map((r) => [r.pair_id, r.query_lang, r.query_text, r.pos_text === r.query_text])).toEqual([
      ['s/hau.txt/1', 'hau', 'Ina kwana?', true],
      ['s/hau.txt/3', 'hau', 'Lafiya lau.', true],
      ['s/news.en.jsonl/1', 'en', 'Good morning.', true],
    ]);
    // The empty line is counted, not silently dropped.
    expect((manifest.stats as { skipped: { total: number } }).skipped.total).toBe(1);
    expect(await readRows(join(dir, 'datasets.parquet'))).toEqual([]);
  });

  it('a Parquet "text" column, with "lang" for the file', async () => {
    const root = folder({});
    mkdirSync(join(root, 's'));
    await writeTable(join(root, 's', 'mono.parquet'), specs([['text', 'string']]), {
      text: ['Sannu.', 'Yaya kake?'],
    });
    const { dir } = await runPrep(
      {
        train: [{ name: 's', format: 'sentences', path: 's', lang: 'hau' }],
        pairs: { validation_fraction: 0 },
      },
      root,
      join(root, 'out'),
    );
    const p = await readRows<Record<string, string>>(join(dir, 'train_pairs.parquet'));
    expect(p.map((r) => [r.pair_id, r.query_lang, r.pos_text])).toEqual([
      ['s/mono.parquet/0', 'hau', 'Sannu.'],
      ['s/mono.parquet/1', 'hau', 'Yaya kake?'],
    ]);
  });

  it('a sentences file without a language: names the file', async () => {
    const root = folder({ 's/notes.txt': 'x\n' });
    const e = await failure({ train: [{ name: 's', format: 'sentences', path: 's' }] }, root);
    expect(e.message).toMatch(/no language: set "lang"/);
  });

  it('sentences cannot be evaluated', async () => {
    const root = folder({ 's/hau.txt': 'x\n' });
    const e = await failure({ eval: [{ name: 's', format: 'sentences', path: 's' }] }, root);
    expect(e.message).toMatch(/cannot be in data.eval/);
  });
});

describe('bad inputs of the low-resource layouts', () => {
  it('MAFAND-MT: a TSV whose header does not name its languages names the file and line 1', async () => {
    const root = folder({ 'data/tsv_files/en-hau/test.tsv': 'english\thausa\none\tdaya\n' });
    const e = await failure({ eval: [{ name: 'm', format: 'mafand-mt', path: '.' }] }, root);
    expect(e.message).toMatch(/the header does not name its languages: column 1 is "english"/);
    expect((e as DataError).where).toMatchObject({
      file: join(root, 'data/tsv_files/en-hau/test.tsv'),
      location: 'line 1',
    });
  });

  it('MAFAND-MT: a header naming other languages than the folder', async () => {
    const root = folder({ 'data/tsv_files/en-hau/test.tsv': 'en\tyor\none\tdaya\n' });
    const e = await failure({ eval: [{ name: 'm', format: 'mafand-mt', path: '.' }] }, root);
    expect(e.message).toMatch(/the header names en and yor, but the folder is en-hau/);
  });

  it('Tatoeba: a pair with one of its two files missing names the missing file', async () => {
    const root = folder({ 'data/tatoeba/v1/tatoeba.afr-eng.afr': 'Hallo\n' });
    const e = await failure({ eval: [{ name: 't', format: 'tatoeba', path: '.' }] }, root);
    expect(e.message).toMatch(/tatoeba\.afr-eng\.eng is missing/);
    expect((e as DataError).where.file).toBe(join(root, 'data/tatoeba/v1/tatoeba.afr-eng.eng'));
  });

  it('NTREX: misaligned translations name the shorter file', async () => {
    const root = folder({
      'NTREX-128/newstest2019-src.eng.txt': 'a\nb\n',
      'NTREX-128/newstest2019-ref.hau.txt': 'a\n',
    });
    const e = await failure({ eval: [{ name: 'n', format: 'ntrex', path: '.' }] }, root);
    expect((e as DataError).where).toMatchObject({
      file: join(root, 'NTREX-128/newstest2019-ref.hau.txt'),
      location: 'line 2',
    });
  });
});
