import { z } from 'zod';

/**
 * `train.objective`: what the trainer minimises — one objective by name, or a weighted sum of objectives
 * (each name at most once). The objectives themselves live in @hbt/trainer (`src/objectives/`, one file
 * each, with its docstring); their config keys are declared here so that `hbt config schema` documents
 * them and a bad name or weight is a config error (exit 2) before any stage runs.
 *
 * @example
 * "infonce"
 * [{ "name": "infonce", "weight": 1 }, { "name": "simcse", "weight": 0.5, "temperature": 0.05 }]
 */
export const OBJECTIVE_NAMES = ['infonce', 'simcse', 'distill'] as const;

/** One objective's name. */
export type ObjectiveName = (typeof OBJECTIVE_NAMES)[number];

const weight = z
  .number()
  .positive()
  .finite()
  .default(1)
  .describe('Weight of this term in the summed loss (> 0; default 1)');

const infonceEntry = z
  .object({ name: z.literal('infonce'), weight })
  .strict()
  .describe(
    'InfoNCE over cosine scores of (query, positive) pairs with in-batch negatives (and hard negatives with ' +
      'train.hard_negatives); its settings are train.temperature, train.symmetric, train.learnable_scale',
  );

const simcseEntry = z
  .object({
    name: z.literal('simcse'),
    weight,
    temperature: z
      .number()
      .positive()
      .default(0.05)
      .describe('SimCSE temperature τ: scores are cos / τ (Gao et al. 2021 use 0.05)'),
  })
  .strict()
  .describe(
    'Unsupervised SimCSE (Gao et al. 2021): every query and every positive passage of the batch is its own ' +
      'positive under a second, independent dropout mask; in-batch negatives on its own side (queries ' +
      'against queries, passages against passages); hard negatives are not used',
  );

const distillEntry = z
  .object({ name: z.literal('distill'), weight })
  .strict()
  .describe(
    'Multilingual knowledge distillation (Reimers & Gurevych 2020): MSE(student(source), teacher(source)) + ' +
      'MSE(student(translation), teacher(source)) over the pairs with a source side (train.teacher, ' +
      'distillSource); needs the teacher stage’s embeddings',
  );

/** One term of a weighted objective. */
export const objectiveEntry = z.discriminatedUnion('name', [infonceEntry, simcseEntry, distillEntry]);

/** The message of a value that is neither an objective name nor a list of entries with known names. */
function badObjective(input: unknown): string {
  const names = OBJECTIVE_NAMES.join(', ');
  const known = (n: unknown) => typeof n === 'string' && (OBJECTIVE_NAMES as readonly string[]).includes(n);
  if (typeof input === 'string') return `unknown objective "${input}" (objectives: ${names})`;
  if (Array.isArray(input)) {
    const bad = input.findIndex(
      (e) => !(e && typeof e === 'object' && known((e as { name?: unknown }).name)),
    );
    if (bad >= 0) {
      const n = (input[bad] as { name?: unknown } | null)?.name;
      return n === undefined
        ? `entry ${bad} has no "name" (objectives: ${names})`
        : `entry ${bad}: unknown objective ${JSON.stringify(n)} (objectives: ${names})`;
    }
  }
  return `expected an objective name (${names}) or a list of {"name", "weight", …} entries`;
}

/** `train.objective`: a name, or a non-empty list of weighted entries with distinct names. */
export const objectiveSection = z
  .union([z.enum(OBJECTIVE_NAMES), z.array(objectiveEntry).min(1)], {
    error: (iss) => badObjective(iss.input),
  })
  .refine(
    (o) => typeof o === 'string' || new Set(o.map((e) => e.name)).size === o.length,
    'each objective may appear once (merge the weights of a repeated name)',
  )
  .describe(
    'What training minimises: one objective by name ("infonce", the default; "simcse"; "distill") or a ' +
      'weighted sum, e.g. [{"name":"infonce","weight":1},{"name":"simcse","weight":0.5,"temperature":0.05}] ' +
      '(see packages/trainer/README.md, Objectives)',
  );

/** The resolved `train.objective`. */
export type ObjectiveConfig = z.output<typeof objectiveSection>;

/** One resolved term of an objective. */
export type ObjectiveTerm = z.output<typeof objectiveEntry>;

/**
 * The terms of a resolved objective: a bare name is that objective with weight 1 and its defaults.
 *
 * @example
 * objectiveTerms('infonce'); // [{ name: 'infonce', weight: 1 }]
 * objectiveTerms([{ name: 'simcse', weight: 0.5, temperature: 0.05 }]); // the same list
 */
export function objectiveTerms(o: ObjectiveConfig): ObjectiveTerm[] {
  return typeof o === 'string' ? [objectiveEntry.parse({ name: o })] : o;
}
