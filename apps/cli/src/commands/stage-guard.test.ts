// The issue-13 repros as a user runs them (in-process CLI): hbt never deletes or replaces what it did not
// write, refuses unsafe variant names, redoes a stage whose outputs went missing, and does not wait forever
// on a lock it cannot judge.
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { runCli as hbt, REPO } from '../test-utils/run-cli.js';

const LAREQA = join(REPO, 'test-fixtures', 'data-prep', 'lareqa');
const tmp = mkdtempSync(join(tmpdir(), 'hbt-cli-guard-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
  vi.restoreAllMocks();
});

/** Every file under `root` with its bytes (and every folder). */
function snapshot(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const n of readdirSync(root, { recursive: true }) as string[]) {
    const p = join(root, n);
    out[n] = lstatSync(p).isDirectory() ? 'dir' : readFileSync(p).toString('base64');
  }
  return out;
}

function folder(name: string): string {
  const d = join(tmp, name);
  mkdirSync(d, { recursive: true });
  return d;
}

const config = (artifacts: string, path: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    name: 'g',
    artifacts,
    data: { train: [{ name: 't', format: 'lareqa', path }] },
    ...extra,
  });

describe('hbt never deletes what it did not write', () => {
  it('repro: artifacts "." over the data in G/prep exits 2 and the inputs stay', async () => {
    const g = folder('G');
    cpSync(LAREQA, join(g, 'prep'), { recursive: true });
    writeFileSync(join(g, 'hbt.json'), config('.', 'prep'));
    const before = snapshot(g);
    const r = await hbt(['prep', '-c', join(g, 'hbt.json'), '-q']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/artifacts: "\." is the config's own folder/);
    expect(r.err).toMatch(/hint: artifacts must be a folder of its own/);
    expect(snapshot(g)).toEqual(before);
  });

  it('repro: --set artifacts=/some/dir keeps /some/dir/prep/important.txt and exits 2 naming the folder', async () => {
    const exp = folder('exp-some');
    writeFileSync(join(exp, 'hbt.json'), config('artifacts', LAREQA));
    const some = folder('some-dir');
    mkdirSync(join(some, 'prep'));
    writeFileSync(join(some, 'prep', 'important.txt'), 'years of work');
    const before = snapshot(some);
    const r = await hbt(['prep', '-c', join(exp, 'hbt.json'), '--set', `artifacts=${some}`, '-q']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${join(some, 'prep')}: has no manifest.json: hbt did not write it`);
    expect(snapshot(some)).toEqual(before);
  });

  it('artifacts=hbt.json is a clear exit-2 error, not EEXIST', async () => {
    const exp = folder('exp-file');
    writeFileSync(join(exp, 'hbt.json'), config('artifacts', LAREQA));
    const r = await hbt(['prep', '-c', join(exp, 'hbt.json'), '--set', 'artifacts=hbt.json', '-q']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/artifacts: "hbt\.json" \(.*hbt\.json\) is a file, not a folder/);
    expect(r.err).not.toContain('EEXIST');
  });

  it.each(['.', '..', '../x', 'a/b'])('--variant %s exits 2', async (name) => {
    const exp = folder('exp-variant');
    writeFileSync(join(exp, 'hbt.json'), config('artifacts', LAREQA));
    const r = await hbt(['prep', '-c', join(exp, 'hbt.json'), '--variant', name, '-q']);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--variant: ${JSON.stringify(name)} is not a valid variant name`);
    expect(existsSync(join(exp, 'artifacts'))).toBe(false);
  });
});

describe('hbt prep after its outputs changed, and with a lock it cannot judge', () => {
  it('redoes a stage whose output was deleted; a plain-pid lock of a live process is an exit-2 error', async () => {
    const exp = folder('exp-redo');
    const file = join(exp, 'hbt.json');
    writeFileSync(file, config('artifacts', LAREQA));
    expect((await hbt(['prep', '-c', file])).code).toBe(0);
    const corpus = join(exp, 'artifacts', 'prep', 'corpus.parquet');
    const bytes = readFileSync(corpus);
    expect((await hbt(['prep', '-c', file])).err).toContain('prep: up to date');
    rmSync(corpus);
    const redo = await hbt(['prep', '-c', file]);
    expect(redo.code).toBe(0);
    expect(redo.err).toContain('no longer matches its manifest (corpus.parquet is missing)');
    expect(readFileSync(corpus).equals(bytes)).toBe(true);

    const lock = join(exp, 'artifacts', 'prep.lock');
    writeFileSync(lock, '1'); // echo -n 1 > prep.lock: pid 1 always runs
    const locked = await hbt(['prep', '-c', file, '--force']);
    expect(locked.code).toBe(2);
    expect(locked.err).toContain(`rm '${lock}'`);
    expect(readFileSync(lock, 'utf8')).toBe('1');
  });
});
