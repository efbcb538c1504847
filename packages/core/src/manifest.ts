import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { canonicalJson, hashJson, hashPath } from './hash.js';
import { writeFileAtomic } from './parquet.js';

/**
 * `manifest.json` of a stage directory. It holds no timestamps or durations, so equal inputs and
 * config give a byte-identical manifest. The `key` is the hash of everything that determines the output
 * (stage, stage version, resolved config section, input hashes, seed, backend): a rerun with an equal
 * key is a no-op.
 */
export interface Manifest {
  stage: string;
  stage_version: number;
  hbt_version: string;
  schema_version: number;
  key: string;
  config_hash: string;
  /** The resolved config this stage ran with (the whole resolved config, as the CLI resolved it). */
  config: unknown;
  seed: number | null;
  backend: string | null;
  inputs: ManifestEntry[];
  outputs: ManifestEntry[];
  /**
   * Files the stage wrote outside the byte-identity guarantee (names starting with "."; e.g. the trainer's
   * `.timing.json`), by path only. With `outputs`, it lists every file in the stage directory. Absent in
   * manifests written before it existed.
   */
  side_files?: string[];
  /** Stage-specific, deterministic facts (counts, histograms, skipped examples…). */
  stats: Record<string, unknown>;
}

export interface ManifestEntry {
  name: string;
  path: string;
  hash: string;
  /** Bytes (outputs only): checked with the hash before a stage is called up to date. */
  size?: number;
  rows?: number;
}

export { HBT_VERSION } from './version.js';
export const MANIFEST_FILE = 'manifest.json';

/** Hash input artifacts (files or directories). */
export async function describeInputs(inputs: Record<string, string>): Promise<ManifestEntry[]> {
  const out: ManifestEntry[] = [];
  for (const name of Object.keys(inputs).sort()) {
    const path = inputs[name]!;
    out.push({ name, path, hash: await hashPath(path) });
  }
  return out;
}

/** The cache key of a stage run. */
export function stageKey(parts: {
  stage: string;
  stageVersion: number;
  config: unknown;
  inputs: ManifestEntry[];
  seed: number | null;
  backend: string | null;
}): string {
  return hashJson({
    stage: parts.stage,
    v: parts.stageVersion,
    config: parts.config,
    inputs: parts.inputs.map((i) => [i.name, i.hash]),
    seed: parts.seed,
    backend: parts.backend,
  });
}

export async function readManifest(dir: string): Promise<Manifest | null> {
  try {
    return JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Manifest;
  } catch {
    return null;
  }
}

export async function writeManifest(dir: string, m: Manifest): Promise<void> {
  await writeFileAtomic(
    join(dir, MANIFEST_FILE),
    `${JSON.stringify(JSON.parse(canonicalJson(m)), null, 2)}\n`,
  );
}
