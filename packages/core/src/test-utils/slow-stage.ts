// Child process for stage.test.ts: runs a stage that writes a file, then hangs until killed (or finishes
// when SLOW_STAGE_FINISH=1). Args: <stageDir> <marker file>.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { memoryLogger, runStage, silentProgress } from '../index.js';

const [dir, marker] = process.argv.slice(2) as [string, string];
await runStage(
  {
    stage: 'slow',
    stageVersion: 1,
    dir,
    config: { n: 1 },
    keyConfig: { n: 1 },
    inputs: {},
    seed: 1,
    backend: null,
    log: memoryLogger(),
    progress: silentProgress,
  },
  async (ctx) => {
    await writeFile(join(ctx.outDir, 'part.txt'), 'half');
    await writeFile(marker, 'written');
    if (process.env.SLOW_STAGE_FINISH !== '1') await new Promise((r) => setTimeout(r, 60_000));
    await writeFile(join(ctx.outDir, 'rest.txt'), 'done');
    return { stats: { ok: true } };
  },
);
