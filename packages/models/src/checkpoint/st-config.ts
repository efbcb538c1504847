import { DataError } from '@hbt/core';
import { type ModelFolder, readJsonObject } from './model-folder.js';
import { showValue } from './show-value.js';

/**
 * `config_sentence_transformers.json`, the model-level settings of a sentence-transformers folder that
 * hbt reads and writes: the prompts (texts prepended to an input before tokenising, by name: `query`,
 * `document`, …), the default prompt name and the similarity function. `SentenceTransformer.encode_query`
 * applies the prompt named `query`, `encode_document` the first of `document`, `passage`, `corpus`.
 *
 * @example
 * stConfig({ query: 'Query: ', document: 'Passage: ' }, 'cosine');
 * // { default_prompt_name: null, model_type: 'SentenceTransformer',
 * //   prompts: { document: 'Passage: ', query: 'Query: ' }, similarity_fn_name: 'cosine' }
 */

/** The prompts of a model folder. */
export interface StPrompts {
  /** Prompt texts by name (empty when the folder defines none). */
  prompts: Record<string, string>;
  /** The prompt sentence-transformers applies when `encode` names none, or null. */
  defaultPromptName: string | null;
}

/** The longest prompt hbt accepts from a model folder (a prompt is a short instruction). */
export const MAX_PROMPT_CHARS = 4096;

/**
 * The JSON object of `config_sentence_transformers.json`, keys sorted as sentence-transformers writes
 * them. `similarity` is what hbt's search uses: `cosine` for a normalising model, else `dot`.
 */
export function stConfig(
  prompts: Readonly<Record<string, string>>,
  similarity: 'cosine' | 'dot',
  defaultPromptName: string | null = null,
): Record<string, unknown> {
  if (defaultPromptName !== null && !Object.hasOwn(prompts, defaultPromptName))
    throw new RangeError(`default prompt ${JSON.stringify(defaultPromptName)} is not one of the prompts`);
  const sorted = Object.fromEntries(Object.entries(prompts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    default_prompt_name: defaultPromptName,
    model_type: 'SentenceTransformer',
    prompts: sorted,
    similarity_fn_name: similarity,
  };
}

/**
 * The prompts of `config_sentence_transformers.json` in `folder`, or none when the file is absent. A
 * malformed file (prompts not an object of strings, a prompt over {@link MAX_PROMPT_CHARS} characters, a
 * default prompt name that is not a prompt) is a {@link DataError} naming the file and the key.
 */
export async function readStPrompts(folder: ModelFolder): Promise<StPrompts> {
  const what = 'config_sentence_transformers.json';
  const path = await folder.find(what, what);
  if (path === null) return { prompts: {}, defaultPromptName: null };
  const c = await readJsonObject(path, what);
  const raw = c.prompts ?? {};
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new DataError(`"prompts" must be an object of strings, got ${showValue(raw)}`, { file: path });
  }
  const prompts: Record<string, string> = {};
  for (const [name, text] of Object.entries(raw)) {
    const location = `prompts.${showValue(name)}`;
    if (typeof text !== 'string')
      throw new DataError(`a prompt must be a string, got ${showValue(text)}`, { file: path, location });
    if (text.length > MAX_PROMPT_CHARS) {
      throw new DataError(`a prompt of ${text.length} characters is over the limit of ${MAX_PROMPT_CHARS}`, {
        file: path,
        location,
      });
    }
    prompts[name] = text;
  }
  const d = c.default_prompt_name ?? null;
  if (d !== null && (typeof d !== 'string' || !Object.hasOwn(prompts, d))) {
    throw new DataError(`"default_prompt_name" ${showValue(d)} is not one of the prompts`, {
      file: path,
      hint: `prompts: ${Object.keys(prompts).map(showValue).join(', ') || 'none'}`,
    });
  }
  return { prompts, defaultPromptName: d };
}
