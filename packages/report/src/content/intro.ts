import { strategyName } from '../model/arms.js';
import type { ReportModel } from '../model/build.js';
import type { VariantData } from '../model/types.js';
import type { Block, Section } from '../render/doc.js';
import { MISSING } from '../render/format.js';

/** "How to read this report" and the variants table. */
export function introSections(m: ReportModel): Section[] {
  const inDomain = m.allDatasets.filter((d) => d.inDomain).map((d) => `\`${d.name}\``);
  const zeroShot = m.allDatasets.filter((d) => !d.inDomain).map((d) => `\`${d.name}\``);
  const blocks: Block[] = [];
  blocks.push({
    kind: 'p',
    text: `This report compares ${m.arms.length} training recipe(s) (“arms”) of experiment \`${m.experiment}\`: ${m.arms
      .map((a) => `**${a.label}** (${a.variants.length} seed${a.variants.length === 1 ? '' : 's'})`)
      .join(
        ', ',
      )}. Numbers are mean ± standard deviation over seeds with a ${pct(m.options.confidence)} Student-t interval in brackets; with one seed the table says n=1 and gives no interval. mAP is the macro average over the settings' languages (Mo.: each language against itself; Cr.: every ordered pair of different languages; Mul.: each query language against the pool of all languages).`,
  });
  blocks.push({
    kind: 'callout',
    tone: 'info',
    title: 'In-domain and zero-shot datasets',
    text: [
      `**In-domain** (${inDomain.join(', ') || 'none'}): datasets named in \`data.train\`. The encoder was trained on pairs built from these items (or their translations), so evaluation questions may have been seen in training. These numbers show the effect of the batch sampler on what the model learns from its data; they do not show generalisation to new data.`,
      `**Zero-shot** (${zeroShot.join(', ') || 'none'}): datasets not used for training. They show transfer to unseen questions and passages.`,
    ],
  });
  if (m.fromScratch) {
    blocks.push({
      kind: 'callout',
      tone: 'warn',
      title: 'Models trained from scratch do not transfer zero-shot',
      text: [
        'At least one variant trains its encoder from scratch (`model.init` is null). Such a model knows only the vocabulary and cross-lingual links its small training set contains; it does not transfer across languages to unseen data, so zero-shot numbers stay near chance for every sampler and their differences are no evidence for or against the paper’s claims. The sampler’s effect shows in the in-domain tables.',
        'Zero-shot effects need a pretrained multilingual initialiser: set `model.init` to a Hugging Face checkpoint folder of XLM-R or LaBSE, as the paper does.',
      ],
    });
  }
  blocks.push({
    kind: 'callout',
    tone: 'info',
    title: 'The published numbers are a frame, not a target',
    text: [
      'The paper’s tables (last section) come from a different model and different data: XLM-R or LaBSE initialisers fine-tuned on a large machine-translated training set (mMARCO and six QA sets in 9 languages). Compare directions of effects, not values. Rank distance is an absolute rank gap that grows with the candidate pool, so it is comparable only within one dataset; every table and chart of it shows the chance level of its pool (a random ranking) beside it.',
    ],
  });
  return [
    { id: 'about', title: 'How to read this report', level: 2, blocks },
    { id: 'variants', title: 'Variants', level: 2, blocks: [variantsTable(m)] },
  ];
}

function variantsTable(m: ReportModel): Block {
  const rows = m.arms.flatMap((a) =>
    a.variants.map((v) => {
      const x = v.meta;
      return [
        { text: `\`${x.name}\`` },
        { text: a.label },
        { text: strategyName(x.strategy) },
        { text: x.strategy === 'hybrid' ? String(x.alpha) : MISSING },
        { text: String(x.seed) },
        { text: x.backend ?? 'unknown' },
        { text: `${x.model.hidden} × ${x.model.layers}` },
        { text: x.model.init === null ? 'from scratch' : `\`${x.model.init}\`` },
        { text: String(x.steps) },
        { text: String(x.batchSize) },
        { text: checkpointText(x.checkpoint) },
      ];
    }),
  );
  return {
    kind: 'table',
    id: 'table-variants',
    caption: 'Variants of the experiment, grouped by arm',
    columns: [
      'Variant',
      'Arm',
      'Strategy',
      'α',
      'Seed',
      'Backend',
      'Hidden × layers',
      'Initialiser',
      'Steps',
      'Batch',
      'Evaluated checkpoint',
    ],
    align: ['l', 'l', 'l', 'r', 'r', 'l', 'r', 'l', 'r', 'r', 'l'],
    rows,
    note: 'α is the probability of a monolingual batch (hybrid only). Backend is the compute backend recorded in the training manifest. Evaluated checkpoint: the model the index stage encoded with — the final one when training had no validation split (the protocol of the paper and of the reference), else the one with the lowest validation loss, which can be an early model.',
  };
}

function checkpointText(c: VariantData['meta']['checkpoint']): string {
  if (c === null) return MISSING;
  return c.kind === 'final' ? `final (step ${c.step})` : `best val. loss (step ${c.step} of ${c.of})`;
}

export function pct(c: number): string {
  return `${Math.round(c * 1000) / 10}%`;
}
