import { z } from 'zod';

/**
 * `data`: which datasets prep reads and how training pairs are built. Owned by @hbt/data-prep (see its
 * README for every format's layout).
 *
 * The dataset formats: one line each (name → layout). This table is the config enum and the help text;
 * @hbt/data-prep keeps one reader record per name (`src/formats/<name>.ts`, checked against this table at
 * compile time), so a new format is a line here and a file there.
 */
export const DATASET_FORMATS = {
  lareqa: 'folder of <lang>.json, SQuAD JSON with sentence_breaks (LAReQA: sentence candidates)',
  squad: 'folder of <lang>.json, SQuAD JSON (paragraph candidates)',
  mintaka: 'mintaka_<split>.json: questions with translations (cross-lingual pairs)',
  miracl: 'topics.*-<lang>-<split>.tsv + qrels.* + "corpus" JSONL (TREC-style retrieval)',
  beir: 'corpus.jsonl, queries.jsonl, qrels/<split>.tsv (one folder, or <lang>/ subfolders)',
  triples: '<lang>.tsv[.gz]: query<TAB>positive<TAB>negative (MS MARCO / mMARCO)',
  pairs: '.jsonl[.gz] / .parquet training pairs (query_text, pos_text, query_lang, pos_lang, ...)',
  parallel: 'line-aligned <name>.<lang> files, or a TSV whose header names the languages (bitext)',
  sentences: '.txt (a sentence per line), .jsonl / .parquet "text", with "lang" (SimCSE inputs)',
  ntrex: 'NTREX-128: NTREX-128/newstest2019-{src,ref}.<lang>.txt, line-aligned (bitext)',
  'flores-sib200': 'SIB-200 / FLORES-200: data/annotated/<lang_Script>/<split>.tsv aligned by index_id',
  tatoeba: 'XTREME Tatoeba: tatoeba.<xxx>-eng.{<xxx>,eng}, line-aligned per language pair (bitext)',
  'mafand-mt': 'MAFAND-MT: data/tsv_files/<src>-<tgt>/<split>.tsv (header names both languages)',
  afriqa: 'AfriQA: data/queries/<lang>/*.json + data/gold_passages/<lang>/*.json (JSONL per split)',
  'masakhane-news': 'MasakhaNEWS: data/<lang>/<split>.tsv (category, headline, text, url)',
} as const;

/** The format names, in table order (the config enum; @hbt/data-prep has one reader record per name). */
export const datasetFormats = Object.keys(DATASET_FORMATS) as [
  keyof typeof DATASET_FORMATS,
  ...Array<keyof typeof DATASET_FORMATS>,
];

export const datasetRef = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only')
      .describe('Registry name (`hbt data list`) or a label for a generic input; prefixes every id'),
    format: z
      .enum(datasetFormats)
      .optional()
      .describe(
        `Reader; defaults to the registry entry format. ${Object.entries(DATASET_FORMATS)
          .map(([k, v]) => `${k}: ${v}`)
          .join('; ')}`,
      ),
    path: z
      .string()
      .optional()
      .describe('Folder or file, relative to the config file; defaults to the fetch cache or the mirror'),
    corpus: z
      .string()
      .optional()
      .describe('miracl: passages as JSONL (docid, title, text): one file, or a folder of <lang>.jsonl[.gz]'),
    lang: z
      .string()
      .optional()
      .describe('Language of a single-language file or BEIR folder (sentences: of every sentence)'),
    languages: z.array(z.string()).optional().describe('Languages to keep (default: all)'),
    split: z
      .string()
      .optional()
      .describe(
        'beir: qrels/<split>.tsv (default test for eval, train for train); miracl/mintaka: dev; ' +
          'flores-sib200, mafand-mt, afriqa, masakhane-news: train | dev | test (default test for eval, ' +
          'train for train)',
      ),
    parallel: z
      .boolean()
      .default(false)
      .describe('triples: line i of every language file is the same item (mMARCO), so they share a group'),
    direction: z
      .enum(['both', 'source-target', 'target-source'])
      .optional()
      .describe(
        'mafand-mt and parallel training pairs: both directions (default), or only source → target (query in the ' +
          "first language of the file's header or pair name: en/fr for MAFAND-MT), or only target → source",
      ),
    pivot: z
      .string()
      .optional()
      .describe('parallel: the pivot language of its bitext task (default eng when present, else none)'),
    limit: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Read at most this many examples per file (the first ones), for very large inputs'),
  })
  .strict();

export const dataSection = z
  .object({
    mirror: z
      .string()
      .nullable()
      .default(null)
      .describe('Local mirror folder laid out like ../shared/data (the CLI fills it from HBT_DATA_MIRROR)'),
    cache: z
      .string()
      .nullable()
      .default(null)
      .describe('Download cache (the CLI fills it from $HBT_CACHE, else ~/.cache/hbt)'),
    on_invalid: z
      .enum(['error', 'replace', 'skip'])
      .default('error')
      .describe(
        'Invalid input: an invalid example (answer outside every sentence, empty text, …) or text that is ' +
          'not UTF-8. "error": stop, naming the file and line; "replace": invalid UTF-8 becomes U+FFFD ' +
          '(other invalid examples still stop); "skip": leave the example, the line with invalid UTF-8 (in a ' +
          'JSON document: the invalid bytes) out. Replaced and skipped cases are counted in the manifest',
      ),
    train: z.array(datasetRef).default([]).describe('Datasets training pairs are built from'),
    eval: z
      .array(datasetRef)
      .default([])
      .describe('Datasets evaluated (corpus, queries, qrels); LAReQA train datasets are added too'),
    pairs: z
      .object({
        languages: z
          .array(z.string())
          .nullable()
          .default(null)
          .describe('Languages pairs may use, for queries and passages (null: all)'),
        max_per_group: z
          .number()
          .int()
          .positive()
          .nullable()
          .default(null)
          .describe(
            'Keep at most this many (query language, passage language) pairs per group, drawn by seed',
          ),
        hard_negatives: z
          .boolean()
          .default(false)
          .describe('Add a hard negative: another sentence of the same paragraph (LAReQA)'),
        validation_fraction: z
          .number()
          .min(0)
          .max(0.5)
          .default(0.05)
          .describe("Fraction of each dataset's groups held out as val_pairs"),
        seed: z.number().int().default(0).describe('Seed of the cap and negative draws and of the split'),
        exclude_eval_text: z
          .boolean()
          .default(false)
          .describe(
            'Drop training pairs whose query or positive text occurs in any data.eval dataset (queries or ' +
              'corpus), compared after NFC, lower-casing and collapsing whitespace; counted per dataset',
          ),
      })
      .strict()
      .prefault({}),
  })
  .strict();
