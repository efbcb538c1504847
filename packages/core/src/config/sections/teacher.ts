import { z } from 'zod';
import { VARIANT_NAME_PATTERN, VARIANT_NAME_RULE } from '../variant-name.js';

/** The prefix of `train.teacher.model` that names another variant's trained model. */
export const TEACHER_VARIANT_PREFIX = 'variant:';

/**
 * The variant named by a `train.teacher.model` of the form `variant:<name>`, or null for a folder path.
 *
 * @example
 * teacherVariant('variant:baseline'); // 'baseline'
 * teacherVariant('models/labse');     // null
 */
export function teacherVariant(model: string): string | null {
  return model.startsWith(TEACHER_VARIANT_PREFIX) ? model.slice(TEACHER_VARIANT_PREFIX.length) : null;
}

/**
 * `train.teacher`: the teacher of cross-lingual knowledge distillation (Reimers & Gurevych 2020). Owned by
 * @hbt/teacher (see packages/teacher/README.md): its stage embeds the source side of every training pair
 * (`distillSource` in `@hbt/core`) once, cached by content, and the trainer's `distill` objective reads
 * the vectors.
 *
 * @example
 * { "model": "models/paraphrase-mpnet", "source_languages": ["en"], "prompt": null, "batch_size": 64 }
 * { "model": "variant:baseline" }
 */
export const teacherSection = z
  .object({
    model: z
      .string()
      .min(1)
      .refine(
        (m) => teacherVariant(m) === null || VARIANT_NAME_PATTERN.test(teacherVariant(m)!),
        `"variant:<name>" needs a variant name: ${VARIANT_NAME_RULE}`,
      )
      .describe(
        'The teacher: a Hugging Face / sentence-transformers model folder hbt can load (config.json, ' +
          'model.safetensors, tokenizer files; relative to the config file), or "variant:<name>" = the final ' +
          'model of another variant of this experiment (trained first; cycles are an error)',
      ),
    source_languages: z
      .array(z.string().trim().min(1))
      .min(1)
      .default(['eng', 'en'])
      .describe(
        'Languages the teacher embeds (the source side of a pair). A pair is distilled when exactly one of ' +
          'query_lang / pos_lang is listed (compared case-insensitively); pairs with both or neither listed ' +
          'are skipped. Default: English as ISO 639-3 and 639-1',
      ),
    prompt: z
      .string()
      .nullable()
      .default(null)
      .describe(
        'Prefix the teacher puts before every source text (e.g. "query: " for an E5 teacher). Default null: ' +
          'the texts as they are, as sentence-transformers teachers were trained (and as Reimers & Gurevych ' +
          'embed them); set it when the teacher was trained with a prompt (an hbt variant: "Query: ")',
      ),
    batch_size: z
      .number()
      .int()
      .positive()
      .default(32)
      .describe(
        'Texts per teacher forward pass (memory vs speed; vectors agree across sizes up to float rounding)',
      ),
    max_length: z
      .number()
      .int()
      .min(2)
      .nullable()
      .default(null)
      .describe("Max tokens per source text, special tokens included (null: the teacher's own max length)"),
  })
  .strict();

export type TeacherConfig = z.output<typeof teacherSection>;
