import { z } from 'zod';

/**
 * The sweep parts of `summary.json`: learning curves, α curves and the answers to `report.questions`.
 * Numbers are null where a value is missing.
 */
const num = z.number().nullable();

export const trainingSizeSummary = z
  .object({
    x: z.number().describe('The sampler.subset fraction (1 = every group) or group count'),
    unit: z.enum(['fraction', 'groups']),
    label: z.string().describe('As printed, e.g. "10 %", "500 groups" ("*": per-dataset sizes)'),
  })
  .strict()
  .describe('The training size (sampler.subset; 100 % without one)');

const curvePoint = z
  .object({
    x: z.number().describe('Training size (learning curves) or sampler.alpha (α curves)'),
    arm: z.string().describe('Label of the arm at this point'),
    mean: num,
    std: num,
    ci_low: num.describe('Student-t interval over seeds; null with one seed'),
    ci_high: num,
    n: z.number().int().describe('Seeds with a value'),
  })
  .strict();

export const curveSummary = z
  .object({
    kind: z.enum(['size', 'alpha']).describe('size: a learning curve; alpha: the α sweep of hybrid arms'),
    dataset: z.string(),
    in_domain: z.boolean(),
    setting: z.enum(['mono', 'cross', 'multi']),
    measure: z.string().describe('AP (mAP) or RD (rank distance)'),
    lines: z.array(
      z
        .object({
          label: z.string().describe('The recipe (size curves) or the recipe and size (α curves)'),
          points: z.array(curvePoint),
        })
        .strict(),
    ),
  })
  .strict();

const cellSummary = z
  .object({
    label: z.string(),
    size: trainingSizeSummary,
    alpha: z.number(),
    mean: num,
    std: num,
    ci_low: num,
    ci_high: num,
    n: z.number().int(),
  })
  .strict();

export const answerSummary = z
  .object({
    id: z.string(),
    text: z.string().describe('The question'),
    kind: z.enum(['compare', 'scaling', 'alpha']),
    dataset: z.string(),
    in_domain: z.boolean(),
    setting: z.enum(['mono', 'cross', 'multi']),
    measure: z.string(),
    better: z.enum(['higher', 'lower']),
    a: z.string().describe('Label of a (an arm, or a recipe for scaling and alpha)'),
    b: z.string().nullable(),
    cells: z
      .array(cellSummary)
      .describe('compare: a, b; scaling: a at the smallest and largest size; alpha: each α'),
    sizes: z
      .array(
        z
          .object({
            size: trainingSizeSummary,
            a: num,
            b: num,
            gap: num.describe('a − b at this size (paired)'),
            gap_ci_low: num,
            gap_ci_high: num,
          })
          .strict(),
      )
      .describe('scaling: the means (and the gap) at every size'),
    best_alpha: num,
    worst_alpha: num,
    diff: num.describe(
      'The contrast: a − b; largest − smallest size (of a, or of the gap a − b); best − worst α',
    ),
    ci_low: num,
    ci_high: num,
    p: num.describe('Two-sided paired randomization test over queries; null on the seeds basis'),
    basis: z
      .enum(['queries', 'seeds'])
      .nullable()
      .describe('queries: paired over per-query values (seed-averaged); seeds: a t-interval over seeds'),
    n: z.number().int().nullable().describe('Queries or seeds behind the interval'),
    excludes_zero: z.boolean().nullable().describe('Whether the interval of diff excludes zero'),
    seeds_diff: num.describe(
      'queries basis with ≥ 2 seeds: the same contrast over seeds (mean of the per-seed contrasts), which includes the variation between training runs',
    ),
    seeds_ci_low: num.describe('Its Student-t interval'),
    seeds_ci_high: num,
    seeds_n: z.number().int().nullable().describe('Seeds paired'),
    verdict: z
      .enum(['favours-a', 'favours-b', 'seed-dependent', 'no-difference', 'not-answered'])
      .describe(
        'favours-a/b: every interval excludes zero; seed-dependent: the query-level interval does, the one over seeds does not; no-difference: the interval includes zero',
      ),
    answer: z.string().describe('The generated one-paragraph answer (Markdown inline marks)'),
  })
  .strict();
