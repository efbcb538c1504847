import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Manifest, memoryLogger, runStage, silentProgress, validate } from '@hbt/core';
import { locateDatasets, prepInputFiles } from '../locate.js';
import { PREP_STAGE, PREP_STAGE_VERSION, prepKeyConfig, run } from '../run.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The repository root. */
export const REPO = resolve(here, '../../../..');
/** test-fixtures/data-prep. */
export const FIXTURES = join(REPO, 'test-fixtures', 'data-prep');

/** The real data mirror: $HBT_DATA_MIRROR, else <repo>/../shared/data; null when absent. */
export function realMirror(): string | null {
  const dir = process.env.HBT_DATA_MIRROR
    ? resolve(process.env.HBT_DATA_MIRROR)
    : resolve(REPO, '../shared/data');
  return existsSync(join(dir, 'xquad-r')) ? dir : null;
}

export function tempDir(prefix = 'hbt-prep-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Run the prep stage the way the CLI does (locate, runStage with the content-hash key, run) with a raw
 * `data` section; relative paths resolve against `baseDir`. Output goes to `<outRoot>/prep`.
 */
export async function runPrep(
  data: unknown,
  baseDir: string,
  outRoot: string,
  opts: { force?: boolean; config?: Record<string, unknown> } = {},
): Promise<{ manifest: Manifest; dir: string; cached: boolean; log: string[] }> {
  const config = validate({ ...opts.config, data }, join(baseDir, 'hbt.json'));
  const log = memoryLogger();
  const inputs = locateDatasets(config.data, baseDir);
  const dir = join(outRoot, 'prep');
  const res = await runStage(
    {
      stage: PREP_STAGE,
      stageVersion: PREP_STAGE_VERSION,
      dir,
      config,
      keyConfig: prepKeyConfig(config.data),
      inputs: prepInputFiles(inputs),
      seed: config.data.pairs.seed,
      backend: null,
      log,
      progress: silentProgress,
      force: opts.force ?? false,
    },
    (ctx) => run(inputs, config.data, ctx),
  );
  return { manifest: res.manifest, dir, cached: res.cached, log: log.lines };
}
