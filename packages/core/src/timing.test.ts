import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryLogger } from './logger.js';
import { silentProgress } from './progress.js';
import { runStage } from './stage.js';
import { TIMING_FILE, writeTiming } from './timing.js';

describe('writeTiming', () => {
  it('keeps a changing speed out of the manifest: listed as a side file, the manifest bytes equal', async () => {
    const root = await mkdtemp(join(tmpdir(), 'hbt-timing-'));
    try {
      const dir = join(root, 'out');
      let run = 0;
      const once = () =>
        runStage(
          {
            stage: 'demo',
            stageVersion: 1,
            dir,
            config: { a: 1 },
            keyConfig: { a: 1 },
            inputs: {},
            seed: 3,
            backend: null,
            log: memoryLogger(),
            progress: silentProgress,
            force: true,
          },
          async (ctx) => {
            run++;
            await writeFile(join(ctx.outDir, 'a.txt'), 'hello');
            await writeTiming(ctx.outDir, { seconds: run, items_per_s: 10 / run }); // differs per run
            return { stats: { n: 1 } };
          },
        );
      const first = await once();
      const a = await readFile(join(dir, 'manifest.json'));
      await once();
      const b = await readFile(join(dir, 'manifest.json'));
      expect(run).toBe(2);
      expect(b.equals(a)).toBe(true);
      expect(first.manifest.side_files).toEqual([TIMING_FILE]);
      expect(first.manifest.outputs.map((o) => o.name)).toEqual(['a.txt']);
      expect(await readFile(join(dir, TIMING_FILE), 'utf8')).toBe(
        '{\n  "seconds": 2,\n  "items_per_s": 5\n}\n',
      );
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
