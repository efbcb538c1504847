import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../errors.js';
import { loadConfig, MAX_CONFIG_BYTES } from './load.js';

// The config file and its section files are read as untrusted input: only a regular file, bounded,
// UTF-8, and no error quotes what is in it. Each case is a usage error (exit 2) naming the file.
let dir = '';
const p = (n: string) => join(dir, n);
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'hbt-cfg-file-'));
  execFileSync('mkfifo', [p('fifo.json')]);
  symlinkSync('/dev/zero', p('zero.json'));
  symlinkSync(p('nowhere.json'), p('dangling.json'));
  mkdirSync(p('dir.json'));
  writeFileSync(p('big.json'), `{"name": "${'x'.repeat(MAX_CONFIG_BYTES)}"}`);
  writeFileSync(p('latin1.json'), Buffer.from('{\n"name": "caf\xe9"}', 'latin1'));
  writeFileSync(p('secret.json'), '\u007fELF sk-SECRET-TOKEN');
  writeFileSync(p('section.json'), JSON.stringify({ sampler: 'fifo.json' }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function usageError(file: string): UsageError {
  try {
    loadConfig(file);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error('expected a UsageError');
}

describe('loadConfig reads only what a config can be', () => {
  it.each([
    ['fifo.json', /fifo\.json: config file is not a regular file \(FIFO\)/],
    ['zero.json', /zero\.json: config file is not a regular file \(character device\)/],
    ['dangling.json', /dangling\.json: config file is a dangling symbolic link/],
    ['dir.json', /dir\.json: config file is not a regular file \(directory\)/],
    ['big.json', /big\.json: config file is 4\.0 MiB, more than the 4\.0 MiB hbt reads/],
    ['latin1.json', /latin1\.json: line 2: invalid UTF-8 \(byte offset 14\)/],
    ['secret.json', /secret\.json: line 1, column 1: invalid JSON: unexpected character U\+007F/],
    ['section.json', /fifo\.json: config file is not a regular file \(FIFO\)/],
  ])('%s: a usage error saying what is wrong', (name, re) => {
    const e = usageError(p(name));
    expect(e.message).toMatch(re);
    expect(e.exitCode).toBe(2);
    expect(e.message).not.toMatch(/SECRET|ELF|xxxx/);
  });
});
