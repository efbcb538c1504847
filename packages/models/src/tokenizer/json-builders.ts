/**
 * Build Hugging Face `tokenizer.json` objects, as `transformers` writes them for BERT (`BertTokenizerFast`)
 * and XLM-R-style Unigram tokenizers, so that hbt's own vocabularies load in Python unchanged.
 */
type Json = Record<string, unknown>;

/** Options of a BERT-style WordPiece tokenizer. */
export interface WordPieceOptions {
  /** Lower-case the text (uncased models). Default false. */
  lowercase?: boolean;
  /** Strip accents; null = follow `lowercase` (BERT's rule). Default null. */
  stripAccents?: boolean | null;
  /** Put spaces around CJK characters. Default true. */
  handleChineseChars?: boolean;
}

const BERT_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];

/** `tokenizer.json` for a WordPiece vocabulary (index = id), as `BertTokenizerFast` saves it. */
export function wordPieceJson(vocab: readonly string[], opts: WordPieceOptions = {}): Json {
  const ids: Record<string, number> = {};
  vocab.forEach((t, i) => {
    if (!(t in ids)) ids[t] = i;
  });
  const added = BERT_SPECIALS.filter((t) => t in ids).map((t) => addedToken(t, ids[t]!));
  const tok = (t: string) => ({ id: t, ids: [ids[t] ?? 0], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: opts.handleChineseChars ?? true,
      strip_accents: opts.stripAccents ?? null,
      lowercase: opts.lowercase ?? false,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0)],
      pair: [special('[CLS]', 0), seq('A', 0), special('[SEP]', 0), seq('B', 1), special('[SEP]', 1)],
      special_tokens: { '[CLS]': tok('[CLS]'), '[SEP]': tok('[SEP]') },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: ids,
    },
  };
}

const UNIGRAM_SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];

/**
 * `tokenizer.json` for a SentencePiece Unigram model in XLM-R's layout: ids 0–3 are `<s> <pad> </s>
 * <unk>`, the last id is `<mask>`; NFKC normalisation, runs of spaces collapsed, Metaspace (`▁`).
 * `pieces` are the learned pieces with their log-probabilities, without the special tokens.
 */
export function unigramJson(
  pieces: ReadonlyArray<readonly [string, number]>,
  opts: { lowercase?: boolean } = {},
) {
  const vocab: Array<[string, number]> = UNIGRAM_SPECIALS.map((t) => [t, 0]);
  for (const [p, s] of pieces) vocab.push([p, s]);
  vocab.push(['<mask>', 0]);
  const maskId = vocab.length - 1;
  const added = [...UNIGRAM_SPECIALS.map((t, i) => addedToken(t, i)), addedToken('<mask>', maskId, true)];
  const normalizers: Json[] = [{ type: 'NFKC' }];
  if (opts.lowercase) normalizers.push({ type: 'Lowercase' });
  normalizers.push({ type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' });
  const tok = (t: string, id: number) => ({ id: t, ids: [id], tokens: [t] });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: added,
    normalizer: { type: 'Sequence', normalizers },
    pre_tokenizer: {
      type: 'Sequence',
      pretokenizers: [
        { type: 'WhitespaceSplit' },
        { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
      ],
    },
    post_processor: {
      type: 'TemplateProcessing',
      single: [special('<s>', 0), seq('A', 0), special('</s>', 0)],
      pair: [
        special('<s>', 0),
        seq('A', 0),
        special('</s>', 0),
        special('</s>', 0),
        seq('B', 0),
        special('</s>', 0),
      ],
      special_tokens: { '<s>': tok('<s>', 0), '</s>': tok('</s>', 2) },
    },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    model: { type: 'Unigram', unk_id: 3, vocab, byte_fallback: false },
  } satisfies Json;
}

function addedToken(content: string, id: number, lstrip = false): Json {
  return { id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true };
}

function special(id: string, typeId: number): Json {
  return { SpecialToken: { id, type_id: typeId } };
}

function seq(id: 'A' | 'B', typeId: number): Json {
  return { Sequence: { id, type_id: typeId } };
}
