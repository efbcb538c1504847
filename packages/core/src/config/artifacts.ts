import { statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { canonicalPath, isInside } from '../paths.js';
import type { HbtConfig } from './schema.js';

/** Where the artifacts folder may live: the hint of every error below, and the README's rule. */
export const ARTIFACTS_RULE =
  'artifacts must be a folder of its own: the default "artifacts" next to the config file, or any folder ' +
  'outside the data, model and config folders (e.g. --set artifacts=/scratch/hbt/my-experiment)';

/**
 * The files and folders a config names as inputs, absolute: the config file and the section files it
 * pulled in, every `data.train` / `data.eval` path and corpus, `data.mirror`, `data.cache` and
 * `model.init` (URLs are skipped).
 *
 * @example
 * configInputs(rc.config, rc.baseDir, [rc.file]);
 * // [{ what: 'config file', path: '/exp/hbt.json' }, { what: 'data.train[0].path', path: '/exp/data' }, …]
 */
export function configInputs(
  config: HbtConfig,
  baseDir: string,
  files: readonly string[],
): Array<{ what: string; path: string }> {
  const out = files.map((f) => ({ what: 'config file', path: resolve(f) }));
  const add = (what: string, p: string | null | undefined) => {
    if (p === null || p === undefined || p === '' || /^[a-z][a-z0-9+.-]*:\/\//i.test(p)) return;
    out.push({ what, path: isAbsolute(p) ? p : resolve(baseDir, p) });
  };
  for (const role of ['train', 'eval'] as const) {
    for (const [i, d] of config.data[role].entries()) {
      add(`data.${role}[${i}].path`, d.path);
      add(`data.${role}[${i}].corpus`, d.corpus);
    }
  }
  add('data.mirror', config.data.mirror);
  add('data.cache', config.data.cache);
  add('model.init', config.model.init);
  return out;
}

/**
 * Check the `artifacts` folder of a validated config before anything is written: it must not be (or
 * lie under) a file, must not be the config's own folder, and must neither hold nor lie inside any input
 * the config names ({@link configInputs}). Throws a {@link UsageError} (exit 2) naming `artifacts`, the
 * input it collides with, and {@link ARTIFACTS_RULE}.
 *
 * @example
 * checkArtifactsFolder(config, '/exp', ['/exp/hbt.json']); // ok for the default "artifacts"
 * // artifacts "." → UsageError: artifacts: "." is the config's own folder /exp
 */
export function checkArtifactsFolder(config: HbtConfig, baseDir: string, files: readonly string[]): void {
  const value = config.artifacts;
  const root = isAbsolute(value) ? value : resolve(baseDir, value);
  const fail = (why: string) => {
    throw new UsageError(`artifacts: "${value}" ${why}`, { file: files[0], hint: ARTIFACTS_RULE });
  };
  for (let p = root; ; p = dirname(p)) {
    const kind = statKind(p);
    if (kind === 'dir') break;
    if (kind === 'other')
      fail(p === root ? `(${root}) is a file, not a folder` : `lies under ${p}, which is a file`);
    if (dirname(p) === p) break;
  }
  const croot = canonicalPath(root);
  if (croot === canonicalPath(baseDir)) fail(`is the config's own folder ${baseDir}`);
  for (const input of configInputs(config, baseDir, files)) {
    const cin = canonicalPath(input.path);
    if (isInside(cin, croot)) fail(`(${root}) holds the input ${input.path} (${input.what})`);
    if (isInside(croot, cin)) fail(`(${root}) lies inside the input ${input.path} (${input.what})`);
  }
}

function statKind(p: string): 'dir' | 'other' | 'none' {
  try {
    return statSync(p).isDirectory() ? 'dir' : 'other';
  } catch {
    return 'none';
  }
}
