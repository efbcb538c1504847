import type { ReportModel } from '../model/build.js';
import { RD, RD_CHANCE, whichAtChance } from '../model/chance.js';
import { SETTINGS, type Setting } from '../model/types.js';
import { fin, seedStat } from './numbers.js';
import type { Summary } from './schema.js';
import { answersSummary, curvesSummary } from './sweep-build.js';
import { buildTaskSummary } from './tasks.js';

/** summary.json from the report model (see `schema.ts` and the README for the fields). */
export function buildSummary(m: ReportModel): Summary {
  const stat = seedStat;
  return {
    schema_version: 1,
    title: m.title,
    experiment: m.experiment,
    confidence: m.options.confidence,
    datasets: m.datasets.map((d) => ({
      name: d.name,
      in_domain: d.inDomain,
      languages: d.languages,
      rank_distance_chance: fin(m.rdChance(d.name, null)),
    })),
    variants: m.arms.flatMap((a) =>
      a.variants.map((v) => {
        const ix = m.index(v);
        const setting = (d: string, s: Setting) => ({
          mAP: fin(ix.macro(d, s, 'AP')),
          'R@1': fin(ix.macro(d, s, 'R@1')),
          'R@10': fin(ix.macro(d, s, 'R@10')),
          rank_distance: s === 'multi' ? fin(ix.macro(d, s, RD)) : null,
          rank_distance_chance: s === 'multi' ? fin(ix.macro(d, s, RD_CHANCE)) : null,
          n_queries: ix.macroQueries(d, s),
        });
        return {
          name: v.meta.name,
          arm: a.label,
          strategy: v.meta.strategy,
          alpha: v.meta.alpha,
          seed: v.meta.seed,
          backend: v.meta.backend,
          model: { hidden: v.meta.model.hidden, layers: v.meta.model.layers, init: v.meta.model.init },
          datasets: m.datasets.map((d) => ({
            name: d.name,
            in_domain: d.inDomain,
            settings: {
              mono: setting(d.name, 'mono'),
              cross: setting(d.name, 'cross'),
              multi: setting(d.name, 'multi'),
            },
          })),
        };
      }),
    ),
    arms: m.arms.map((a) => ({
      label: a.label,
      strategy: a.strategy,
      alpha: a.alpha,
      objective: a.objective,
      size: { ...a.size },
      variants: a.variants.map((v) => v.meta.name),
      datasets: m.datasets.map((d) => {
        const base = (s: Setting) => ({
          mAP: stat(m.stat(a, d.name, s, 'AP')),
          'R@1': stat(m.stat(a, d.name, s, 'R@1')),
          'R@10': stat(m.stat(a, d.name, s, 'R@10')),
        });
        return {
          name: d.name,
          in_domain: d.inDomain,
          settings: {
            mono: base(SETTINGS[0]!),
            cross: base(SETTINGS[1]!),
            multi: {
              ...base(SETTINGS[2]!),
              rank_distance: stat(m.stat(a, d.name, 'multi', RD)),
              rank_distance_chance: fin(m.rdChance(d.name, null)),
            },
          },
        };
      }),
    })),
    significance: m.significance.map((r) => ({
      dataset: r.dataset,
      in_domain: r.inDomain,
      setting: r.setting,
      measure: r.measure,
      better: r.better,
      hybrid: r.hybrid,
      baseline: r.baseline,
      n_units: r.result.n,
      n_queries: r.result.clusters,
      unmatched: r.unmatched,
      mean_hybrid: r.result.meanA,
      mean_baseline: r.result.meanB,
      diff: r.result.diff,
      ci_low: fin(r.result.ciLow),
      ci_high: fin(r.result.ciHigh),
      p: r.result.p,
      p_holm: r.pHolm,
      exact: r.result.exact,
      chance_level: r.chance === null ? null : fin(r.chance.level),
      at_chance: r.chance === null ? null : whichAtChance(r.chance),
    })),
    curves: curvesSummary(m),
    questions: answersSummary(m),
    tasks: buildTaskSummary(m),
    notes: m.notes,
  };
}
