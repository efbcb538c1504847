import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataError } from '@hbt/core';
import { Tokenizer as HfJsTokenizer } from '@huggingface/tokenizers';
import { showValue } from '../checkpoint/show-value.js';
import { checkTokenizerJson } from './tokenizer-json.js';
import type { EncodedBatch, EncodeOptions, SpecialTokens, Tokenizer, TokenizerKind } from './types.js';

type Json = Record<string, unknown>;

/**
 * A {@link Tokenizer} over a Hugging Face `tokenizer.json` object. Normalisation, pre-tokenisation and
 * the WordPiece / Unigram (Viterbi) models run in `@huggingface/tokenizers` (pure JS, exact for these
 * models); truncation, special tokens and padding are done here, as `transformers` does them for a single
 * text: the content is cut to `maxLength - 2`, then framed by CLS/SEP (`<s>`/`</s>`).
 *
 * @example
 * const tok = new HfTokenizer(JSON.parse(readFileSync('tokenizer.json', 'utf8')));
 * tok.encode(['Hello world'], { maxLength: 16 }).inputIds; // Int32Array [101, …, 102]
 */
export class HfTokenizer implements Tokenizer {
  readonly kind: TokenizerKind;
  readonly vocabSize: number;
  readonly specials: SpecialTokens;
  readonly lowercase: boolean;
  private readonly json: Json;
  private readonly config: Json;
  private readonly inner: HfJsTokenizer;
  private readonly cache = new Map<string, number[]>();

  /**
   * @param json the parsed `tokenizer.json`
   * @param config the parsed `tokenizer_config.json` (optional: special tokens are read from it when the
   *   post-processor does not name them)
   * @param source file name for error messages
   */
  constructor(json: Json, config: Json = {}, source = 'tokenizer.json') {
    checkTokenizerJson(json, source);
    this.json = json;
    this.config = config;
    this.kind = (json.model as Json).type === 'WordPiece' ? 'wordpiece' : 'unigram';
    try {
      this.inner = new HfJsTokenizer(json, config);
    } catch (e) {
      throw new DataError(`cannot load the tokenizer: ${(e as Error).message}`, { file: source });
    }
    if (this.kind === 'unigram') fuseUnknownPerWord(this.inner);
    this.vocabSize = countVocab(json);
    this.specials = findSpecials(json, config, (t) => this.tokenToId(t), source);
    this.lowercase = detectLowercase(json.normalizer as Json | null);
  }

  tokenize(text: string): string[] {
    return this.inner.tokenize(text, { add_special_tokens: false });
  }

  encodeIds(text: string): number[] {
    const hit = this.cache.get(text);
    if (hit) return hit;
    const ids = this.inner.encode(text, { add_special_tokens: false }).ids;
    if (this.cache.size > 50_000) this.cache.clear();
    this.cache.set(text, ids);
    return ids;
  }

  encode(texts: readonly string[], opts: EncodeOptions): EncodedBatch {
    const maxLength = opts.maxLength;
    if (!Number.isInteger(maxLength) || maxLength < 2) {
      throw new RangeError(`maxLength must be an integer ≥ 2, got ${maxLength}`);
    }
    const { clsId, sepId, padId } = this.specials;
    const rows = texts.map((t) => {
      const ids = this.encodeIds(t);
      const body = ids.length > maxLength - 2 ? ids.slice(0, maxLength - 2) : ids;
      return [clsId, ...body, sepId];
    });
    const b = rows.length;
    const t =
      opts.padding === 'max_length' ? maxLength : rows.reduce((m, r) => Math.max(m, r.length), b > 0 ? 2 : 0);
    const inputIds = new Int32Array(b * t).fill(padId);
    const attentionMask = new Int32Array(b * t);
    const lengths = new Int32Array(b);
    rows.forEach((r, i) => {
      inputIds.set(r, i * t);
      attentionMask.fill(1, i * t, i * t + r.length);
      lengths[i] = r.length;
    });
    return { inputIds, attentionMask, tokenTypeIds: new Int32Array(b * t), shape: [b, t], lengths };
  }

