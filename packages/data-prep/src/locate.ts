import { join, relative, resolve, sep } from 'node:path';
import { DataError, UsageError } from '@hbt/core';
import type { DataConfig, DatasetFormat, DatasetRef, DatasetRole } from './config.js';
import { datasetCacheDir, FETCH_MARKER } from './fetch.js';
import { entryAt, type InputFile, isDir } from './files.js';
import { discoverFiles, FORMAT_NAMES, FORMATS } from './formats/index.js';
import { type DatasetEntry, findDataset } from './registry.js';

/**
 * A dataset of the config, found on disk: where it is, how it is read, what it is used for, and the
 * exact files prep will read (they are the stage's hashed inputs).
 */
export interface LocatedDataset {
  name: string;
  format: DatasetFormat;
  roles: DatasetRole[];
  ref: DatasetRef;
  /** `data.train[i]` / `data.eval[i]`, for messages. */
  where: string;
  /** Folder or file, absolute. */
  root: string;
  /** MIRACL corpus (file or folder), absolute, or null. */
  corpus: string | null;
  /** Where `root` came from. */
  from: 'path' | 'cache' | 'mirror';
  registry: DatasetEntry | null;
  files: InputFile[];
  /**
   * Files that look like data of this dataset but are deliberately not read (MIRACL topics of a language
   * the corpus does not cover), with why: logged and listed in the manifest, never passed over silently.
   */
  notRead: Array<{ path: string; reason: string }>;
}

/** What the prep stage reads. */
export interface PrepInputs {
  datasets: LocatedDataset[];
}

/**
 * Find every dataset of `data.train` and `data.eval`: its `path` (relative to the config's folder
 * `baseDir`) when given, else the fetch cache (`<data.cache>/data/<name>`, used once `hbt data fetch`
 * has completed there), else the mirror (`<data.mirror>/<name>`). Reads no environment: the CLI puts
 * HBT_CACHE / HBT_DATA_MIRROR into `data` first.
 *
 * A train dataset whose items are passages (LAReQA, SQuAD) is also an eval dataset ("in-domain").
 *
 * @example
 * const inputs = locateDatasets(rc.config.data, rc.baseDir);
 * inputs.datasets.map((d) => [d.name, d.roles]); // [['mlqa-r', ['train', 'eval']], ['xquad-r', ['eval']]]
 */
export function locateDatasets(data: DataConfig, baseDir: string): PrepInputs {
  const byName = new Map<string, { ref: DatasetRef; where: string; roles: Set<DatasetRole> }>();
  const add = (ref: DatasetRef, role: DatasetRole, where: string) => {
    const prev = byName.get(ref.name);
    if (prev) {
      if (prev.roles.has(role)) {
        throw new UsageError(`${where}: dataset "${ref.name}" is listed twice in data.${role}`, {
          hint: 'give each dataset once; use a different "name" to read the same files twice',
        });
      }
      if (JSON.stringify(prev.ref) !== JSON.stringify(ref)) {
        throw new UsageError(
          `${where}: dataset "${ref.name}" is in data.train and data.eval with different settings`,
          {
            hint: 'train datasets with passages are evaluated too; give different settings under a different "name"',
          },
        );
      }
      prev.roles.add(role);
      return;
    }
    byName.set(ref.name, { ref, where, roles: new Set([role]) });
  };
  for (const [i, r] of data.train.entries()) add(r, 'train', `data.train[${i}]`);
  for (const [i, r] of data.eval.entries()) add(r, 'eval', `data.eval[${i}]`);

  const out: LocatedDataset[] = [];
  for (const { ref, where, roles } of byName.values()) {
    const registry = findDataset(ref.name) ?? null;
    const format = ref.format ?? registry?.format ?? undefined;
    if (format === undefined) {
      throw new UsageError(
        registry
          ? `${where}: "${ref.name}" is not a dataset prep reads (${registry.title})`
          : `${where}: "${ref.name}" is not in the registry, so it needs a "format"`,
        { hint: `formats: ${FORMAT_NAMES.join(', ')}; registry: hbt data list` },
      );
    }
    const spec = FORMATS[format];
    if (roles.has('eval') && spec.task === null) {
      throw new UsageError(
        `${where}: ${format} data has no passages to retrieve, so it cannot be in data.eval`,
        {
          hint: 'list it under data.train only',
        },
      );
    }
    if (roles.has('train') && !spec.train) {
      throw new UsageError(
        `${where}: ${format} data is evaluation data only, so it cannot be in data.train`,
        {
          hint: 'list it under data.eval only (never train on a test set)',
        },
      );
    }
    checkSettings(ref, spec.settings, where, format);
    if (roles.has('train') && spec.inDomain) roles.add('eval');
    const { root, from } = findRoot(ref, registry, data, baseDir, where);
    const corpus = ref.corpus !== undefined ? resolve(baseDir, ref.corpus) : null;
    if (corpus !== null && entryAt(corpus) === 'missing') {
      throw new DataError(`${where}.corpus: no such file or folder`, { file: corpus });
    }
    const ds: LocatedDataset = {
      name: ref.name,
      format,
      roles: (['train', 'eval'] as const).filter((r) => roles.has(r)),
      ref,
      where,
      root,
      corpus,
      from,
      registry,
      files: [],
      notRead: [],
    };
    ds.files = discoverFiles(ds);
    out.push(ds);
  }
  return { datasets: out };
}

