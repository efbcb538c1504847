import { z } from 'zod';
import type { ReportModel } from '../model/build.js';
import { SETTINGS } from '../model/types.js';
import { cellStat, taskDatasets } from '../tasks/model.js';

const num = z.number().nullable();

/**
 * summary.json's `tasks`: every metrics row of the bitext, qa and news datasets, per arm, as seed
 * statistics — P@1 in both directions (and `P@1_margin`), the multi-way pool's P@1 and `RD`, AP, R@k,
 * nDCG@10 — with the chance levels (`<measure>_chance`, `RD_chance`) and pool sizes (`n_candidates`) as
 * rows of their own, exactly as the eval stage wrote them.
 */
export const taskSummary = z
  .object({
    dataset: z.string(),
    task: z.enum(['bitext', 'qa', 'news']),
    in_domain: z.boolean(),
    arms: z.array(
      z
        .object({
          label: z.string(),
          rows: z.array(
            z
              .object({
                setting: z.enum(['mono', 'cross', 'multi']),
                query_lang: z.string().describe("'*' for an average over query languages"),
                doc_lang: z
                  .string()
                  .describe("'*' for the pool (multi) or an average over candidate languages"),
                measure: z.string(),
                mean: num,
                std: num.describe('Sample std over seeds; null with one seed'),
                n: z.number().int().describe('Seeds with a value'),
                n_queries: z.number().int().nullable().describe('n_queries of the first seed’s row'),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

export type TaskSummary = z.infer<typeof taskSummary>;

const fin = (x: number | null) => (x === null || !Number.isFinite(x) ? null : x);

/** The `tasks` entries of summary.json. */
export function buildTaskSummary(m: ReportModel): TaskSummary[] {
  return taskDatasets(m).map(({ info, task }) => ({
    dataset: info.name,
    task,
    in_domain: info.inDomain,
    arms: m.arms.map((a) => {
      const keys = new Map<
        string,
        { setting: (typeof SETTINGS)[number]; q: string; d: string; measure: string; n: number }
      >();
      for (const v of a.variants)
        for (const r of m.index(v).datasetRows(info.name)) {
          const k = `${r.setting}\t${r.query_lang}\t${r.doc_lang}\t${r.measure}`;
          if (!keys.has(k))
            keys.set(k, {
              setting: r.setting,
              q: r.query_lang,
              d: r.doc_lang,
              measure: r.measure,
              n: r.n_queries,
            });
        }
      const rows = [...keys.values()]
        .sort(
          (x, y) =>
            SETTINGS.indexOf(x.setting) - SETTINGS.indexOf(y.setting) ||
            cmp(x.measure, y.measure) ||
            cmp(x.q, y.q) ||
            cmp(x.d, y.d),
        )
        .map((k) => {
          const s = cellStat(m, a, info.name, k.setting, k.q, k.d, k.measure);
          return {
            setting: k.setting,
            query_lang: k.q,
            doc_lang: k.d,
            measure: k.measure,
            mean: fin(s.mean),
            std: fin(s.std),
            n: s.n,
            n_queries: k.n,
          };
        });
      return { label: a.label, rows };
    }),
  }));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
