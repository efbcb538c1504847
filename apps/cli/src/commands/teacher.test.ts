import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest, readTable, readTeacherEmbeddings } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from '../test-utils/run-cli.js';

// `hbt teacher` end to end on the smoke data (test-fixtures/smoke: en, el, ru parallel QA): prep, then the
// teacher stage with the tiny sentence-transformers fixture, on wasm; its cache; its errors (exit codes).
const root = await mkdtemp(join(tmpdir(), 'hbt-cli-teacher-'));
afterAll(() => rm(root, { recursive: true, force: true }));
const TEACHER = join(REPO, 'test-fixtures', 'models', 'tiny-labse');
const DISTILL = { objective: 'distill' };

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
    // The expected texts, computed here from the training and validation pairs without hbt's rule.
    const want = new Set<string>();
    for (const f of ['train_pairs', 'val_pairs']) {
      const p = (await readTable(join(root, 'artifacts', 'prep', `${f}.parquet`))).columns;
      for (let i = 0; i < p.query_text!.length; i++) {
        const q = p.query_lang![i] === 'en';
        const d = p.pos_lang![i] === 'en';
        if (q && !d) want.add(p.query_text![i] as string);
        if (d && !q) want.add(p.pos_text![i] as string);
      }
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

// The whole path on the smoke data: a variant distilled from another variant's final model. `hbt train`
// trains the teacher variant first (declared second), runs the student's teacher stage with its model,
// and trains the student with the distill objective on the teacher's vectors.
describe('hbt train with a distilling variant', () => {
  it('orders variants by teacher, embeds with the trained teacher, and the distill loss falls', async () => {
    const file = await config(
      'distill',
      {
        lr: 0.002,
        warmup_fraction: 0.05,
        validate_every: 20,
        objective: 'distill',
        teacher: { model: 'variant:base', source_languages: ['en'] },
      },
      [{ name: 'student' }, { name: 'base', set: { 'train.objective': 'infonce', 'train.teacher': null } }],
    );
    const raw = JSON.parse(await readFile(file, 'utf8'));
    raw.sampler = { strategy: 'hybrid', alpha: 0.5, batch_size: 16, steps: 40 };
    raw.model = {
      tokenizer: { kind: 'wordpiece', vocab_size: 600 },
      hidden: 64,
      layers: 1,
      heads: 4,
      max_length: 24,
      pooling: 'mean',
    };
    await writeFile(file, JSON.stringify(raw));
    const sample = await runCli(['sample', '-c', file, '-q']);
    expect(sample.code, sample.err).toBe(0);
    const train = await runCli(['train', '-c', file, '--backend', 'wasm']);
    expect(train.code, train.err).toBe(0);
    const at = (s: string) => train.err.indexOf(s);
    expect(at('train [base]')).toBeGreaterThan(-1);
    expect(at('teacher [student]')).toBeGreaterThan(at('train [base]'));
    expect(at('train [student]')).toBeGreaterThan(at('teacher [student]'));

    const variants = join(root, 'artifacts', 'variants');
    const teacherManifest = await readManifest(join(variants, 'student', 'teacher'));
    expect(teacherManifest?.inputs.map((i) => i.path)).toEqual([join(variants, 'base', 'train', 'model')]);
    expect(teacherManifest?.stats.dim).toBe(64);
    const student = await readManifest(join(variants, 'student', 'train'));
    const embeddings = join(variants, 'student', 'teacher', 'embeddings.parquet');
    expect(student?.inputs.find((i) => i.path === embeddings)).toBeDefined();
    const s = student!.stats as { first_loss: number; last_loss: number };
    expect(s.last_loss).toBeLessThan(s.first_loss);

    const again = await runCli(['train', '-c', file, '--backend', 'wasm']);
    expect(again.code).toBe(0);
    expect(again.err.match(/up to date/g)?.length).toBe(3); // base, the student's teacher, the student
  });
});
