import { execFileSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../backend.js';
import { FIXTURES, TEST_BACKEND } from '../test-utils/fixtures.js';
import { loadTokenizer } from '../tokenizer/load.js';
import { loadModel } from './load.js';

// Every file a model load reads must be inside the model folder, a regular file, and bounded.

const tmp = mkdtempSync(join(tmpdir(), 'hbt-model-folder-'));
beforeAll(async () => {
  await initBackend(TEST_BACKEND);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh copy of a fixture in `<tmp>/<k>/model`, with `<tmp>/<k>/outside/` beside it. */
function copy(fixture: string): { dir: string; outside: string } {
  const root = join(tmp, String(n++));
  const dir = join(root, 'model');
  cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const outside = join(root, 'outside');
  mkdirSync(outside);
  return { dir, outside };
}

async function rejection(p: Promise<unknown>): Promise<DataError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return e as DataError;
  }
  throw new Error('loaded');
}

const SHARD = 'model-00001-of-00002.safetensors';
const INDEX = 'model.safetensors.index.json';

/** Point every tensor of the first shard at `name` in the index. */
function renameShard(dir: string, name: string): void {
  const p = join(dir, INDEX);
  const idx = JSON.parse(readFileSync(p, 'utf8')) as { weight_map: Record<string, string> };
  for (const [k, v] of Object.entries(idx.weight_map)) if (v === SHARD) idx.weight_map[k] = name;
  writeFileSync(p, JSON.stringify(idx));
}

describe('shards named by model.safetensors.index.json stay inside the model folder', () => {
  const escapes: Array<[string, (dir: string, outside: string) => string]> = [
    [
      'a ../ path',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        return '../outside/x.safetensors';
      },
    ],
    [
      'a path that climbs out after a sub-folder',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        return 'sub/../../outside/x.safetensors';
      },
    ],
    ['a backslash ..\\ path', () => '..\\outside\\x.safetensors'],
    [
      'an absolute path',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        return join(out, 'x.safetensors');
      },
    ],
    ['a drive-letter path', () => 'C:/models/x.safetensors'],
    [
      'a symbolic link to a file outside',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        symlinkSync(join(out, 'x.safetensors'), join(dir, 'link.safetensors'));
        return 'link.safetensors';
      },
    ],
    [
      'a relative symbolic link to a file outside',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        symlinkSync('../outside/x.safetensors', join(dir, 'link.safetensors'));
        return 'link.safetensors';
      },
    ],
    [
      'a file in a linked folder outside',
      (dir, out) => {
        renameSync(join(dir, SHARD), join(out, 'x.safetensors'));
        symlinkSync(out, join(dir, 'shards'));
        return 'shards/x.safetensors';
      },
    ],
  ];
  for (const [what, make] of escapes) {
    it(`refuses ${what}, naming the index and the shard`, async () => {
      const { dir, outside } = copy('tiny-mbert-mlm-sharded');
      const name = make(dir, outside);
      renameShard(dir, name);
      const err = await rejection(loadModel(dir));
      expect(err.message).toContain(join(dir, INDEX));
      expect(err.message).toMatch(/shard .* is outside the model folder/);
    });
  }

  it('accepts links that stay inside, and a model folder that is itself a link', async () => {
    const { dir, outside } = copy('tiny-mbert-mlm-sharded');
    mkdirSync(join(dir, 'shards'));
    renameSync(join(dir, SHARD), join(dir, 'shards', SHARD));
    symlinkSync(join('shards', SHARD), join(dir, 'link.safetensors'));
    renameShard(dir, 'link.safetensors');
    const viaLink = join(outside, 'model-link');
    symlinkSync(dir, viaLink);
    for (const d of [dir, viaLink]) (await loadModel(d)).encoder.dispose();
  });

  it('names a shard that is missing, and a weight_map that is not an object of names', async () => {
    const { dir } = copy('tiny-mbert-mlm-sharded');
    renameShard(dir, 'nope.safetensors');
    expect((await rejection(loadModel(dir))).message).toMatch(
      /shard "nope\.safetensors" named in the index is missing/,
    );
    writeFileSync(join(dir, INDEX), JSON.stringify({ weight_map: { a: 3 } }));
    expect((await rejection(loadModel(dir))).message).toMatch(
      /weight_map: tensor "a" must map to a shard file name/,
    );
    writeFileSync(join(dir, INDEX), '[]');
    expect((await rejection(loadModel(dir))).message).toMatch(/must be a JSON object/);
  });
});

