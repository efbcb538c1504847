import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is packages/evaluator/src/test-utils/data.ts). */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');

/**
 * The shared data folder: `$HBT_DATA_MIRROR`, else `<repo>/../shared/data`. Null when absent (tests that
 * need it then skip, saying why).
 */
export function sharedData(): string | null {
  const env = process.env.HBT_DATA_MIRROR;
  const dir = env && env !== '' ? resolve(env) : resolve(REPO_ROOT, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

export function sharedDataPath(...parts: string[]): string | null {
  const d = sharedData();
  if (!d) return null;
  const p = join(d, ...parts);
  return existsSync(p) ? p : null;
}

export const FIXTURES = join(REPO_ROOT, 'test-fixtures', 'evaluator');
