import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HbtError, memoryLogger, Rng, silentProgress, validate } from '@hbt/core';
import { type FixtureKind, mutationOf } from '@hbt/core/test-utils/mutate';
import fc from 'fast-check';
import { expect } from 'vitest';
import { locateDatasets } from '../locate.js';
import { run } from '../run.js';
import { FIXTURES, tempDir } from './prep.js';

/** One reader's fuzz target: a fixture folder, the file in it to mutate, and the dataset entry. */
export interface FuzzTarget {
  /** Folder under test-fixtures/data-prep, copied for the run. */
  fixture: string;
  /** The file to mutate, relative to the copy. */
  file: string;
  kind: FixtureKind;
  /** `data.train` / `data.eval` with `path` (and `corpus`) relative to the copy. */
  data: Record<string, unknown>;
}

/**
 * Run the prep stage's `run` (locate, read, build, write into a fresh output folder) on `runs` seeded
 * mutations of one fixture file, under each `data.on_invalid`. Every case must end in a result or an
 * {@link HbtError} (exit 1 or 2) whose message names the file it is about and does not run on (no file
 * contents); a failed case has written nothing. Anything else (a TypeError, a RangeError, a hang past the
 * test's timeout) fails the test with the seed and the shrunk mutation. (The stage wrapper's own
 * guarantees — atomic directory, lock — are core's tests; going through it would cost 40 ms a case.)
 */
export async function fuzzPrep(t: FuzzTarget, opts: { seed: number; runs: number }): Promise<void> {
  const tmp = tempDir('hbt-prep-fuzz-');
  try {
    const root = join(tmp.dir, 'in');
    cpSync(join(FIXTURES, t.fixture), root, { recursive: true });
    const target = join(root, t.file);
    const original = readFileSync(target);
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        mutationOf(original, t.kind),
        fc.constantFrom('error', 'replace', 'skip'),
        async (m, onInvalid) => {
          writeFileSync(target, m.bytes);
          const out = join(tmp.dir, `out-${n++}`);
          mkdirSync(out);
          try {
            const config = validate({ data: { ...t.data, on_invalid: onInvalid } }, join(root, 'hbt.json'));
            const inputs = locateDatasets(config.data, root);
            await run(inputs, config.data, {
              outDir: out,
              workDir: join(tmp.dir, 'work'),
              rng: Rng.fromSeed(config.data.pairs.seed),
              log: memoryLogger(),
              progress: silentProgress,
              backend: null,
            });
          } catch (e) {
            if (!(e instanceof HbtError)) {
              throw new Error(
                `${m.what} (on_invalid ${onInvalid}): not a clear error: ${(e as Error).stack}`,
              );
            }
            expect([1, 2]).toContain(e.exitCode);
            expect(e.message.length, e.message).toBeLessThan(600);
            expect(e.where.file, e.message).toBeDefined();
            expect(readdirSync(out)).toEqual([]);
          } finally {
            rmSync(out, { recursive: true, force: true });
          }
        },
      ),
      { seed: opts.seed, numRuns: opts.runs, endOnFailure: true },
    );
  } finally {
    tmp.cleanup();
  }
}
