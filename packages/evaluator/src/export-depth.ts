/**
 * How deep a TREC export goes, and what a cut costs AP: constants shared by `exportTrec` and the help of
 * `hbt eval` (a subpath export without dependencies, `@hbt/evaluator/export-depth`, so `--help` stays
 * fast).
 *
 * @example
 * import { AP_DEPTH_CAVEAT, DEFAULT_EXPORT_CUT, DEFAULT_EXPORT_DEPTH } from '@hbt/evaluator/export-depth';
 */

/**
 * Where an exported query list ends: `relevant`, at the query's last relevant candidate in the cell that
 * is ranked within the depth (the top candidate alone when none is): every hbt measure is the same as on
 * the top-N list, and a good model needs few lines; `depth`, at the depth (a conventional top-N run).
 */
export type ExportCut = 'relevant' | 'depth';

export const EXPORT_CUTS: readonly ExportCut[] = ['relevant', 'depth'];

export const DEFAULT_EXPORT_CUT: ExportCut = 'relevant';

/**
 * gzip level of exported files. On XQuAD-R runs (scores written short, see `trec/score-text.ts`):
 * level 1 9.7 bytes a line at ~330 MB/s of text, 6 8.5 at ~85 MB/s, 9 7.7 at ~22 MB/s (one core).
 */
export const DEFAULT_EXPORT_GZIP_LEVEL = 6;

/** The default depth: the deepest cutoff of hbt's default measures (R@100). */
export const DEFAULT_EXPORT_DEPTH = 100;

/** What a run cut at a depth does to AP, for help texts and warnings. */
export const AP_DEPTH_CAVEAT =
  'AP (mAP) from a list cut at depth N counts the relevant candidates ranked below N as never retrieved, so ' +
  'trec_eval gives a lower AP than hbt for such a query (multilingual pools are hit most: a model that ' +
  "ranks its own language first puts the other languages' answers thousands of ranks down; XQuAD-R multi " +
  'was 3.6 % low at depth 1000); cutoff measures up to N (R@100, nDCG@10, AP@20, …) are exact. The export ' +
  'counts the lists so cut; depth 0 (no cap) gives exact AP everywhere.';
