import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readTable } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { REPO, runCli as run } from '../test-utils/run-cli.js';

const FIX = join(REPO, 'test-fixtures', 'models');
const tmp = mkdtempSync(join(tmpdir(), 'hbt-embed-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

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
    // The embedding column is recorded as FixedSizeList<Float32>[32] for Arrow readers (pyarrow, polars;
    // the encoding is tested in @hbt/core parquet.test.ts).
    expect(Buffer.from(t.metadata['ARROW:schema']!, 'base64').includes(Buffer.from('embedding'))).toBe(true);
    const e = t.columns.embedding as number[][];
    expect(e[0]!.length).toBe(32);
    expect(Math.hypot(...e[1]!)).toBeCloseTo(1, 5);
  });

  it('exits 1 with a clear message on a corrupted safetensors header, writing nothing', async () => {
    const dir = join(tmp, 'corrupt');
    cpSync(join(FIX, 'tiny-mbert'), dir, { recursive: true });
    const p = join(dir, 'model.safetensors');
    const bytes = readFileSync(p);
    bytes.writeBigUInt64LE(12345678n, 0); // under the 100 MB header limit, beyond the file
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
      /model\.safetensors: not a valid safetensors file: header length 12345678 goes beyond the file/,
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it('--prompt applies the model’s prompt by name (or a text as given) and says which; none by default', async () => {
    const dir = join(tmp, 'with-prompts');
    cpSync(join(FIX, 'tiny-labse'), dir, { recursive: true });
    writeFileSync(
      join(dir, 'config_sentence_transformers.json'),
      JSON.stringify({ prompts: { query: 'Query: ', document: 'Passage: ' }, default_prompt_name: null }),
    );
    const input = join(tmp, 'prompt-in.txt');
    writeFileSync(input, 'wo liegt Berlin\nBerlin ist die Hauptstadt\n');
    const embed = async (name: string, extra: string[]) => {
      const out = join(tmp, `${name}.parquet`);
      const r = await run([
        'embed',
        '--model',
        dir,
        '--input',
        input,
        '--out',
        out,
        '--backend',
        'wasm',
        ...extra,
      ]);
      expect(r.code, r.err).toBe(0);
      const t = await readTable(out);
      return { err: r.err, emb: t.columns.embedding as number[][], meta: t.metadata };
    };
    const byName = await embed('by-name', ['--prompt', 'query']);
    expect(byName.err).toContain('prompt: query "Query: " (from the model)');
    expect(byName.meta['hbt.prompt']).toBe('Query: ');
    const byText = await embed('by-text', ['--prompt', 'Query: ']);
    expect(byText.err).toContain('prompt: "Query: " (as given)');
    expect(byText.emb).toEqual(byName.emb);
    const none = await embed('none', []);
    expect(none.err).toContain('prompt: none (the model has query, document: add --prompt query|document');
    expect(none.emb[0]).not.toEqual(byName.emb[0]);
    // Empty prompts (sentence-transformers 6 saves query/document as "") count as none.
    writeFileSync(
      join(dir, 'config_sentence_transformers.json'),
      JSON.stringify({ prompts: { query: '', document: '' } }),
    );
    expect((await embed('empty', [])).err).toMatch(/prompt: none\n/);
    // A name the model lacks is a usage error, not a silent literal "document".
    writeFileSync(
      join(dir, 'config_sentence_transformers.json'),
      JSON.stringify({ prompts: { query: 'q: ' } }),
    );
    const r = await run([
      'embed',
      '--model',
      dir,
      '--input',
      input,
      '--out',
      join(tmp, 'x.parquet'),
      '--backend',
      'wasm',
      '--prompt',
      'document',
    ]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /--prompt document: the model defines no "document" prompt\n {2}hint: its prompts: query/,
    );
  });
});
