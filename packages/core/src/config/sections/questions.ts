import { z } from 'zod';

/**
 * `report.questions`: the research questions a report answers from its numbers. Each question names
 * what is compared (two arms, an arm or a gap across training sizes, or the α sweep) and on which
 * number (dataset, setting, measure); the report computes the difference, its interval and test, and
 * writes a one-paragraph answer (direction, size, whether the interval excludes zero). Owned by
 * @hbt/report (see packages/report/README.md, "Research questions").
 *
 * Arms are picked by **selectors**: `{ "config.path": value }` maps matched against each variant's
 * resolved config (all entries must be equal), e.g. `{ "sampler.strategy": "hybrid", "sampler.alpha": 0.5 }`
 * or `{ "train.objective": "simcse" }`. Seeds of one arm are averaged; the training size is chosen by
 * `size` (the question's), not by the selector.
 *
 * @example
 * {
 *   "id": "hybrid-vs-xy",
 *   "text": "Does hybrid batching beat x-y on cross-lingual retrieval of unseen data?",
 *   "kind": "compare",
 *   "a": { "sampler.strategy": "hybrid" }, "b": { "sampler.strategy": "x-y" },
 *   "metric": { "dataset": "ntrex-128", "setting": "cross", "measure": "AP" }
 * }
 */
const selector = z
  .record(z.string().min(1), z.unknown())
  .refine((v) => Object.keys(v).length > 0, { message: 'a selector needs at least one "config.path": value' })
  .describe(
    'Arm selector: {"config.path": value, …}, matched against each variant\'s resolved config (e.g. ' +
      '{"sampler.strategy": "hybrid", "sampler.alpha": 0.5}, {"train.objective": "simcse"})',
  );

const metric = z
  .object({
    dataset: z
      .string()
      .min(1)
      .nullable()
      .default(null)
      .describe(
        'Evaluation dataset, of any task; null = the first zero-shot dataset of the report, a LAReQA / TREC one when there is one (else the first dataset, with the same preference)',
      ),
    setting: z.enum(['mono', 'cross', 'multi']).default('cross').describe('Retrieval setting'),
    measure: z
      .string()
      .min(1)
      .default('AP')
      .describe('Measure as in the metrics (AP, R@1, R@10, RD, …); RD is better when lower'),
  })
  .strict()
  .prefault({})
  .describe("The number the question is asked about (macro over the setting's language pairs)");

const size = z
  .number()
  .positive()
  .nullable()
  .default(null)
  .describe(
    'Training size to answer at: a sampler.subset fraction (1 = all groups) or group count; null = the largest size both sides have',
  );

const base = {
  id: z
    .string()
    .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'lower-case letters, digits and "-" (at most 64)')
    .describe('Short id (anchor in report.html, key in summary.json)'),
  text: z.string().min(1).max(500).describe('The question as the reader asks it'),
  metric,
};

export const questionSchema = z.discriminatedUnion('kind', [
  z
    .object({
      ...base,
      kind: z.literal('compare').describe('Arm a against arm b at one training size: a − b'),
      a: selector,
      b: selector,
      size,
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z
        .literal('scaling')
        .describe(
          'How a number changes as the training data grows: arm a (or the gap a − b when b is given) at the largest size minus at the smallest',
        ),
      a: selector,
      b: selector.nullable().default(null),
    })
    .strict(),
  z
    .object({
      ...base,
      kind: z
        .literal('alpha')
        .describe('The α sweep: the arms matching a that differ only in sampler.alpha; best α against worst'),
      a: selector,
      size,
    })
    .strict(),
]);

export const questionsSection = z
  .array(questionSchema)
  .default([])
  .refine((qs) => new Set(qs.map((q) => q.id)).size === qs.length, { message: 'question ids must be unique' })
  .describe('Research questions the report answers, one paragraph each, from the numbers');

export type ReportQuestion = z.output<typeof questionSchema>;
