import { canonicalJson, type HbtConfig } from '@hbt/core';
import type { VariantMeta } from '../model/types.js';

/**
 * The axes of a sweep, read from a variant's resolved config: its training size (`sampler.subset`), its
 * objective (`train.objective`, read defensively: absent means the default InfoNCE) and the keys that
 * group arms into lines (everything but seed and size) and α sweeps (everything but seed, size and α).
 *
 * @example
 * sizeOf({ sampler: { subset: { fraction: 0.1, seed: 0, datasets: {} } } } as HbtConfig);
 * // { x: 0.1, unit: 'fraction', label: '10 %' }
 */
export interface TrainingSize {
  /** The fraction of each dataset's groups (1 = all), or the group count. */
  x: number;
  unit: 'fraction' | 'groups';
  /** `10 %`, `500 groups`; `*` marks per-dataset sizes (`sampler.subset.datasets`). */
  label: string;
}

export const FULL_SIZE: TrainingSize = { x: 1, unit: 'fraction', label: '100 %' };

/** The training size of a config: `sampler.subset` (fraction or groups), 100 % without one. */
export function sizeOf(config: HbtConfig | undefined): TrainingSize {
  const s = (config?.sampler as { subset?: unknown } | undefined)?.subset as
    | { fraction?: number; groups?: number; datasets?: Record<string, unknown> }
    | undefined;
  if (s === undefined || s === null) return FULL_SIZE;
  const perDataset = Object.keys(s.datasets ?? {}).length > 0 ? '*' : '';
  if (typeof s.groups === 'number')
    return { x: s.groups, unit: 'groups', label: `${s.groups} groups${perDataset}` };
  const f = typeof s.fraction === 'number' ? s.fraction : 1;
  return { x: f, unit: 'fraction', label: `${percent(f)}${perDataset}` };
}

/** `0.1` → `10 %`, `0.333` → `33.3 %`. */
export function percent(f: number): string {
  return `${Number((f * 100).toPrecision(3))} %`;
}

/**
 * The objective of a config as a short label, or null for the default (InfoNCE alone): `SimCSE`,
 * `distillation`, or a weighted sum such as `InfoNCE + 0.5·SimCSE`. Reads `train.objective` defensively:
 * a config from before the key existed, or any shape it does not know, counts as the default.
 */
export function objectiveOf(config: HbtConfig | undefined): string | null {
  const o = (config?.train as { objective?: unknown } | undefined)?.objective;
  if (o === undefined || o === null || o === 'infonce') return null;
  if (typeof o === 'string') return objectiveName(o);
  if (Array.isArray(o)) {
    const terms = o
      .filter((e): e is { name: string; weight?: number } => typeof e?.name === 'string')
      .map((e) => (e.weight !== undefined && e.weight !== 1 ? `${e.weight}·` : '') + objectiveName(e.name));
    if (terms.length === 1 && terms[0] === 'InfoNCE') return null;
    return terms.length > 0 ? terms.join(' + ') : null;
  }
  return null;
}

function objectiveName(name: string): string {
  switch (name) {
    case 'infonce':
      return 'InfoNCE';
    case 'simcse':
      return 'SimCSE';
    case 'distill':
      return 'distillation';
    default:
      return name;
  }
}

/** The config without seeds, report settings and training size: arms with equal keys form one line. */
export function lineKeyOf(meta: VariantMeta): string {
  return meta.config === undefined ? meta.armKey : recipeKey(meta.config, { size: true });
}

/** The line key without `sampler.alpha`: lines with equal keys form one α sweep. */
export function alphaKeyOf(meta: VariantMeta): string {
  return meta.config === undefined ? `${meta.armKey}|α` : recipeKey(meta.config, { size: true, alpha: true });
}

/**
 * A config as canonical JSON without what varies between replicates (seeds, `data.pairs.seed`, the
 * `variants` list, the `report` section) and, on request, without the training size
 * (`sampler.subset`) or `sampler.alpha`. Variants with equal keys are replicates of one arm
 * (`armKeyOf`), one line of a learning curve (`size`), or one α sweep (`size` and `alpha`).
 */
export function recipeKey(config: HbtConfig, drop: { size?: boolean; alpha?: boolean } = {}): string {
  const c = structuredClone(config) as unknown as Record<string, unknown>;
  delete c.seed;
  delete c.variants;
  delete c.report;
  const data = c.data as Record<string, unknown> | undefined;
  const pairs = data?.pairs as Record<string, unknown> | undefined;
  if (pairs) delete pairs.seed;
  const sampler = c.sampler as Record<string, unknown> | undefined;
  if (sampler && drop.size) delete sampler.subset;
  if (sampler && drop.alpha) delete sampler.alpha;
  return canonicalJson(c);
}

/**
 * True when every `"config.path": value` of the selector equals the value at that path of the config
 * (compared as canonical JSON). A path the config lacks matches only `null` (`train.objective`, absent
 * from older configs, reads as `"infonce"`).
 *
 * @example
 * matches({ 'sampler.strategy': 'hybrid' }, config); // config.sampler.strategy === 'hybrid'
 */
export function matches(selector: Record<string, unknown>, config: HbtConfig | undefined): boolean {
  for (const [path, want] of Object.entries(selector)) {
    let v: unknown = config;
    for (const k of path.split('.')) {
      v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    }
    // a config from before train.objective existed trains with the default objective
    if (v === undefined && path === 'train.objective') v = 'infonce';
    if (canonicalJson(v ?? null) !== canonicalJson(want ?? null)) return false;
  }
  return true;
}
