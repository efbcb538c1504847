/**
 * How deep a TREC export goes, and what a cut costs AP: constants shared by `exportTrec` and the help of
 * `hbt eval` (a subpath export without dependencies, `@hbt/evaluator/export-depth`, so `--help` stays
 * fast).
 *
 * @example
 * import { AP_DEPTH_CAVEAT, DEFAULT_EXPORT_DEPTH } from '@hbt/evaluator/export-depth';
 */

/** The default depth: the deepest cutoff of hbt's default measures (R@100). */
export const DEFAULT_EXPORT_DEPTH = 100;

/** What a run cut at a depth does to AP, for help texts and warnings. */
export const AP_DEPTH_CAVEAT =
  'AP (mAP) from a run cut at depth N counts the relevant candidates ranked below N as never retrieved, so ' +
  'trec_eval gives a lower AP than hbt (by up to 3.6 % relative for XQuAD-R multi at depth 1000; more at ' +
  'smaller depths); cutoff measures up to N (R@100, nDCG@10, AP@20, …) are exact. Use depth 0 (the full ' +
  'ranking) for exact AP.';
