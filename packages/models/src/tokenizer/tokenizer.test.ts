import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataMirror, FIXTURES, readJsonFixture, SENTENCES, xquadrTexts } from '../test-utils/fixtures.js';
import { loadTokenizer, wordPieceFromVocabFile } from './load.js';
import type { Tokenizer } from './types.js';

// Golden ids come from Python `transformers` 5.18 (tooling/scripts/make-model-fixtures.py).
type Ids = number[][];
interface MbertGolden {
  n_xquadr: number;
  cased: { sentences: Ids; xquadr: Record<string, { questions: Ids; sentences: Ids }> };
  uncased: { sentences: Ids };
  batch: { max_length: number; input_ids: Ids; attention_mask: Ids };
}
interface XlmrGolden {
  tokenizer: { sentences: Ids; xquadr: Record<string, { questions: Ids; sentences: Ids }> };
}

const withSpecials = (tok: Tokenizer, text: string) => [
  tok.specials.clsId,
  ...tok.encodeIds(text),
  tok.specials.sepId,
];

const data = dataMirror();
const mbertVocab = data ? join(data, 'mbert-vocab', 'mbert_modified_vocab.txt') : null;

describe.skipIf(!mbertVocab)('WordPiece on the full mBERT vocabulary (data mirror)', () => {
  const golden = readJsonFixture<MbertGolden>('golden', 'mbert-tokenizer.json');

  it('gives transformers’ ids, cased, on the multilingual sentence set and XQuAD-R texts', async () => {
    const tok = await wordPieceFromVocabFile(mbertVocab!);
    expect(tok.vocabSize).toBe(119547);
    SENTENCES.forEach((s, i) => void expect(withSpecials(tok, s), s).toEqual(golden.cased.sentences[i]));
    for (const [lang, g] of Object.entries(golden.cased.xquadr)) {
      const t = xquadrTexts(data!, lang, golden.n_xquadr);
      t.questions.forEach(
        (q, i) => void expect(withSpecials(tok, q), `${lang} q${i}`).toEqual(g.questions[i]),
      );
      t.sentences.forEach(
        (q, i) => void expect(withSpecials(tok, q), `${lang} s${i}`).toEqual(g.sentences[i]),
      );
    }
  });

  it('lower-cases and strips accents when uncased', async () => {
    const tok = await wordPieceFromVocabFile(mbertVocab!, { lowercase: true });
    SENTENCES.forEach((s, i) => void expect(withSpecials(tok, s), s).toEqual(golden.uncased.sentences[i]));
  });

  it('truncates, pads to the longest row and masks like transformers', async () => {
    const tok = await wordPieceFromVocabFile(mbertVocab!);
    const { max_length, input_ids, attention_mask } = golden.batch;
    const b = tok.encode(SENTENCES.slice(0, 8), { maxLength: max_length });
    const t = input_ids[0]!.length;
    expect(b.shape).toEqual([8, t]);
    expect(Array.from(b.inputIds)).toEqual(input_ids.flat());
    expect(Array.from(b.attentionMask)).toEqual(attention_mask.flat());
    expect(Array.from(b.tokenTypeIds)).toEqual(new Array(8 * t).fill(0));
  });
});

describe('tokenizers of the fixture checkpoints', () => {
  it('tiny-mbert (tokenizer.json, real vocab subset) matches transformers on the sentence set', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-mbert'));
    const g = readJsonFixture<{ input_ids: Ids; attention_mask: Ids; max_length: number }>(
      'golden',
      'tiny-mbert.json',
    );
    const b = tok.encode(SENTENCES, { maxLength: g.max_length });
    expect(Array.from(b.inputIds)).toEqual(g.input_ids.flat());
    expect(Array.from(b.attentionMask)).toEqual(g.attention_mask.flat());
  });

  it('tiny-xlmr (SentencePiece Unigram, NFKC, Metaspace) matches transformers', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-xlmr'));
    expect(tok.kind).toBe('unigram');
    expect(tok.specials).toMatchObject({ clsId: 0, padId: 1, sepId: 2, unkId: 3 });
    const g = readJsonFixture<XlmrGolden & { input_ids: Ids; max_length: number }>(
      'golden',
      'tiny-xlmr.json',
    );
    SENTENCES.forEach(
      (s, i) => void expect(withSpecials(tok, s), JSON.stringify(s)).toEqual(g.tokenizer.sentences[i]),
    );
    const b = tok.encode(SENTENCES, { maxLength: g.max_length });
    expect(Array.from(b.inputIds)).toEqual(g.input_ids.flat());
    if (data) {
      for (const [lang, gl] of Object.entries(g.tokenizer.xquadr)) {
        const t = xquadrTexts(data, lang, gl.questions.length);
        t.questions.forEach(
          (q, i) => void expect(withSpecials(tok, q), `${lang} q${i}`).toEqual(gl.questions[i]),
        );
        t.sentences.forEach(
          (q, i) => void expect(withSpecials(tok, q), `${lang} s${i}`).toEqual(gl.sentences[i]),
        );
      }
    }
  });

  it('pads to max_length on request and never exceeds maxLength', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-mbert'));
    const b = tok.encode(['a', SENTENCES.at(-1)!], { maxLength: 10, padding: 'max_length' });
    expect(b.shape).toEqual([2, 10]);
    expect(Array.from(b.lengths)).toEqual([3, 10]);
    expect(b.inputIds[19]).toBe(tok.specials.sepId);
    expect(Array.from(b.attentionMask.subarray(0, 10))).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });
});
