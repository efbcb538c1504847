import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The turbo stage graph, checked through `turbo run report --dry=json` on a copy of the repository's
// tracked sources (so the test can edit the experiment's config without touching the working tree).
const repo = new URL('../../..', import.meta.url).pathname;
const turbo = join(repo, 'node_modules/.bin/turbo');
let copy: string;

interface DryTask {
  taskId: string;
  hash: string;
  dependencies: string[];
}

function dry(): Map<string, DryTask> {
  const out = execFileSync(
    turbo,
    ['run', 'report', '--dry=json', '--filter=@hbt-exp/smoke', '--no-update-notifier'],
    {
      cwd: copy,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  const tasks = (JSON.parse(out) as { tasks: DryTask[] }).tasks;
  return new Map(tasks.map((t) => [t.taskId, t]));
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'hbt-turbo-'));
  const files = execFileSync('git', ['ls-files', '-co', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !f.startsWith('test-fixtures/models/'));
  execFileSync('tar', ['-cf', join(copy, 'src.tar'), '-T', '-'], { cwd: repo, input: files.join('\n') });
  execFileSync('tar', ['-xf', 'src.tar'], { cwd: copy });
  rmSync(join(copy, 'src.tar'));
});
afterAll(() => rmSync(copy, { recursive: true, force: true }));

describe('turbo stage graph', () => {
  it('chains prep → sample → train → index → eval → report', () => {
    const t = dry();
    const dep = (stage: string) => t.get(`@hbt-exp/smoke#${stage}`)!.dependencies;
    expect(dep('prep')).toContain('@hbt/cli#build');
    expect(dep('sample')).toEqual(['@hbt-exp/smoke#prep']);
    expect(dep('train')).toEqual(['@hbt-exp/smoke#sample']);
    expect(dep('index')).toEqual(['@hbt-exp/smoke#train']);
    expect(dep('eval')).toEqual(['@hbt-exp/smoke#index']);
    expect(dep('report')).toEqual(['@hbt-exp/smoke#eval']);
  });

  it('changing sampler.alpha re-runs sample onwards but not prep', () => {
    const before = dry();
    const file = join(copy, 'apps/smoke/config/sampler.json');
    const cfg = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(file, JSON.stringify({ ...cfg, alpha: cfg.alpha === 0.3 ? 0.4 : 0.3 }));
    const after = dry();
    const h = (m: Map<string, DryTask>, s: string) => m.get(`@hbt-exp/smoke#${s}`)!.hash;
    expect(h(after, 'prep')).toBe(h(before, 'prep'));
    for (const s of ['sample', 'train', 'index', 'eval', 'report'])
      expect(h(after, s)).not.toBe(h(before, s));
  });

  it('changing the dataset config re-runs prep', () => {
    const before = dry();
    const file = join(copy, 'apps/smoke/config/data.json');
    const cfg = JSON.parse(readFileSync(file, 'utf8'));
    writeFileSync(
      file,
      JSON.stringify({ ...cfg, pairs: { ...cfg.pairs, seed: (cfg.pairs?.seed ?? 0) + 1 } }),
    );
    const after = dry();
    expect(after.get('@hbt-exp/smoke#prep')!.hash).not.toBe(before.get('@hbt-exp/smoke#prep')!.hash);
  });
});
