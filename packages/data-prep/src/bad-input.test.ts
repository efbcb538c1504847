import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runPrep, tempDir } from './test-utils/prep.js';

// Each bad input must stop prep with exit code 1 and a message naming the file and the place in it,
// and leave no artifact behind.

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});

/** A LAReQA folder with the fixture's de and es files and the given en.json text. */
function lareqaWith(enText: string, extra: Record<string, string> = {}): { root: string; data: string } {
  const t = tempDir();
  cleanup = t.cleanup;
  const data = join(t.dir, 'lareqa');
  mkdirSync(data);
  copyFileSync(join(FIXTURES, 'lareqa', 'de.json'), join(data, 'de.json'));
  copyFileSync(join(FIXTURES, 'lareqa', 'es.json'), join(data, 'es.json'));
  writeFileSync(join(data, 'en.json'), enText);
  for (const [name, text] of Object.entries(extra)) writeFileSync(join(data, name), text);
  return { root: t.dir, data };
}

function squad(paragraphs: unknown[]): string {
  return JSON.stringify({ version: '1.1', data: [{ title: 't', paragraphs }] });
}

async function expectFailure(data: unknown, root: string, message: RegExp, file: string, location?: string) {
  let err: unknown;
  try {
    await runPrep(data, root, root);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  const e = err as DataError;
  expect(e.exitCode).toBe(1);
  expect(e.message).toMatch(message);
  expect(e.where.file).toBe(file);
  if (location !== undefined) expect(e.where.location).toBe(location);
  expect(e.message).toContain(file);
  // Nothing written: no prep directory, no temp directory left beside it.
  expect(readdirSync(root).filter((n) => n.startsWith('prep'))).toEqual([]);
  return e;
}

const ref = (path: string) => ({ eval: [{ name: 'bad', format: 'lareqa', path }] });

describe('bad input', () => {
  it('malformed JSON: names the line and column', async () => {
    const { root, data } = lareqaWith(
      '{"version": "1.1",\n "data": [\n  {"title": "x", "paragraphs": [}\n ]}\n',
    );
    // Line 3 is `  {"title": "x", "paragraphs": [}`: the "}" is its 33rd character.
    await expectFailure(ref(data), root, /malformed JSON/, join(data, 'en.json'), 'line 3, column 33');
  });

  it('missing field: names the JSON path', async () => {
    const text = squad([
      {
        context: 'One two. Three four.',
        sentence_breaks: [
          [0, 8],
          [9, 20],
        ],
        qas: [
          { id: 'a', question: 'One?', answers: [{ text: 'One', answer_start: 0 }] },
          { id: 'b', answers: [{ text: 'Three', answer_start: 9 }] },
        ],
      },
    ]);
    const { root, data } = lareqaWith(text);
    await expectFailure(
      ref(data),
      root,
      /missing field "question"/,
      join(data, 'en.json'),
      'data[0].paragraphs[0].qas[1].question',
    );
  });

  const gap = squad([
    {
      context: 'One two.  Three four.',
      sentence_breaks: [
        [0, 8],
        [10, 21],
      ],
      qas: [
        { id: 'a', question: 'One?', answers: [{ text: 'One', answer_start: 0 }] },
        { id: 'b', question: 'Gap?', answers: [{ text: ' ', answer_start: 9 }] },
      ],
    },
  ]);

  it('answer offset outside every sentence: an error by default', async () => {
    const { root, data } = lareqaWith(gap);
    await expectFailure(
      ref(data),
      root,
      /answer offset is outside every sentence of the paragraph \(answer_start 9; see data\[0\]\.paragraphs\[0\]\.sentence_breaks\)/,
      join(data, 'en.json'),
      'data[0].paragraphs[0].qas[1].answers[0].answer_start',
    );
  });

  it('answer offset outside every sentence: skipped, counted and printed with on_invalid = skip', async () => {
    const { root, data } = lareqaWith(gap);
    const { manifest, log } = await runPrep({ ...ref(data), on_invalid: 'skip' }, root, root);
    const stats = manifest.stats as {
      skipped: {
        total: number;
        by_dataset: Record<string, Record<string, number>>;
        first: Array<{ location: string }>;
      };
      datasets: Record<string, { languages: Record<string, { questions: number }> }>;
    };
    expect(stats.skipped.total).toBe(1);
    expect(stats.skipped.by_dataset.bad).toEqual({
      'answer offset is outside every sentence of the paragraph': 1,
    });
    expect(stats.skipped.first[0]!.location).toBe('data[0].paragraphs[0].qas[1].answers[0].answer_start');
    expect(stats.datasets.bad!.languages.en!.questions).toBe(1);
    expect(log.some((l) => l.includes('skipped') && l.includes('en.json') && l.includes('qas[1]'))).toBe(
      true,
    );
  });

  it('unknown language code in a file name', async () => {
    const { root, data } = lareqaWith(readFileSync(join(FIXTURES, 'lareqa', 'en.json'), 'utf8'), {
      'xx.json': '{}',
    });
    await expectFailure(ref(data), root, /unknown language code "xx"/, join(data, 'xx.json'));
  });

  it('unknown language code in a pairs row', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const f = join(t.dir, 'p.jsonl');
    writeFileSync(
      f,
      '{"query": "a", "positive": "b", "lang": "en"}\n{"query": "c", "positive": "d", "lang": "klingon"}\n',
    );
    await expectFailure(
      { train: [{ name: 'p', format: 'pairs', path: f }] },
      t.dir,
      /unknown language code "klingon"/,
      f,
      'line 2',
    );
  });

  it('empty file', async () => {
    const { root, data } = lareqaWith('');
    await expectFailure(ref(data), root, /file is empty/, join(data, 'en.json'));
  });

  it('truncated Parquet', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const f = join(t.dir, 'pairs.parquet');
    const whole = readFileSync(join(FIXTURES, 'pairs', 'pairs.parquet'));
    writeFileSync(f, whole.subarray(0, Math.floor(whole.length / 2)));
    await expectFailure(
      { train: [{ name: 'p', format: 'pairs', path: f }] },
      t.dir,
      /Parquet/,
      f,
      'Parquet footer (end of file)',
    );
  });
});
