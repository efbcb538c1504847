import type { Rng } from '@hbt/core';
import { type PairedTestResult, type PairedUnit, pairedTest } from '../stats/paired.js';
import type { Arm } from './arms.js';
import type { DatasetInfo } from './build.js';
import { atChance, type ChanceCheck, chanceOverUnits, RD, RD_CHANCE } from './chance.js';
import { type PerQueryRow, type ReportOptions, SETTINGS, type Setting, type VariantData } from './types.js';

/**
 * Hybrid versus each baseline, per dataset, setting and measure, on per-query values.
 *
 * A unit is one (dataset, setting, query_lang, doc_lang, query_id); its value for an arm is the mean over
 * the arm's seeds (units missing in any seed are dropped). Units present in both arms are paired; the
 * statistic is the macro average over (query_lang, doc_lang) strata of the per-unit difference
 * hybrid − baseline, i.e. the difference of the table's macro numbers on the paired units. A query's units
 * in several target languages (cross-lingual) form one cluster of the test (see `pairedTest`).
 *
 * For the rank distance the row also carries its chance check: the chance level over the paired queries
 * (from the per-query `RD_chance` rows) and whether each arm's mean lies within `CHANCE_TOLERANCE` of it.
 * When both do, the renderers say "both at chance" instead of calling the difference an effect.
 */
export interface SignificanceRow {
  dataset: string;
  inDomain: boolean;
  setting: Setting;
  measure: string;
  /** 'higher' for AP (higher is better), 'lower' for RD. */
  better: 'higher' | 'lower';
  hybrid: string;
  baseline: string;
  result: PairedTestResult;
  /** Units present in one arm only (not paired). */
  unmatched: number;
  /** RD rows: the chance level over the paired queries and which arms are at it; null otherwise or unknown. */
  chance: ChanceCheck | null;
  /** Holm-adjusted p over every row of the report; filled by the model builder. */
  pHolm: number;
}

const MEASURES: Array<{ measure: string; better: 'higher' | 'lower'; settings: readonly Setting[] }> = [
  { measure: 'AP', better: 'higher', settings: SETTINGS },
  { measure: RD, better: 'lower', settings: ['multi'] },
];

