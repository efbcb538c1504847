import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, hashDir, type ModelConfig } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { embedTexts } from '../embed.js';
import { createModel } from '../model.js';
import { FIXTURES, SENTENCES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { loadTokenizer } from '../tokenizer/load.js';
import { loadModel } from './load.js';
import { readSafetensors, writeSafetensors } from './safetensors.js';
import { saveModel } from './save.js';

const tmp = mkdtempSync(join(tmpdir(), 'hbt-models-save-'));
beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const modelCfg = (over: Partial<ModelConfig> = {}): ModelConfig => ({
  init: null,
  tokenizer: { kind: 'wordpiece', vocab_size: 100, restrict_to_training: true, lowercase: false },
  hidden: 16,
  layers: 1,
  heads: 2,
  intermediate: null,
  max_length: 32,
  pooling: 'mean',
  dense: true,
  dropout: 0.1,
  ...over,
});

async function expectDataError(p: Promise<unknown>, msg: RegExp) {
  let err: unknown;
  try {
    await p;
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DataError);
  expect((err as Error).message).toMatch(msg);
}

describe('saveModel', () => {
  it('exports a sentence-transformers folder that reloads to the same embeddings, byte-identically', async () => {
    const model = await loadModel(join(FIXTURES, 'tiny-labse'));
    const a = join(tmp, 'labse-a');
    const b = join(tmp, 'labse-b');
    await saveModel(model, a);
    await saveModel(model, b);
    expect(await hashDir(a)).toBe(await hashDir(b));
    for (const f of [
      'config.json',
      'model.safetensors',
      'tokenizer.json',
      'vocab.txt',
      'modules.json',
      '1_Pooling/config.json',
      '2_Dense/model.safetensors',
    ]) {
      expect(existsSync(join(a, f)), f).toBe(true);
    }
    const again = await loadModel(a);
    expect(again.encoder.config).toEqual(model.encoder.config);
    const v1 = await embedTexts(model, SENTENCES);
    const v2 = await embedTexts(again, SENTENCES);
    expect(Array.from(v2)).toEqual(Array.from(v1));
    // The pooler of the source checkpoint is kept.
    const { tensors } = await readSafetensors(join(a, 'model.safetensors'));
    expect(tensors.get('pooler.dense.weight')?.shape).toEqual([32, 32]);
    model.encoder.dispose();
    again.encoder.dispose();
  });

  it('exports a from-scratch model (trained tokenizer, mean pooling, dense head) and reloads it', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-xlmr'));
    const model = createModel(modelCfg(), tok, 7);
    expect(model.encoder.config.modelType).toBe('xlm-roberta');
    const dir = join(tmp, 'scratch');
    await saveModel(model, dir);
    const again = await loadModel(dir);
    expect(again.encoder.config).toEqual(model.encoder.config);
    expect(Array.from(await embedTexts(again, SENTENCES))).toEqual(
      Array.from(await embedTexts(model, SENTENCES)),
    );
    // Same seed, same weights; another seed, other weights.
    const same = createModel(modelCfg(), tok, 7);
    const other = createModel(modelCfg(), tok, 8);
    const w = 'encoder.layer.0.attention.self.query.weight';
    expect(Array.from(same.encoder.weights.get(w)!.dataSync())).toEqual(
      Array.from(model.encoder.weights.get(w)!.dataSync()),
    );
    expect(Array.from(other.encoder.weights.get(w)!.dataSync())).not.toEqual(
      Array.from(model.encoder.weights.get(w)!.dataSync()),
    );
    for (const m of [model, again, same, other]) m.encoder.dispose();
  });
});

