import { dirname, isAbsolute, resolve } from 'node:path';
import type { z } from 'zod';
import { HbtError, UsageError } from '../errors.js';
import { readBoundedFileSync } from '../files.js';
import { findSyntaxError, lineColumn } from '../json-syntax.js';
import { quoteValue } from '../quote.js';
import { decodeUtf8Strict } from '../utf8.js';
import { checkArtifactsFolder } from './artifacts.js';
import { configSchema, type HbtConfig } from './schema.js';

/**
 * A resolved config: the validated config (defaults filled) plus where it came from. `config` is what
 * goes into manifests; `baseDir` resolves relative paths and is not part of any hash.
 */
export interface ResolvedConfig {
  config: HbtConfig;
  /** Folder of the config file: relative paths in the config are relative to it. */
  baseDir: string;
  file: string;
  /** Variant name ("default" when the config declares none). */
  variant: string;
  /** The config file and the section files it pulled in (inputs the artifacts folder must keep clear of). */
  sources?: readonly string[];
}

const SECTIONS = ['data', 'sampler', 'model', 'train', 'index', 'eval', 'report', 'variants'] as const;

/**
 * Load a JSON config file, apply `--set path=value` overrides, validate.
 * A section may be given inline or as a path to a JSON file (relative to the config file): this lets an
 * experiment keep each stage's settings in its own file, so turbo's per-stage inputs follow them.
 * The `artifacts` folder is checked against the inputs the config names (see `config/artifacts.ts`).
 *
 * @example
 * const rc = loadConfig('apps/smoke/hbt.json', ['sampler.alpha=0.3']);
 * rc.config.sampler.alpha; // 0.3
 */
export function loadConfig(file: string, sets: string[] = []): ResolvedConfig {
  const abs = resolve(file);
  const raw = readJson(abs);
  const baseDir = dirname(abs);
  const sources = [abs];
  for (const s of SECTIONS) {
    const v = (raw as Record<string, unknown>)[s];
    if (typeof v === 'string') {
      if (v.length > MAX_SECTION_PATH) {
        throw new UsageError(`"${s}" names a section file by a path of ${v.length} characters`, {
          file: abs,
          location: s,
          hint: `give a path of at most ${MAX_SECTION_PATH} characters, or the section itself`,
        });
      }
      sources.push(resolve(baseDir, v));
      (raw as Record<string, unknown>)[s] = readJson(resolve(baseDir, v));
    }
  }
  for (const s of sets) applySet(raw, s, '--set');
  const config = validate(raw, abs);
  checkArtifactsFolder(config, baseDir, sources);
  return { config, baseDir, file: abs, variant: 'default', sources };
}

/** Validate a raw config object; errors name the key, the expected type and the file. */
export function validate(raw: unknown, file: string): HbtConfig {
  const r = configSchema.safeParse(raw);
  if (r.success) return r.data;
  throw new UsageError(describeIssues(r.error.issues, raw), {
    file,
    hint: 'fix the value in the file or with --set KEY=VALUE; `hbt config schema` prints the JSON Schema',
  });
}

function describeIssues(issues: z.core.$ZodIssue[], raw: unknown): string {
  return issues
    .slice(0, 5)
    .map((i) => {
      const key = i.path.map(String).join('.') || '(top level)';
      const got = valueAt(raw, i.path as PropertyKey[]);
      if (i.code === 'invalid_type') {
        return `${key}: expected ${i.expected}, got ${describeValue(got)}`;
      }
      if (i.code === 'unrecognized_keys') {
        return `${key === '(top level)' ? '' : `${key}: `}unknown key(s) ${i.keys.map((k) => `"${k}"`).join(', ')}`;
      }
      return `${key}: ${i.message}${got !== undefined ? ` (got ${describeValue(got)})` : ''}`;
    })
    .join('; ');
}

function valueAt(raw: unknown, path: PropertyKey[]): unknown {
  let v: unknown = raw;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string') return `string ${quoteValue(v)}`;
  if (typeof v === 'object') return 'object';
  return `${typeof v} ${String(v)}`;
}

/** The longest path a config may give for a section file (longer ones are not paths but damage). */
const MAX_SECTION_PATH = 1024;

/** The largest config (or config section) file hbt reads. */
export const MAX_CONFIG_BYTES = 4 * 2 ** 20;

