import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, readTable, readTeacherEmbeddings } from '@hbt/core';
import { configSchema } from '@hbt/core/config-schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../test-utils/run-cli.js';

// `hbt teacher` end to end on the smoke data (test-fixtures/smoke: en, el, ru parallel QA): prep, then the
// teacher stage with the tiny sentence-transformers fixture, on wasm; its cache; its errors (exit codes).
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-teacher-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const TEACHER = join(REPO, 'test-fixtures', 'models', 'tiny-labse');
// Before train.objective existed a variant distilled when train.teacher was set; with it, say "distill".
const DISTILL = configSchema.safeParse({ train: { objective: 'distill' } }).success
  ? { objective: 'distill' }
  : {};

async function config(name: string, train: Record<string, unknown>, variants: unknown[] = []) {
  const file = join(root, `${name}.json`);
  await writeFile(
    file,
    JSON.stringify({
      artifacts: 'artifacts',
      data: {
        train: [{ name: 'smoke-train', format: 'lareqa', path: join(REPO, 'test-fixtures/smoke/train') }],
        eval: [],
        pairs: { validation_fraction: 0.1, seed: 0 },
      },
      train,
      variants,
    }),
  );
  return file;
}

const teacher = (more: Record<string, unknown> = {}) => ({
  ...DISTILL,
  teacher: { model: TEACHER, source_languages: ['en'], ...more },
});

beforeAll(async () => {
  const { code, err } = await runCli(['prep', '-c', await config('prep', {}), '-q']);
  expect(code, err).toBe(0);
});

describe('hbt teacher', () => {
  it('embeds the English side of the pairs that have exactly one, once each, and is cached on rerun', async () => {
    const file = await config('ok', teacher());
    const first = await runCli(['teacher', '-c', file, '--backend', 'wasm']);
    expect(first.code, first.err).toBe(0);
    const out = join(root, 'artifacts', 'variants', 'default', 'teacher');
    const e = await readTeacherEmbeddings(join(out, 'embeddings.parquet'));
    // The expected texts, computed here from the pairs without hbt's rule.
    const p = (await readTable(join(root, 'artifacts', 'prep', 'train_pairs.parquet'))).columns;
    const want = new Set<string>();
    for (let i = 0; i < p.query_text!.length; i++) {
      const q = p.query_lang![i] === 'en';
      const d = p.pos_lang![i] === 'en';
      if (q && !d) want.add(p.query_text![i] as string);
      if (d && !q) want.add(p.pos_text![i] as string);
    }
    expect(want.size).toBeGreaterThan(10);
    expect([...e.texts].sort()).toEqual([...want].sort());
    expect(e.dim).toBe(32);
    const m = await readManifest(out);
    expect(m?.stage).toBe('teacher');
    expect(m?.stats.backend).toBe('wasm');
    expect(first.err).toMatch(/sequences\/s/);

    const again = await runCli(['teacher', '-c', file, '--backend', 'wasm']);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/teacher: up to date/);
  });

  it('exits 1 naming the languages when no pair has a source side', async () => {
    const r = await runCli(['teacher', '-c', await config('nolang', teacher({ source_languages: ['sw'] }))]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/source languages \(sw\).*el, en, ru/s);
  });

  it('exits 2 when no variant distils, on an unknown teacher variant, and on a cycle', async () => {
    expect((await runCli(['teacher', '-c', await config('none', {})])).code).toBe(2);
    const unknown = await runCli([
      'teacher',
      '-c',
      await config('unknown', { ...DISTILL, teacher: { model: 'variant:ghost' } }, [{ name: 'a' }]),
    ]);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/variant "ghost", which does not exist/);
    const cycle = await runCli([
      'teacher',
      '-c',
      await config('cycle', { ...DISTILL, teacher: { model: 'variant:b' } }, [
        { name: 'a' },
        { name: 'b', set: { 'train.teacher.model': 'variant:a' } },
      ]),
    ]);
    expect(cycle.code).toBe(2);
    expect(cycle.err).toMatch(/cycle: a → b → a/);
    expect(existsSync(join(root, 'artifacts', 'variants', 'a'))).toBe(false);
  });
});
