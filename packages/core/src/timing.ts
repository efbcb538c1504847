import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The side file where a stage records its wall-clock speed. Its name starts with "." so `runStage`
 * lists it in the manifest's `side_files` by path only and hashes nothing of it: timings differ between
 * identical runs, and the manifest and artifacts must not (same seed and inputs → same bytes).
 */
export const TIMING_FILE = '.timing.json';

/**
 * Write `values` (seconds, items per second, …) to `<outDir>/.timing.json` as indented JSON with a
 * final newline. Put timings here, never in the stage's `stats`.
 *
 * @example
 * await writeTiming(ctx.outDir, { texts: 1200, seconds: 3.2, sequences_per_s: 375 });
 * // → <outDir>/.timing.json; the manifest lists ".timing.json" under side_files
 */
export async function writeTiming(outDir: string, values: Record<string, unknown>): Promise<void> {
  await writeFile(join(outDir, TIMING_FILE), `${JSON.stringify(values, null, 2)}\n`);
}
