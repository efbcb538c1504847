import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError, HbtError, runStage, UsageError } from '@hbt/core';
import { initBackend } from '@hbt/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run, teacherStageSpec } from './run.js';
import { experiment, quietEnv, TEST_BACKEND, TINY_LABSE, writePairs } from './test-utils/fixtures.js';

let root: string;
let backend: string;
beforeAll(async () => {
  backend = await initBackend(TEST_BACKEND);
  root = await mkdtemp(join(tmpdir(), 'hbt-teacher-err-'));
  await writePairs(root, [['Hello', 'en', 'Hallo', 'de']]);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The error the stage gives for this teacher config (spec and run), or null. */
async function failure(teacher: { model: string } & Record<string, unknown>): Promise<HbtError | null> {
  const [rc] = await experiment(root, { train: { teacher } });
  try {
    const { spec, inputs } = await teacherStageSpec(rc!, quietEnv(backend));
    await runStage(spec, (ctx) => run(inputs, rc!.config, ctx));
    return null;
  } catch (e) {
    if (!(e instanceof HbtError)) throw e;
    return e;
  }
}

describe('teacher stage errors', () => {
  it('names a teacher folder that is not there', async () => {
    const e = await failure({ model: 'models/nowhere' });
    expect(e).toBeInstanceOf(DataError);
    expect(e!.where.file).toBe(join(root, 'models', 'nowhere'));
    expect(e!.message).toMatch(/teacher model folder not found/);
  });

  it('names a teacher folder that does not load, and leaves no artifact', async () => {
    const broken = join(root, 'broken');
    await cp(TINY_LABSE, broken, { recursive: true });
    await writeFile(join(broken, 'config.json'), '{"model_type": "gpt2"}');
    const e = await failure({ model: 'broken' });
    expect(e).toBeInstanceOf(DataError);
    expect(e!.where.file).toBe(broken);
    expect(e!.message).toMatch(/cannot load the teacher model/);
    await mkdir(join(root, 'empty'));
    expect((await failure({ model: 'empty' }))!.message).toMatch(
      /cannot load the teacher model.*config\.json/s,
    );
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(root, 'artifacts', 'variants', 'default', 'teacher'))).toBe(false);
  });

  it('names the source languages when no pair has a source side', async () => {
    const e = await failure({ model: TINY_LABSE, source_languages: ['fra', 'fr'] });
    expect(e).toBeInstanceOf(DataError);
    expect(e!.message).toMatch(/source languages \(fra, fr\).*languages are de, en/s);
    expect(e!.where.file).toBe(join(root, 'artifacts', 'prep', 'train_pairs.parquet'));
  });

  it('asks for the training of a teacher variant that has no model yet', async () => {
    const vs = await experiment(root, {
      train: { teacher: { model: 'variant:base' } },
      variants: [{ name: 'base', set: { 'train.teacher': null } }, { name: 'student' }],
    });
    const student = vs.find((v) => v.variant === 'student')!;
    const e = await teacherStageSpec(student, quietEnv(backend)).catch((x: unknown) => x as HbtError);
    expect(e).toBeInstanceOf(DataError);
    expect((e as HbtError).message).toMatch(/variant "base", which has no trained model yet/);
    expect((e as HbtError).where.hint).toMatch(/hbt train --config … --variant base/);
    expect((e as HbtError).where.file).toBe(join(root, 'artifacts', 'variants', 'base', 'train', 'model'));
  });

  it('refuses a variant without train.teacher', async () => {
    const [rc] = await experiment(root, {});
    await expect(teacherStageSpec(rc!, quietEnv(backend))).rejects.toBeInstanceOf(UsageError);
  });
});
