import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  loadConfig,
  memoryLogger,
  type ResolvedConfig,
  resolveVariants,
  runStage,
  silentProgress,
  stageDir,
} from '@hbt/core';
import { reportInputs } from '../inputs.js';
import { REPORT_STAGE_VERSION, run } from '../run.js';

/** The report fixture experiment (test-fixtures/report, made by make_fixture.py with pyarrow). */
export const FIXTURE_DIR = resolve(import.meta.dirname, '../../../../test-fixtures/report');

const made: string[] = [];

/** A private copy of the fixture experiment (its report is written inside it). Returns the config path. */
export function copyFixture(): string {
  const dir = mkdtempSync(join(tmpdir(), 'hbt-report-'));
  made.push(dir);
  cpSync(join(FIXTURE_DIR, 'experiment'), dir, { recursive: true });
  return join(dir, 'hbt.json');
}

/** Remove every copy made by {@link copyFixture}. */
export function removeFixtureCopies(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Run the report stage as the CLI does (runStage: cache, lock, atomic directory, manifest). */
export async function runReportStage(rc: ResolvedConfig, force = false) {
  const variants = resolveVariants(rc);
  const { inputs, files } = reportInputs(variants);
  return runStage(
    {
      stage: 'report',
      stageVersion: REPORT_STAGE_VERSION,
      dir: stageDir(rc, 'report'),
      config: rc.config,
      keyConfig: { report: rc.config.report, variants: variants.map((v) => [v.variant, v.config]) },
      inputs: files,
      seed: rc.config.seed,
      backend: null,
      log: memoryLogger(),
      progress: silentProgress,
      force,
    },
    (ctx) => run(inputs, rc.config, ctx),
  );
}

/** Copy the fixture, render its report, return the report directory. */
export async function renderFixtureReport(): Promise<string> {
  const rc = loadConfig(copyFixture());
  await runReportStage(rc);
  return stageDir(rc, 'report');
}
