import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../errors.js';
import { loadConfig } from '../load.js';
import { encoderParameterCount } from './model.js';

function configFile(obj: unknown): string {
  const p = join(mkdtempSync(join(tmpdir(), 'hbt-model-cfg-')), 'hbt.json');
  writeFileSync(p, JSON.stringify(obj));
  return p;
}

/** The UsageError of loading a config with these `--set`s (fails the test when there is none). */
function rejection(sets: string[], model: unknown = {}): UsageError {
  const p = configFile({ model });
  try {
    loadConfig(p, sets);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    expect((e as Error).message.startsWith(`${p}: model.`)).toBe(true);
    return e as UsageError;
  }
  throw new Error(`accepted ${sets.join(' ')}`);
}

describe('model section: sizes are validated before anything is built', () => {
  const cases: Array<[string[], RegExp]> = [
    [['model.hidden=1e9'], /model\.hidden: Too big: expected number to be <=8192 \(got number 1000000000\)/],
    [['model.hidden=64.5'], /model\.hidden: expected int, got number 64\.5/],
    [['model.hidden=0'], /model\.hidden: Too small/],
    [['model.layers=1000000'], /model\.layers: Too big: expected number to be <=128/],
    [['model.layers=0'], /model\.layers: Too small/],
    [['model.heads=1000'], /model\.heads: Too big/],
    [['model.intermediate=100000'], /model\.intermediate: Too big/],
    [['model.max_length=1'], /model\.max_length: Too small: expected number to be >=2/],
    [['model.max_length=100000'], /model\.max_length: Too big/],
    [['model.dropout=1'], /model\.dropout: Too big: expected number to be <1/],
    [['model.dropout=-0.1'], /model\.dropout: Too small/],
    [['model.tokenizer.vocab_size=1e7'], /model\.tokenizer\.vocab_size: Too big/],
    [['model.tokenizer.vocab_size=0'], /model\.tokenizer\.vocab_size: Too small/],
    [['model.hidden="wide"'], /model\.hidden: expected number, got string "wide"/],
  ];
  for (const [sets, msg] of cases) {
    it(`refuses ${sets.join(' ')} with exit 2 naming the key and the rule`, () => {
      expect(rejection(sets).message).toMatch(msg);
    });
  }

  it('requires hidden to be a multiple of heads (65 with 4 heads; 4 with 8 heads)', () => {
    expect(rejection(['model.hidden=65', 'model.heads=4']).message).toMatch(
      /model\.hidden: must be a multiple of model\.heads \(4\)/,
    );
    expect(rejection(['model.hidden=4', 'model.heads=8']).message).toMatch(/multiple of model\.heads \(8\)/);
  });

  it('bounds the parameter count of sizes that are each in range', () => {
    const e = rejection([
      'model.hidden=4096',
      'model.layers=128',
      'model.heads=32',
      'model.intermediate=4096',
    ]);
    expect(e.message).toMatch(
      /model\.layers: 128 layers of hidden size 4096 make [\d,]+ parameters, over the limit of 1,000,000,000/,
    );
    // A trained vocabulary counts: 1M tokens × 2048 = 2 G parameters in the word table alone.
    expect(
      rejection([], {
        tokenizer: { kind: 'wordpiece', vocab_size: 1_000_000 },
        hidden: 2048,
        heads: 8,
        layers: 1,
      }).message,
    ).toMatch(/over the limit/);
  });

  it('names only the field that is out of range, not the combinations it breaks', () => {
    const msg = rejection(['model.hidden=1e9']).message;
    expect(msg).not.toMatch(/intermediate|parameters|multiple/);
  });

  it('accepts the sizes of the shipped experiments and the largest sane ones', () => {
    const p = configFile({});
    for (const sets of [
      [],
      ['model.hidden=64', 'model.layers=1', 'model.heads=4', 'model.max_length=24'],
      ['model.hidden=1024', 'model.layers=24', 'model.heads=16', 'model.max_length=512', 'model.dropout=0'],
      ['model.max_length=2', 'model.dropout=0.999'],
    ]) {
      expect(() => loadConfig(p, sets)).not.toThrow();
    }
  });
});

describe('encoderParameterCount', () => {
  it('equals PyTorch’s count for bert-base and xlm-roberta-large (no pooler)', () => {
    // sum(p.numel() for p in BertModel(BertConfig(...), add_pooling_layer=False).parameters()), transformers 5.
    expect(
      encoderParameterCount({
        vocab: 30522,
        hidden: 768,
        layers: 12,
        intermediate: 3072,
        positions: 512,
        typeVocab: 2,
        denseOut: 0,
      }),
    ).toBe(108_891_648);
    expect(
      encoderParameterCount({
        vocab: 250002,
        hidden: 1024,
        layers: 24,
        intermediate: 4096,
        positions: 514,
        typeVocab: 1,
        denseOut: 0,
      }),
    ).toBe(558_840_832);
  });
});