/**
 * A config file's JSON: a regular file of at most {@link MAX_CONFIG_BYTES}, UTF-8, valid JSON. Every
 * problem is a {@link UsageError} naming the file (and line and column); the file's text is never quoted.
 */
function readJson(file: string): unknown {
  let text: string;
  try {
    const buf = readBoundedFileSync(file, { maxBytes: MAX_CONFIG_BYTES, what: 'config file' });
    text = decodeUtf8Strict(buf, { file, hint: 'save the config file as UTF-8' }).text;
  } catch (e) {
    if (!(e instanceof HbtError)) throw e;
    throw new UsageError(e.reason, {
      ...e.where,
      hint: e.where.hint ?? 'pass an existing JSON file with --config',
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    const at = findSyntaxError(text);
    const { line, column } = lineColumn(text, at.offset);
    throw new UsageError(`invalid JSON: ${at.message}`, { file, location: `line ${line}, column ${column}` });
  }
}

/**
 * Apply one `path=value` override in place. The value is parsed as JSON when it parses (numbers, booleans,
 * null, arrays, objects), else taken as a string.
 */
export function applySet(target: unknown, assignment: string, source: string): void {
  const eq = assignment.indexOf('=');
  if (eq <= 0) {
    throw new UsageError(`${source} expects KEY=VALUE, got "${assignment}"`, {
      hint: 'e.g. --set sampler.alpha=0.3',
    });
  }
  const path = assignment.slice(0, eq).split('.');
  const text = assignment.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = text;
  }
  setPath(target as Record<string, unknown>, path, value);
}

export function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let o = target;
  for (const key of path.slice(0, -1)) {
    const next = o[key];
    if (next === undefined || next === null || typeof next !== 'object') o[key] = {};
    o = o[key] as Record<string, unknown>;
  }
  o[path[path.length - 1]!] = value;
}

/**
 * What a variant may not change, and why: the keys are shared by every variant of an experiment. The
 * training data size is `sampler.subset` (the sample stage), which a variant may set.
 */
const SHARED_KEYS: Record<string, string> = {
  data: 'prep is shared by all variants; to train on a subset of the groups set sampler.subset.fraction (or .groups) in the variant, or make a separate experiment config for other data',
  variants: 'variants do not nest: declare each combination as its own variant',
};

/**
 * The variants of an experiment, each a full resolved config with its overrides applied and validated.
 * A config without variants has one, named "default". A variant may set any key except `data` (prep is
 * shared) and `variants`: that is a {@link UsageError} naming the
 * variant and the key.
 *
 * @example
 * // { "variants": [{ "name": "hybrid-10pct", "set": { "sampler.subset": { "fraction": 0.1 } } }] }
 * resolveVariants(loadConfig('hbt.json'))[0]!.config.sampler.subset; // { fraction: 0.1, seed: 0, datasets: {} }
 */
export function resolveVariants(rc: ResolvedConfig): ResolvedConfig[] {
  const vs = rc.config.variants;
  if (vs.length === 0) return [rc];
  const names = new Set<string>();
  return vs.map((v) => {
    if (names.has(v.name)) throw new UsageError(`variant "${v.name}" is declared twice`, { file: rc.file });
    names.add(v.name);
    for (const key of Object.keys(v.set)) {
      const why = SHARED_KEYS[key.split('.')[0]!];
      if (why !== undefined) {
        throw new UsageError(`variant "${v.name}" sets "${key}", which a variant may not change`, {
          file: rc.file,
          location: `variants[${vs.indexOf(v)}].set["${key}"]`,
          hint: why,
        });
      }
    }
    const raw = structuredClone(rc.config) as Record<string, unknown>;
    raw.variants = [];
    for (const [k, val] of Object.entries(v.set)) setPath(raw, k.split('.'), structuredClone(val));
    const config = validate(raw, `${rc.file} (variant ${v.name})`);
    checkArtifactsFolder(config, rc.baseDir, rc.sources ?? [rc.file]);
    return { ...rc, config, variant: v.name };
  });
}

/** Resolve a path from the config against the config file's folder. */
export function resolvePath(rc: ResolvedConfig, p: string): string {
  return isAbsolute(p) ? p : resolve(rc.baseDir, p);
}
