import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError } from '@hbt/core/errors';
import { mutationOf } from '@hbt/core/test-utils/mutate';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseMeasures } from '../measures/registry.js';
import { FIXTURES } from '../test-utils/data.js';
import { evaluateTrecFiles } from './files.js';

/**
 * Fuzz tests of the TREC run and qrels readers (through `evaluateTrecFiles`, as `hbt evaluate` calls
 * them): seeded mutations of the fixtures — the shared ones (truncation, byte flips, invalid UTF-8,
 * empty, garbage, huge numbers, lines deleted or duplicated) and TREC's own (a field dropped or added,
 * two lines swapped so a query's lines interleave, CRLF, a very long id, gzip). Every case must end in
 * values in [0, 1] or a DataError naming the file and the line, short (no file contents echoed) —
 * never another error, a hang (the test's timeout) or a runaway allocation (the process's resident
 * memory is watched: no input here controls an allocation's size).
 */
const tmp = mkdtempSync(join(tmpdir(), 'hbt-trec-fuzz-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const RUN = readFileSync(join(FIXTURES, 'trec', 'run.txt'));
const QRELS = readFileSync(join(FIXTURES, 'trec', 'qrels.txt'));
const MEASURES = parseMeasures('AP,RR,P@5,R@10,nDCG@10,nDCG');

function splitLines(b: Buffer): Buffer[] {
  const text = b.toString('latin1');
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n').map((l) => Buffer.from(l, 'latin1'));
}
const joined = (ls: Buffer[]) => Buffer.concat(ls.flatMap((l) => [l, Buffer.from('\n')]));

/** Mutations of TREC lines: a field dropped or added, two lines swapped, CRLF, a very long id. */
function trecMutation(fixture: Buffer): fc.Arbitrary<{ what: string; bytes: Buffer }> {
  const ls = splitLines(fixture);
  const at = fc.nat(ls.length - 1);
  return fc.oneof(
    fc.tuple(at, fc.nat(5)).map(([i, f]) => {
      const out = [...ls];
      const fields = out[i]!.toString('latin1').split(' ');
      fields.splice(f % Math.max(fields.length, 1), 1);
      out[i] = Buffer.from(fields.join(' '), 'latin1');
      return { what: `line ${i + 1}: field ${f} dropped`, bytes: joined(out) };
    }),
    fc.tuple(at, fc.constantFrom(' x', ' 1 2 3', '\t\t7', ' -')).map(([i, extra]) => {
      const out = [...ls];
      out[i] = Buffer.concat([out[i]!, Buffer.from(extra)]);
      return { what: `line ${i + 1}: ${JSON.stringify(extra)} added`, bytes: joined(out) };
    }),
    fc.tuple(at, at).map(([i, j]) => {
      const out = [...ls];
      [out[i], out[j]] = [out[j]!, out[i]!];
      return { what: `lines ${i + 1} and ${j + 1} swapped`, bytes: joined(out) };
    }),
    fc.constant({
      what: 'CRLF',
      bytes: Buffer.from(fixture.toString('latin1').replace(/\n/g, '\r\n'), 'latin1'),
    }),
    fc.tuple(at, fc.integer({ min: 1000, max: 200_000 })).map(([i, n]) => {
      const out = [...ls];
      const fields = out[i]!.toString('latin1').split(' ');
      fields[Math.min(2, fields.length - 1)] = 'D'.repeat(n);
      out[i] = Buffer.from(fields.join(' '), 'latin1');
      return { what: `line ${i + 1}: id of ${n} bytes`, bytes: joined(out) };
    }),
  );
}

async function check(which: 'run' | 'qrels', bytes: Buffer, what: string, gzip: boolean): Promise<void> {
  const path = join(tmp, which === 'run' ? 'fuzzed.run' : 'fuzzed.qrels');
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  const other = join(tmp, which === 'run' ? 'fixture.qrels' : 'fixture.run');
  const [qrels, run] = which === 'run' ? [other, path] : [path, other];
  try {
    const e = await evaluateTrecFiles(qrels, run, MEASURES, {
      maxResults: bytes.length % 3 === 0 ? 7 : undefined,
    });
    for (const v of e.perQuery)
      for (const x of v) if (!(x >= 0 && x <= 1)) throw new Error(`${what}: value ${x}`);
    for (const m of e.means) if (!(m >= 0 && m <= 1)) throw new Error(`${what}: mean ${m}`);
  } catch (err) {
    if (!(err instanceof DataError)) throw new Error(`${what}: ${(err as Error).stack}`);
    const msg = err.message;
    if (!msg.startsWith(`${path}: line `) || msg.length > 600) throw new Error(`${what}: message ${msg}`);
  }
  const rss = process.memoryUsage().rss;
  if (rss > rssLimit) throw new Error(`${what}: resident memory ${rss >> 20} MiB`);
}

const rssLimit = process.memoryUsage().rss + (512 << 20);

describe('TREC readers under fuzzing', () => {
  writeFileSync(join(tmp, 'fixture.qrels'), QRELS);
  writeFileSync(join(tmp, 'fixture.run'), RUN);

  it.each([
    ['run', RUN],
    ['qrels', QRELS],
  ] as const)(
    '300 mutations of the %s fixture: values or a DataError naming file and line',
    async (which, fixture) => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            { weight: 3, arbitrary: mutationOf(fixture, 'text') },
            { weight: 2, arbitrary: trecMutation(fixture) },
          ),
          fc.boolean(),
          async ({ what, bytes }, gzip) => check(which, bytes, what, gzip && bytes.length % 4 === 0),
        ),
        { seed: 23, numRuns: 300 },
      );
    },
    120_000,
  );

  it('the fixtures themselves evaluate', async () => {
    const e = await evaluateTrecFiles(join(tmp, 'fixture.qrels'), join(tmp, 'fixture.run'), MEASURES);
    expect(e.queryIds).toEqual(['101', '102', '103', 'q-\u00c3\u00a94']);
    expect(e.unjudgedQueries).toEqual(['999']);
  });
});
