import { describe, expect, it } from 'vitest';
import { configSchema } from './config/schema.js';
import { renderModelCard } from './model-card.js';

const config = configSchema.parse({
  name: 'mlqa-to-xquad',
  seed: 13,
  data: { train: [{ name: 'mlqa-r' }, { name: 'own', format: 'beir', path: 'data/own' }] },
  sampler: { strategy: 'hybrid', alpha: 0.5 },
});
const prepDatasets = {
  'mlqa-r': {
    format: 'lareqa',
    licence: 'CC-BY-NC-4.0',
    languages: { ar: { train_pairs: 10 }, de: { train_pairs: 12 }, xx: { train_pairs: 0 } },
    pairs: { train: 22 },
  },
  own: {
    format: 'beir',
    from: 'path',
    licence: null,
    languages: { en: { train_pairs: 5 } },
    pairs: { train: 5 },
  },
};
const training = {
  steps_done: 900,
  steps_planned: 1000,
  stop_reason: 'early stop',
  best_step: 799,
  best_val_loss: 0.41237,
  backend: 'tensorflow',
  parameters: 17_000_123,
};

describe('renderModelCard', () => {
  it('states data, licences, prompts, recipe and training facts, with Hub front matter', () => {
    const card = renderModelCard({
      config,
      weights: 'best',
      prepDatasets,
      training,
      evaluationNote: 'later',
    });
    expect(card).toMatch(/^---\nlibrary_name: sentence-transformers\npipeline_tag: sentence-similarity\n/);
    // Languages trained on (train_pairs > 0), sorted, across datasets.
    expect(card).toContain('language:\n  - ar\n  - de\n  - en\n---');
    expect(card).toContain('| mlqa-r | lareqa | ar, de | 22 | CC-BY-NC-4.0 |');
    expect(card).toContain('| own | beir | en | 5 | not recorded (data given by path): see its source |');
    expect(card).toContain('the query prompt `"Query: "` and the document prompt `"Passage: "`');
    expect(card).toContain('17,000,123 parameters');
    expect(card).toContain('weights with the lowest validation loss');
    expect(card).toContain('hybrid batches (monolingual with probability α = 0.5, else cross-lingual)');
    expect(card).toContain(
      '900 of 1000 planned steps (early stop), on the tensorflow backend; lowest validation loss 0.4124 at step 800.',
    );
    expect(card).toContain('## Evaluation\n\nlater\n');
    expect(card).toContain(
      'The training data is licensed CC-BY-NC-4.0 (and the data whose licence is not recorded under its own terms).',
    );
    expect(card.endsWith('\n')).toBe(true);
    // Facts only: the same inputs give the same bytes.
    expect(
      renderModelCard({ config, weights: 'best', prepDatasets, training, evaluationNote: 'later' }),
    ).toBe(card);
  });

  it('tabulates the eval stage’s macro averages, measures by setting', () => {
    const evaluation = [
      { dataset: 'xquad-r', setting: 'mono', measure: 'AP', value: 0.29912, n_queries: 13090 },
      { dataset: 'xquad-r', setting: 'cross', measure: 'AP', value: 0.0214, n_queries: 13090 },
      { dataset: 'xquad-r', setting: 'multi', measure: 'rank_distance', value: 10945.25, n_queries: 13090 },
    ];
    const card = renderModelCard({ config, weights: 'final', prepDatasets: null, training: {}, evaluation });
    expect(card).toContain("last step's weights");
    expect(card).toContain(
      '| measure | mono | cross | multi |\n| --- | ---: | ---: | ---: |\n| AP | 0.2991 | 0.0214 | — |\n| rank_distance | — | — | 10945.3 |',
    );
    // Without prep facts the licence is not invented.
    expect(card).toContain('| mlqa-r | — | — | 0 | not recorded |');
  });
});
