import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { reportCommand } from './report.js';

const FIXTURE = resolve(import.meta.dirname, '../../../../test-fixtures/report/experiment');
const dirs: string[] = [];

function copy(): string {
  const d = mkdtempSync(join(tmpdir(), 'hbt-cli-report-'));
  dirs.push(d);
  cpSync(FIXTURE, d, { recursive: true });
  return d;
}

async function hbt(args: string[]): Promise<{ code: number; stderr: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => {
    chunks.push(String(c));
    return true;
  });
  process.exitCode = undefined;
  try {
    await yargs(args).command(reportCommand).strict().parseAsync();
  } finally {
    spy.mockRestore();
  }
  const code = Number(process.exitCode ?? 0);
  process.exitCode = undefined;
  return { code, stderr: chunks.join('') };
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('hbt report', () => {
  it('renders the report of every variant and is cached on a second run', async () => {
    const d = copy();
    const r = await hbt(['report', '--config', join(d, 'hbt.json'), '--quiet']);
    expect(r).toEqual({ code: 0, stderr: '' });
    const out = join(d, 'fixture-artifacts/report');
    for (const f of ['report.md', 'report.html', 'summary.json', 'manifest.json'])
      expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.variants).toHaveLength(6);
    const again = await hbt(['report', '--config', join(d, 'hbt.json')]);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/report: up to date/);
  });

  it('exits 1 naming the missing metrics file', async () => {
    const d = copy();
    rmSync(join(d, 'fixture-artifacts/variants/hy-s1/eval/metrics.parquet'));
    const r = await hbt(['report', '--config', join(d, 'hbt.json'), '--quiet']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/hbt: error: .*hy-s1\/eval\/metrics.parquet: variant "hy-s1" has no metrics/);
    expect(r.stderr).toMatch(/hint: run `hbt eval/);
    expect(existsSync(join(d, 'fixture-artifacts/report'))).toBe(false);
  });

  it('exits 2 on a bad report setting', async () => {
    const d = copy();
    const r = await hbt(['report', '--config', join(d, 'hbt.json'), '--set', 'report.confidence=1.5']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/report\.confidence/);
  });
});
