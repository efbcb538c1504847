import { UsageError } from '@hbt/core/errors';
import { ap } from './ap.js';
import { ndcg } from './ndcg.js';
import { precision } from './precision.js';
import { recall } from './recall.js';
import { rr } from './rr.js';
import type { Measure } from './types.js';

/**
 * Measures by name, ir_measures-style: `AP`, `AP@k`, `RR`, `RR@k`, `R@k`, `P@k`, `nDCG`, `nDCG@k`
 * (k a positive integer). Names are case-sensitive, as in ir_measures.
 */
const FAMILIES: Record<string, { make: (k: number | null) => Measure; needsCutoff: boolean }> = {
  AP: { make: ap, needsCutoff: false },
  RR: { make: rr, needsCutoff: false },
  nDCG: { make: ndcg, needsCutoff: false },
  R: { make: (k) => recall(k!), needsCutoff: true },
  P: { make: (k) => precision(k!), needsCutoff: true },
};

/** The measure names this package knows, as a pattern (used by the config schema too). */
export const MEASURE_NAME_PATTERN = /^(AP|RR|nDCG)(@[1-9][0-9]*)?$|^(R|P)@[1-9][0-9]*$/;

export const MEASURE_NAMES_HELP = 'AP, AP@k, RR, RR@k, R@k, P@k, nDCG, nDCG@k (k a positive integer)';

/**
 * Parse one measure name.
 *
 * @example
 * parseMeasure('nDCG@10').trecName; // 'ndcg_cut_10'
 * parseMeasure('R@100').compute(judged);
 * @throws UsageError for an unknown name or a missing/invalid cutoff.
 */
export function parseMeasure(name: string): Measure {
  const text = name.trim();
  const at = text.indexOf('@');
  const family = at === -1 ? text : text.slice(0, at);
  const f = FAMILIES[family];
  if (!f || !MEASURE_NAME_PATTERN.test(text)) {
    const why =
      f?.needsCutoff && at === -1
        ? `"${family}" needs a cutoff, e.g. ${family}@10`
        : `unknown measure "${name}"`;
    throw new UsageError(why, { hint: `measures: ${MEASURE_NAMES_HELP}` });
  }
  const cutoff = at === -1 ? null : Number(text.slice(at + 1));
  return f.make(cutoff);
}

/**
 * Parse a list of names (an array, or one comma-separated string); duplicates are dropped, order kept.
 *
 * @example
 * parseMeasures('AP,nDCG@10,R@100').map((m) => m.name); // ['AP', 'nDCG@10', 'R@100']
 */
export function parseMeasures(names: string | readonly string[]): Measure[] {
  const list = typeof names === 'string' ? names.split(',') : [...names];
  const out: Measure[] = [];
  const seen = new Set<string>();
  for (const n of list) {
    if (n.trim() === '') continue;
    const m = parseMeasure(n);
    if (seen.has(m.name)) continue;
    seen.add(m.name);
    out.push(m);
  }
  if (out.length === 0)
    throw new UsageError('no measures given', { hint: `measures: ${MEASURE_NAMES_HELP}` });
  return out;
}