  /** The words a text splits into after normalisation and pre-tokenisation (what the model sees). */
  preTokenize(text: string): string[] {
    const norm = this.inner.normalizer ? this.inner.normalizer.normalize(text) : text;
    return this.inner.pre_tokenizer ? this.inner.pre_tokenizer.pre_tokenize(norm) : [norm];
  }

  idToToken(id: number): string | undefined {
    return this.inner.id_to_token(id);
  }

  tokenToId(token: string): number | undefined {
    return this.inner.token_to_id(token);
  }

  toJSON(): Json {
    return this.json;
  }

  async save(dir: string, opts: { modelMaxLength?: number } = {}): Promise<void> {
    await mkdir(dir, { recursive: true });
    const s = this.specials;
    const map: Json = { cls_token: s.cls, pad_token: s.pad, sep_token: s.sep, unk_token: s.unk };
    if (s.mask !== null) map.mask_token = s.mask;
    if (this.kind === 'unigram') {
      map.bos_token = s.cls;
      map.eos_token = s.sep;
    }
    const cfg: Json = {
      ...map,
      clean_up_tokenization_spaces: false,
      model_max_length: opts.modelMaxLength ?? 512,
      tokenizer_class: tokenizerClass(this.kind, this.json, this.config),
    };
    if (this.kind === 'wordpiece') {
      const norm = (this.json.normalizer ?? {}) as Json;
      cfg.do_lower_case = this.lowercase;
      cfg.tokenize_chinese_chars = norm.handle_chinese_chars ?? true;
      cfg.strip_accents = norm.strip_accents ?? null;
      const vocab = vocabList(this.json);
      await writeFile(join(dir, 'vocab.txt'), `${vocab.join('\n')}\n`);
    }
    await writeFile(join(dir, 'tokenizer.json'), `${JSON.stringify(this.json, null, 2)}\n`);
    await writeFile(join(dir, 'tokenizer_config.json'), `${JSON.stringify(sortKeys(cfg), null, 2)}\n`);
    await writeFile(join(dir, 'special_tokens_map.json'), `${JSON.stringify(sortKeys(map), null, 2)}\n`);
  }
}

interface JsUnigramModel {
  fuse_unk: boolean;
  unk_token_id: number;
  tokens_to_ids: Map<string, number>;
  tokenize(word: string): string[];
  encode(words: string[]): string[];
}

/**
 * `@huggingface/tokenizers` 0.2.0 fuses runs of unknown pieces across word boundaries (over the whole
 * text); the Rust `tokenizers` (what `transformers` runs) fuses them only inside one pre-tokenised word.
 * Make the JS model do the latter.
 */
function fuseUnknownPerWord(inner: HfJsTokenizer): void {
  const model = (inner as unknown as { model: JsUnigramModel }).model;
  model.fuse_unk = false;
  const isUnk = (t: string) => (model.tokens_to_ids.get(t) ?? model.unk_token_id) === model.unk_token_id;
  model.encode = (words: string[]) => {
    const out: string[] = [];
    for (const w of words) {
      let prevUnk = false;
      for (const t of model.tokenize(w)) {
        const unk = isUnk(t);
        if (unk && prevUnk) out[out.length - 1] += t;
        else out.push(t);
        prevUnk = unk;
      }
    }
    return out;
  };
}

/**
 * The `tokenizer_class` for `tokenizer_config.json`. transformers 5 rebuilds a `BertTokenizer` or
 * `XLMRobertaTokenizer` from its own fixed pipeline, so a Unigram tokenizer without XLM-R's precompiled
 * SentencePiece normaliser (one hbt trained: NFKC) is saved as the generic `PreTrainedTokenizerFast`,
 * which runs `tokenizer.json` as it is.
 */
function tokenizerClass(kind: TokenizerKind, json: Json, config: Json): string {
  if (kind === 'wordpiece') return 'BertTokenizer';
  const norm = json.normalizer as Json | null;
  const precompiled =
    norm?.type === 'Precompiled' ||
    (norm?.type === 'Sequence' && (norm.normalizers as Json[]).some((n) => n.type === 'Precompiled'));
  if (precompiled && typeof config.tokenizer_class === 'string') return config.tokenizer_class;
  return precompiled ? 'XLMRobertaTokenizer' : 'PreTrainedTokenizerFast';
}

