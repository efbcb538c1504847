import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { REPO, runCli } from '../test-utils/run-cli.js';

// `hbt embed --input F` reads F as untrusted input: a regular file only, UTF-8, and no error quotes it.
// Each bad input exits 1 naming the file (and line or row), before the model is loaded, writing nothing.
const MODEL = join(REPO, 'test-fixtures', 'models', 'tiny-labse');
const tmp = mkdtempSync(join(tmpdir(), 'hbt-embed-input-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function embed(input: string): Promise<{ code: number; err: string; out: string }> {
  const out = join(tmp, 'never.parquet');
  const args = ['embed', '--model', MODEL, '--input', input, '--out', out, '--backend', 'wasm', '-q'];
  return { ...(await runCli(args)), out };
}

describe('hbt embed --input: safe reading', () => {
  it('text that is not UTF-8: exit 1 naming the line and byte offset', async () => {
    const input = join(tmp, 'latin1.txt');
    writeFileSync(input, Buffer.from('ok\ncaf\xe9\n', 'latin1'));
    const r = await embed(input);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${input}: line 2: invalid UTF-8 (byte offset 6)`);
    expect(existsSync(r.out)).toBe(false);
  });

  it('a FIFO: exit 1, "not a regular file (FIFO)", without blocking', async () => {
    const input = join(tmp, 'fifo.txt');
    execFileSync('mkfifo', [input]);
    const r = await embed(input);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${input}: input file is not a regular file (FIFO)`);
  });

  it('a JSONL line that is not JSON: exit 1 naming line and column, not quoting it', async () => {
    const input = join(tmp, 'bad.jsonl');
    writeFileSync(input, '{"text": "a"}\nsk-SECRET-TOKEN\n');
    const r = await embed(input);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${input}: line 2, column 1: not valid JSON: unexpected character U+0073`);
    expect(r.err).not.toContain('SECRET');
  });
});
