import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { dataMirror, SENTENCES, xquadrTexts } from '../test-utils/fixtures.js';
import { buildTokenizer } from './build.js';
import { loadTokenizer, readVocabFile } from './load.js';
import { restrictWordPiece } from './restrict.js';
import { trainUnigram } from './train-unigram.js';
import { trainWordPiece } from './train-wordpiece.js';

const tmp = mkdtempSync(join(tmpdir(), 'hbt-tok-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const data = dataMirror();
const corpus = data
  ? ['de', 'en', 'zh', 'ar'].flatMap((l) => {
      const t = xquadrTexts(data, l, 200);
      return [...t.questions, ...t.sentences];
    })
  : [...SENTENCES, ...SENTENCES.map((s) => s.toLowerCase())];

describe('trainWordPiece', () => {
  it('merges the most frequent pair first (hand-checked)', () => {
    // 5 specials + a b c d + ##b ##d (the only non-initial characters) = 11; merges: (a, ##b) × 3, then (c, ##d) × 1.
    const tok = trainWordPiece(['ab ab ab cd'], { vocabSize: 12, minFrequency: 1, limitAlphabet: 10 });
    expect(tok.vocabSize).toBe(12);
    expect(tok.idToToken(11)).toBe('ab');
    expect(tok.tokenize('ab cd abd')).toEqual(['ab', 'c', '##d', 'ab', '##d']);
    const two = trainWordPiece(['ab ab ab cd'], { vocabSize: 20, minFrequency: 1, limitAlphabet: 10 });
    expect(two.vocabSize).toBe(13);
    expect(two.tokenize('cd')).toEqual(['cd']);
    expect(tok.specials).toMatchObject({ padId: 0, unkId: 1, clsId: 2, sepId: 3, maskId: 4 });
  });

  it('reaches the vocabulary size on real text, deterministically, and saves loadable files', async () => {
    const tok = trainWordPiece(corpus, { vocabSize: 3000 });
    expect(tok.vocabSize).toBe(3000);
    expect(JSON.stringify(trainWordPiece(corpus, { vocabSize: 3000 }).toJSON())).toBe(
      JSON.stringify(tok.toJSON()),
    );
    // Characters beyond the alphabet limit become [UNK]; they are rare.
    const ids = corpus.flatMap((t) => tok.encodeIds(t));
    expect(ids.filter((i) => i === tok.specials.unkId).length / ids.length).toBeLessThan(0.03);
    await tok.save(join(tmp, 'wp'));
    const again = await loadTokenizer(join(tmp, 'wp'));
    for (const t of SENTENCES) expect(again.encodeIds(t)).toEqual(tok.encodeIds(t));
  });
});

describe('trainUnigram', () => {
  it('learns frequent words as single pieces, keeps every character, and is deterministic', () => {
    const texts = [...Array(30).fill('hello world hello'), 'help held', ...corpus.slice(0, 100)];
    const tok = trainUnigram(texts, { vocabSize: 400 });
    expect(tok.vocabSize).toBeLessThanOrEqual(400);
    expect(tok.kind).toBe('unigram');
    expect(tok.tokenize('hello world')).toEqual(['▁hello', '▁world']);
    for (const t of texts.slice(0, 60)) expect(tok.encodeIds(t)).not.toContain(tok.specials.unkId);
    // A piece never spans a word boundary.
    const pieces = (tok.toJSON().model as { vocab: Array<[string, number]> }).vocab.map(([p]) => p);
    for (const p of pieces) expect(p.slice(1)).not.toContain('▁');
    expect(JSON.stringify(trainUnigram(texts, { vocabSize: 400 }).toJSON())).toBe(
      JSON.stringify(tok.toJSON()),
    );
  });
});

describe.skipIf(!data)('the mBERT vocabulary restricted to the training texts (data mirror)', () => {
  it('keeps the tokens the texts use, so they tokenize exactly as with the full vocabulary', async () => {
    const vocabPath = join(data!, 'mbert-vocab', 'mbert_modified_vocab.txt');
    const full = await buildTokenizer(
      { kind: 'mbert-vocab', vocab_size: 0, restrict_to_training: false, lowercase: false },
      [],
      { mbertVocabPath: vocabPath },
    );
    const small = restrictWordPiece(await readVocabFile(vocabPath), corpus);
    expect(full.vocabSize).toBe(119547);
    expect(small.vocabSize).toBeLessThan(40000);
    for (const t of corpus) expect(small.tokenize(t)).toEqual(full.tokenize(t));
    const viaConfig = await buildTokenizer(
      { kind: 'mbert-vocab', vocab_size: 0, restrict_to_training: true, lowercase: false },
      corpus,
      { mbertVocabPath: vocabPath },
    );
    expect(viaConfig.vocabSize).toBe(small.vocabSize);
  });
});

describe('buildTokenizer', () => {
  it('trains the configured kind and explains what is missing', async () => {
    const wp = await buildTokenizer(
      { kind: 'wordpiece', vocab_size: 200, restrict_to_training: true, lowercase: true },
      corpus,
    );
    expect(wp.kind).toBe('wordpiece');
    expect(wp.lowercase).toBe(true);
    const ug = await buildTokenizer(
      { kind: 'unigram', vocab_size: 300, restrict_to_training: true, lowercase: false },
      corpus,
    );
    expect(ug.kind).toBe('unigram');
    await expect(
      buildTokenizer(
        { kind: 'mbert-vocab', vocab_size: 0, restrict_to_training: true, lowercase: false },
        corpus,
      ),
    ).rejects.toBeInstanceOf(UsageError);
  });
});
