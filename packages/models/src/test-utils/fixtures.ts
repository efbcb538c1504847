import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is packages/models/src/test-utils/fixtures.ts). */
export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
/** test-fixtures/models. */
export const FIXTURES = join(REPO, 'test-fixtures', 'models');

/** The shared data mirror: $HBT_DATA_MIRROR or <repo>/../shared/data; null when absent. */
export function dataMirror(): string | null {
  const dir = process.env.HBT_DATA_MIRROR ?? join(REPO, '..', 'shared', 'data');
  return existsSync(dir) ? dir : null;
}

export function readJsonFixture<T>(...parts: string[]): T {
  return JSON.parse(readFileSync(join(FIXTURES, ...parts), 'utf8')) as T;
}

export const SENTENCES: string[] = readJsonFixture<string[]>('sentences.json');

/** First n questions and candidate sentences of an XQuAD-R language, in file order (as the fixture script). */
export function xquadrTexts(
  data: string,
  lang: string,
  n: number,
): { questions: string[]; sentences: string[] } {
  const d = JSON.parse(readFileSync(join(data, 'xquad-r', `${lang}.json`), 'utf8')) as {
    data: Array<{ paragraphs: Array<{ qas: Array<{ question: string }>; sentences: string[] }> }>;
  };
  const questions: string[] = [];
  const sentences: string[] = [];
  for (const art of d.data) {
    for (const p of art.paragraphs) {
      questions.push(...p.qas.map((q) => q.question));
      sentences.push(...p.sentences);
    }
  }
  return { questions: questions.slice(0, n), sentences: sentences.slice(0, n) };
}

/** Largest absolute difference between two equally long numeric arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} ≠ ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/**
 * The backend the model tests run on: `HBT_TEST_BACKEND` (e.g. `tensorflow` to check the native kernels
 * locally), else wasm (what CI has everywhere).
 */
export const TEST_BACKEND = (process.env.HBT_TEST_BACKEND ?? 'wasm') as 'tensorflow' | 'wasm' | 'cpu';