/** Tokens by id (WordPiece vocab object or Unigram vocab list), added tokens included. */
export function vocabList(json: Json): string[] {
  const model = json.model as Json;
  const out: string[] = [];
  if (model.type === 'Unigram') {
    for (const [piece] of model.vocab as Array<[string, number]>) out.push(piece);
  } else {
    for (const [tok, id] of Object.entries(model.vocab as Record<string, number>)) out[id] = tok;
  }
  for (const a of (json.added_tokens ?? []) as Json[]) out[a.id as number] = a.content as string;
  for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = `[unused_hbt_${i}]`;
  return out;
}

function countVocab(json: Json): number {
  const model = json.model as Json;
  let n = 0;
  if (model.type === 'Unigram') n = (model.vocab as unknown[]).length;
  else for (const id of Object.values(model.vocab as Record<string, number>)) n = Math.max(n, id + 1);
  for (const a of (json.added_tokens ?? []) as Json[]) n = Math.max(n, (a.id as number) + 1);
  return n;
}

function detectLowercase(norm: Json | null | undefined): boolean {
  if (!norm) return false;
  if (norm.type === 'BertNormalizer') return norm.lowercase === true;
  if (norm.type === 'Lowercase') return true;
  if (norm.type === 'Sequence') return (norm.normalizers as Json[]).some((n) => detectLowercase(n));
  return false;
}

/** Special tokens from the post-processor (TemplateProcessing / BertProcessing / RobertaProcessing). */
function findSpecials(json: Json, config: Json, idOf: (t: string) => number | undefined, file: string) {
  const pp = (json.post_processor ?? null) as Json | null;
  let cls: string | undefined;
  let sep: string | undefined;
  const tokenName = (v: unknown): string | undefined => {
    const name = v && typeof v === 'object' ? (v as Json).content : v;
    return typeof name === 'string' ? name : undefined; // tokenizer_config.json: "x" or {content: "x"}
  };
  if (pp && (pp.type === 'BertProcessing' || pp.type === 'RobertaProcessing')) {
    cls = (pp.cls as [string, number])[0];
    sep = (pp.sep as [string, number])[0];
  } else if (pp && pp.type === 'TemplateProcessing') {
    const single = pp.single as Json[];
    const specials = single
      .filter((p) => 'SpecialToken' in p)
      .map((p) => (p.SpecialToken as Json).id as string);
    const seqAt = single.findIndex((p) => 'Sequence' in p);
    cls = specials.length > 0 && seqAt > 0 ? specials[0] : undefined;
    sep = specials[specials.length - 1];
  }
  const wp = (json.model as Json).type === 'WordPiece';
  cls ??= tokenName(config.cls_token) ?? (wp ? '[CLS]' : '<s>');
  sep ??= tokenName(config.sep_token) ?? (wp ? '[SEP]' : '</s>');
  const padding = json.padding as Json | null;
  const pad = (padding?.pad_token as string) ?? tokenName(config.pad_token) ?? (wp ? '[PAD]' : '<pad>');
  const model = json.model as Json;
  const unigramUnk =
    model.type === 'Unigram' && typeof model.unk_id === 'number'
      ? (model.vocab as Array<[string, number]>)[model.unk_id]?.[0]
      : undefined;
  const unk =
    (model.unk_token as string | undefined) ??
    unigramUnk ??
    tokenName(config.unk_token) ??
    (wp ? '[UNK]' : '<unk>');
  const maskName = tokenName(config.mask_token) ?? (wp ? '[MASK]' : '<mask>');
  const need = (t: string, what: string) => {
    const id = idOf(t);
    if (id === undefined) {
      throw new DataError(`the ${what} token ${showValue(t)} is not in the vocabulary`, {
        file,
        hint: 'add it to the vocabulary or name the right token in tokenizer_config.json',
      });
    }
    return id;
  };
  const maskId = idOf(maskName);
  return {
    pad,
    unk,
    cls,
    sep,
    mask: maskId === undefined ? null : maskName,
    padId: need(pad, 'pad'),
    unkId: need(unk, 'unknown'),
    clsId: need(cls, 'CLS/BOS'),
    sepId: need(sep, 'SEP/EOS'),
    maskId: maskId ?? null,
  } satisfies SpecialTokens;
}

function sortKeys(o: Json): Json {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
