// The class of "a stage replaces whatever is at its output path": for every stage kind, any folder or file
// hbt did not write at a stage's path (fixed shapes and seeded random trees) stops the stage with exit 2
// before it runs, and every byte under the experiment is as it was.
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig } from './config/load.js';
import { configSchema } from './config/schema.js';
import { UsageError } from './errors.js';
import { STAGES, type StageName, stageDir } from './layout.js';
import { memoryLogger } from './logger.js';
import { silentProgress } from './progress.js';
import { Rng } from './rng.js';
import { runStage, type StageSpec } from './stage.js';
import { PARTIAL_MARKER } from './stage-dir.js';
import { localProbe } from './stage-lock.js';

function experiment(root: string): ResolvedConfig {
  return { config: configSchema.parse({}), baseDir: root, file: join(root, 'hbt.json'), variant: 'default' };
}

function spec(stage: string, dir: string, over: Partial<StageSpec> = {}): StageSpec {
  return {
    stage,
    stageVersion: 1,
    dir,
    config: {},
    keyConfig: { k: 1 },
    inputs: {},
    seed: 1,
    backend: null,
    log: memoryLogger(),
    progress: silentProgress,
    ...over,
  };
}

/** Every entry under `root`: kind, bytes or link target. */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      const s = lstatSync(p);
      if (s.isSymbolicLink()) out[r] = `link:${readlinkSync(p)}`;
      else if (s.isDirectory()) {
        out[r] = 'dir';
        walk(p, r);
      } else out[r] = `file:${readFileSync(p).toString('base64')}`;
    }
  };
  walk(root, '');
  return out;
}

const manifest = (stage: string, outputs: string[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    stage,
    key: 'sha256:x',
    outputs: outputs.map((p) => ({ name: p, path: p, hash: 'h' })),
    side_files: [],
    ...extra,
  });

async function put(file: string, text: string) {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
}

type Layout = (dir: string, stage: string) => Promise<void>;
const FOREIGN: Array<[string, Layout]> = [
  ['a folder of user files', (d) => put(join(d, 'important.txt'), 'keep me')],
  ['nested user files', (d) => put(join(d, 'a', 'b', 'en.json'), '{"data": []}')],
  [
    'a subfolder only',
    (d) => mkdir(join(d, 'sub', 'deeper'), { recursive: true }).then(() => put(join(d, 'sub', 'x'), '1')),
  ],
  [
    "another stage's manifest",
    async (d) => {
      await put(join(d, 'manifest.json'), manifest('not-this-stage', ['a.txt']));
      await put(join(d, 'a.txt'), 'a');
    },
  ],
  ['an unparsable manifest', (d) => put(join(d, 'manifest.json'), '{"stage": ')],
  [
    'a manifest without a key',
    (d, s) => put(join(d, 'manifest.json'), JSON.stringify({ stage: s, outputs: [] })),
  ],
  ['a manifest that is an array', (d) => put(join(d, 'manifest.json'), '[]')],
  [
    'a manifest that is a folder',
    async (d) => {
      await mkdir(join(d, 'manifest.json'), { recursive: true });
    },
  ],
  [
    "this stage's manifest and a file it does not list",
    async (d, s) => {
      await put(join(d, 'manifest.json'), manifest(s, ['a.txt']));
      await put(join(d, 'a.txt'), 'a');
      await put(join(d, 'notes.txt'), 'mine');
    },
  ],
  [
    "this stage's manifest and a dot-file it does not list",
    async (d, s) => {
      await put(join(d, 'manifest.json'), manifest(s, []));
      await put(join(d, '.notes'), 'mine');
    },
  ],
  ['a file at the path', (d) => put(d, 'i am a file')],
  [
    'a symlink to a user folder',
    async (d) => {
      const target = join(dirname(d), 'user-folder');
      await put(join(target, 'x.txt'), 'x');
      await mkdir(dirname(d), { recursive: true });
      await symlink(target, d);
    },
  ],
];

/** A seeded random tree of user files, sometimes with a manifest that does not make it hbt's. */
function randomLayout(seed: number): Layout {
  return async (d, stage) => {
    const rng = Rng.fromSeed(seed).derive('tree');
    const files: string[] = [];
    const n = 2 + rng.int(5);
    for (let i = 0; i < n; i++) {
      const depth = rng.int(3);
      const parts = Array.from({ length: depth + 1 }, () =>
        rng.choice(['a', 'b', 'data', 'x.json', 'en', '1']),
      );
      const rel = `${parts.join('/')}-${i}`;
      files.push(rel);
      await put(join(d, rel), `content ${seed} ${i} ${rng.nextU32()}`);
    }
    const kind = rng.int(3);
    if (kind === 1) await put(join(d, 'manifest.json'), manifest(stage, files.slice(1))); // one unlisted
    if (kind === 2)
      await put(join(d, 'manifest.json'), manifest(rng.choice(['x', 'other', `${stage}2`]), files));
  };
}

