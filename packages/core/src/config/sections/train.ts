import { z } from 'zod';
import { objectiveSection } from './objective.js';
import { teacherSection } from './teacher.js';

/**
 * `train`: loss and optimisation. Owned by @hbt/trainer (see packages/trainer/README.md).
 *
 * @example
 * { "lr": 5e-4, "temperature": 0.05, "symmetric": true, "checkpoint_every": 100, "patience": 5 }
 */
export const trainSection = z
  .object({
    objective: objectiveSection.default('infonce'),
    lr: z.number().positive().default(5e-4).describe('Peak learning rate (after warmup)'),
    weight_decay: z
      .number()
      .min(0)
      .default(0.01)
      .describe('AdamW decoupled weight decay; never applied to biases, LayerNorm or the logit scale'),
    adam_beta1: z.number().min(0).lt(1).default(0.9),
    adam_beta2: z.number().min(0).lt(1).default(0.999),
    adam_epsilon: z.number().positive().default(1e-8),
    warmup_fraction: z
      .number()
      .min(0)
      .max(1)
      .default(0.1)
      .describe('Fraction of the steps with a linear warmup; the rest decays linearly towards 0'),
    clip_norm: z
      .number()
      .positive()
      .nullable()
      .default(1)
      .describe('Clip gradients to this global L2 norm (null: no clipping)'),
    temperature: z.number().positive().default(0.05).describe('InfoNCE temperature τ: scores are cos / τ'),
    learnable_scale: z
      .boolean()
      .default(false)
      .describe('Learn the logit scale (starts at 1/τ, kept ≤ 100), as CLIP and the XTREME-R dual encoder'),
    symmetric: z.boolean().default(false).describe('Add the passage → query InfoNCE term (mean of both)'),
    hard_negatives: z
      .boolean()
      .default(false)
      .describe('Use neg_text of the training pairs as extra negatives for every query of the batch'),
    query_prefix: z.string().default('Query: '),
    passage_prefix: z.string().default('Passage: '),
    max_steps: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe('Train on at most this many planned batches (null: all of batches.parquet)'),
    micro_batch: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe(
        'GradCache: encode at most this many texts per forward/backward pass; the loss still uses every ' +
          'in-batch negative of the full batch (null: one pass per batch)',
      ),
    embedding_update: z
      .enum(['dense', 'lazy'])
      .default('dense')
      .describe(
        'Word-embedding rows. dense (default) = torch.optim.AdamW exactly: every row moves and decays every ' +
          'step. lazy = an opt-in approximation (TensorFlow LazyAdam-style): only the rows a batch uses move and decay; faster, but a ' +
          'different optimizer (measured on the reference protocol, seed 0: in-domain MLQA-R hybrid cross mAP ' +
          '−.08, multi −.11, x-y mono −.11; see packages/trainer/README.md)',
      ),
    checkpoint_every: z
      .number()
      .int()
      .positive()
      .default(100)
      .describe('Steps between resumable checkpoints'),
    validate_every: z.number().int().positive().default(100).describe('Steps between validation losses'),
    val_pairs: z
      .enum(['all', 'mono', 'cross'])
      .default('all')
      .describe(
        'Which held-out pairs the validation loss (and so best/ and early stopping) uses: all, mono only ' +
          "(query and passage in one language, like the paper's English-only validation), or cross only",
      ),
    val_batch_size: z.number().int().min(2).default(32).describe('Pairs per validation batch'),
    val_max_pairs: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(1024)
      .describe('Validate on at most this many val pairs (drawn by seed; null: all)'),
    patience: z
      .number()
      .int()
      .positive()
      .nullable()
      .default(null)
      .describe('Stop after this many validations without a lower loss (null: never stop early)'),
    teacher: teacherSection
      .nullable()
      .default(null)
      .describe('Teacher of the distill objective (null: none); see packages/teacher/README.md'),
  })
  .strict();
