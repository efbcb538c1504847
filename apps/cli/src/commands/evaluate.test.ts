import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import yargs from 'yargs';
import { dashValues } from '../plain-args.js';
import { evaluateCommand, runEvaluatePlain } from './evaluate.js';

// `hbt evaluate` in-process: trec_eval's own test files (shared/data/trec_eval-tests) must print the
// same per-query and `all` values; usage errors exit 2, data errors 1.
const repo = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const env = process.env.HBT_DATA_MIRROR;
const data = join(
  env && env !== '' ? resolve(env) : resolve(repo, '..', 'shared', 'data'),
  'trec_eval-tests',
);
const tmp = await mkdtemp(join(tmpdir(), 'hbt-cli-evaluate-'));
afterAll(() => rm(tmp, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = 0;
  vi.restoreAllMocks();
});

async function cli(args: string[]): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  await yargs().command(evaluateCommand).strict().exitProcess(false).parseAsync(args);
  vi.restoreAllMocks();
  return { out, err, code: Number(process.exitCode ?? 0) };
}

describe.skipIf(!existsSync(data))('hbt evaluate (skipped: shared/data/trec_eval-tests not found)', () => {
  it("prints trec_eval's values for results.test (-q, trec_eval names)", async () => {
    const { out, code } = await cli([
      'evaluate',
      '--qrels',
      join(data, 'qrels.test'),
      '--run',
      join(data, 'results.test'),
      '--measures',
      'AP,RR,P@10,R@100,nDCG@10',
      '--per-query',
      '--trec-names',
    ]);
    expect(code).toBe(0);
    const want = readFileSync(join(data, 'out.test.aq'), 'utf8')
      .split('\n')
      .filter((l) => /^(map|recip_rank|P_10|recall_100|ndcg_cut_10|num_q)\s/.test(l))
      .map((l) => l.trim().split(/\s+/).join(' '));
    const got = out
      .trim()
      .split('\n')
      .map((l) => l.trim().split(/\s+/).join(' '));
    expect(new Set(got)).toEqual(new Set(want));
  });

  it('-c -M 100 as trec_eval -c -M100, and JSON output', async () => {
    const { out, code } = await cli([
      'evaluate',
      '--qrels',
      join(data, 'qrels.test'),
      '--run',
      join(data, 'results.trunc'),
      '-m',
      'AP,nDCG@10',
      '--complete',
      '-M',
      '100',
      '--json',
    ]);
    expect(code).toBe(0);
    const j = JSON.parse(out) as { num_q: number; all: Record<string, number> };
    expect(j.num_q).toBe(3);
    expect(j.all.AP!.toFixed(4)).toBe('0.0947'); // out.test.aqcM: map all 0.0947
    expect(j.all['nDCG@10']!.toFixed(4)).toBe('0.1717');
  });

  it('usage errors exit 2, data errors exit 1', async () => {
    const bad = await cli([
      'evaluate',
      '--qrels',
      join(data, 'qrels.test'),
      '--run',
      join(data, 'results.test'),
      '-m',
      'MAP',
    ]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/unknown measure "MAP"/);
    const missing = await cli([
      'evaluate',
      '--qrels',
      join(tmp, 'nope.txt'),
      '--run',
      join(data, 'results.test'),
    ]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/nope\.txt: no such qrels/);
    const run = join(tmp, 'bad.run');
    await writeFile(run, '301 Q0 doc 1\n');
    const malformed = await cli(['evaluate', '--qrels', join(data, 'qrels.test'), '--run', run]);
    expect(malformed.code).toBe(1);
    expect(malformed.err).toMatch(/bad\.run: line 1: expected at least 5 fields/);
    const both = await cli(['evaluate', '--qrels=-', '--run=-']);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/cannot both be read from standard input/);
  });

  it('reads a gzip run and a run from a FIFO, streamed', async () => {
    const gz = join(tmp, 'results.test.gz');
    await writeFile(gz, gzipSync(readFileSync(join(data, 'results.test'))));
    const args = ['evaluate', '--qrels', join(data, 'qrels.test'), '-m', 'AP,nDCG@10', '--per-query'];
    const plain = await cli([...args, '--run', join(data, 'results.test')]);
    const zipped = await cli([...args, '--run', gz]);
    expect(zipped.code).toBe(0);
    expect(zipped.out).toBe(plain.out);
    const fifo = join(tmp, 'run.fifo');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `cat "${join(data, 'results.test')}" > "${fifo}"`]);
    const done = new Promise((r) => writer.on('close', r));
    const piped = await cli([...args, '--run', fifo]);
    expect(await done).toBe(0);
    expect(piped.code).toBe(0);
    expect(piped.out).toBe(plain.out);
  });

  it('`--run -` reads the run from standard input (the real CLI, from source)', () => {
    const r = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', 'tsx', join(repo, 'apps/cli/src/bin.ts'), 'evaluate'].concat([
        '--qrels',
        join(data, 'qrels.test'),
        '--run',
        '-',
        '-m',
        'AP,P@10',
        '--trec-names',
      ]),
      { cwd: repo, input: readFileSync(join(data, 'results.test')), encoding: 'utf8' },
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const want = readFileSync(join(data, 'out.test.aq'), 'utf8')
      .split('\n')
      .filter((l) => /^(map|P_10)\s+all\s/.test(l))
      .map((l) => l.trim().split(/\s+/).join(' '));
    const got = r.stdout
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('num_q'))
      .map((l) => l.trim().split(/\s+/).join(' '));
    expect(new Set(got)).toEqual(new Set(want));
  }, 60_000);
});

describe.skipIf(!existsSync(data))('hbt evaluate without yargs', () => {
  it('a plain command line prints what the yargs path prints, and anything else is left to yargs', async () => {
    const args = ['evaluate', '--qrels', join(data, 'qrels.test'), '--run', join(data, 'results.trunc')];
    for (const extra of [
      [],
      ['-m', 'AP,nDCG@10', '--per-query', '--trec-names'],
      ['--complete', '-M', '100', '--json'],
    ]) {
      const viaYargs = await cli([...args, ...extra]);
      let out = '';
      vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
        out += String(s);
        return true;
      });
      vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const ran = await runEvaluatePlain([...args, ...extra]);
      vi.restoreAllMocks();
      expect(ran).toBe(true);
      expect(out).toBe(viaYargs.out);
    }
    expect(await runEvaluatePlain([...args, '--help'])).toBe(false);
    expect(await runEvaluatePlain([...args, '--unknown'])).toBe(false);
  });
});

describe('dashValues', () => {
  it('joins a lone - to the option before it, and nothing else', () => {
    expect(dashValues(['evaluate', '--run', '-', '--qrels', 'q', '-'])).toEqual([
      'evaluate',
      '--run=-',
      '--qrels',
      'q',
      '-',
    ]);
    expect(dashValues(['--run=x', '-', '--', '-'])).toEqual(['--run=x', '-', '--', '-']);
  });
});
