import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `hbt data` and `hbt prep` through the built CLI, as a user runs them. Slow (≤ 60 s, more when the CLI
// must be built first): when the sources of the CLI, @hbt/core or @hbt/data-prep are newer than their
// dist/, it runs `turbo run build` for the CLI first; then it copies and preps the real data.
const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const BIN = join(REPO, 'apps/cli/dist/bin.js');
const MIRROR = process.env.HBT_DATA_MIRROR
  ? resolve(process.env.HBT_DATA_MIRROR)
  : resolve(REPO, '../shared/data');
const hasData = existsSync(join(MIRROR, 'xquad-r'));

let work = '';
/** Newest modification time (ms) of the files under `dir` (recursively), skipping tests. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p));
    else if (!e.name.endsWith('.test.ts')) t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

function distIsStale(): boolean {
  const pkgs = ['packages/core', 'packages/data-prep', 'apps/cli'];
  const outs = ['packages/core/dist/index.js', 'packages/data-prep/dist/index.js', 'apps/cli/dist/bin.js'];
  if (!outs.every((o) => existsSync(join(REPO, o)))) return true;
  const built = Math.min(...outs.map((o) => statSync(join(REPO, o)).mtimeMs));
  return pkgs.some((p) => newest(join(REPO, p, 'src')) > built);
}

beforeAll(() => {
  if (distIsStale())
    execFileSync(
      'pnpm',
      ['exec', 'turbo', 'run', 'build', '--filter=@hbt/cli...', '--output-logs=errors-only'],
      {
        cwd: REPO,
        stdio: 'pipe',
        env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
      },
    );
  work = mkdtempSync(join(tmpdir(), 'hbt-cli-prep-'));
}, 300_000); // a cold build of the whole workspace on 2 busy cores can take minutes
afterAll(() => rmSync(work, { recursive: true, force: true }));

function hbt(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, HBT_CACHE: join(work, 'cache'), HBT_DATA_MIRROR: '', ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('hbt data', () => {
  it('lists the registry', () => {
    const r = hbt(['data', 'list']);
    expect(r.code).toBe(0);
    for (const n of ['xquad-r', 'mlqa-r', 'xquad', 'miracl', 'mintaka', 'mbert-vocab'])
      expect(r.out).toContain(n);
    // The six low-resource datasets with their readers, tasks and licences (MAFAND-MT non-commercial).
    expect(r.out).toMatch(/^ntrex-128\s+ntrex \(bitext\)\s.*CC-BY-SA-4\.0$/m);
    expect(r.out).toMatch(/^flores-sib200\s+flores-sib200 \(bitext\)\s/m);
    expect(r.out).toMatch(
      /^mafand-mt\s+mafand-mt \(bitext\)\s.*CC-BY-NC-4\.0 \(NON-COMMERCIAL; code GPL-3\.0\)$/m,
    );
    expect(r.out).toMatch(/^afriqa\s+afriqa \(qa\)\s.*CC-BY-4\.0$/m);
    expect(r.out).toMatch(/^masakhane-news\s+masakhane-news \(news\)\s/m);
    expect(r.out).toMatch(/^tatoeba\s+tatoeba \(bitext\)\s/m);
    expect(r.out).toMatch(/^mafand-mt: .*NON-COMMERCIAL licence: research use only/m);
    const json = JSON.parse(hbt(['data', 'list', '--json']).out) as Array<{ name: string; files: unknown[] }>;
    expect(json.find((d) => d.name === 'xquad-r')!.files.length).toBe(12);
  });

  it('rejects an unknown dataset name with exit code 2', () => {
    const r = hbt(['data', 'fetch', 'squad2']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown dataset "squad2"/);
  });
});

describe.skipIf(!hasData)('hbt data fetch + hbt prep on the real data (needs ../shared/data)', () => {
  it('copies XQuAD-R and MLQA-R from the mirror, then prep gives the LAReQA counts', () => {
    const f = hbt(['data', 'fetch', 'xquad-r', 'mlqa-r', '--mirror', MIRROR, '--quiet']);
    expect(f.code, f.err).toBe(0);
    expect(f.out).toMatch(/xquad-r: 12 files verified \(0 downloaded, 12 copied, 0 already cached\)/);
    const exp = join(work, 'exp');
    mkdirSync(exp);
    writeFileSync(
      join(exp, 'hbt.json'),
      JSON.stringify({ data: { train: [{ name: 'mlqa-r' }], eval: [{ name: 'xquad-r' }] } }),
    );
    const p = hbt(['prep', '--config', join(exp, 'hbt.json'), '--quiet']);
    expect(p.code, p.err).toBe(0);
    const m = JSON.parse(readFileSync(join(exp, 'artifacts/prep/manifest.json'), 'utf8')) as {
      stats: {
        datasets: Record<
          string,
          { from: string; languages: Record<string, { questions: number; candidates: number }> }
        >;
      };
    };
    const x = m.stats.datasets['xquad-r']!;
    expect(x.from).toBe('cache');
    expect(Object.values(x.languages).map((l) => l.questions)).toEqual(Array(11).fill(1190));
    expect(Object.values(x.languages).reduce((s, l) => s + l.candidates, 0)).toBe(13014);
    const ml = m.stats.datasets['mlqa-r']!.languages;
    expect(Object.fromEntries(Object.entries(ml).map(([k, v]) => [k, [v.questions, v.candidates]]))).toEqual({
      ar: [517, 2545],
      de: [512, 2362],
      en: [1148, 6264],
      es: [500, 1787],
      hi: [507, 2426],
      vi: [511, 2828],
      zh: [504, 2322],
    });
    // A second run is a no-op.
    const again = hbt(['prep', '--config', join(exp, 'hbt.json')]);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/prep: up to date/);
  }, 60_000);
});

describe('hbt prep on bad input', () => {
  it('names the file and location, exits 1 and writes nothing', () => {
    const exp = join(work, 'bad');
    mkdirSync(join(exp, 'data'), { recursive: true });
    writeFileSync(join(exp, 'data', 'en.json'), '{"data": [\n  {"paragraphs": [}\n]}\n');
    writeFileSync(
      join(exp, 'hbt.json'),
      JSON.stringify({ data: { eval: [{ name: 'mine', format: 'lareqa', path: 'data' }] } }),
    );
    const r = hbt(['prep', '--config', join(exp, 'hbt.json')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`hbt: error: ${join(exp, 'data', 'en.json')}: line 2, column 19: malformed JSON`);
    expect(existsSync(join(exp, 'artifacts', 'prep'))).toBe(false);
  });
});
