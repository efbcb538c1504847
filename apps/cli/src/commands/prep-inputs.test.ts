import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readManifest } from '@hbt/core';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as hbt, REPO } from '../test-utils/run-cli.js';

// `hbt prep` as a user runs it, in-process: a data file that is not a regular file exits 1 naming it;
// text that is not UTF-8 exits 1 naming file and line, or with --on-invalid replace/skip is counted in
// the manifest. Nothing is written on an error.
const LAREQA = join(REPO, 'test-fixtures', 'data-prep', 'lareqa');
const tmp = mkdtempSync(join(tmpdir(), 'hbt-prep-inputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** An experiment folder G/ with a copy of the LAReQA fixture in G/data and G/hbt.json. */
function experiment(name: string): { dir: string; data: string; config: string } {
  const dir = join(tmp, name);
  const data = join(dir, 'data');
  cpSync(LAREQA, data, { recursive: true });
  const config = join(dir, 'hbt.json');
  writeFileSync(
    config,
    JSON.stringify({ name, data: { train: [{ name: 't', format: 'lareqa', path: 'data' }] } }),
  );
  return { dir, data, config };
}

describe('hbt prep: input files', () => {
  it.each([
    ['a FIFO', (p: string) => execFileSync('mkfifo', [p]), 'data file is not a regular file (FIFO)'],
    [
      '/dev/zero',
      (p: string) => symlinkSync('/dev/zero', p),
      'data file is not a regular file (character device)',
    ],
    ['a dangling link', (p: string) => symlinkSync(`${p}.gone`, p), 'data file is a dangling symbolic link'],
  ])('fr.json as %s: exit 1 naming it, nothing written', async (name, make, words) => {
    const g = experiment(`g-${name.replace(/\W/g, '')}`);
    make(join(g.data, 'fr.json'));
    const r = await hbt(['prep', '-c', g.config, '-q']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${join(g.data, 'fr.json')}: ${words}`);
    expect(existsSync(join(g.dir, 'artifacts', 'prep'))).toBe(false);
  });

  it('invalid UTF-8: exit 1 naming file and line; --on-invalid replace counts it in the manifest', async () => {
    const g = experiment('utf8');
    const en = join(g.data, 'en.json');
    // A Latin-1 "é" in the first question.
    const text = readFileSync(en);
    const at = text.indexOf('"question": "') + '"question": "'.length;
    writeFileSync(en, Buffer.concat([text.subarray(0, at), Buffer.from([0xe9]), text.subarray(at)]));
    const line = text.subarray(0, at).toString().split('\n').length;
    const r = await hbt(['prep', '-c', g.config, '-q']);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${en}: line ${line}: invalid UTF-8 (byte offset ${at})`);
    expect(r.err).toMatch(/--on-invalid/);
    expect(existsSync(join(g.dir, 'artifacts', 'prep'))).toBe(false);
    const ok = await hbt(['prep', '-c', g.config, '-q', '--on-invalid', 'replace']);
    expect(ok.err).toContain(`invalid UTF-8 on 1 line(s) of ${en}: replaced`);
    expect(ok.code).toBe(0);
    const m = await readManifest(join(g.dir, 'artifacts', 'prep'));
    expect(m?.stats.invalid_utf8).toMatchObject({ on_invalid: 'replace', lines: 1, by_file: { [en]: 1 } });
    expect((m!.config as { data: { on_invalid: string } }).data.on_invalid).toBe('replace');
  });

  it('--on-invalid takes only the schema choices (exit 2 otherwise)', async () => {
    const g = experiment('choices');
    const exit = vi.spyOn(process, 'exit').mockImplementation(((c: number) => {
      throw new Error(`exit ${c}`);
    }) as never);
    const r = await hbt(['prep', '-c', g.config, '--on-invalid', 'ignore']).catch((e: Error) => ({
      code: Number(e.message.split(' ')[1]),
      err: '',
    }));
    exit.mockRestore();
    expect(r.code).toBe(2);
  });
});
