import { join } from 'node:path';
import { DataError, readRows, UsageError } from '@hbt/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FIXTURES, runPrep, tempDir } from '../test-utils/prep.js';

// Every reader through the prep stage, on the hand-made files in test-fixtures/data-prep; the expected
// rows are read off those files by hand.

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
function out(): string {
  const t = tempDir();
  cleanup = t.cleanup;
  return t.dir;
}
type Row = Record<string, string | number | null>;
const rows = (dir: string, f: string) => readRows<Row>(join(dir, f));
const fx = (p: string) => join(FIXTURES, p);

describe('MIRACL reader (topics, graded qrels, corpus JSONL)', () => {
  const miracl = { name: 'mir', format: 'miracl', path: fx('miracl'), corpus: fx('miracl/corpus') };

  it('keeps judged queries with a relevant passage, graded qrels, and counts what it skips', async () => {
    const o = out();
    const { dir, manifest, log } = await runPrep({ eval: [miracl] }, o, o);
    // fr has topics but no corpus file, so only de is read.
    expect((await rows(dir, 'corpus.parquet')).map((d) => d.doc_id)).toEqual([
      'mir/de/100#1',
      'mir/de/100#2',
      'mir/de/200#0',
      'mir/de/300#0',
    ]);
    expect((await rows(dir, 'corpus.parquet'))[0]).toEqual({
      doc_id: 'mir/de/100#1',
      lang: 'de',
      text: 'Faust ist eine Tragödie von Johann Wolfgang von Goethe.',
      context: 'Faust',
      group_id: null,
      dataset: 'mir',
    });
    expect((await rows(dir, 'queries.parquet')).map((q) => q.query_id)).toEqual([
      'mir/de/d1#0',
      'mir/de/d2#0',
    ]);
    expect(await rows(dir, 'qrels.parquet')).toEqual([
      { query_id: 'mir/de/d1#0', doc_id: 'mir/de/100#1', relevance: 1 },
      { query_id: 'mir/de/d1#0', doc_id: 'mir/de/100#2', relevance: 0 },
      { query_id: 'mir/de/d2#0', doc_id: 'mir/de/200#0', relevance: 1 },
    ]);
    const skipped = (manifest.stats as { skipped: { by_dataset: Record<string, Record<string, number>> } })
      .skipped;
    expect(skipped.by_dataset.mir).toEqual({
      'judged passage is not in the corpus': 1,
      'query has no relevant passage in the corpus': 1,
    });
    expect(log.filter((l) => l.startsWith('warning: skipped')).length).toBeGreaterThanOrEqual(2);
  });

  it('makes (query, relevant passage) pairs with a judged non-relevant passage as hard negative', async () => {
    const o = out();
    const { dir } = await runPrep(
      { train: [miracl], pairs: { hard_negatives: true, validation_fraction: 0 } },
      o,
      o,
    );
    expect(await rows(dir, 'train_pairs.parquet')).toEqual([
      {
        pair_id: 'mir/de/d1#0/100#1',
        group_id: 'mir/de/d1#0',
        query_text: 'Wer schrieb Faust?',
        query_lang: 'de',
        pos_text: 'Faust ist eine Tragödie von Johann Wolfgang von Goethe.',
        pos_lang: 'de',
        neg_text: 'Die Tragödie erschien in zwei Teilen.',
        dataset: 'mir',
      },
      {
        pair_id: 'mir/de/d2#0/200#0',
        group_id: 'mir/de/d2#0',
        query_text: 'Wie hoch ist die Zugspitze?',
        query_lang: 'de',
        pos_text: 'Die Zugspitze ist mit 2962 Metern der höchste Berg Deutschlands.',
        pos_lang: 'de',
        neg_text: null,
        dataset: 'mir',
      },
    ]);
    // MIRACL is not in-domain evaluated (its train split would be a different set of queries).
    expect((await rows(dir, 'corpus.parquet')).length).toBe(0);
  });

  it('needs a corpus, and one for every requested language', async () => {
    const o = out();
    await expect(runPrep({ eval: [{ name: 'miracl', path: fx('miracl') }] }, o, o)).rejects.toThrow(
      UsageError,
    );
    await expect(runPrep({ eval: [{ ...miracl, languages: ['de', 'fr'] }] }, o, o)).rejects.toThrow(
      /no corpus file for language "fr"/,
    );
  });
});

