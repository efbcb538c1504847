import type { PaperDataset } from '../model/paper-dataset.js';

/**
 * The rank distance's chance level on the paper's two pools, to set beside the paper's Tables 2, 7 and 8
 * (which the report shows even when this experiment does not evaluate those datasets, so the values
 * cannot come from its metrics).
 *
 * These are the pools of the LAReQA data the paper evaluates (its Table 10 counts): XQuAD-R 13,014
 * candidates, every question with 11 relevant ones (one per language); MLQA-R 20,534 candidates, 2–4
 * relevant per question (one per language that has it). A random ranking of a pool gives a query with k relevant among n an expected rank
 * distance of (k − 1)(n + 1)/(k + 1); averaged over a language's questions, then over languages — the eval
 * stage's `RD_chance` on the same data. XQuAD-R: 10 · 13,015 / 12 for every language. MLQA-R: computed from
 * the LAReQA files (`pool-chance.test.ts` recomputes both from `$HBT_DATA_MIRROR` when it is present).
 */
export interface PoolChance {
  /** Candidates in the multilingual pool. */
  poolSize: number;
  /** Chance level per query language. */
  perLanguage: Readonly<Record<string, number>>;
  /** Macro average over query languages (the paper's Table 2 level). */
  mean: number;
}

const XQUAD_R = (10 * 13015) / 12;

export const PAPER_POOL_CHANCE: Readonly<Record<PaperDataset, PoolChance>> = {
  'xquad-r': {
    poolSize: 13014,
    perLanguage: Object.fromEntries(
      ['ar', 'de', 'el', 'en', 'es', 'hi', 'ru', 'th', 'tr', 'vi', 'zh'].map((l) => [l, XQUAD_R]),
    ),
    mean: XQUAD_R,
  },
  'mlqa-r': {
    poolSize: 20534,
    perLanguage: {
      ar: 11766.250483558993,
      de: 11957.359375,
      en: 11540.503048780487,
      es: 11855.54,
      hi: 11834.96449704142,
      vi: 11778.490215264188,
      zh: 11910.843253968254,
    },
    mean: 11806.278696230478,
  },
};
