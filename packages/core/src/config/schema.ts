import { z } from 'zod';
import { dataSection } from './sections/data.js';
import { evalSection, indexSection, reportSection } from './sections/evaluation.js';
import { modelSection } from './sections/model.js';
import { samplerSection } from './sections/sampler.js';
import { trainSection } from './sections/train.js';
import { variantName } from './variant-name.js';

/**
 * The one schema every hbt config file is validated against. Each section lives in `sections/`, next to
 * the package that owns it. Defaults fill what the user leaves out; the result is the resolved config.
 */
/** The dataset formats (name → layout), for help texts that must not load the readers. */
export { DATASET_FORMATS } from './sections/data.js';

export const variantSchema = z
  .object({
    name: variantName.describe('Folder name under <artifacts>/variants/'),
    set: z.record(z.string(), z.unknown()).default({}).describe('Overrides as "path": value, like --set'),
  })
  .strict();

export const configSchema = z
  .object({
    $schema: z.string().optional(),
    name: z.string().default('experiment'),
    seed: z.number().int().default(13),
    backend: z.enum(['auto', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    artifacts: z.string().default('artifacts').describe('Output folder, relative to the config file'),
    data: dataSection.prefault({}),
    sampler: samplerSection.prefault({}),
    model: modelSection.prefault({}),
    train: trainSection.prefault({}),
    index: indexSection.prefault({}),
    eval: evalSection.prefault({}),
    report: reportSection.prefault({}),
    variants: z.array(variantSchema).default([]),
  })
  .strict();

export type HbtConfig = z.output<typeof configSchema>;
export type UserConfig = z.input<typeof configSchema>;
export type DataConfig = HbtConfig['data'];
export type SamplerConfig = HbtConfig['sampler'];
export type ModelConfig = HbtConfig['model'];
export type TrainConfig = HbtConfig['train'];
export type IndexConfig = HbtConfig['index'];
export type EvalConfig = HbtConfig['eval'];
export type ReportConfig = HbtConfig['report'];

/** The JSON Schema of the config file, for editor completion (`hbt config schema`). */
export function configJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