describe('BEIR reader', () => {
  const beir = { name: 'sf', format: 'beir', path: fx('beir/scifi'), lang: 'en' };

  it('reads corpus, the queries of the split and graded qrels', async () => {
    const o = out();
    const { dir, manifest } = await runPrep({ eval: [beir] }, o, o);
    expect((await rows(dir, 'corpus.parquet')).map((d) => [d.doc_id, d.context])).toEqual([
      ['sf/en/c1', 'Mars'],
      ['sf/en/c2', 'Venus'],
      ['sf/en/c3', 'Jupiter'],
    ]);
    expect((await rows(dir, 'queries.parquet')).map((q) => [q.query_id, q.text])).toEqual([
      ['sf/en/t1', 'moons of Mars'],
      ['sf/en/t2', 'largest planet'],
    ]);
    expect(await rows(dir, 'qrels.parquet')).toEqual([
      { query_id: 'sf/en/t1', doc_id: 'sf/en/c1', relevance: 2 },
      { query_id: 'sf/en/t1', doc_id: 'sf/en/c2', relevance: 0 },
      { query_id: 'sf/en/t2', doc_id: 'sf/en/c3', relevance: 1 },
    ]);
    // t3 belongs to the train split: not a skip.
    expect((manifest.stats as { skipped: { total: number } }).skipped.total).toBe(0);
  });

  it('trains on qrels/train.tsv by default, and needs "lang"', async () => {
    const o = out();
    const { dir } = await runPrep({ train: [beir], pairs: { validation_fraction: 0 } }, o, o);
    expect(
      (await rows(dir, 'train_pairs.parquet')).map((p) => [p.pair_id, p.query_text, p.pos_text]),
    ).toEqual([['sf/en/t3/c2', 'planet without moons', 'Venus has no moons.']]);
    await expect(runPrep({ eval: [{ ...beir, lang: undefined }] }, o, o)).rejects.toThrow(/set "lang"/);
  });
});

describe('TSV triples reader', () => {
  it('one pair per line, one language per file, negatives kept', async () => {
    const o = out();
    const { dir } = await runPrep(
      { train: [{ name: 'tr', format: 'triples', path: fx('triples') }], pairs: { validation_fraction: 0 } },
      o,
      o,
    );
    const p = await rows(dir, 'train_pairs.parquet');
    expect(p.map((x) => x.pair_id)).toEqual(['tr/de/1', 'tr/de/2', 'tr/en/1', 'tr/en/2']);
    expect(p[2]).toMatchObject({
      query_text: 'what is a cat',
      pos_text: 'a cat is a small domestic animal',
      neg_text: 'a car has four wheels',
      query_lang: 'en',
      pos_lang: 'en',
    });
  });

  it('parallel files give cross-language pairs, each with the negative in the passage language', async () => {
    const o = out();
    const { dir } = await runPrep(
      {
        train: [{ name: 'tr', format: 'triples', path: fx('triples'), parallel: true }],
        pairs: { validation_fraction: 0 },
      },
      o,
      o,
    );
    const p = await rows(dir, 'train_pairs.parquet');
    expect(p.map((x) => x.pair_id)).toEqual([
      'tr/1/de-de',
      'tr/1/de-en',
      'tr/1/en-de',
      'tr/1/en-en',
      'tr/2/de-de',
      'tr/2/de-en',
      'tr/2/en-de',
      'tr/2/en-en',
    ]);
    expect(p[2]).toMatchObject({
      group_id: 'tr/1',
      query_text: 'what is a cat',
      pos_text: 'eine katze ist ein kleines haustier',
      neg_text: 'ein auto hat vier räder',
    });
  });
});

