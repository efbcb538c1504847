import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError, readRows, writeArtifact } from '@hbt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runPrep, tempDir } from './test-utils/prep.js';

// Every file that looks like data is read or reported: an entry with a data file's name that is not a
// regular file (a folder, a FIFO, a device, a dangling or looping link) stops prep with a DataError
// naming it and what it is — never "no such file", never passed over — and nothing is written. Text
// that is not UTF-8 is an error naming the file and line, or, with data.on_invalid, replaced or left
// out and counted in the manifest. No message quotes a file's contents.

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** A copy of test-fixtures/data-prep/<name> in a fresh folder; returns the folder holding the copy. */
function copyFixture(name: string): string {
  const t = tempDir();
  cleanup = t.cleanup;
  cpSync(join(FIXTURES, name), join(t.dir, name), { recursive: true });
  return t.dir;
}

/** The kinds of entry that are not regular files, each made at `p`, with the words its error uses. */
const NOT_REGULAR: Array<[string, (p: string) => void, RegExp]> = [
  ['directory', (p) => mkdirSync(p), /not a regular file \(directory\)/],
  ['FIFO', (p) => execFileSync('mkfifo', [p]), /not a regular file \(FIFO\)/],
  ['device', (p) => symlinkSync('/dev/zero', p), /not a regular file \(character device\)/],
  ['dangling link', (p) => symlinkSync(`${p}.missing`, p), /dangling symbolic link/],
  ['link loop', (p) => symlinkSync(p, p), /symbolic link loop/],
];

/** Per format: the fixture, the files to replace in turn, and the dataset entry (paths in the copy). */
const FORMATS: Array<[string, string[], (root: string) => Record<string, unknown>]> = [
  ['lareqa', ['lareqa/en.json', 'lareqa/fr.json'], (r) => ({ eval: [ds('lareqa', join(r, 'lareqa'))] })],
  ['triples', ['triples/de.tsv', 'triples/fr.tsv'], (r) => ({ train: [ds('triples', join(r, 'triples'))] })],
  [
    'pairs',
    ['pairs/pairs.jsonl', 'pairs/pairs.parquet', 'pairs/more.jsonl.gz'],
    (r) => ({ train: [ds('pairs', join(r, 'pairs'))] }),
  ],
  [
    'mintaka',
    ['mintaka/mintaka_dev.json'],
    (r) => ({ train: [{ ...ds('mintaka', join(r, 'mintaka')), languages: ['en', 'de'] }] }),
  ],
  [
    'beir',
    ['beir/scifi/corpus.jsonl', 'beir/scifi/queries.jsonl', 'beir/scifi/qrels/test.tsv'],
    (r) => ({ eval: [{ ...ds('beir', join(r, 'beir/scifi')), lang: 'en' }] }),
  ],
  [
    'miracl',
    [
      'miracl/topics.miracl-v1.0-de-dev.tsv',
      'miracl/qrels.miracl-v1.0-de-dev.tsv',
      'miracl/corpus/de.jsonl',
      'miracl/corpus/it.jsonl',
    ],
    (r) => ({ eval: [{ ...ds('miracl', join(r, 'miracl')), corpus: join(r, 'miracl/corpus') }] }),
  ],
];

function ds(format: string, path: string) {
  return { name: 'x', format, path };
}

