import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { UsageError } from './errors.js';
import { hashFile, hashJson } from './hash.js';
import type { Logger } from './logger.js';
import {
  describeInputs,
  HBT_VERSION,
  MANIFEST_FILE,
  type Manifest,
  type ManifestEntry,
  readManifest,
  stageKey,
  writeManifest,
} from './manifest.js';
import { pathsOverlap } from './paths.js';
import type { ProgressReporter } from './progress.js';
import { Rng } from './rng.js';
import { SCHEMA_VERSION } from './schemas.js';
import {
  assertReplaceable,
  claimWorkDir,
  PARTIAL_MARKER,
  releaseWorkDir,
  removeLeftovers,
  writeDirAtomic,
} from './stage-dir.js';
import { withLock } from './stage-lock.js';
import { verifyOutputs } from './stage-owner.js';

/**
 * What every stage's `run(inputs, config, ctx)` receives as `ctx`.
 */
export interface RunContext {
  /** Temp directory to write outputs into; it becomes the stage directory on success. */
  outDir: string;
  /**
   * Persistent scratch directory for this stage run (`<stage dir>.work`), kept across crashes (training
   * checkpoints live here) and removed after success.
   */
  workDir: string;
  rng: Rng;
  log: Logger;
  progress: ProgressReporter;
  /** The compute backend, when the stage uses one. */
  backend: string | null;
}

export interface StageOutcome {
  /** Deterministic facts for the manifest (counts, histograms, skipped examples). */
  stats?: Record<string, unknown>;
  /** Row counts per output file name, when known. */
  rows?: Record<string, number>;
}

export interface StageSpec {
  stage: string;
  stageVersion: number;
  /** Final stage directory. */
  dir: string;
  /** The whole resolved config: stored in the manifest. */
  config: unknown;
  /** The part of the config this stage depends on: hashed into the cache key. */
  keyConfig: unknown;
  /** Input artifacts (files or folders) by name. */
  inputs: Record<string, string>;
  seed: number | null;
  backend: string | null;
  log: Logger;
  progress: ProgressReporter;
  /** Run even when the manifest key matches. */
  force?: boolean;
}

export interface StageRunResult {
  cached: boolean;
  manifest: Manifest;
}

/**
 * Run a stage with caching, locking and atomic output:
 * 1. take `<dir>.lock`; remove provably stale `.tmp-<pid>` / `.old-<pid>` leftovers beside `<dir>`;
 * 2. hash the inputs and the key config; if `<dir>/manifest.json` has the same key and the outputs it
 *    lists are still there (sizes, and hashes of files up to 64 MiB), do nothing;
 * 3. else check that `<dir>` is absent, empty or this stage's own directory (anything else: UsageError,
 *    untouched) and that no input lies in it; run `fn` into a temp directory, write the manifest there,
 *    and rename it onto `<dir>`.
 *
 * @example
 * await runStage({ stage: 'sample', stageVersion: 1, dir, config, keyConfig: config.sampler,
 *   inputs: { train_pairs: pairsPath }, seed: 13, backend: null, log, progress },
 *   async (ctx) => ({ stats: await sample(..., ctx) }));
 */
export async function runStage(
  spec: StageSpec,
  fn: (ctx: RunContext) => Promise<StageOutcome>,
): Promise<StageRunResult> {
  return withLock(spec.dir, async () => {
    for (const p of await removeLeftovers(spec.dir, spec.stage)) {
      spec.log.warn(
        `${spec.stage}: left ${p} in place: hbt cannot tell it made it (delete it if it is not needed)`,
      );
    }
    const inputs = await describeInputs(spec.inputs);
    const key = stageKey({
      stage: spec.stage,
      stageVersion: spec.stageVersion,
      config: spec.keyConfig,
      inputs,
      seed: spec.seed,
      backend: spec.backend,
    });
    const existing = await readManifest(spec.dir);
    if (!spec.force && existing && existing.key === key && existing.stage === spec.stage) {
      const problem = await verifyOutputs(spec.dir, existing);
      if (problem === null) {
        spec.log.info(`${spec.stage}: up to date (${spec.dir})`);
        return { cached: true, manifest: existing };
      }
      spec.log.warn(
        `${spec.stage}: ${spec.dir} no longer matches its manifest (${problem}); running the stage again`,
      );
    }
    await assertReplaceable(spec.dir, spec.stage);
    assertInputsOutside(spec);
    const workDir = `${spec.dir}.work`;
    await claimWorkDir(workDir);
    let manifest: Manifest;
    try {
      manifest = await writeDirAtomic(spec.dir, spec.stage, async (tmp) => {
        const ctx: RunContext = {
          outDir: tmp,
          workDir,
          rng: Rng.fromSeed(spec.seed ?? 0).derive(spec.stage),
          log: spec.log,
          progress: spec.progress,
          backend: spec.backend,
        };
        const outcome = await fn(ctx);
        const m: Manifest = {
          stage: spec.stage,
          stage_version: spec.stageVersion,
          hbt_version: HBT_VERSION,
          schema_version: SCHEMA_VERSION,
          key,
          config_hash: hashJson(spec.config),
          config: spec.config,
          seed: spec.seed,
          backend: spec.backend,
          inputs: inputs.map((i) => ({ ...i, path: i.path })),
          outputs: await describeOutputs(tmp, outcome.rows ?? {}),
          side_files: await sideFiles(tmp),
          stats: outcome.stats ?? {},
        };
        await writeManifest(tmp, m);
        return m;
      });
    } catch (e) {
      await releaseWorkDir(workDir, false);
      throw e;
    }
    await releaseWorkDir(workDir, true);
    return { cached: false, manifest };
  });
}

/** A stage may not write where it reads: no input may lie in (or hold) the stage directory. */
function assertInputsOutside(spec: StageSpec): void {
  for (const [name, path] of Object.entries(spec.inputs)) {
    if (pathsOverlap(path, spec.dir)) {
      throw new UsageError(
        `the ${spec.stage} stage would write its output where its input "${name}" is (${path})`,
        {
          file: spec.dir,
          hint: 'keep inputs outside the artifacts folder: point `artifacts` at a folder of its own',
        },
      );
    }
  }
}

/** Paths of the files under names starting with "." (not hashed), without the temp directory's mark. */
async function sideFiles(dir: string): Promise<string[]> {
  const all = (await readdir(dir, { recursive: true, withFileTypes: true }))
    .filter((e) => !e.isDirectory())
    .map((e) => relative(dir, join(e.parentPath, e.name)).split(sep).join('/'));
  return all.filter((p) => p !== PARTIAL_MARKER && p.split('/').some((part) => part.startsWith('.'))).sort();
}

async function describeOutputs(
  dir: string,
  rows: Record<string, number>,
  prefix = '',
): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  const names = (await readdir(dir)).sort();
  for (const n of names) {
    if (n === MANIFEST_FILE || n.startsWith('.')) continue;
    const p = join(dir, n);
    const rel = prefix ? `${prefix}/${n}` : n;
    const info = await stat(p);
    if (info.isDirectory()) out.push(...(await describeOutputs(p, rows, rel)));
    else {
      const e: ManifestEntry = { name: rel, path: rel, hash: await hashFile(p), size: info.size };
      if (rows[rel] !== undefined) e.rows = rows[rel];
      out.push(e);
    }
  }
  return out;
}
