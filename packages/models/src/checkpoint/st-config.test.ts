import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { afterAll, describe, expect, it } from 'vitest';
import { ModelFolder } from './model-folder.js';
import { MAX_PROMPT_CHARS, readStPrompts, stConfig } from './st-config.js';

const tmp = mkdtempSync(join(tmpdir(), 'hbt-st-config-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
async function folderWith(content: string | null): Promise<ModelFolder> {
  const dir = join(tmp, `m${n++}`);
  mkdirSync(dir);
  if (content !== null) writeFileSync(join(dir, 'config_sentence_transformers.json'), content);
  return ModelFolder.open(dir);
}

async function dataError(p: Promise<unknown>): Promise<DataError> {
  const e = await p.then(
    () => null,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(DataError);
  return e as DataError;
}

describe('config_sentence_transformers.json', () => {
  it('is written with sorted keys as sentence-transformers writes it', () => {
    expect(JSON.stringify(stConfig({ query: 'Query: ', document: 'Passage: ' }, 'cosine'))).toBe(
      '{"default_prompt_name":null,"model_type":"SentenceTransformer","prompts":{"document":"Passage: ","query":"Query: "},"similarity_fn_name":"cosine"}',
    );
    expect(() => stConfig({ query: 'q: ' }, 'dot', 'document')).toThrow(RangeError);
  });

  it('reads prompts and the default prompt name; none when the file is absent', async () => {
    expect(await readStPrompts(await folderWith(null))).toEqual({ prompts: {}, defaultPromptName: null });
    const f = await folderWith(
      JSON.stringify({ prompts: { query: 'query: ', document: '' }, default_prompt_name: 'query' }),
    );
    expect(await readStPrompts(f)).toEqual({
      prompts: { query: 'query: ', document: '' },
      defaultPromptName: 'query',
    });
    expect(await readStPrompts(await folderWith('{"prompts": null}'))).toEqual({
      prompts: {},
      defaultPromptName: null,
    });
  });

  it('names the file and the key of a malformed prompt, never quoting a long value', async () => {
    let e = await dataError(readStPrompts(await folderWith('{"prompts": ["Query: "]}')));
    expect(e.message).toMatch(/config_sentence_transformers\.json: "prompts" must be an object of strings/);
    e = await dataError(readStPrompts(await folderWith('{"prompts": {"query": 3}}')));
    expect(e.message).toMatch(
      /config_sentence_transformers\.json: prompts\."query": a prompt must be a string, got 3/,
    );
    const long = 'x'.repeat(MAX_PROMPT_CHARS + 1);
    e = await dataError(readStPrompts(await folderWith(JSON.stringify({ prompts: { query: long } }))));
    expect(e.message).toMatch(/4097 characters is over the limit of 4096/);
    expect(e.message).not.toContain('xxxxxxxxxx');
    e = await dataError(
      readStPrompts(await folderWith('{"prompts": {"query": "q"}, "default_prompt_name": "constructor"}')),
    );
    expect(e.message).toMatch(/"default_prompt_name" "constructor" is not one of the prompts/);
  });
});
