import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// End to end: the smoke experiment through turbo (prep → … → report) on the wasm backend, then the
// in-domain signature of the paper: the batch sampler really drives what the model learns.
// Slow test (about 1–2 minutes on 2 cores); needs the CLI built (`pnpm build`), as CI does.
const repo = new URL('../../..', import.meta.url).pathname;
const app = join(repo, 'apps/smoke');
const turbo = join(repo, 'node_modules/.bin/turbo');

function turboReport(): string {
  return execFileSync(
    turbo,
    ['run', 'report', '--filter=@hbt-exp/smoke', '--no-update-notifier', '--output-logs=new-only'],
    {
      cwd: repo,
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', HBT_BACKEND: 'wasm' },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 64 * 1024 * 1024,
    },
  );
}

interface Setting {
  mAP: number;
  rank_distance: number | null;
}
interface Summary {
  variants: Array<{
    name: string;
    backend: string;
    datasets: Array<{
      name: string;
      in_domain: boolean;
      settings: Record<'mono' | 'cross' | 'multi', Setting>;
    }>;
  }>;
}

describe('smoke experiment', () => {
  it('runs through turbo, is fully cached the second time, and shows the in-domain signature', () => {
    turboReport();
    const second = turboReport();
    const m = /Cached:\s+(\d+) cached, (\d+) total/.exec(second);
    expect(m, second).not.toBeNull();
    expect(Number(m![1])).toBe(Number(m![2]));

    const summary = JSON.parse(readFileSync(join(app, 'artifacts/report/summary.json'), 'utf8')) as Summary;
    const inDomain = (name: string) => {
      const v = summary.variants.find((x) => x.name === name)!;
      expect(v.backend).toBe('wasm');
      const d = v.datasets.find((x) => x.in_domain)!;
      expect(d.name).toBe('smoke-train');
      return d.settings;
    };
    const mono = inDomain('x-x-mono');
    const xy = inDomain('x-y');
    const hybrid = inDomain('hybrid');
    // Mono batches alone never align the scripts: cross-lingual retrieval stays near chance.
    expect(mono.cross.mAP).toBeLessThan(0.4);
    expect(xy.cross.mAP).toBeGreaterThan(0.8);
    // The paper's claims, on the training distribution.
    expect(hybrid.cross.mAP).toBeGreaterThanOrEqual(xy.cross.mAP - 0.05);
    expect(hybrid.mono.mAP).toBeGreaterThanOrEqual(mono.mono.mAP - 0.05);
    expect(hybrid.multi.rank_distance!).toBeLessThan(0.25 * mono.multi.rank_distance!);
    expect(xy.multi.rank_distance!).toBeLessThan(0.25 * mono.multi.rank_distance!);

    const html = readFileSync(join(app, 'artifacts/report/report.html'), 'utf8');
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/\bNaN\b|undefined/);
  }, 600_000);
});
