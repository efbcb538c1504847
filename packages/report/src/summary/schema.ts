import { z } from 'zod';
import { answerSummary, curveSummary, trainingSizeSummary } from './sweep-schema.js';
import { taskSummary } from './tasks.js';

/**
 * `summary.json`: the report's numbers in machine-readable form. The JSON Schema generated from this zod
 * schema is committed as `packages/report/summary.schema.json` (a test keeps them equal).
 *
 * Numbers are null where a value is missing (JSON has no NaN).
 */
const num = z.number().nullable();

export const settingSummary = z
  .object({
    mAP: num.describe('Macro-averaged AP'),
    'R@1': num,
    'R@10': num,
    rank_distance: num.describe('Mean rank distance; multi setting only, null elsewhere'),
    rank_distance_chance: num.describe(
      'Chance level of rank_distance: a random ranking of the pool over the same queries (RD_chance); multi only, null elsewhere or when the metrics lack it',
    ),
    n_queries: z
      .number()
      .int()
      .nullable()
      .describe(
        'n_queries of the macro metrics row: query evaluations (in cross a query counts once per target language)',
      ),
  })
  .strict();

const settings = z
  .object({ mono: settingSummary, cross: settingSummary, multi: settingSummary })
  .strict()
  .describe('Per retrieval setting');

export const variantSummary = z
  .object({
    name: z.string(),
    arm: z.string().describe('Label of the arm (seed group) the variant belongs to'),
    strategy: z.string().describe('sampler.strategy: x-x-mono, x-y, hybrid or mixed'),
    alpha: z.number().describe('sampler.alpha (probability of a mono batch; used by hybrid)'),
    seed: z.number().int(),
    backend: z.string().nullable().describe('Compute backend recorded in the manifests'),
    model: z
      .object({
        hidden: z.number().int(),
        layers: z.number().int(),
        init: z.string().nullable().describe('Initialiser checkpoint; null = from scratch'),
      })
      .strict(),
    datasets: z.array(z.object({ name: z.string(), in_domain: z.boolean(), settings }).strict()),
  })
  .strict();

const statSummary = z
  .object({
    mean: num,
    std: num.describe('Sample std over seeds; null with one seed'),
    ci_low: num.describe('Student-t interval over seeds; null with one seed'),
    ci_high: num,
    n: z.number().int().describe('Seeds with a value'),
  })
  .strict();

export const armSummary = z
  .object({
    label: z.string(),
    strategy: z.string(),
    alpha: z.number(),
    objective: z.string().nullable().describe('train.objective as a label; null for the default (InfoNCE)'),
    size: trainingSizeSummary,
    variants: z.array(z.string()),
    datasets: z.array(
      z
        .object({
          name: z.string(),
          in_domain: z.boolean(),
          settings: z
            .object({
              mono: z.object({ mAP: statSummary, 'R@1': statSummary, 'R@10': statSummary }).strict(),
              cross: z.object({ mAP: statSummary, 'R@1': statSummary, 'R@10': statSummary }).strict(),
              multi: z
                .object({
                  mAP: statSummary,
                  'R@1': statSummary,
                  'R@10': statSummary,
                  rank_distance: statSummary,
                  rank_distance_chance: num.describe(
                    'Chance level of rank_distance for this dataset (the same for every arm); null when unknown',
                  ),
                })
                .strict(),
            })
            .strict(),
        })
        .strict(),
    ),
  })
  .strict();

export const significanceSummary = z
  .object({
    dataset: z.string(),
    in_domain: z.boolean(),
    setting: z.enum(['mono', 'cross', 'multi']),
    measure: z.string().describe('AP or RD (rank distance)'),
    better: z.enum(['higher', 'lower']),
    hybrid: z.string().describe('Arm label'),
    baseline: z.string().describe('Arm label'),
    n_units: z.number().int().describe('Paired units (query × target language)'),
    n_queries: z.number().int().describe('Paired queries (clusters of units)'),
    unmatched: z.number().int().describe('Units present for one arm only'),
    mean_hybrid: z.number(),
    mean_baseline: z.number(),
    diff: z.number().describe('hybrid − baseline of the macro average over language pairs'),
    ci_low: num,
    ci_high: num,
    p: z.number().describe('Two-sided paired randomization test'),
    p_holm: z.number().describe('Holm-adjusted over all rows'),
    exact: z.boolean(),
    chance_level: num.describe(
      'RD rows: the rank distance of a random ranking of the pool over the paired queries; null for AP or when unknown',
    ),
    at_chance: z
      .enum(['both', 'hybrid', 'baseline', 'neither'])
      .nullable()
      .describe(
        'RD rows: which arms have a mean within ±5 % of chance_level; "both" means the difference is between two near-random rankings, not an effect on language bias; null for AP or when unknown',
      ),
  })
  .strict();

export const summarySchema = z
  .object({
    schema_version: z.literal(1),
    title: z.string(),
    experiment: z.string(),
    confidence: z.number(),
    datasets: z
      .array(
        z
          .object({
            name: z.string(),
            in_domain: z.boolean(),
            languages: z.array(z.string()),
            rank_distance_chance: num.describe(
              'Chance level of the rank distance on this pool (macro over query languages); null when unknown',
            ),
          })
          .strict(),
      )
      .describe(
        'The datasets of the main tables: those evaluated as LAReQA / TREC retrieval (bitext, QA and news datasets are in tasks)',
      ),
    variants: z.array(variantSummary),
    arms: z.array(armSummary),
    significance: z.array(significanceSummary),
    curves: z.array(curveSummary).describe('Learning curves (measure vs training size) and α curves'),
    questions: z.array(answerSummary).describe('The answers to report.questions'),
    tasks: z
      .array(taskSummary)
      .describe(
        'Bitext, QA and news datasets (eval tasks): every metrics row per arm, chance levels included',
      ),
    notes: z.array(z.string()),
  })
  .strict();

export type Summary = z.infer<typeof summarySchema>;

/** The JSON Schema of summary.json (what `summary.schema.json` holds). */
export function summaryJsonSchema(): Record<string, unknown> {
  return {
    ...(z.toJSONSchema(summarySchema, { target: 'draft-2020-12' }) as Record<string, unknown>),
    $id: 'hbt/report/summary.schema.json',
    title: 'hbt report summary.json',
  };
}
