import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTable } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { buildCli } from '../cli.js';

const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');
const FIX = join(REPO, 'test-fixtures', 'models');
const tmp = mkdtempSync(join(tmpdir(), 'hbt-embed-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

async function run(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  await (await buildCli(args)).parseAsync();
  const code = Number(process.exitCode ?? 0);
  vi.restoreAllMocks();
  return { code, err };
}

describe('hbt embed', () => {
  it('embeds a .jsonl file into Parquet (id, embedding) in input order, and reports the backend', async () => {
    const input = join(tmp, 'in.jsonl');
    writeFileSync(
      input,
      '{"id":"b","text":"zweite Zeile ist länger als die erste"}\n{"id":"a","text":"eins"}\n{"text":"drei"}\n',
    );
    const out = join(tmp, 'out.parquet');
    const { code, err } = await run([
      'embed',
      '--model',
      join(FIX, 'tiny-labse'),
      '--input',
      input,
      '--out',
      out,
      '--backend',
      'wasm',
    ]);
    expect(code).toBe(0);
    expect(err).toMatch(/backend: wasm/);
    expect(err).toMatch(/wrote 3 embeddings .* texts\/s on wasm/);
    const t = await readTable(out);
    expect(t.columns.id).toEqual(['b', 'a', '3']);
    expect(t.metadata['hbt.backend']).toBe('wasm');
    const e = t.columns.embedding as number[][];
    expect(e[0]!.length).toBe(32);
    expect(Math.hypot(...e[1]!)).toBeCloseTo(1, 5);
  });

  it('exits 1 with a clear message on a corrupted safetensors header, writing nothing', async () => {
    const dir = join(tmp, 'corrupt');
    cpSync(join(FIX, 'tiny-mbert'), dir, { recursive: true });
    const p = join(dir, 'model.safetensors');
    const bytes = readFileSync(p);
    bytes.writeBigUInt64LE(123456789n, 0);
    writeFileSync(p, bytes);
    const input = join(tmp, 'in.txt');
    writeFileSync(input, 'hello\n');
    const out = join(tmp, 'never.parquet');
    const { code, err } = await run([
      'embed',
      '--model',
      dir,
      '--input',
      input,
      '--out',
      out,
      '--backend',
      'wasm',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(
      /model\.safetensors: not a valid safetensors file: header length 123456789 goes beyond the file/,
    );
    expect(() => readFileSync(out)).toThrow();
  });
});
