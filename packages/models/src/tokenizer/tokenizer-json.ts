import { DataError, MODEL_LIMITS } from '@hbt/core';
import { showValue } from '../checkpoint/show-value.js';

type Json = Record<string, unknown>;

/** Deepest nesting of `Sequence` normalizers / pre-tokenizers accepted (real files use 1–2 levels). */
const MAX_SEQUENCE_DEPTH = 16;

/**
 * Check the parts of a `tokenizer.json` that hbt and `@huggingface/tokenizers` rely on, before either
 * uses them: the model (`WordPiece`: a `vocab` object of integer ids; `Unigram`: a `vocab` list of
 * `[piece, score]` and an `unk_id` inside it), `added_tokens`, the post-processor's special tokens, and
 * the pipeline components (objects, `Sequence`s of bounded depth). A file that breaks a rule →
 * {@link DataError} naming the file and the JSON path; values are quoted at most 60 characters long.
 *
 * @example
 * checkTokenizerJson(JSON.parse(text), 'model/tokenizer.json'); // throws on a malformed file
 */
export function checkTokenizerJson(json: unknown, file: string): asserts json is Json {
  const fail = (location: string, msg: string): never => {
    throw new DataError(msg, {
      file,
      location,
      hint: 'the tokenizer file is damaged; re-download or re-save it',
    });
  };
  if (!isObject(json)) fail('(top level)', `expected an object, got ${showValue(json)}`);
  const j = json as Json;
  const model = j.model;
  if (!isObject(model)) fail('model', `expected an object, got ${showValue(model)}`);
  const m = model as Json;
  const maxId = MODEL_LIMITS.vocab;
  const isId = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0 && (v as number) < maxId;
  if (m.type === 'WordPiece') {
    if (!isObject(m.vocab)) fail('model.vocab', `expected an object of token ids, got ${showValue(m.vocab)}`);
    const entries = Object.entries(m.vocab as Json);
    if (entries.length === 0 || entries.length > maxId) fail('model.vocab', `has ${entries.length} tokens`);
    for (const [tok, id] of entries) {
      if (!isId(id))
        fail(
          `model.vocab[${showValue(tok)}]`,
          `expected an integer id from 0 to ${maxId - 1}, got ${showValue(id)}`,
        );
    }
    optional(m, 'unk_token', 'string', 'model', fail);
    optional(m, 'continuing_subword_prefix', 'string', 'model', fail);
    if (
      m.max_input_chars_per_word !== undefined &&
      !(Number.isSafeInteger(m.max_input_chars_per_word) && (m.max_input_chars_per_word as number) > 0)
    )
      fail(
        'model.max_input_chars_per_word',
        `expected a positive integer, got ${showValue(m.max_input_chars_per_word)}`,
      );
  } else if (m.type === 'Unigram') {
    const vocab = m.vocab;
    if (!Array.isArray(vocab) || vocab.length === 0 || vocab.length > maxId)
      fail('model.vocab', `expected a list of [piece, score] pairs, got ${showValue(vocab)}`);
    (vocab as unknown[]).forEach((e, i) => {
      if (!Array.isArray(e) || e.length !== 2 || typeof e[0] !== 'string' || !Number.isFinite(e[1]))
        fail(`model.vocab[${i}]`, `expected a [piece, score] pair, got ${showValue(e)}`);
    });
    const unk = m.unk_id;
    if (
      unk !== undefined &&
      unk !== null &&
      !(Number.isSafeInteger(unk) && (unk as number) >= 0 && (unk as number) < (vocab as unknown[]).length)
    )
      fail(
        'model.unk_id',
        `expected null or an id from 0 to ${(vocab as unknown[]).length - 1}, got ${showValue(unk)}`,
      );
    optional(m, 'byte_fallback', 'boolean', 'model', fail);
  } else {
    throw new DataError(`unsupported tokenizer model type ${showValue(m.type)}`, {
      file,
      location: 'model.type',
      hint: 'hbt reads WordPiece (BERT, mBERT, LaBSE) and Unigram (XLM-R) tokenizers',
    });
  }
  const added = j.added_tokens;
  if (added !== undefined && added !== null) {
    if (!Array.isArray(added)) fail('added_tokens', `expected a list, got ${showValue(added)}`);
    (added as unknown[]).forEach((a, i) => {
      if (!isObject(a) || !isId((a as Json).id) || typeof (a as Json).content !== 'string')
        fail(`added_tokens[${i}]`, `expected {id, content} with an integer id, got ${showValue(a)}`);
    });
  }
  for (const key of ['normalizer', 'pre_tokenizer', 'post_processor', 'decoder']) {
    component(j[key], key, 0, fail);
  }
  for (const key of ['padding', 'truncation']) {
    if (j[key] !== undefined && j[key] !== null && !isObject(j[key]))
      fail(key, `expected null or an object, got ${showValue(j[key])}`);
  }
  if (isObject(j.padding)) optional(j.padding as Json, 'pad_token', 'string', 'padding', fail);
  specialTokens(j.post_processor, fail);
}

type Fail = (location: string, msg: string) => never;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function optional(o: Json, key: string, type: 'string' | 'boolean', at: string, fail: Fail): void {
  if (o[key] !== undefined && o[key] !== null && typeof o[key] !== type)
    fail(`${at}.${key}`, `expected a ${type}, got ${showValue(o[key])}`);
}

/** A pipeline component: null, or an object with a string `type`; a `Sequence`'s parts, recursively. */
function component(v: unknown, at: string, depth: number, fail: Fail): void {
  if (v === undefined || v === null) return;
  if (!isObject(v) || typeof v.type !== 'string')
    fail(at, `expected null or an object with a "type", got ${showValue(v)}`);
  const o = v as Json;
  if (o.type !== 'Sequence') return;
  if (depth >= MAX_SEQUENCE_DEPTH) fail(at, `Sequences nested more than ${MAX_SEQUENCE_DEPTH} deep`);
  const key = ['normalizers', 'pretokenizers', 'processors', 'decoders'].find((k) => k in o);
  const parts = key === undefined ? undefined : o[key];
  if (!Array.isArray(parts)) fail(at, 'a Sequence needs a list of parts');
  (parts as unknown[]).forEach((p, i) => {
    component(p, `${at}.${key}[${i}]`, depth + 1, fail);
  });
}

/** The special tokens a post-processor names: `[token, id]` pairs, or a template of objects. */
function specialTokens(pp: unknown, fail: Fail): void {
  if (!isObject(pp)) return;
  if (pp.type === 'BertProcessing' || pp.type === 'RobertaProcessing') {
    for (const key of ['cls', 'sep']) {
      const v = pp[key];
      if (!Array.isArray(v) || v.length !== 2 || typeof v[0] !== 'string' || !Number.isSafeInteger(v[1]))
        fail(`post_processor.${key}`, `expected a [token, id] pair, got ${showValue(v)}`);
    }
  } else if (pp.type === 'TemplateProcessing') {
    const single = pp.single;
    if (!Array.isArray(single)) fail('post_processor.single', `expected a list, got ${showValue(single)}`);
    (single as unknown[]).forEach((p, i) => {
      const special = isObject(p) ? p.SpecialToken : undefined;
      const ok =
        isObject(p) &&
        (special === undefined ? 'Sequence' in p : isObject(special) && typeof special.id === 'string');
      if (!ok)
        fail(
          `post_processor.single[${i}]`,
          `expected {SpecialToken: {id}} or {Sequence}, got ${showValue(p)}`,
        );
    });
  }
}