const CASES: Array<[string, Layout]> = [
  ...FOREIGN,
  ...Array.from({ length: 12 }, (_, i) => [`random tree #${i}`, randomLayout(i)] as [string, Layout]),
];

describe.each(STAGES.map((s) => [s]))('the %s stage', (stage: StageName) => {
  it.each(CASES)('leaves %s at its path untouched and exits 2', async (_what, layout) => {
    const root = await mkdtemp(join(tmpdir(), `hbt-guard-${stage}-`));
    const dir = stageDir(experiment(root), stage);
    await layout(dir, stage);
    const before = snapshot(root);
    let ran = false;
    const err = await runStage(spec(stage, dir), async () => {
      ran = true;
      return {};
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as Error).message).toContain(dir);
    expect(ran).toBe(false);
    expect(snapshot(root)).toEqual(before);
  });

  it('replaces its own directory, and takes over an empty folder', async () => {
    const root = await mkdtemp(join(tmpdir(), `hbt-guard-${stage}-`));
    const dir = stageDir(experiment(root), stage);
    await mkdir(dir, { recursive: true });
    const write = (text: string) => async (ctx: { outDir: string }) => {
      await put(join(ctx.outDir, 'sub', 'out.txt'), text);
      await put(join(ctx.outDir, '.timing.json'), `{"run": "${text}"}`); // a side file, unhashed
      return {};
    };
    await runStage(spec(stage, dir), write('one'));
    await runStage(spec(stage, dir, { keyConfig: { k: 2 } }), write('two'));
    expect(readFileSync(join(dir, 'sub', 'out.txt'), 'utf8')).toBe('two');
    expect(
      readdirSync(dirname(dir))
        .filter((n) => n !== 'manifest.json')
        .sort(),
    ).toEqual([stage].sort());
  });
});

describe('manifests written before side_files existed', () => {
  it("take the directory's top-level dot-files (the trainer's .timing.json) as hbt's", async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'train');
    await put(
      join(dir, 'manifest.json'),
      manifest('train', ['train_log.parquet'], { side_files: undefined }),
    );
    await put(join(dir, 'train_log.parquet'), 'log');
    await put(join(dir, '.timing.json'), '{}');
    await runStage(spec('train', dir), async () => ({}));
    expect(readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('but not dot-files deeper down', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'train');
    await put(join(dir, 'manifest.json'), manifest('train', [], { side_files: undefined }));
    await put(join(dir, 'model', '.secret'), 'mine');
    const err = await runStage(spec('train', dir), async () => ({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(readFileSync(join(dir, 'model', '.secret'), 'utf8')).toBe('mine');
  });
});

describe('beside the stage directory', () => {
  let dead: number;
  beforeAll(async () => {
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    await new Promise((r) => gone.on('exit', r));
    dead = gone.pid!;
  });

  it('a work folder hbt did not make stops the stage and is kept', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'train');
    await put(join(`${dir}.work`, 'thesis.tex'), 'years of work');
    const before = snapshot(root);
    const err = await runStage(spec('train', dir), async () => ({})).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toContain(`${dir}.work`);
    expect(snapshot(root)).toEqual(before);
  });

  it('unmarked .tmp-<pid> and foreign .old-<pid> folders of dead pids are kept, with a warning', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'prep');
    await put(join(root, `prep.tmp-${dead}`, 'user.txt'), 'u');
    await put(join(root, `prep.old-${dead}`, 'user.txt'), 'u');
    const log = memoryLogger();
    await runStage(spec('prep', dir, { log }), async () => ({}));
    expect(existsSync(join(root, `prep.tmp-${dead}`, 'user.txt'))).toBe(true);
    expect(existsSync(join(root, `prep.old-${dead}`, 'user.txt'))).toBe(true);
    expect(log.lines.filter((l) => l.startsWith('warning: prep: left'))).toHaveLength(2);
  });

  it('marked .tmp-<pid> folders of dead pids are swept, also when the stage is up to date', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'prep');
    await runStage(spec('prep', dir), async () => ({}));
    const tmp = join(root, `prep.tmp-${dead}`);
    await put(join(tmp, 'corpus.parquet'), 'half');
    await put(
      join(tmp, PARTIAL_MARKER),
      JSON.stringify({ hbt_lock: 1, pid: dead, start: '1', boot: null, host: localProbe.host }),
    );
    const r = await runStage(spec('prep', dir), async () => ({}));
    expect(r.cached).toBe(true);
    expect(existsSync(tmp)).toBe(false);
  });

  it('a stage whose input lies in its own directory is refused', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-guard-'));
    const dir = join(root, 'prep');
    await runStage(spec('prep', dir), async (ctx) => {
      await put(join(ctx.outDir, 'a.txt'), 'a');
      return {};
    });
    const err = await runStage(
      spec('prep', dir, { inputs: { a: join(dir, 'a.txt') } }),
      async () => ({}),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(/where its input "a" is/);
  });
});
