import type { MetricIndex } from './metric-index.js';
import { ANY } from './types.js';

/**
 * The chance level of the rank distance, as the evaluator writes it: measure `RD_chance` beside every
 * `RD` row of `metrics.parquet` and `per_query.parquet` (multi setting), the exact expectation of a random
 * ranking of the same pool over the same queries, averaged like `RD`. The report reads it, never
 * recomputes it; metrics written before eval stage version 2 have none (then the report shows a dash).
 */
export const RD = 'RD';
export const RD_CHANCE = 'RD_chance';

/**
 * An arm is **at chance** in a rank-distance comparison when its mean rank distance over the compared
 * queries is within this fraction of the chance level over the same queries (either side): a practical
 * margin, stated in the report, not a test. A difference between two arms that are both at chance is a
 * difference between two near-random rankings, not an effect on the language bias.
 */
export const CHANCE_TOLERANCE = 0.05;

/** (value − chance) / chance: how far a rank distance lies from its chance level, as a fraction. */
export function offsetFromChance(value: number, chance: number): number {
  return (value - chance) / chance;
}

/** True when `value` is within {@link CHANCE_TOLERANCE} of `chance` (both finite, chance > 0). */
export function atChance(value: number, chance: number): boolean {
  return (
    Number.isFinite(value) &&
    Number.isFinite(chance) &&
    chance > 0 &&
    Math.abs(offsetFromChance(value, chance)) <= CHANCE_TOLERANCE
  );
}

/** The chance check of one rank-distance comparison (hybrid against a baseline on paired queries). */
export interface ChanceCheck {
  /** Chance level over the paired queries: macro over the same strata as the compared means. */
  level: number;
  hybridAt: boolean;
  baselineAt: boolean;
}

/** Which arms of a comparison are at chance. */
export type AtChance = 'both' | 'hybrid' | 'baseline' | 'neither';

export function whichAtChance(c: ChanceCheck): AtChance {
  if (c.hybridAt && c.baselineAt) return 'both';
  if (c.hybridAt) return 'hybrid';
  if (c.baselineAt) return 'baseline';
  return 'neither';
}

/**
 * The chance level over the paired units of a comparison: the mean of the units' chance levels within
 * each stratum, then the mean over strata (the weighting of the compared means, see `pairedTest`).
 * Null when a unit has no chance level (per_query written before eval stage version 2).
 *
 * @example
 * chanceOverUnits([{ stratum: 'de', chance: 10 }, { stratum: 'de', chance: 20 }, { stratum: 'en', chance: 30 }]);
 * // (15 + 30) / 2 = 22.5
 */
export function chanceOverUnits(
  units: ReadonlyArray<{ stratum: string; chance: number | null }>,
): number | null {
  const byStratum = new Map<string, { sum: number; n: number }>();
  for (const u of units) {
    if (u.chance === null || !Number.isFinite(u.chance)) return null;
    const s = byStratum.get(u.stratum) ?? { sum: 0, n: 0 };
    s.sum += u.chance;
    s.n++;
    byStratum.set(u.stratum, s);
  }
  if (byStratum.size === 0) return null;
  let total = 0;
  for (const s of byStratum.values()) total += s.sum / s.n;
  return total / byStratum.size;
}

/**
 * Chance levels of every dataset's pool, read from the variants' metrics (`RD_chance` rows): per query
 * language and macro. The level depends on the evaluation data only, so every variant that evaluated a
 * dataset should report the same one; the first variant with a value gives it, and a variant that
 * disagrees (another pool) is named in {@link ChanceLevels.notes}.
 *
 * @example
 * const chance = new ChanceLevels([{ name: 'hybrid', index: new MetricIndex(rows) }], ['xquad-r']);
 * chance.of('xquad-r', null); // 10845.83… (macro); chance.of('xquad-r', 'de') per language
 */
export class ChanceLevels {
  readonly notes: string[] = [];
  private readonly values = new Map<string, number>();

  /** `variants`: each variant's name and metric index, in report order. */
  constructor(variants: ReadonlyArray<{ name: string; index: MetricIndex }>, datasets: readonly string[]) {
    for (const d of datasets) {
      const langs = [...new Set(variants.flatMap(({ index }) => index.languages(d)))].sort();
      const missing: string[] = [];
      const disagree = new Set<string>();
      for (const { name, index: ix } of variants) {
        if (ix.macro(d, 'multi', RD) === null) continue; // no rank distance here: nothing to set beside
        if (ix.macro(d, 'multi', RD_CHANCE) === null) missing.push(name);
        for (const lang of [...langs, null]) {
          const v =
            lang === null ? ix.macro(d, 'multi', RD_CHANCE) : ix.perLanguage(d, 'multi', lang, RD_CHANCE);
          if (v === null) continue;
          const k = key(d, lang);
          const first = this.values.get(k);
          if (first === undefined) this.values.set(k, v);
          else if (Math.abs(first - v) > 1e-9 * Math.max(1, Math.abs(first))) disagree.add(name);
        }
      }
      if (missing.length > 0) {
        this.notes.push(
          `No rank-distance chance level (\`RD_chance\`) in the metrics of ${missing.map((n) => `\`${n}\``).join(', ')} for ${d}: they were written before eval stage version 2; re-run \`hbt eval\` to see it.`,
        );
      }
      if (disagree.size > 0) {
        this.notes.push(
          `Variants ${[...disagree].map((n) => `\`${n}\``).join(', ')} report another rank-distance chance level for ${d} than the first variant (a different candidate pool); the report shows the first one.`,
        );
      }
    }
  }

  /** The chance level of a dataset's pool: per query language, or the macro value when `lang` is null. */
  of(dataset: string, lang: string | null): number | null {
    return this.values.get(key(dataset, lang)) ?? null;
  }
}

function key(dataset: string, lang: string | null): string {
  return `${dataset}\u0000${lang ?? ANY}`;
}