describe('every other file of a model load stays inside the folder', () => {
  it('refuses a modules.json module path outside the folder', async () => {
    for (const path of ['../outside', '/etc', '1_Pooling/../../outside']) {
      const { dir } = copy('tiny-labse');
      const p = join(dir, 'modules.json');
      const modules = JSON.parse(readFileSync(p, 'utf8')) as Array<{ path: string }>;
      modules[1]!.path = path;
      writeFileSync(p, JSON.stringify(modules));
      const err = await rejection(loadModel(dir));
      expect(err.message).toMatch(/module folder .* is outside the model folder/);
      expect(err.message).toContain('modules.json');
    }
  });

  for (const file of [
    'config.json',
    'tokenizer.json',
    'tokenizer_config.json',
    'model.safetensors',
    '2_Dense/model.safetensors',
  ]) {
    it(`refuses ${file} linked to a file outside the folder`, async () => {
      const fixture = file.startsWith('2_') ? 'tiny-labse' : 'tiny-mbert';
      const { dir, outside } = copy(fixture);
      renameSync(join(dir, file), join(outside, 'f'));
      symlinkSync(join(outside, 'f'), join(dir, file));
      expect((await rejection(loadModel(dir))).message).toMatch(
        /is outside the model folder \(it resolves to .*outside\/f\)/,
      );
    });
  }
});

describe('model files are regular files of bounded size, refused at once otherwise', () => {
  it('config.json linked to /dev/zero fails at once', async () => {
    const { dir } = copy('tiny-mbert');
    rmSync(join(dir, 'config.json'));
    symlinkSync('/dev/zero', join(dir, 'config.json'));
    expect((await rejection(loadModel(dir))).message).toMatch(/config\.json.*outside the model folder/);
  });

  it('a FIFO tokenizer.json or config.json fails at once instead of hanging', async () => {
    for (const file of ['tokenizer.json', 'config.json']) {
      const { dir } = copy('tiny-mbert');
      rmSync(join(dir, file));
      execFileSync('mkfifo', [join(dir, file)]);
      expect((await rejection(loadModel(dir))).message).toMatch(/is not a regular file \(FIFO\)/);
      if (file === 'tokenizer.json') {
        expect((await rejection(loadTokenizer(dir))).message).toMatch(
          /tokenizer\.json is not a regular file \(FIFO\)/,
        );
      }
    }
  });

  it('a folder named config.json, a dangling link, an oversized or empty config.json', async () => {
    const cases: Array<[(dir: string) => void, RegExp]> = [
      [
        (d) => {
          rmSync(join(d, 'config.json'));
          mkdirSync(join(d, 'config.json'));
        },
        /not a regular file \(directory\)/,
      ],
      [
        (d) => {
          rmSync(join(d, 'config.json'));
          symlinkSync('gone.json', join(d, 'config.json'));
        },
        /dangling symbolic link/,
      ],
      [
        (d) => writeFileSync(join(d, 'config.json'), Buffer.alloc(17 << 20, 32)),
        /config\.json is 17\.0 MiB, more than the 16\.0 MiB hbt reads/,
      ],
      [(d) => writeFileSync(join(d, 'config.json'), ' \n'), /config\.json is empty/],
      [
        (d) => writeFileSync(join(d, 'config.json'), '{"model_type": "bert",'),
        /config\.json is not valid JSON \(/,
      ],
      [(d) => writeFileSync(join(d, 'config.json'), Buffer.from([0x7b, 0xff, 0x7d])), /invalid UTF-8/],
    ];
    for (const [make, msg] of cases) {
      const { dir } = copy('tiny-mbert');
      make(dir);
      expect((await rejection(loadModel(dir))).message).toMatch(msg);
    }
  });

  it('a JSON error never quotes the file', async () => {
    const { dir } = copy('tiny-mbert');
    writeFileSync(join(dir, 'config.json'), '{"secret-token-abc": }');
    expect((await rejection(loadModel(dir))).message).not.toContain('secret-token-abc');
  });
});

describe('sentence-transformers module configs of the wrong type are DataErrors', () => {
  const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
  const cases: Array<[string, string, RegExp]> = [
    [
      '2_Dense/config.json',
      `{"in_features": 32, "out_features": 32, "activation_function": ${deep}}`,
      /Dense "activation_function" must be a string, got a deeply nested list/,
    ],
    [
      '2_Dense/config.json',
      '{"in_features": 32, "out_features": 1e9}',
      /Dense "out_features" must be an integer from 1 to 8192, got 1000000000/,
    ],
    ['modules.json', '[null]', /module 0: each module must be an object with a "type" string/],
    ['modules.json', '[{"type": "x.Pooling", "path": 7}]', /"path" must be a string/],
    [
      'sentence_bert_config.json',
      '{"max_seq_length": 0.5}',
      /"max_seq_length" must be an integer ≥ 2, got 0\.5/,
    ],
    ['1_Pooling/config.json', `{"pooling_mode": ${deep}}`, /unsupported pooling \[\]/],
  ];
  for (const [file, text, msg] of cases) {
    it(`${file}: ${text.slice(0, 60)}`, async () => {
      const { dir } = copy('tiny-labse');
      writeFileSync(join(dir, file), text);
      expect((await rejection(loadModel(dir))).message).toMatch(msg);
    });
  }
});
