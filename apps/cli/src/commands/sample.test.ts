import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, writeArtifact } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import yargs from 'yargs';
import { sampleCommand } from './sample.js';

// `hbt sample` in-process on a tiny experiment: the command resolves the config and its variants,
// finds <artifacts>/prep/train_pairs.parquet and writes one batches.parquet per variant.
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-sample-'));
afterAll(() => rm(root, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
});

const langs = ['de', 'en', 'fr'];
const cols = {
  pair_id: [] as string[],
  group_id: [] as string[],
  query_text: [] as string[],
  query_lang: [] as string[],
  pos_text: [] as string[],
  pos_lang: [] as string[],
  neg_text: [] as Array<string | null>,
  dataset: [] as string[],
};
for (let g = 0; g < 12; g++) {
  for (const q of langs) {
    for (const p of langs) {
      cols.pair_id.push(`${g}-${q}-${p}`);
      cols.group_id.push(`g${g}`);
      cols.query_text.push(`${q} ${g}?`);
      cols.query_lang.push(q);
      cols.pos_text.push(`${p} ${g}.`);
      cols.pos_lang.push(p);
      cols.neg_text.push(null);
      cols.dataset.push('toy');
    }
  }
}

const cli = (args: string[]) => yargs().command(sampleCommand).strict().exitProcess(false).parseAsync(args);

describe('hbt sample', () => {
  it('plans every variant into its own sample directory', async () => {
    await mkdir(join(root, 'artifacts', 'prep'), { recursive: true });
    await writeArtifact(join(root, 'artifacts', 'prep', 'train_pairs.parquet'), 'train_pairs', cols);
    const config = join(root, 'hbt.json');
    await writeFile(
      config,
      JSON.stringify({
        seed: 3,
        sampler: { batch_size: 4, steps: 10 },
        variants: [
          { name: 'h', set: {} },
          { name: 'm', set: { 'sampler.strategy': 'x-x-mono' } },
        ],
      }),
    );
    await cli(['sample', '--config', config, '-q']);
    expect(process.exitCode ?? 0).toBe(0);
    const h = await readManifest(join(root, 'artifacts', 'variants', 'h', 'sample'));
    const m = await readManifest(join(root, 'artifacts', 'variants', 'm', 'sample'));
    expect(h?.stats.rows).toBe(40);
    expect(m?.stats.mono_fraction).toBe(1);
    const bytes = readFileSync(join(root, 'artifacts', 'variants', 'h', 'sample', 'batches.parquet'));
    await cli(['sample', '--config', config, '--variant', 'h', '--force', '-q']);
    expect(
      readFileSync(join(root, 'artifacts', 'variants', 'h', 'sample', 'batches.parquet')).equals(bytes),
    ).toBe(true);
  });

  it('exits 1 with a hint when the training pairs are missing', async () => {
    const config = join(root, 'empty.json');
    await writeFile(config, JSON.stringify({ artifacts: 'nowhere' }));
    const chunks: string[] = [];
    const write = process.stderr.write.bind(process.stderr);
    process.stderr.write = ((s: string) => chunks.push(String(s)) > 0) as typeof process.stderr.write;
    try {
      await cli(['sample', '--config', config, '-q']);
    } finally {
      process.stderr.write = write;
    }
    expect(process.exitCode).toBe(1);
    expect(chunks.join('')).toMatch(/train_pairs.parquet: training pairs not found\n {2}hint: run `hbt prep/);
  });
});