async function prepError(data: unknown, root: string): Promise<DataError> {
  const out = join(root, 'out');
  let err: unknown;
  try {
    await runPrep(data, root, out);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  expect((err as DataError).exitCode).toBe(1);
  expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  return err as DataError;
}

describe('a data file that is not a regular file is reported, never skipped', () => {
  for (const [format, files, data] of FORMATS) {
    for (const file of files) {
      it.each(NOT_REGULAR)(`${format}: ${file} as a %s`, async (_kind, make, re) => {
        const root = copyFixture(format);
        const p = join(root, file);
        rmSync(p, { force: true });
        make(p);
        const e = await prepError(data(root), root);
        expect(e.message).toMatch(re);
        expect(e.where.file).toBe(p);
      });
    }
  }

  it('a FIFO given as the pairs file is "not a regular file (FIFO)", not "no such file"', async () => {
    const root = copyFixture('pairs');
    const fifo = join(root, 'pairs', 'fifo.jsonl');
    execFileSync('mkfifo', [fifo]);
    const e = await prepError({ train: [ds('pairs', fifo)] }, root);
    expect(e.message).toBe(
      `${fifo}: data file is not a regular file (FIFO)\n  hint: hbt reads only regular files (or symbolic links to them); give the file itself`,
    );
  });

  it('a language folder without a corpus in a BEIR dataset is an error, not passed over', async () => {
    const root = copyFixture('beir');
    cpSync(join(root, 'beir/scifi'), join(root, 'beir/multi/en'), { recursive: true });
    mkdirSync(join(root, 'beir/multi/de'));
    writeFileSync(join(root, 'beir/multi/de/queries.jsonl'), '{"_id": "q", "text": "x"}\n');
    const e = await prepError({ eval: [ds('beir', join(root, 'beir/multi'))] }, root);
    expect(e.message).toMatch(/no corpus\.jsonl in the language folder de\//);
  });

  it('MIRACL topics of a language without a corpus are listed as not read, with the reason', async () => {
    const root = copyFixture('miracl');
    const data = { eval: [{ ...ds('miracl', join(root, 'miracl')), corpus: join(root, 'miracl/corpus') }] };
    const { manifest, log } = await runPrep(data, root, join(root, 'out'));
    const fr = join(root, 'miracl', 'topics.miracl-v1.0-fr-dev.tsv');
    const stats = manifest.stats as { datasets: Record<string, { not_read: unknown }> };
    expect(stats.datasets.x!.not_read).toEqual([{ file: fr, reason: 'no corpus file for language "fr"' }]);
    expect(log.join('\n')).toContain(`not read: ${fr} (no corpus file for language "fr")`);
  });
});

/** A LAReQA copy whose en.json has invalid UTF-8 (Latin-1 "é") in a question on a known line. */
function lareqaLatin1(): { root: string; en: string; line: number } {
  const root = copyFixture('lareqa');
  const en = join(root, 'lareqa', 'en.json');
  const text = readFileSync(en, 'utf8');
  const at = text.indexOf('"question": "') + '"question": "'.length;
  const line = text.slice(0, at).split('\n').length;
  writeFileSync(
    en,
    Buffer.concat([Buffer.from(text.slice(0, at)), Buffer.from([0xe9]), Buffer.from(text.slice(at))]),
  );
  return { root, en, line };
}

type Utf8Stats = { on_invalid: string; lines: number; by_file: Record<string, number> };
const utf8Stats = (m: { stats?: Record<string, unknown> }) => m.stats!.invalid_utf8 as Utf8Stats;

describe('invalid UTF-8 is an error naming file and line, or replaced / skipped and counted', () => {
  it('JSON (LAReQA): error by default; replace gives U+FFFD, skip drops the byte; both counted', async () => {
    const { root, en, line } = lareqaLatin1();
    const data = { eval: [ds('lareqa', join(root, 'lareqa'))] };
    const e = await prepError(data, root);
    expect(e.message).toMatch(new RegExp(`^${en}: line ${line}: invalid UTF-8 \\(byte offset \\d+\\)`));
    expect(e.where.hint).toMatch(/data\.on_invalid \(--on-invalid\)/);
    for (const mode of ['replace', 'skip'] as const) {
      const out = join(root, mode);
      const { manifest, dir } = await runPrep({ ...data, on_invalid: mode }, root, out);
      expect(utf8Stats(manifest)).toMatchObject({ on_invalid: mode, lines: 1, by_file: { [en]: 1 } });
      const q = await readRows<{ query_id: string; text: string }>(join(dir, 'queries.parquet'));
      expect(q.some((r) => r.text.includes('\uFFFD'))).toBe(mode === 'replace');
      expect(q.length).toBe(17); // no question lost either way
    }
  });

  it('TSV (triples): skip leaves the line out and counts it; replace keeps it with U+FFFD', async () => {
    const root = copyFixture('triples');
    const de = join(root, 'triples', 'de.tsv');
    const lines = readFileSync(de, 'utf8').split('\n');
    writeFileSync(
      de,
      Buffer.concat([
        Buffer.from(`${lines[0]}\n`),
        Buffer.from([0x61, 0xff, 0x09, 0x62, 0x0a]),
        Buffer.from(lines.slice(1).join('\n')),
      ]),
    );
    const data = { train: [ds('triples', join(root, 'triples'))], pairs: { validation_fraction: 0 } };
    const e = await prepError(data, root);
    expect(e.message).toMatch(
      new RegExp(`^${de}: line 2: invalid UTF-8 \\(byte offset ${Buffer.byteLength(lines[0]!) + 2}\\)`),
    );
    const skip = await runPrep({ ...data, on_invalid: 'skip' }, root, join(root, 's'));
    expect(utf8Stats(skip.manifest)).toMatchObject({ lines: 1, by_file: { [de]: 1 } });
    const replace = await runPrep({ ...data, on_invalid: 'replace' }, root, join(root, 'r'));
    // "a\uFFFD<TAB>b" has 2 columns: a valid (query, positive) triple once replaced.
    const rows = (s: typeof skip) => (s.manifest.stats as { totals: Record<string, number> }).totals;
    expect(rows(replace)['train_pairs.parquet']).toBe(rows(skip)['train_pairs.parquet']! + 1);
  });

  it('skip: a file whose every line is left out is counted, not reported as empty', async () => {
    const root = copyFixture('triples');
    const de = join(root, 'triples', 'de.tsv');
    writeFileSync(de, Buffer.from([0x61, 0xff, 0x09, 0x62, 0x0a]));
    const data = { train: [ds('triples', join(root, 'triples'))], on_invalid: 'skip' };
    const { manifest } = await runPrep(data, root, join(root, 'out'));
    expect(utf8Stats(manifest)).toMatchObject({ lines: 1, by_file: { [de]: 1 } });
  });

  it('JSONL (pairs, gzipped too): error names the line', async () => {
    const root = copyFixture('pairs');
    const p = join(root, 'pairs', 'pairs.jsonl');
    const text = readFileSync(p);
    writeFileSync(p, Buffer.concat([text.subarray(0, 20), Buffer.from([0xc3, 0x28]), text.subarray(20)]));
    const e = await prepError({ train: [ds('pairs', p)] }, root);
    expect(e.message).toMatch(new RegExp(`^${p}: line 1: invalid UTF-8 \\(byte offset 20\\)`));
    const gz = `${p}.gz`;
    writeFileSync(gz, gzipSync(readFileSync(p)));
    const eg = await prepError({ train: [ds('pairs', gz)] }, root);
    expect(eg.message).toMatch(new RegExp(`^${gz}: line 1: invalid UTF-8 \\(byte offset 20\\)`));
  });

  it('Parquet (pairs): error names the row and column; replace and skip are counted', async () => {
    const root = copyFixture('pairs');
    const p = join(root, 'pairs', 'bad.parquet');
    const marker = 'Q7zK9vW2xM';
    await writeArtifact(p, 'train_pairs', {
      pair_id: ['a', 'b'],
      group_id: ['a', 'b'],
      query_text: ['fine', `bad ${marker}`],
      query_lang: ['en', 'en'],
      pos_text: ['ok', 'ok'],
      pos_lang: ['en', 'en'],
      neg_text: [null, null],
      dataset: ['d', 'd'],
    });
    const bytes = readFileSync(p);
    const at = bytes.indexOf(marker);
    expect(at).toBeGreaterThan(0);
    bytes[at] = 0xff;
    writeFileSync(p, bytes);
    const data = { train: [ds('pairs', p)], pairs: { validation_fraction: 0 } };
    const e = await prepError(data, root);
    expect(e.message).toMatch(new RegExp(`^${p}: row 2: invalid UTF-8 in column "query_text"`));
    const skip = await runPrep({ ...data, on_invalid: 'skip' }, root, join(root, 's'));
    expect(utf8Stats(skip.manifest)).toMatchObject({ lines: 1, by_file: { [p]: 1 } });
    const replace = await runPrep({ ...data, on_invalid: 'replace' }, root, join(root, 'r'));
    const pairs = await readRows<{ query_text: string }>(join(replace.dir, 'train_pairs.parquet'));
    expect(pairs.map((r) => r.query_text).sort()).toEqual([`bad \uFFFD${marker.slice(1)}`, 'fine']);
  });
});

describe('errors never quote file contents', () => {
  it('a symlinked binary file as en.json, and a JSONL line of garbage', async () => {
    const root = copyFixture('lareqa');
    const bin = join(root, 'secret.bin');
    writeFileSync(bin, '\u007fELF\u0002\u0001 sk-SECRET-TOKEN-1234 {');
    rmSync(join(root, 'lareqa', 'en.json'));
    symlinkSync(bin, join(root, 'lareqa', 'en.json'));
    const e = await prepError({ eval: [ds('lareqa', join(root, 'lareqa'))] }, root);
    expect(e.message).toMatch(/malformed JSON: unexpected character U\+007F/);
    expect(e.message).not.toMatch(/SECRET|ELF|sk-/);
    const jsonl = join(root, 'p.jsonl');
    writeFileSync(jsonl, 'sk-SECRET-TOKEN {"query": 1}\n');
    const e2 = await prepError({ train: [ds('pairs', jsonl)] }, root);
    expect(e2.message).toMatch(/line 1, column 1: malformed JSON/);
    expect(e2.message).not.toMatch(/SECRET|sk-/);
  });
});