describe('saveModel: prompts, model card, pooler', () => {
  it('writes the prompts to config_sentence_transformers.json and the card as README.md; loadModel reads the prompts back', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-xlmr'));
    const model = createModel(modelCfg({ dense: false }), tok, 3);
    const dir = join(tmp, 'prompts');
    await saveModel(model, dir, {
      prompts: { query: 'Query: ', document: 'Passage: ' },
      card: '# my model\n',
    });
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toBe('# my model\n');
    expect(JSON.parse(readFileSync(join(dir, 'config_sentence_transformers.json'), 'utf8'))).toEqual({
      default_prompt_name: null,
      model_type: 'SentenceTransformer',
      prompts: { document: 'Passage: ', query: 'Query: ' },
      similarity_fn_name: 'cosine',
    });
    const again = await loadModel(dir);
    expect(again.prompts).toEqual({ document: 'Passage: ', query: 'Query: ' });
    expect(again.defaultPromptName).toBeNull();
    // A re-save keeps the loaded prompts, byte for byte.
    const re = join(tmp, 'prompts-resaved');
    await saveModel(again, re);
    expect(readFileSync(join(re, 'config_sentence_transformers.json'), 'utf8')).toBe(
      readFileSync(join(dir, 'config_sentence_transformers.json'), 'utf8'),
    );
    expect(existsSync(join(re, 'README.md'))).toBe(false);
    for (const m of [model, again]) m.encoder.dispose();
  });

  it('gives a model without a pooler a zero pooler (so AutoModel reports nothing missing), stable on re-save', async () => {
    const tok = await loadTokenizer(join(FIXTURES, 'tiny-xlmr'));
    const model = createModel(modelCfg({ dense: false }), tok, 4);
    const a = join(tmp, 'pooler-a');
    await saveModel(model, a);
    const { tensors } = await readSafetensors(join(a, 'model.safetensors'));
    const w = tensors.get('pooler.dense.weight')!;
    expect(w.shape).toEqual([16, 16]);
    expect(Array.from(w.data as Float32Array).every((x) => x === 0)).toBe(true);
    expect(tensors.get('pooler.dense.bias')?.shape).toEqual([16]);
    const again = await loadModel(a);
    const b = join(tmp, 'pooler-b');
    await saveModel(again, b);
    expect(await hashDir(b)).toBe(await hashDir(a));
    for (const m of [model, again]) m.encoder.dispose();
  });
});

describe('loadModel errors', () => {
  const copy = (name: string) => {
    const dir = join(tmp, `${name}-${Math.random().toString(36).slice(2)}`);
    cpSync(join(FIXTURES, 'tiny-mbert'), dir, { recursive: true });
    return dir;
  };
  const editConfig = (dir: string, patch: Record<string, unknown>) => {
    const p = join(dir, 'config.json');
    writeFileSync(p, JSON.stringify({ ...JSON.parse(readFileSync(p, 'utf8')), ...patch }));
  };

  it('rejects an unsupported architecture', async () => {
    const dir = copy('arch');
    editConfig(dir, { model_type: 'gpt2' });
    await expectDataError(loadModel(dir), /unsupported architecture: model_type "gpt2"/);
  });

  it('names a mis-shaped tensor and both shapes', async () => {
    const dir = copy('shape');
    editConfig(dir, { intermediate_size: 48 });
    await expectDataError(
      loadModel(dir),
      /tensor "encoder\.layer\.0\.intermediate\.dense\.weight" has shape \[64,32\] \(F32\), expected \[48,32\]/,
    );
  });

  it('names a missing tensor', async () => {
    const dir = copy('missing');
    const p = join(dir, 'model.safetensors');
    const { tensors } = await readSafetensors(p);
    tensors.delete('encoder.layer.1.output.LayerNorm.bias');
    await writeSafetensors(p, tensors as Map<string, { shape: number[]; data: Float32Array }>);
    await expectDataError(
      loadModel(dir),
      /missing tensor "encoder\.layer\.1\.output\.LayerNorm\.bias" \(expected shape \[32\]\)/,
    );
  });

  it('rejects a corrupted safetensors header', async () => {
    const dir = copy('corrupt');
    const p = join(dir, 'model.safetensors');
    const bytes = readFileSync(p);
    bytes.writeBigUInt64LE(10n ** 12n, 0);
    writeFileSync(p, bytes);
    await expectDataError(
      loadModel(dir),
      /model\.safetensors: not a valid safetensors file: header length 1000000000000 is over the limit of 100000000 bytes/,
    );
  });

  it('says what to do when only pytorch_model.bin is there', async () => {
    const dir = copy('bin');
    rmSync(join(dir, 'model.safetensors'));
    writeFileSync(join(dir, 'pytorch_model.bin'), 'x');
    await expectDataError(loadModel(dir), /only pytorch_model\.bin found[\s\S]*safe_serialization=True/);
  });
});
