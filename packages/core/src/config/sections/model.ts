import { z } from 'zod';

/**
 * Sane maxima for encoder sizes, shared by the `model` config section (from-scratch models) and
 * `@hbt/models`' checks of a checkpoint's `config.json`. They bound what one machine can build and
 * train: the largest multilingual encoders hbt is meant for (XLM-R large, 560 M parameters, 250 002
 * tokens; bge-m3, 8 194 positions) fit; a typo such as `layers=1000000` or `hidden=1e9` is refused
 * before anything is allocated.
 */
export const MODEL_LIMITS = {
  /** hidden size */
  hidden: 8192,
  layers: 128,
  heads: 128,
  /** feed-forward size */
  intermediate: 65_536,
  /** tokens per input (`model.max_length`) */
  maxLength: 8192,
  /** rows of a position table (checkpoints) */
  positions: 65_536,
  vocab: 1_000_000,
  /** rows of the token-type table (checkpoints) */
  typeVocab: 1024,
  /** all weights together: 4 GB as float32, about 16 GB to train with AdamW */
  parameters: 1_000_000_000,
} as const;

/** The sizes that fix an encoder's parameter count (BERT / XLM-R layout). */
export interface EncoderDims {
  vocab: number;
  hidden: number;
  layers: number;
  intermediate: number;
  positions: number;
  typeVocab: number;
  /** Output size of a dense head after pooling (with bias), 0 when there is none. */
  denseOut: number;
}

/**
 * Number of weights of a BERT-layout encoder: embeddings (word, position, type, LayerNorm), per layer
 * 4 H² + 2 H·I + 9 H + I (Q, K, V, attention output, two LayerNorms, the feed-forward pair), and the
 * dense head. Equals the sum over `@hbt/models`' `parameterShapes` (tested there).
 *
 * @example
 * encoderParameterCount({ vocab: 30522, hidden: 768, layers: 12, intermediate: 3072, positions: 512,
 *   typeVocab: 2, denseOut: 0 }); // 108 891 648 (bert-base-uncased without its pooler)
 */
export function encoderParameterCount(d: EncoderDims): number {
  const H = d.hidden;
  const I = d.intermediate;
  const embeddings = (d.vocab + d.positions + d.typeVocab + 2) * H;
  const layer = 4 * H * H + 2 * H * I + 9 * H + I;
  return embeddings + d.layers * layer + d.denseOut * (H + 1);
}

const L = MODEL_LIMITS;
const int = (min: number, max: number) => z.number().int().min(min).max(max);

/** `model`: the encoder, from scratch or a Hugging Face checkpoint. Owned by @hbt/models. */
export const modelSection = z
  .object({
    init: z.string().nullable().default(null).describe('Hugging Face checkpoint folder; null = from scratch'),
    tokenizer: z
      .object({
        kind: z.enum(['mbert-vocab', 'wordpiece', 'unigram', 'checkpoint']).default('mbert-vocab'),
        vocab_size: int(1, L.vocab).default(30000),
        restrict_to_training: z
          .boolean()
          .default(false)
          .describe(
            'mbert-vocab only. false (default): the full 119,547-token vocabulary, so every text is segmented ' +
              'as mBERT segments it. true: an opt-in approximation keeping the tokens of the training texts ' +
              'plus single characters; evaluation words unseen in training then split differently (measured on the ' +
              'reference protocol, seed 0: zero-shot XQuAD-R mono mAP −.05; see packages/models/README.md)',
          ),
        lowercase: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
    hidden: int(1, L.hidden).default(128).describe('hidden size, a multiple of heads'),
    layers: int(1, L.layers).default(2),
    heads: int(1, L.heads).default(4),
    intermediate: int(1, L.intermediate).nullable().default(null).describe('default 4 × hidden'),
    max_length: int(2, L.maxLength).default(64).describe('tokens per input, [CLS] and [SEP] included'),
    pooling: z.enum(['cls', 'mean']).default('mean'),
    dense: z.boolean().default(false).describe('LaBSE-style dense head with tanh'),
    dropout: z.number().min(0).lt(1).default(0.1).describe('in [0, 1)'),
  })
  .strict()
  .superRefine(
    (m, ctx) => {
      if (m.hidden % m.heads !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['hidden'],
          message: `must be a multiple of model.heads (${m.heads}): each head gets hidden / heads dimensions`,
        });
      }
      const intermediate = m.intermediate ?? 4 * m.hidden; // ≤ 4 × 8192, within MODEL_LIMITS.intermediate
      // The vocabulary is known once the tokenizer is built (createModel checks again with it); a trained
      // one has at most tokenizer.vocab_size tokens.
      const trained = m.tokenizer.kind === 'wordpiece' || m.tokenizer.kind === 'unigram';
      const n = encoderParameterCount({
        vocab: trained ? m.tokenizer.vocab_size : 0,
        hidden: m.hidden,
        layers: m.layers,
        intermediate,
        positions: Math.max(512, m.max_length),
        typeVocab: 2,
        denseOut: m.dense ? m.hidden : 0,
      });
      if (n > L.parameters) {
        ctx.addIssue({
          code: 'custom',
          path: ['layers'],
          message: `${m.layers} layers of hidden size ${m.hidden} make ${n.toLocaleString('en-US')} parameters, over the limit of ${L.parameters.toLocaleString('en-US')}`,
        });
      }
    },
    { when: (payload) => payload.issues.length === 0 },
  ); // sizes in range first, then how they combine
