import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  configSchema,
  memoryLogger,
  type ResolvedConfig,
  resolveVariants,
  silentProgress,
  type UserConfig,
  writeArtifact,
} from '@hbt/core';

/** Repository root (this file is packages/teacher/src/test-utils/fixtures.ts). */
export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
/** test-fixtures/models (tiny random-weight checkpoints, see its README). */
export const MODELS = join(REPO, 'test-fixtures', 'models');
/** The sentence-transformers fixture (CLS + Dense + Normalize) and its PyTorch `encode()` golden. */
export const TINY_LABSE = join(MODELS, 'tiny-labse');
export const LABSE_GOLDEN = JSON.parse(readFileSync(join(MODELS, 'golden', 'tiny-labse.json'), 'utf8')) as {
  max_length: number;
  texts: string[];
  embeddings: number[][];
};

/** The backend of these tests: `HBT_TEST_BACKEND` (e.g. `tensorflow`), else wasm (CI has it everywhere). */
export const TEST_BACKEND = (process.env.HBT_TEST_BACKEND ?? 'wasm') as 'tensorflow' | 'wasm' | 'cpu';

/** One training pair: [query_text, query_lang, pos_text, pos_lang]. */
export type PairRow = [string, string, string, string];

/** Write `<root>/artifacts/prep/train_pairs.parquet` (or `val_pairs.parquet`) with these pairs. */
export async function writePairs(
  root: string,
  pairs: readonly PairRow[],
  which: 'train_pairs' | 'val_pairs' = 'train_pairs',
): Promise<string> {
  const dir = join(root, 'artifacts', 'prep');
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${which}.parquet`);
  await writeArtifact(path, which, {
    pair_id: pairs.map((_, i) => `p${i}`),
    group_id: pairs.map((_, i) => `g${i}`),
    query_text: pairs.map((p) => p[0]),
    query_lang: pairs.map((p) => p[1]),
    pos_text: pairs.map((p) => p[2]),
    pos_lang: pairs.map((p) => p[3]),
    neg_text: pairs.map(() => null),
    dataset: pairs.map(() => 'test'),
  });
  return path;
}

/** The variants of an experiment in `root` (config written to `<root>/hbt.json`). */
export async function experiment(root: string, user: UserConfig): Promise<ResolvedConfig[]> {
  const file = join(root, 'hbt.json');
  await writeFile(file, JSON.stringify(user));
  const rc: ResolvedConfig = { config: configSchema.parse(user), baseDir: root, file, variant: 'default' };
  return resolveVariants(rc);
}

/** The logging and progress a stage test passes. */
export function quietEnv(backend: string) {
  return { log: memoryLogger(), progress: silentProgress, backend };
}