/** A setting the format does not read is a usage error (it would be ignored silently). */
function checkSettings(
  ref: DatasetRef,
  supported: readonly string[],
  where: string,
  format: DatasetFormat,
): void {
  for (const key of Object.keys(ref)) {
    if (key === 'name' || key === 'format' || key === 'path' || supported.includes(key)) continue;
    // `parallel: false` is the schema default, not a choice.
    if (key === 'parallel' && ref.parallel === false) continue;
    throw new UsageError(`${where}.${key}: the ${format} format does not read "${key}"`, {
      hint: `${format} reads: ${supported.join(', ') || 'no settings'} (besides name, format, path)`,
    });
  }
}

function findRoot(
  ref: DatasetRef,
  registry: DatasetEntry | null,
  data: DataConfig,
  baseDir: string,
  where: string,
): { root: string; from: LocatedDataset['from'] } {
  if (ref.path !== undefined) {
    const root = resolve(baseDir, ref.path);
    if (entryAt(root) === 'missing') {
      throw new DataError(`${where}.path: no such file or folder`, {
        file: root,
        hint: 'paths in the config are relative to the config file',
      });
    }
    return { root, from: 'path' };
  }
  if (registry === null) {
    throw new UsageError(`${where}: "${ref.name}" is not in the registry, so it needs a "path"`, {
      hint: 'registry datasets: hbt data list',
    });
  }
  if (data.cache !== null) {
    const dir = datasetCacheDir(resolve(baseDir, data.cache), ref.name);
    if (entryAt(join(dir, FETCH_MARKER), 'fetch marker') === 'file') return { root: dir, from: 'cache' };
  }
  if (data.mirror !== null) {
    const dir = join(resolve(baseDir, data.mirror), ref.name);
    if (isDir(dir)) return { root: dir, from: 'mirror' };
  }
  throw new DataError(`dataset "${ref.name}" is not fetched`, {
    location: where,
    hint: `run \`hbt data fetch ${ref.name}\` (add --mirror DIR offline), set data.mirror, or give its "path"`,
  });
}

/**
 * The stage's input files by name (`<dataset>/<file>`), for content hashing: prep re-runs when any file
 * it reads changes, and only then.
 */
export function prepInputFiles(inputs: PrepInputs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const ds of inputs.datasets) {
    for (const f of ds.files) {
      const base = f.kind === 'corpus' && ds.corpus !== null ? ds.corpus : ds.root;
      const rel = relative(isDir(base) ? base : resolve(base, '..'), f.path)
        .split(sep)
        .join('/');
      out[`${ds.name}/${f.kind === 'corpus' ? 'corpus/' : ''}${rel}`] = f.path;
    }
  }
  return out;
}
