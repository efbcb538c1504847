import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { embedTexts } from '../embed.js';
import { batchToTensors } from '../encoder/ops.js';
import { FIXTURES, maxAbsDiff, readJsonFixture, SENTENCES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { tf } from '../tf.js';
import { loadModel } from './load.js';

// Golden outputs from PyTorch / transformers / sentence-transformers (tooling/scripts/make-model-fixtures.py).
interface EncoderGolden {
  max_length: number;
  input_ids: number[][];
  attention_mask: number[][];
  last_hidden_state: number[][][];
  cls: number[][];
  mean: number[][];
}

beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});

async function checkAgainstPytorch(folder: string, golden: EncoderGolden) {
  for (const pooling of ['cls', 'mean'] as const) {
    const model = await loadModel(join(FIXTURES, folder), { pooling, normalize: false });
    const before = tf.memory().numTensors;
    const batch = model.tokenizer.encode(SENTENCES, { maxLength: golden.max_length });
    expect(Array.from(batch.inputIds)).toEqual(golden.input_ids.flat());
    const [last, pooled] = tf.tidy(() => {
      const out = model.encoder.forward(batchToTensors(batch));
      return [out.lastHiddenState.arraySync(), out.pooled.dataSync()] as const;
    });
    expect(tf.memory().numTensors).toBe(before);
    // Compare token states only where the mask is 1 (padding positions are arbitrary in both).
    const mine: number[] = [];
    const ref: number[] = [];
    golden.attention_mask.forEach((row, i) => {
      row.forEach((m, j) => {
        if (m === 1) {
          mine.push(...last[i]![j]!);
          ref.push(...golden.last_hidden_state[i]![j]!);
        }
      });
    });
    expect(maxAbsDiff(mine, ref)).toBeLessThan(1e-4);
    expect(maxAbsDiff(pooled, golden[pooling].flat())).toBeLessThan(1e-4);
    model.encoder.dispose();
  }
}

describe('Hugging Face checkpoints give PyTorch’s outputs (wasm backend)', () => {
  it('tiny BERT with a real mBERT vocabulary subset: last_hidden_state, CLS and mean', async () => {
    await checkAgainstPytorch('tiny-mbert', readJsonFixture<EncoderGolden>('golden', 'tiny-mbert.json'));
  });

  it('the same encoder from BertForMaskedLM, sharded, with the bert. prefix', async () => {
    await checkAgainstPytorch(
      'tiny-mbert-mlm-sharded',
      readJsonFixture<EncoderGolden>('golden', 'tiny-mbert.json'),
    );
  });

  it('tiny XLM-R (unigram tokenizer, position ids offset by padding_idx + 1)', async () => {
    await checkAgainstPytorch('tiny-xlmr', readJsonFixture<EncoderGolden>('golden', 'tiny-xlmr.json'));
  });

  it('a LaBSE-like sentence-transformers folder (CLS + Dense tanh + Normalize) gives encode()’s output', async () => {
    const g = readJsonFixture<{ max_length: number; embeddings: number[][] }>('golden', 'tiny-labse.json');
    const model = await loadModel(join(FIXTURES, 'tiny-labse'));
    expect(model.encoder.config).toMatchObject({ pooling: 'cls', normalize: true });
    expect(model.encoder.config.dense).toEqual({
      inFeatures: 32,
      outFeatures: 32,
      bias: true,
      activation: 'tanh',
    });
    expect(model.maxLength).toBe(g.max_length);
    const before = tf.memory().numTensors;
    const v = await embedTexts(model, SENTENCES, { batchSize: 5 });
    expect(tf.memory().numTensors).toBe(before);
    expect(maxAbsDiff(v, g.embeddings.flat())).toBeLessThan(1e-4);
    model.encoder.dispose();
  });
});