export function significance(
  arms: readonly Arm[],
  datasets: readonly DatasetInfo[],
  options: ReportOptions,
  rng: Rng,
): { rows: SignificanceRow[]; notes: string[] } {
  const notes: string[] = [];
  // hybrid batches with the default objective; SimCSE or distillation arms are baselines whatever their
  // batches, and arms compare only at equal training size (sampler.subset)
  const isHybrid = (a: Arm) => a.strategy === 'hybrid' && a.objective === null;
  const hybrids = arms.filter(isHybrid);
  const baselines = arms.filter((a) => !isHybrid(a));
  if (hybrids.length === 0 || baselines.length === 0) {
    notes.push('No significance test: it needs a hybrid arm and at least one baseline arm.');
    return { rows: [], notes };
  }
  const lacking = arms.flatMap((a) => a.variants.filter((v) => v.perQuery === null).map((v) => v.meta.name));
  if (lacking.length > 0) {
    notes.push(
      `No per_query file for ${lacking.map((n) => `\`${n}\``).join(', ')}: arms with these variants are left out of the significance tests.`,
    );
  }
  const usable = (a: Arm) => a.variants.every((v) => v.perQuery !== null);
  const cache = new Map<string, Map<string, Unit>>();
  const unitsOf = (arm: Arm, dataset: string, setting: Setting, measure: string) => {
    const k = `${arm.label}\u0000${dataset}\u0000${setting}\u0000${measure}`;
    const u = cache.get(k) ?? seedAveragedUnits(arm, dataset, setting, measure);
    cache.set(k, u);
    return u;
  };
  const rows: SignificanceRow[] = [];
  for (const ds of datasets) {
    for (const { measure, better, settings } of MEASURES) {
      for (const setting of settings) {
        for (const h of hybrids.filter(usable)) {
          for (const b of baselines.filter((b) => usable(b) && b.size.label === h.size.label)) {
            const ua = unitsOf(h, ds.name, setting, measure);
            const ub = unitsOf(b, ds.name, setting, measure);
            // The chance level of a query depends on the pool only: the hybrid arm's rows give it.
            const chanceUnits = measure === RD ? unitsOf(h, ds.name, setting, RD_CHANCE) : null;
            const paired: PairedUnit[] = [];
            const pairedChance: Array<{ stratum: string; chance: number | null }> = [];
            for (const [key, x] of ua) {
              const y = ub.get(key);
              if (!y) continue;
              paired.push({ stratum: x.stratum, cluster: x.cluster, block: x.block, a: x.value, b: y.value });
              pairedChance.push({ stratum: x.stratum, chance: chanceUnits?.get(key)?.value ?? null });
            }
            if (paired.length === 0) continue;
            const result = pairedTest(paired, {
              permutations: options.permutations,
              bootstrap: options.bootstrap,
              confidence: options.confidence,
              rng: rng.derive(ds.name, setting, measure, h.label, b.label),
            });
            const unmatched = ua.size + ub.size - 2 * paired.length;
            const level = chanceUnits === null ? null : chanceOverUnits(pairedChance);
            rows.push({
              dataset: ds.name,
              inDomain: ds.inDomain,
              setting,
              measure,
              better,
              hybrid: h.label,
              baseline: b.label,
              result,
              unmatched,
              chance:
                level === null
                  ? null
                  : {
                      level,
                      hybridAt: atChance(result.meanA, level),
                      baselineAt: atChance(result.meanB, level),
                    },
              pHolm: result.p,
            });
          }
        }
      }
    }
  }
  return { rows, notes };
}

export interface Unit {
  /** The (query_lang, doc_lang) setting the unit belongs to. */
  stratum: string;
  /** The query: its units in several target languages change sign and are resampled together. */
  cluster: string;
  /** The query language: queries are resampled within it. */
  block: string;
  value: number;
}

/**
 * unit key → unit with the mean over the arm's seeds; units missing in any seed are dropped. Also used by
 * the research questions (`sweep/contrast.ts`).
 */
export function seedAveragedUnits(
  arm: Arm,
  dataset: string,
  setting: Setting,
  measure: string,
): Map<string, Unit> {
  const acc = new Map<string, Unit & { seeds: number; last: number }>();
  arm.variants.forEach((v, vi) => {
    for (const r of rowsOf(v, dataset, setting, measure)) {
      if (!Number.isFinite(r.value)) continue;
      const key = `${r.query_lang}\u0000${r.doc_lang}\u0000${r.query_id}`;
      const cur = acc.get(key);
      if (cur === undefined) {
        acc.set(key, {
          stratum: `${r.query_lang}→${r.doc_lang}`,
          cluster: `${r.query_lang}\u0000${r.query_id}`,
          block: r.query_lang,
          value: r.value,
          seeds: 1,
          last: vi,
        });
      } else if (cur.last !== vi) {
        // a repeated row within one variant (cur.last === vi) is ignored
        cur.value += r.value;
        cur.seeds++;
        cur.last = vi;
      }
    }
  });
  const n = arm.variants.length;
  const out = new Map<string, Unit>();
  for (const [key, u] of acc) {
    if (u.seeds === n)
      out.set(key, { stratum: u.stratum, cluster: u.cluster, block: u.block, value: u.value / n });
  }
  return out;
}

const grouped = new WeakMap<VariantData, Map<string, PerQueryRow[]>>();

/** A variant's per-query rows of one (dataset, setting, measure), grouped once per variant. */
function rowsOf(v: VariantData, dataset: string, setting: Setting, measure: string): PerQueryRow[] {
  let g = grouped.get(v);
  if (!g) {
    g = new Map();
    for (const r of v.perQuery ?? []) {
      const k = `${r.dataset}\u0000${r.setting}\u0000${r.measure}`;
      const list = g.get(k) ?? [];
      list.push(r);
      g.set(k, list);
    }
    grouped.set(v, g);
  }
  return g.get(`${dataset}\u0000${setting}\u0000${measure}`) ?? [];
}
