import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readManifest, writeArtifact } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { trainCommand } from './train.js';

// `hbt train` in-process on a toy experiment (tiny models, wasm): variants, --backend, HBT_BACKEND,
// and the mBERT vocabulary found through HBT_DATA_MIRROR (the data mirror, <repo>/../shared/data in CI).
const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const MIRROR = process.env.HBT_DATA_MIRROR
  ? resolve(process.env.HBT_DATA_MIRROR)
  : resolve(REPO, '../shared/data');
const VOCAB = join(MIRROR, 'mbert-vocab', 'mbert_modified_vocab.txt');
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-train-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const env = { ...process.env };
afterEach(() => {
  process.exitCode = 0;
  process.env = { ...env };
});

const words = 'river mountain city harbour forest desert island valley castle bridge market school'.split(
  ' ',
);
function pairs(n: number, prefix: string) {
  const c: Record<string, unknown[]> = {
    pair_id: [],
    group_id: [],
    query_text: [],
    query_lang: [],
    pos_text: [],
    pos_lang: [],
    neg_text: [],
    dataset: [],
  };
  for (let i = 0; i < n; i++) {
    const a = words[i % words.length]!;
    const b = words[(i * 5 + 2) % words.length]!;
    c.pair_id!.push(`${prefix}${i}`);
    c.group_id!.push(`${prefix}g${i}`);
    c.query_text!.push(`where is the ${a} by the ${b}?`);
    c.pos_text!.push(`the ${a} lies by the ${b}.`);
    c.neg_text!.push(null);
    c.query_lang!.push('en');
    c.pos_lang!.push('en');
    c.dataset!.push('toy');
  }
  return c;
}

async function experiment(variants: string[]): Promise<string> {
  const art = join(root, 'artifacts');
  await mkdir(join(art, 'prep'), { recursive: true });
  await writeArtifact(join(art, 'prep', 'train_pairs.parquet'), 'train_pairs', pairs(16, 'p'));
  await writeArtifact(join(art, 'prep', 'val_pairs.parquet'), 'val_pairs', pairs(8, 'v'));
  const plan: Record<string, unknown[]> = {
    step: [],
    slot: [],
    pair_id: [],
    kind: [],
    query_lang: [],
    pos_lang: [],
  };
  for (let s = 0; s < 4; s++) {
    for (let k = 0; k < 4; k++) {
      plan.step!.push(s);
      plan.slot!.push(k);
      plan.pair_id!.push(`p${(s * 4 + k) % 16}`);
      plan.kind!.push('mono');
      plan.query_lang!.push('en');
      plan.pos_lang!.push('en');
    }
  }
  for (const v of variants)
    await writeArtifact(join(art, 'variants', v, 'sample', 'batches.parquet'), 'batches', plan);
  return art;
}

const cli = (args: string[]) => yargs().command(trainCommand).strict().exitProcess(false).parseAsync(args);

async function stderrOf(f: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => chunks.push(String(s)) > 0) as typeof process.stderr.write;
  try {
    await f();
  } finally {
    process.stderr.write = write;
  }
  return chunks.join('');
}

const model = { hidden: 16, layers: 1, heads: 2, max_length: 12 };

describe('hbt train', () => {
  it.runIf(existsSync(VOCAB))(
    'trains every variant; the mBERT vocabulary comes from HBT_DATA_MIRROR',
    async () => {
      const art = await experiment(['mb', 'wp']);
      const config = join(root, 'hbt.json');
      await writeFile(
        config,
        JSON.stringify({
          seed: 2,
          backend: 'cpu',
          model: { ...model, tokenizer: { kind: 'mbert-vocab' } },
          train: { validate_every: 2, checkpoint_every: 2, val_batch_size: 4 },
          variants: [
            { name: 'mb', set: {} },
            { name: 'wp', set: { 'model.tokenizer': { kind: 'wordpiece', vocab_size: 200 } } },
          ],
        }),
      );
      process.env.HBT_DATA_MIRROR = MIRROR;
      // An empty fetch cache: the cache wins over the mirror, and the developer's may hold the vocabulary.
      process.env.HBT_CACHE = await mkdtemp(join(tmpdir(), 'hbt-empty-cache-'));
      await cli(['train', '--config', config, '--backend', 'wasm', '-q']);
      expect(process.exitCode ?? 0).toBe(0);
      const mb = await readManifest(join(art, 'variants', 'mb', 'train'));
      const wp = await readManifest(join(art, 'variants', 'wp', 'train'));
      expect(mb?.backend).toBe('wasm'); // --backend beats the config's "cpu"
      expect(mb?.inputs.find((i) => i.name === 'mbert_vocab')?.path).toBe(VOCAB);
      expect(wp?.inputs.map((i) => i.name)).not.toContain('mbert_vocab');
      expect(mb?.stats.steps_done).toBe(4);
      expect(wp?.stats.tokenizer).toBe('wordpiece');
    },
  );

  it('exits 2 with a hint when the mBERT vocabulary is nowhere', async () => {
    await experiment(['default']);
    const config = join(root, 'novocab.json');
    await writeFile(
      config,
      JSON.stringify({ model: { ...model }, data: { cache: join(root, 'empty-cache'), mirror: null } }),
    );
    delete process.env.HBT_DATA_MIRROR;
    process.env.HBT_BACKEND = 'wasm';
    const err = await stderrOf(() => cli(['train', '--config', config, '-q']));
    expect(process.exitCode).toBe(2);
    expect(err).toMatch(/tokenizer kind "mbert-vocab" needs the mBERT vocabulary file/);
    expect(err).toMatch(/hbt data fetch mbert-vocab/);
  });

  it('rejects an unknown HBT_BACKEND (exit 2)', async () => {
    const config = join(root, 'bad.json');
    await writeFile(config, JSON.stringify({}));
    process.env.HBT_BACKEND = 'gpu-please';
    const err = await stderrOf(() => cli(['train', '--config', config]));
    expect(process.exitCode).toBe(2);
    expect(err).toMatch(/HBT_BACKEND="gpu-please" is not a backend/);
  });
});