describe('pairs reader (JSONL and Parquet written by pyarrow)', () => {
  it('reads both files, with field aliases and language names', async () => {
    const o = out();
    const { dir } = await runPrep(
      { train: [{ name: 'pp', format: 'pairs', path: fx('pairs') }], pairs: { validation_fraction: 0 } },
      o,
      o,
    );
    expect(await rows(dir, 'train_pairs.parquet')).toEqual([
      {
        pair_id: 'pp/pairs.jsonl/1',
        group_id: 'pp/g1',
        query_text: 'capital of France',
        query_lang: 'en',
        pos_text: 'Paris is the capital of France.',
        pos_lang: 'en',
        neg_text: null,
        dataset: 'pp',
      },
      {
        pair_id: 'pp/pairs.jsonl/2',
        group_id: 'pp/g1',
        query_text: 'Hauptstadt von Frankreich',
        query_lang: 'de',
        pos_text: 'Paris is the capital of France.',
        pos_lang: 'en',
        neg_text: 'Berlin is the capital of Germany.',
        dataset: 'pp',
      },
      {
        pair_id: 'pp/p3',
        group_id: 'pp/p3',
        query_text: "capitale de l'Italie",
        query_lang: 'fr',
        pos_text: "Rome est la capitale de l'Italie.",
        pos_lang: 'fr',
        neg_text: null,
        dataset: 'pp',
      },
      {
        pair_id: 'pp/pairs.parquet/1',
        group_id: 'pp/mona',
        query_text: 'who painted the mona lisa',
        query_lang: 'en',
        pos_text: 'Leonardo da Vinci painted the Mona Lisa.',
        pos_lang: 'en',
        neg_text: null,
        dataset: 'pp',
      },
      {
        pair_id: 'pp/pairs.parquet/2',
        group_id: 'pp/mona',
        query_text: 'wer malte die mona lisa',
        query_lang: 'de',
        pos_text: 'Leonardo da Vinci painted the Mona Lisa.',
        pos_lang: 'en',
        neg_text: 'Michelangelo painted the Sistine Chapel ceiling.',
        dataset: 'pp',
      },
    ]);
  });

  it('cannot be evaluated', async () => {
    const o = out();
    await expect(
      runPrep({ eval: [{ name: 'pp', format: 'pairs', path: fx('pairs') }] }, o, o),
    ).rejects.toThrow(/no passages to retrieve/);
  });
});

describe('Mintaka reader', () => {
  it('parallel question pairs across languages (never X-X), missing translations skipped and counted', async () => {
    const o = out();
    const { dir, manifest } = await runPrep(
      {
        train: [{ name: 'mk', format: 'mintaka', path: fx('mintaka'), languages: ['en', 'de', 'es'] }],
        pairs: { validation_fraction: 0 },
      },
      o,
      o,
    );
    const p = await rows(dir, 'train_pairs.parquet');
    // m1, m2: 3 languages -> 6 ordered cross pairs each; m3 has no es: 2.
    expect(p.length).toBe(14);
    expect(p.every((x) => x.query_lang !== x.pos_lang)).toBe(true);
    expect(p.find((x) => x.pair_id === 'mk/m2/es-de')).toMatchObject({
      group_id: 'mk/m2',
      query_text: '¿Cuántas lunas tiene Marte?',
      pos_text: 'Wie viele Monde hat der Mars?',
    });
    expect(
      (manifest.stats as { skipped: { by_dataset: Record<string, unknown> } }).skipped.by_dataset.mk,
    ).toEqual({
      'no es translation': 1,
    });
  });
});

describe('SQuAD reader (no sentence breaks: paragraph candidates)', () => {
  it('makes each paragraph with questions one candidate, relevant to its questions in every language', async () => {
    const o = out();
    const { dir } = await runPrep({ eval: [{ name: 'sq', format: 'squad', path: fx('lareqa') }] }, o, o);
    const corpus = await rows(dir, 'corpus.parquet');
    expect(corpus.length).toBe(9);
    expect(corpus[0]).toMatchObject({ doc_id: 'sq/de/0-0', context: null });
    const qrels = await rows(dir, 'qrels.parquet');
    expect(qrels.filter((q) => q.query_id === 'sq/en/q5').map((q) => q.doc_id)).toEqual([
      'sq/de/2-0',
      'sq/en/2-0',
      'sq/es/2-0',
    ]);
  });

  it('a SQuAD file read as lareqa points at format "squad"', async () => {
    const o = out();
    const t = tempDir();
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      join(t.dir, 'ro.json'),
      JSON.stringify({ data: [{ paragraphs: [{ context: 'A b.', qas: [] }] }] }),
    );
    try {
      await expect(runPrep({ eval: [{ name: 'x', format: 'lareqa', path: t.dir }] }, o, o)).rejects.toThrow(
        /missing field "sentence_breaks"[\s\S]*format "squad"/,
      );
      await expect(runPrep({ eval: [{ name: 'x', format: 'lareqa', path: t.dir }] }, o, o)).rejects.toThrow(
        DataError,
      );
    } finally {
      t.cleanup();
    }
  });
});
