export declare const MLQA_LANGS: string[];
/** The shared data folder: $HBT_DATA_MIRROR, else <repo>/../shared/data; null when absent. */
export declare function dataMirror(): string | null;
/** Columns of a `train_pairs` table for MLQA-R (see mlqa-pairs.mjs). */
export declare function mlqaPairs(mlqaDir: string): {
  pair_id: string[];
  group_id: string[];
  query_text: string[];
  query_lang: string[];
  pos_text: string[];
  pos_lang: string[];
  neg_text: Array<string | null>;
  dataset: string[];
};
